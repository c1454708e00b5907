/**
 * One loader per page query. Each runs once per build (memoised), so a route's getStaticPaths
 * and its pages share one request to the CMS. A query with a `paged` list is repeated with
 * `$offset` until that list comes back shorter than the CMS's page size.
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

export const loadChrome = loader('Chrome', chrome, schemas.chromeResult);
export const loadAccessibility = loader('Accessibility', accessibility, schemas.accessibilityResult);
export const loadStart = loader('Start', start, schemas.startResult);
export const loadStrategies = loader('Strategies', strategies, schemas.strategiesResult);
export const loadAgreements = loader('Agreements', agreements, schemas.agreementsResult);
export const loadCouncils = loader('Councils', councils, schemas.councilsResult);
export const loadNetworks = loader('Networks', networks, schemas.networksResult, 'networks');
export const loadProjects = loader('Projects', projects, schemas.projectsResult, 'projects');
export const loadPolicyDocuments = loader('PolicyDocuments', policyDocuments, schemas.policyDocumentsResult, 'policyDocuments');
export const loadPages = loader('Pages', pages, schemas.pagesResult, 'pages');
export const loadEvents = loader('Events', events, schemas.eventsResult, 'events');
export const loadNews = loader('News', news, schemas.newsResult, 'articles');
export const loadContacts = loader('Contacts', contacts, schemas.contactsResult, 'contacts');
