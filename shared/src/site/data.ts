/**
 * One loader per page query. Each runs once per build (memoised), so a route's getStaticPaths
 * and its pages share one request to the CMS. A query with a `paged` list is repeated with
 * `$offset` until that list comes back shorter than the CMS's page size. The site's frame (the
 * Chrome query) is fetched once and joined to every other query's result. The first loader called
 * starts all of them, so that the CMS answers the later routes' queries while the site renders
 * the first ones (profiled in docs/decisions.md, "Build speed").
 */
import type { z } from 'zod';
import { county } from 'virtual:lansportalen/site';
import { query } from './client';
import * as schemas from './schemas';
import accessibility from './queries/accessibility.graphql?raw';
import agreements from './queries/agreements.graphql?raw';
import chrome from './queries/chrome.graphql?raw';
import contacts from './queries/contacts.graphql?raw';
import councils from './queries/councils.graphql?raw';
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

function loader<S extends z.ZodType<{ countySite: unknown }>>(name: string, document: string, schema: S, paged?: string) {
  type Site = z.infer<S>['countySite'];
  const fetchPage = async (offset: number): Promise<Site> => {
    const data = await query({ county: county.slug, name, document, schema, variables: { offset } });
    if (!data.countySite) throw new Error(`[${county.slug}] query ${name}: the CMS has no county "${county.slug}"`);
    return data.countySite as Site;
  };
  const fetchAll = async (): Promise<Site> => {
    const site = await fetchPage(0);
    if (!paged) return site;
    const list = (site as Record<string, unknown[]>)[paged]!;
    for (let batch = list; batch.length === PAGE_SIZE; ) {
      batch = ((await fetchPage(list.length)) as Record<string, unknown[]>)[paged]!;
      list.push(...batch);
    }
    return site;
  };
  let pending: Promise<Site> | undefined;
  return () => (pending ??= fetchAll());
}

const chromeLoader = loader('Chrome', chrome, schemas.chromeResult);

/** A page query's loader: its result with the chrome joined to it. */
function pageLoader<S extends z.ZodType<{ countySite: unknown }>>(name: string, document: string, schema: S, paged?: string) {
  const load = loader(name, document, schema, paged);
  let pending: Promise<schemas.Chrome & z.infer<S>['countySite']> | undefined;
  return () => {
    startAll();
    return (pending ??= Promise.all([chromeLoader(), load()]).then(([frame, site]) => ({ ...frame, ...(site as object) }) as schemas.Chrome & z.infer<S>['countySite']));
  };
}

export const loadChrome = () => {
  startAll();
  return chromeLoader();
};
export const loadAccessibility = pageLoader('Accessibility', accessibility, schemas.accessibilityResult);
export const loadStart = pageLoader('Start', start, schemas.startResult);
export const loadStrategies = pageLoader('Strategies', strategies, schemas.strategiesResult);
export const loadAgreements = pageLoader('Agreements', agreements, schemas.agreementsResult);
export const loadCouncils = pageLoader('Councils', councils, schemas.councilsResult);
export const loadNetworks = pageLoader('Networks', networks, schemas.networksResult, 'networks');
export const loadProjects = pageLoader('Projects', projects, schemas.projectsResult, 'projects');
export const loadPolicyDocuments = pageLoader('PolicyDocuments', policyDocuments, schemas.policyDocumentsResult, 'policyDocuments');
export const loadPages = pageLoader('Pages', pages, schemas.pagesResult, 'pages');
export const loadEvents = pageLoader('Events', events, schemas.eventsResult, 'events');
export const loadNews = pageLoader('News', news, schemas.newsResult, 'articles');
export const loadContacts = pageLoader('Contacts', contacts, schemas.contactsResult, 'contacts');

let started = false;
/** Starts every loader once; a failure is reported by the page that awaits that loader. */
function startAll(): void {
  if (started) return;
  started = true;
  for (const load of [chromeLoader, loadAccessibility, loadStart, loadStrategies, loadAgreements, loadCouncils, loadNetworks, loadProjects, loadPolicyDocuments, loadPages, loadEvents, loadNews, loadContacts]) {
    load().catch(() => {});
  }
}
