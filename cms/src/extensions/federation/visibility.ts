/**
 * The federation rule, in one place: a county site shows what the county owns, what is shared
 * with it AND what it accepted (an `accepterad` share, see shares.ts), and what is shown on all
 * sites (national content, or content the national editors show everywhere). An entry without
 * an owner is national. `countySite` lists and the site rebuild targets both use `visibleOn`.
 */
import type { Core, UID } from '@strapi/strapi';
import { counties } from '@lansportalen/shared/counties';

export const SHARE_UID = 'api::share.share';
/** The accessibility statement (DIGG): one per county, on that county's site only. */
export const STATEMENT_UID = 'api::accessibility-statement.accessibility-statement';
/**
 * Content types that a county owns and its editors write, but that are never shared nor shown on
 * another county's site (no `sharedWith`, no `shownOnAllSites`): its site shows its own entry only.
 */
export const countyOnlyTypes: readonly UID.ContentType[] = [STATEMENT_UID as UID.ContentType];
/** A share's answer: asked, accepted, declined (the enumeration of api::share.share). */
export type ShareState = 'begärd' | 'accepterad' | 'avböjd';

/** Accepted shares as county slug → content type → documentIds; optionally only to one county, or of one content type. */
export async function acceptedShares(
  strapi: Core.Strapi,
  where: { county?: string; uid?: string } = {},
): Promise<Map<string, Map<string, string[]>>> {
  const rows = (await strapi.db.query(SHARE_UID as never).findMany({
    where: {
      state: 'accepterad',
      ...(where.county ? { to: { slug: where.county } } : {}),
      ...(where.uid ? { contentType: where.uid } : {}),
    },
    select: ['contentType', 'entryDocumentId'],
    populate: { to: { select: ['slug'] } },
  })) as { contentType: string; entryDocumentId: string; to: { slug: string } | null }[];
  const byCounty = new Map<string, Map<string, string[]>>();
  for (const row of rows) {
    if (!row.to) continue;
    const byType = byCounty.get(row.to.slug) ?? new Map<string, string[]>();
    byType.set(row.contentType, [...(byType.get(row.contentType) ?? []), row.entryDocumentId]);
    byCounty.set(row.to.slug, byType);
  }
  return byCounty;
}

/** The filter of entries of one content type that the county's site shows, given what it accepted. */
export function visibleOn(countySlug: string, accepted: readonly string[]) {
  const shared = { $and: [{ sharedWith: { slug: { $eq: countySlug } } }, { documentId: { $in: [...accepted] } }] };
  return {
    $or: [{ owner: { slug: { $eq: countySlug } } }, ...(accepted.length > 0 ? [shared] : []), { shownOnAllSites: { $eq: true } }],
  };
}

/** The counties whose sites show at least one entry of `uid` that matches `filters` (e.g. one documentId). */
export async function countiesShowing(
  strapi: Core.Strapi,
  uid: UID.ContentType,
  filters: Record<string, unknown>,
  status: 'published' | 'draft' = 'published',
): Promise<string[]> {
  const accepted = await acceptedShares(strapi, { uid });
  const shown: string[] = [];
  for (const { slug } of counties) {
    const ids = accepted.get(slug)?.get(uid) ?? [];
    const visible = countyOnlyTypes.includes(uid) ? { owner: { slug: { $eq: slug } } } : visibleOn(slug, ids);
    const count = await strapi.documents(uid).count({ filters: { $and: [filters, visible] }, status } as never);
    if (count > 0) shown.push(slug);
  }
  return shown;
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

/** Every type whose entries editors create and edit for their county: the federated and the county-only ones. */
export const editableOwnedUids: ReadonlySet<string> = new Set<string>([...federatedCollections.map((c) => c.uid), ...countyOnlyTypes]);

/**
 * Every content type a county owns, found in the schema (an `owner` relation to the county): the
 * editable ones above and the editors' read-only records (feedback). The entry guard covers these.
 */
export const ownedUids = (strapi: Core.Strapi): Set<string> =>
  new Set(
    Object.entries(strapi.contentTypes)
      .filter(([uid, type]) => uid.startsWith('api::') && (type.attributes as Record<string, { target?: string }>).owner?.target === 'api::county.county')
      .map(([uid]) => uid),
  );
