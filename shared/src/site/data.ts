/**
 * One loader per page query (the table is site-queries.ts). A query runs once per build, so a
 * route's getStaticPaths and its pages share one request to the CMS; the integration starts them
 * all at `astro:build:start`, while Vite bundles (profiled in docs/decisions.md, "Build speed"),
 * and the first loader called starts any not yet started (`astro dev`). The site's frame (the
 * Chrome query) is fetched once per language and joined to every other query's result. A loader
 * takes the page's language (`pageLanguage`, from its route); only the county's languages exist.
 */
import { county } from 'virtual:lansportalen/site';
import { countyLanguages } from '../counties';
import type { LanguageCode } from '../languages';
import type * as schemas from './schemas';
import { loadSite, startSiteQueries, type SiteOf, type SiteQueryKey } from './site-queries';

let started = false;
const load = <K extends SiteQueryKey>(key: K, language: LanguageCode): Promise<SiteOf<K>> => {
  if (!started) startSiteQueries(county.slug, countyLanguages(county));
  started = true;
  return loadSite(county.slug, language, key);
};

/** A page query's loader: its result in the language with the chrome joined to it. */
function pageLoader<K extends Exclude<SiteQueryKey, 'chrome'>>(key: K): (language: LanguageCode) => Promise<schemas.Chrome & SiteOf<K>> {
  const joined = new Map<LanguageCode, Promise<schemas.Chrome & SiteOf<K>>>();
  return (language) => {
    let pending = joined.get(language);
    if (!pending) {
      pending = Promise.all([load('chrome', language), load(key, language)]).then(([frame, site]) => ({ ...frame, ...site }));
      joined.set(language, pending);
    }
    return pending;
  };
}

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
export const loadEvents = pageLoader('events');
export const loadNews = pageLoader('news');
export const loadContacts = pageLoader('contacts');
