/**
 * What the two site suites share (sites.test.ts: what every county site shows; site-facts.test.ts:
 * the facts the seed files name, county by county): the sites built and served for the suite, the
 * seed restated as the sites should show it, and readers of the built pages.
 */
import { afterAll, beforeAll } from 'vitest';
import { SOURCE_LANGUAGE, type LanguageCode } from '@lansportalen/shared/languages';
import { splitLanguage } from '@lansportalen/shared/routes';
import { expectedOn, seed } from './seed-files';
import { buildAndServeSites, htmlFiles, pageDom, pathOf, squash, type BuiltSite, type BuiltSites, type Dom } from './sites';

/** Builds and serves every county site before the suite's tests, and stops them afterwards. */
export function useBuiltSites(): { built: () => BuiltSites; site: (slug: string) => BuiltSite } {
  let built: BuiltSites;
  beforeAll(async () => {
    built = await buildAndServeSites();
    console.log(`built ${built.sites.length} county sites in ${built.buildSeconds.toFixed(1)} s`);
  });
  afterAll(() => built?.stop());
  return { built: () => built, site: (slug) => built.site(slug) };
}

// ---------------------------------------------------------------------------------------------
/** Built pages that are not pages of their own: not in the sitemap, no canonical URL, noindex (in another language: '/en/404/', '/en/tack/'). */
export const unlisted = ['/404.html', '/tack/'];
export const isUnlisted = (url: string) => unlisted.includes(url) || (splitLanguage(url).language !== SOURCE_LANGUAGE && ['/404/', '/tack/'].includes(splitLanguage(url).path));

// The seed, restated as the sites should show it (independently of shared/src/site/format.ts).

const months = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];
/** "2023-05-25" or "2023-05-25T09:00:00+02:00" (local time as written) → "25 maj 2023". */
export const swedishDate = (iso: string) => {
  const [year, month, day] = iso.slice(0, 10).split('-').map(Number);
  return `${day} ${months[month! - 1]} ${year}`;
};
/** "010-224 73 21 (växel)" → "tel:+46102247321". */
export const telHref = (phone: string) => `tel:+46${phone.replace(/\(.*?\)/g, '').replace(/\D/g, '').slice(1)}`;

export const organisation = (slug: string) => seed.organisations.find((o) => o.data.slug === slug)!.data;
export const contact = (slug: string) => seed.contacts.find((c) => c.data.slug === slug)!.data;

export type Federation = { slug: string; owner: string | null; sharedWith: string[]; shownOnAllSites: boolean };
export const visibleOn = <T extends Federation>(county: string, records: { data: T }[]): T[] => {
  const slugs = expectedOn(county, records);
  return records.map((r) => r.data).filter((d) => slugs.includes(d.slug));
};

/** Each federated collection: the URL of a record's own page (if it has one) and its title. */
export const collections: Record<string, { records: { data: Federation }[]; title: (d: any) => string; page?: (d: any) => string }> = {
  strategies: { records: seed.strategies, title: (d) => d.title, page: (d) => `/strategi/${d.slug}/` },
  agreements: { records: seed.agreements, title: (d) => d.title, page: (d) => `/overenskommelse/${d.slug}/` },
  collaborationAreas: {
    records: seed.collaborationAreas,
    title: (d) => d.title,
    page: (d) => `/overenskommelse/${d.agreement}/${d.slug}/`,
  },
  councils: { records: seed.councils, title: (d) => d.name, page: (d) => `/rad/${d.slug}/` },
  pages: { records: seed.pages, title: (d) => d.title, page: (d) => `/${d.easyToRead ? 'lattlast' : 'sidor'}/${d.slug}/` },
  events: { records: seed.events, title: (d) => d.title, page: (d) => `/evenemang/${d.slug}/` },
  articles: { records: seed.articles, title: (d) => d.title, page: (d) => `/nyheter/${d.slug}/` },
  networks: { records: seed.networks, title: (d) => d.name },
  projects: { records: seed.projects, title: (d) => d.title },
  policyDocuments: { records: seed.policyDocuments, title: (d) => d.title },
  contacts: { records: seed.contacts, title: (d) => d.name },
  alerts: { records: seed.alerts, title: (d) => d.title },
};

/** Every string anywhere in a record (titles, leads, rich text, …). */
export const stringsOf = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(stringsOf) : [];

// ---------------------------------------------------------------------------------------------
// Reading the built sites.

const domCache = new Map<string, Dom>();
export const dom = (site: BuiltSite, urlPath: string): Dom => {
  const key = `${site.county.slug}${urlPath}`;
  if (!domCache.has(key)) domCache.set(key, pageDom(site, urlPath));
  return domCache.get(key)!;
};
export const mainText = (site: BuiltSite, urlPath: string) => squash(dom(site, urlPath).querySelector('main')?.textContent);
export const pageText = (site: BuiltSite, urlPath: string) => squash(dom(site, urlPath).documentElement.textContent);
/** Every HTML page of a built site by URL path ("/404.html" included), in every language. */
export const allPagesOf = (site: BuiltSite) => htmlFiles(site.dir).map(pathOf);
/** The HTML pages of a built site in one language: Swedish at the root (the default), another under /<code>/. */
export const pagesOf = (site: BuiltSite, language: LanguageCode = SOURCE_LANGUAGE) =>
  allPagesOf(site).filter((url) => splitLanguage(url).language === language);
/** An element's own text, without that of its child elements. */
export const ownText = (element: Element) =>
  squash(
    (Array.from(element.childNodes) as { nodeType: number; textContent: string | null }[])
      .filter((n) => n.nodeType === 3)
      .map((n) => n.textContent)
      .join(' '),
  );
/** The text of the <dd> after the <dt> labelled `label`, or undefined. */
export const fact = (root: Dom | Element, label: string): string | undefined => {
  const dt = [...(root as Dom).querySelectorAll('dt')].find((d) => squash(d.textContent).replace(/:$/, '') === label);
  return dt ? squash(dt.nextElementSibling?.textContent) : undefined;
};
export type Element = ReturnType<Dom['createElement']>;
