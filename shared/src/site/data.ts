/**
 * One loader per page query (the table is site-queries.ts). A query runs once per build (or per render of the
 * publisher's server bundle, which forgets the answers before each: render-paths.ts), so a
 * route's getStaticPaths and its pages share one request to the CMS; the integration starts them
 * all at `astro:build:start`, while Vite bundles (profiled in docs/decisions.md, "Build speed"),
 * and the first loader called starts any not yet started (`astro dev`). The site's frame (the
 * Chrome query) is fetched once per language and joined to every other query's result. A loader
 * takes the page's language (`pageLanguage`, from its route); only the county's languages exist.
 */
import { county, onDemand } from 'virtual:lansportalen/site';
import { countyLanguages } from '../counties';
import type { LanguageCode } from '../languages';
import * as schemas from './schemas';
import { loadSite, loadSiteWithChrome, startSiteQueries, type SiteOf, type SiteQueryKey } from './site-queries';

/**
 * A static build (or astro dev) starts every query at once. The server bundle does not: a site
 * render starts them itself (render-paths.ts), and a draft preview asks only the queries of its
 * one page, in its one language.
 */
let started = onDemand;
const begin = () => {
  if (!started) void startSiteQueries(county.slug, countyLanguages(county));
  started = true;
};
const load = <K extends SiteQueryKey>(key: K, language: LanguageCode): Promise<SiteOf<K>> => {
  begin();
  return loadSite(county.slug, language, key);
};

/** A page query's loader: its result in the language with the chrome joined to it. */
function pageLoader<K extends Exclude<SiteQueryKey, 'chrome'>>(key: K): (language: LanguageCode) => Promise<schemas.Chrome & SiteOf<K>> {
  return (language) => {
    begin();
    return loadSiteWithChrome(county.slug, language, key);
  };
}

const chromeKeys = Object.keys(schemas.chrome) as (keyof schemas.Chrome)[];

/**
 * The site's frame out of a page query's answer: what a page of one entry keeps in its props beside
 * the entry, so that its props (whose digest decides whether the publisher renders it again,
 * render-reads.ts) change only when the frame or that entry does, not when another entry does.
 */
export const frameOf = (site: schemas.Chrome): schemas.Chrome => Object.fromEntries(chromeKeys.map((key) => [key, site[key]])) as schemas.Chrome;

export const loadChrome = (language: LanguageCode) => load('chrome', language);
export const loadAccessibility = pageLoader('accessibility');
export const loadStart = pageLoader('start');
export const loadStrategies = pageLoader('strategies');
export const loadAgreements = pageLoader('agreements');
export const loadCouncils = pageLoader('councils');
export const loadNetworks = pageLoader('networks');
export const loadProjects = pageLoader('projects');
export const loadPolicyDocuments = pageLoader('policyDocuments');
export const loadPages = pageLoader('pages');
export const loadEasyReads = pageLoader('easyReads');
export const loadEvents = pageLoader('events');
export const loadNews = pageLoader('news');
export const loadContacts = pageLoader('contacts');
