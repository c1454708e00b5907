/**
 * `countySite(slug, locale)`: everything a county site shows, in one query per page. Each list applies
 * the federation rule (federation/visibility.ts), in which a county's local version replaces its
 * source at the source's address, and reads published content only (latest
 * drafts with `preview: true`, which needs the preview secret: publication/preview.ts); nested
 * relations resolve through the GraphQL plugin's own resolvers, which read the published
 * versions that a published entry links to, loaded in batches (relation-batches.ts).
 * In another language than Swedish (`locale`), each list is the Swedish list with every entry that
 * has a translation in that locale (published; in a preview, its draft) replaced by it, the others
 * shown in Swedish and marked `isFallback` so that the site can say so (federation/locales.ts).
 */
import type { Core } from '@strapi/strapi';
import {
  STATEMENT_UID,
  acceptedShares,
  federatedCollections,
  filterOf,
  localVersionsOf,
  predicates,
  visibleOn,
  type FederatedCollection,
} from '../federation/visibility';
import { SOURCE_LANGUAGE } from '@lansportalen/shared/languages';
import { limits } from '../../limits';
import { errors } from '@strapi/utils';
import { requestHasPreviewSecret } from '../publication/preview';
import { activeAlertFilter } from '../publication/published-only';
import { batchRelationsInRequest } from './relation-batches';

interface CountySiteParent {
  county: { id: number; documentId: string; slug: string };
  status: 'published' | 'draft';
  /** The language asked for (Swedish: the source, no fallback). */
  locale: string;
  /** What the county accepted to show: content type → documentIds (loaded once per query). */
  accepted: ReadonlyMap<string, string[]>;
}

interface ListArgs {
  slug?: string | null;
  limit?: number | null;
  offset?: number | null;
  when?: 'UPCOMING' | 'PAST' | null;
  /** Pages: the lättläst pages (true) or the others (false, the default). */
  easyToRead?: boolean | null;
}

const typeDefs = `
  enum EventTiming { UPCOMING PAST }

  """Everything one county site shows: its own content, content shared with it, and national content."""
  type CountySite {
    county: County!
${federatedCollections
  .map(({ field, graphqlType }) => {
    const extra = field === 'events' ? ', when: EventTiming' : field === 'pages' ? ', easyToRead: Boolean = false' : '';
    return `    ${field}(slug: String, limit: Int, offset: Int${extra}): [${graphqlType}!]!`;
  })
  .join('\n')}
    """The county's own accessibility statement (DIGG), or null when it has none published."""
    accessibilityStatement: AccessibilityStatement
  }

  extend type Query {
    """
    The content of one county's site, or null when no county has this slug. With preview: true
    (only for requests that carry the preview secret) the lists hold the latest drafts. With a
    locale, each entry is its translation where it has one, else the Swedish entry with isFallback.
    """
    countySite(slug: String!, preview: Boolean = false, locale: I18NLocaleCode = "${SOURCE_LANGUAGE}"): CountySite
  }
${federatedCollections
  .map(
    ({ graphqlType }) => `
  extend type ${graphqlType} {
    """True when countySite shows this entry in Swedish because it has no translation in the language asked for."""
    isFallback: Boolean!
  }`,
  )
  .join('\n')}
`;

function extraFilters(collection: FederatedCollection, args: ListArgs, now: Date) {
  // Alerts valid now, in a preview too.
  if (collection.field === 'alerts') return [activeAlertFilter(now)];
  if (collection.field === 'pages') {
    return [args.easyToRead ? { easyToRead: { $eq: true } } : { $or: [{ easyToRead: { $eq: false } }, { easyToRead: { $null: true } }] }];
  }
  if (collection.field === 'events' && args.when) {
    return [args.when === 'UPCOMING' ? { startsAt: { $gte: now } } : { startsAt: { $lt: now } }];
  }
  return [];
}

/**
 * The county's local versions of this type: the sources they replace, and the filter of a `slug`
 * argument, under which a local version answers at its source's address.
 */
async function localVersionsOn(strapi: Core.Strapi, collection: FederatedCollection, parent: CountySiteParent, slug: string | null | undefined) {
  const locals = await localVersionsOf(strapi, collection.uid, parent.status, parent.county.slug);
  const slugOf = new Map(locals.map((l) => [l.documentId, l.localVersionOfSlug]));
  const atSlug = locals.filter((l) => l.localVersionOfSlug === slug).map((l) => l.documentId);
  const slugFilter = slug
    ? { $or: [{ $and: [{ slug: { $eq: slug } }, filterOf(predicates.notLocalVersion())] }, { documentId: { $in: atSlug } }] }
    : null;
  return { replaced: locals.map((l) => l.localVersionOf), slugOf, slugFilter };
}

function listResolver(strapi: Core.Strapi, collection: FederatedCollection) {
  return async (parent: CountySiteParent, args: ListArgs) => {
    const accepted = parent.accepted.get(collection.uid) ?? [];
    const { replaced, slugOf, slugFilter } = await localVersionsOn(strapi, collection, parent, args.slug);
    const filters = [visibleOn(parent.county.slug, accepted, replaced), ...extraFilters(collection, args, new Date())];
    if (slugFilter) filters.push(slugFilter as never);
    const limit = Math.min(Math.max(args.limit ?? limits.maxLimit, 0), limits.maxLimit);
    const sort = collection.field === 'events' && args.when === 'PAST' ? ['startsAt:desc'] : collection.sort;
    const entries = (await strapi.documents(collection.uid).findMany({
      filters: { $and: filters },
      sort,
      limit,
      start: Math.max(args.offset ?? 0, 0),
      status: parent.status,
    } as never)) as { documentId: string; slug?: string }[];
    // A local version lives at its source's address: links and bookmarks keep working.
    const atAddress = entries.map((entry) => (slugOf.get(entry.documentId) ? { ...entry, slug: slugOf.get(entry.documentId) } : entry));
    return translated(strapi, collection, parent, atAddress);
  };
}

/** The entries in the language asked for where translated, else the Swedish ones marked `isFallback`. */
async function translated(strapi: Core.Strapi, collection: FederatedCollection, parent: CountySiteParent, entries: { documentId: string; slug?: string | null }[]) {
  if (parent.locale === SOURCE_LANGUAGE || entries.length === 0) return entries;
  const translations = (await strapi.documents(collection.uid).findMany({
    filters: { documentId: { $in: entries.map((e) => e.documentId) } },
    locale: parent.locale,
    status: parent.status,
  } as never)) as { documentId: string }[];
  const byDocument = new Map(translations.map((t) => [t.documentId, t]));
  // A translation keeps its Swedish entry's address (a local version's is its source's).
  return entries.map((entry) => {
    const translation = byDocument.get(entry.documentId);
    return translation ? { ...translation, ...(entry.slug !== undefined ? { slug: entry.slug } : {}) } : { ...entry, isFallback: true };
  });
}

export function registerCountySite(strapi: Core.Strapi): void {
  const extension = strapi.plugin('graphql').service('extension');
  extension.use(() => ({
    typeDefs,
    resolvers: {
      Query: {
        countySite: async (_parent: unknown, args: { slug: string; preview?: boolean | null; locale?: string | null }) => {
          if (args.preview && !requestHasPreviewSecret(strapi)) {
            throw new errors.ForbiddenError('Preview needs the preview secret.');
          }
          const county = await strapi.documents('api::county.county').findFirst({ filters: { slug: { $eq: args.slug } } });
          if (!county) return null;
          batchRelationsInRequest(strapi);
          const accepted = (await acceptedShares(strapi, { county: args.slug })).get(args.slug) ?? new Map();
          return { county, status: args.preview ? 'draft' : 'published', locale: args.locale ?? SOURCE_LANGUAGE, accepted };
        },
      },
      CountySite: Object.fromEntries([
        ['county', (parent: CountySiteParent) => parent.county],
        [
          'accessibilityStatement',
          (parent: CountySiteParent) =>
            strapi.documents(STATEMENT_UID as never).findFirst({
              filters: { owner: { slug: { $eq: parent.county.slug } } },
              sort: ['lastUpdatedOn:desc', 'updatedAt:desc'],
              status: parent.status,
            } as never),
        ],
        ...federatedCollections.map((collection) => [collection.field, listResolver(strapi, collection)]),
      ]),
      ...Object.fromEntries(
        federatedCollections.map(({ graphqlType }) => [graphqlType, { isFallback: (entry: { isFallback?: boolean }) => entry.isFallback === true }]),
      ),
    },
    resolversConfig: {
      // Readable by whoever may read counties: the public role, by default.
      'Query.countySite': { auth: { scope: ['api::county.county.find'] } },
    },
  }));
}
