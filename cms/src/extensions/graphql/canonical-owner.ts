/**
 * `canonicalOwner` on every federated type: the county whose site holds the entry's canonical URL,
 * or null for the page's own site. An entry's own owner (null: national); for a county's local
 * version, its source's owner while the source is published (local-versions/canonical.ts). Only
 * public county data leaves: the link fields stay private. Loaded in batches per request and type
 * (the entries' links and owners, then their sources), so a list costs the same at 1 entry as at 25.
 */
import type { Core } from '@strapi/strapi';
import { federatedCollections } from '../federation/visibility';
import { publishedSources, type CountyRow } from '../local-versions/canonical';
import { requestLoader } from './request-loaders';

const typeDefs = federatedCollections
  .map(
    ({ graphqlType }) => `
  extend type ${graphqlType} {
    """The county whose site holds this entry's canonical URL (for a local version, its source's owner); null: the page's own site."""
    canonicalOwner: County
  }`,
  )
  .join('\n');

/** The canonical owners of one content type's entries, by id (null: the page's own site). */
async function canonicalOwners(strapi: Core.Strapi, uid: string, ids: readonly number[]): Promise<(CountyRow | null)[]> {
  const rows = (await strapi.db.query(uid as never).findMany({
    where: { id: { $in: [...ids] } },
    select: ['id', 'localVersionOf'],
    populate: { owner: true },
  })) as { id: number; localVersionOf: string | null; owner: CountyRow | null }[];
  const sources = await publishedSources(strapi, uid, rows.flatMap((r) => (r.localVersionOf ? [r.localVersionOf] : [])));
  const byId = new Map(rows.map((r) => [r.id, r.localVersionOf ? (sources.get(r.localVersionOf)?.owner ?? null) : (r.owner ?? null)]));
  return ids.map((id) => byId.get(id) ?? null);
}

const loaderFor = (strapi: Core.Strapi, uid: string) => requestLoader(strapi, `canonicalOwner ${uid}`, (ids) => canonicalOwners(strapi, uid, ids));

export function registerCanonicalOwner(strapi: Core.Strapi): void {
  strapi.plugin('graphql').service('extension').use(() => ({
    typeDefs,
    resolvers: Object.fromEntries(
      federatedCollections.map(({ uid, graphqlType }) => [
        graphqlType,
        { canonicalOwner: (parent: { id?: number }) => (typeof parent.id === 'number' ? loaderFor(strapi, uid).load(parent.id) : null) },
      ]),
    ),
  }));
}
