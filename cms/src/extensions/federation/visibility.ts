/**
 * The federation rule, in one place: a county site shows what the county owns, what is
 * shared with it, and what is shown on all sites (national content, or a county's content
 * that it shares with everyone). An entry without an owner is national.
 */
import type { UID } from '@strapi/strapi';

export function visibleOn(countySlug: string) {
  return {
    $or: [
      { owner: { slug: { $eq: countySlug } } },
      { sharedWith: { slug: { $eq: countySlug } } },
      { shownOnAllSites: { $eq: true } },
    ],
  };
}

/** The GraphQL field of `CountySite`, the content type behind it, and its default order. */
export interface FederatedCollection {
  field: string;
  uid: UID.ContentType;
  graphqlType: string;
  sort: string[];
}

export const federatedCollections: readonly FederatedCollection[] = [
  { field: 'alerts', uid: 'api::alert.alert', graphqlType: 'Alert', sort: ['validFrom:desc'] },
  { field: 'pages', uid: 'api::page.page', graphqlType: 'Page', sort: ['order:asc', 'title:asc'] },
  { field: 'articles', uid: 'api::article.article', graphqlType: 'Article', sort: ['publishedDate:desc', 'publishedAt:desc'] },
  { field: 'events', uid: 'api::event.event', graphqlType: 'Event', sort: ['startsAt:asc'] },
  { field: 'strategies', uid: 'api::strategy.strategy', graphqlType: 'Strategy', sort: ['periodStart:desc'] },
  { field: 'agreements', uid: 'api::agreement.agreement', graphqlType: 'Agreement', sort: ['title:asc'] },
  {
    field: 'collaborationAreas',
    uid: 'api::collaboration-area.collaboration-area',
    graphqlType: 'CollaborationArea',
    sort: ['order:asc', 'title:asc'],
  },
  { field: 'projects', uid: 'api::project.project', graphqlType: 'Project', sort: ['title:asc'] },
  { field: 'policyDocuments', uid: 'api::policy-document.policy-document', graphqlType: 'PolicyDocument', sort: ['title:asc'] },
  { field: 'councils', uid: 'api::council.council', graphqlType: 'Council', sort: ['name:asc'] },
  { field: 'networks', uid: 'api::network.network', graphqlType: 'Network', sort: ['name:asc'] },
  { field: 'contacts', uid: 'api::contact.contact', graphqlType: 'Contact', sort: ['name:asc'] },
];
