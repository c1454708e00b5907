/**
 * The federation rule, in one place: a county site shows what the county owns, what is shared
 * with it AND what it accepted (an `accepterad` share, see shares.ts), and what is shown on all
 * sites (national content, or content the national editors show everywhere). An entry without
 * an owner is national. A county's published local version of an entry (admin/local-versions.ts)
 * replaces that entry on the county's own site and nowhere else. `countySite` lists and the site
 * rebuild targets both use `visibleOn`; the RBAC conditions come from the same predicates.
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

/**
 * The parts of the rule, each one test on a field path of a federated entry. Each gives the
 * Strapi filter that the site queries and rebuild targets use (`filterOf`) and the RBAC condition
 * that the admin's permission engine uses (`conditionOf`, county-editors.ts): one statement, two forms.
 */
export interface Predicate {
  path: string;
  op: '$eq' | '$in' | '$notIn' | '$null';
  value: unknown;
  /** The first part of `path` is a to-many relation (matched with $elemMatch in a condition). */
  many?: boolean;
}

export const predicates = {
  ownedBy: (county: string): Predicate => ({ path: 'owner.slug', op: '$eq', value: county }),
  national: (): Predicate => ({ path: 'owner.id', op: '$eq', value: null }),
  sharedWith: (county: string): Predicate => ({ path: 'sharedWith.slug', op: '$eq', value: county, many: true }),
  /** Accepted by the receiving county: the documentIds of its `accepterad` shares. */
  accepted: (documentIds: readonly string[]): Predicate => ({ path: 'documentId', op: '$in', value: [...documentIds] }),
  shownOnAllSites: (): Predicate => ({ path: 'shownOnAllSites', op: '$eq', value: true }),
  /** Not a county's local version of another entry (admin/local-versions.ts): those are never shared. */
  notLocalVersion: (): Predicate => ({ path: 'localVersionOf', op: '$null', value: true }),
  /** Not replaced on this site by the county's own local version (the sources' documentIds). */
  notReplaced: (sources: readonly string[]): Predicate => ({ path: 'documentId', op: '$notIn', value: [...sources] }),
};

/** The Strapi filter of a predicate: `owner.slug $eq x` → `{ owner: { slug: { $eq: x } } }`. */
export function filterOf({ path, op, value }: Predicate): Record<string, unknown> {
  return path.split('.').reduceRight<Record<string, unknown>>((inner, key) => ({ [key]: inner }), { [op]: value });
}

/** The RBAC condition of a predicate (sift/CASL style, matched against populated entries as well). */
export function conditionOf({ path, op, value, many }: Predicate): Record<string, unknown> {
  const [head, ...rest] = path.split('.');
  if (many && rest.length > 0) return { [head!]: { $elemMatch: { [rest.join('.')]: { [op]: value } } } };
  return { [path]: { [op]: value } };
}

const all = (...parts: Predicate[]) => ({ $and: parts.map(filterOf) });

/**
 * The filter of entries of one content type that the county's site shows, given what it accepted
 * and which sources its own published local versions replace.
 */
export function visibleOn(countySlug: string, accepted: readonly string[], replaced: readonly string[] = []) {
  const { ownedBy, sharedWith, shownOnAllSites, notLocalVersion, notReplaced } = predicates;
  const shown = {
    $or: [
      filterOf(ownedBy(countySlug)),
      ...(accepted.length > 0 ? [all(sharedWith(countySlug), predicates.accepted(accepted), notLocalVersion())] : []),
      all(shownOnAllSites(), notLocalVersion()),
    ],
  };
  return replaced.length > 0 ? { $and: [shown, filterOf(notReplaced(replaced))] } : shown;
}

/** The fields that link a local version to its source; only the server writes them (local-versions.ts). */
export const LOCAL_VERSION_FIELDS = ['localVersionOf', 'localVersionOfSlug', 'localVersionBase', 'localVersionState'] as const;

export interface LocalVersionRow {
  documentId: string;
  localVersionOf: string;
  localVersionOfSlug: string | null;
  owner: { slug: string } | null;
}

/** The local versions of one content type (published ones, or drafts), of one county or of all. */
export async function localVersionsOf(strapi: Core.Strapi, uid: string, status: 'published' | 'draft', county?: string): Promise<LocalVersionRow[]> {
  return (await strapi.db.query(uid as never).findMany({
    where: {
      localVersionOf: { $notNull: true },
      publishedAt: status === 'published' ? { $notNull: true } : { $null: true },
      ...(county ? filterOf(predicates.ownedBy(county)) : {}),
    },
    select: ['documentId', 'localVersionOf', 'localVersionOfSlug'],
    populate: { owner: { select: ['slug'] } },
  })) as LocalVersionRow[];
}

/** The counties whose sites show at least one entry of `uid` that matches `filters` (e.g. one documentId). */
export async function countiesShowing(
  strapi: Core.Strapi,
  uid: UID.ContentType,
  filters: Record<string, unknown>,
  status: 'published' | 'draft' = 'published',
): Promise<string[]> {
  // County-only types are neither shared nor replaced by local versions: the owner's site alone shows them.
  const countyOnly = countyOnlyTypes.includes(uid);
  const accepted = countyOnly ? new Map<string, Map<string, string[]>>() : await acceptedShares(strapi, { uid });
  const locals = countyOnly ? [] : await localVersionsOf(strapi, uid, status);
  const shown: string[] = [];
  for (const { slug } of counties) {
    const ids = accepted.get(slug)?.get(uid) ?? [];
    const replaced = locals.filter((l) => l.owner?.slug === slug).map((l) => l.localVersionOf);
    const visible = countyOnly ? filterOf(predicates.ownedBy(slug)) : visibleOn(slug, ids, replaced);
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
