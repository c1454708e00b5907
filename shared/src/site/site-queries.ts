/**
 * The site's page queries, and the build's cache of their answers. One table: the integration
 * starts every query at `astro:build:start`, so the CMS answers while Vite bundles the routes,
 * and the loaders in data.ts read the same answers. The integration (loaded with the config) and
 * the routes (Astro's prerender bundle, imported later by the same process) are two copies of this
 * module, so the cache lives on globalThis (query-cache.ts). A query with a `paged` list is repeated with `$offset`
 * until that list comes back shorter than the CMS's page size. A failed query rejects for whoever
 * awaits it (a page's loader), with the client's message naming county, query and field. Each query
 * runs once per language the county offers (`$locale`: countySite's translations with Swedish
 * fallbacks).
 */
import type { z } from 'zod';
import { SOURCE_LANGUAGE, type LanguageCode } from '../languages';
import { cmsUrl } from './cms-url';
import { isPreview, query } from './client';
import { siteQueryCache } from './query-cache';
import { noteReads } from './render-reads';
import * as schemas from './schemas';
import accessibility from './queries/accessibility.graphql?raw';
import agreements from './queries/agreements.graphql?raw';
import chrome from './queries/chrome.graphql?raw';
import contacts from './queries/contacts.graphql?raw';
import councils from './queries/councils.graphql?raw';
import easyReads from './queries/easy-reads.graphql?raw';
import events from './queries/events.graphql?raw';
import networks from './queries/networks.graphql?raw';
import news from './queries/news.graphql?raw';
import pages from './queries/pages.graphql?raw';
import policyDocuments from './queries/policy-documents.graphql?raw';
import projects from './queries/projects.graphql?raw';
import start from './queries/start.graphql?raw';
import strategies from './queries/strategies.graphql?raw';

/** The most items the CMS returns in one list (cms/src/limits.ts). */
const PAGE_SIZE = 100;

/** An entry of the table; query-drift.ts holds it to the type codegen generates for its document (`npm run typecheck`). */
const siteQuery = <S extends z.ZodType<{ countySite: unknown }>, Paged extends string = never>(name: string, document: string, schema: S, paged?: Paged) => ({
  name,
  document,
  schema,
  paged,
});

export const siteQueries = {
  chrome: siteQuery('Chrome', chrome, schemas.chromeResult),
  accessibility: siteQuery('Accessibility', accessibility, schemas.accessibilityResult),
  start: siteQuery('Start', start, schemas.startResult),
  strategies: siteQuery('Strategies', strategies, schemas.strategiesResult),
  agreements: siteQuery('Agreements', agreements, schemas.agreementsResult),
  councils: siteQuery('Councils', councils, schemas.councilsResult),
  networks: siteQuery('Networks', networks, schemas.networksResult, 'networks'),
  projects: siteQuery('Projects', projects, schemas.projectsResult, 'projects'),
  policyDocuments: siteQuery('PolicyDocuments', policyDocuments, schemas.policyDocumentsResult, 'policyDocuments'),
  pages: siteQuery('Pages', pages, schemas.pagesResult, 'pages'),
  easyReads: siteQuery('EasyReads', easyReads, schemas.easyReadsResult, 'pages'),
  events: siteQuery('Events', events, schemas.eventsResult, 'events'),
  news: siteQuery('News', news, schemas.newsResult, 'articles'),
  contacts: siteQuery('Contacts', contacts, schemas.contactsResult, 'contacts'),
};
export type SiteQueryKey = keyof typeof siteQueries;
/** Asked in Swedish only: the lättläst pages are Swedish (EASY_READ_PATTERN is not localized, routes.ts). */
const SWEDISH_ONLY: ReadonlySet<SiteQueryKey> = new Set(['easyReads']);
/** A query's `countySite`, as its zod schema parses it. */
export type SiteOf<K extends SiteQueryKey> = NonNullable<z.infer<(typeof siteQueries)[K]['schema']>['countySite']>;

async function fetchSite(county: string, locale: LanguageCode, { name, document, schema, paged }: (typeof siteQueries)[SiteQueryKey]): Promise<unknown> {
  const fetchPage = async (offset: number) => {
    const data = await query({ county, name, document, schema, variables: { offset, locale } });
    if (!data.countySite) throw new Error(`[${county}] query ${name}: the CMS has no county "${county}"`);
    return data.countySite as Record<string, unknown[]>;
  };
  const site = await fetchPage(0);
  if (!paged) return site;
  const list = site[paged]!;
  for (let batch = list; batch.length === PAGE_SIZE; ) {
    batch = (await fetchPage(list.length))[paged]!;
    list.push(...batch);
  }
  return site;
}

/** The CMS and the draft/published state are in the key: a preview render never reads a published answer, nor the reverse. */
const prefix = (county: string) => `${county} ${cmsUrl()} ${isPreview() ? 'draft' : 'published'} `;

/** A query's answer for the county in a language: the one already started in this process, or a new request. */
export function loadSite<K extends SiteQueryKey>(county: string, locale: LanguageCode, key: K): Promise<SiteOf<K>> {
  const id = `${prefix(county)}${locale} ${key}`;
  noteReads(id);
  let pending = siteQueryCache.get(id);
  if (!pending) {
    pending = fetchSite(county, locale, siteQueries[key]);
    // Reported by the page that awaits it; until then, no unhandled rejection.
    pending.catch(() => {});
    siteQueryCache.set(id, pending);
  }
  return pending as Promise<SiteOf<K>>;
}

/** A page query's answer in a language with the Chrome query's joined to it (the site's frame on every page), cached like the answers. */
export function loadSiteWithChrome<K extends Exclude<SiteQueryKey, 'chrome'>>(county: string, locale: LanguageCode, key: K): Promise<SiteOf<'chrome'> & SiteOf<K>> {
  const id = `${prefix(county)}${locale} ${key}+chrome`;
  noteReads(`${prefix(county)}${locale} chrome`, `${prefix(county)}${locale} ${key}`);
  let joined = siteQueryCache.get(id);
  if (!joined) {
    joined = Promise.all([loadSite(county, locale, 'chrome'), loadSite(county, locale, key)]).then(([frame, site]) => ({ ...frame, ...site }));
    joined.catch(() => {});
    siteQueryCache.set(id, joined);
  }
  return joined as Promise<SiteOf<'chrome'> & SiteOf<K>>;
}

/** The queries a page in `locale` may ask: all in Swedish; in another language all but the Swedish-only ones (the lättläst pages). */
const queriesIn = (locale: LanguageCode) =>
  (Object.keys(siteQueries) as SiteQueryKey[]).filter((key) => locale === SOURCE_LANGUAGE || !SWEDISH_ONLY.has(key));

/**
 * Starts every query of the county once in each of its languages; resolves when all are answered,
 * rejects when all have settled with the failure of the first failed query in the table's order
 * (language by language, not the first to fail in time), so that what a failed render reports does
 * not depend on which answer came first.
 */
export function startSiteQueries(county: string, locales: readonly LanguageCode[]): Promise<unknown> {
  const pending = locales.flatMap((locale) => queriesIn(locale).map((key) => loadSite(county, locale, key)));
  const all = Promise.allSettled(pending).then((answers) => {
    const failed = answers.find((answer) => answer.status === 'rejected');
    if (failed) throw failed.reason;
  });
  all.catch(() => {});
  return all;
}
