/**
 * Nested relations of a `countySite` answer load in batches. The GraphQL plugin resolves every
 * relation and component of every entry on its own (`db.query(uid).load(parent, field, query)`:
 * two SQL queries per entry and field). Inside a countySite request those calls go through one
 * DataLoader per content type, field and query, which loads the field for all the entries of a
 * list at once: `WHERE id IN (…)` plus one query per populated relation.
 *
 * The plugin's resolvers still validate, sanitize and build the query (including the published
 * status a published entry links to); only the loading is shared. Pagination is per entry: the
 * batch loads a field's relations without limit and slices each entry's own page.
 */
import type { Core } from '@strapi/strapi';
import { requestLoader } from './request-loaders';

type Load = (uid: string, entity: { id?: unknown }, fields: string | string[], populate?: unknown) => Promise<unknown>;

interface PagedQuery {
  limit?: number;
  offset?: number;
  [key: string]: unknown;
}

/** The requests that asked for batches (see `batchRelationsInRequest`). */
const batchingRequests = new WeakSet<object>();

/** Turns batching on for the rest of the current request (called by the countySite resolver). */
export function batchRelationsInRequest(strapi: Core.Strapi): void {
  const request = strapi.requestContext.get();
  if (request) batchingRequests.add(request);
}

/** One field of many entries of a content type, each entry's own page of it. */
async function loadField(strapi: Core.Strapi, uid: string, field: string, query: PagedQuery | undefined, ids: readonly number[]): Promise<unknown[]> {
  const { limit, offset = 0, ...rest } = query ?? {};
  const rows = (await strapi.db.query(uid as never).findMany({
    select: ['id'],
    where: { id: { $in: [...ids] } },
    populate: { [field]: query ? rest : true },
  })) as Record<string, unknown>[];
  const byId = new Map(rows.map((row) => [row.id, row[field]]));
  return ids.map((id) => {
    if (!byId.has(id)) return null;
    const value = byId.get(id);
    if (!Array.isArray(value)) return value ?? null;
    return value.slice(offset, limit === undefined ? undefined : offset + limit);
  });
}

/** Routes the plugin's single-entry relation loads through the request's batches. Once, at bootstrap. */
export function registerRelationBatches(strapi: Core.Strapi): void {
  const entityManager = strapi.db.entityManager as unknown as { load: Load };
  const single = entityManager.load.bind(entityManager);
  entityManager.load = async (uid, entity, fields, populate) => {
    const request = strapi.requestContext.get();
    if (!request || !batchingRequests.has(request) || typeof fields !== 'string' || typeof entity?.id !== 'number') {
      return single(uid, entity, fields, populate);
    }
    const query = populate && typeof populate === 'object' ? (populate as PagedQuery) : undefined;
    const key = `relation ${JSON.stringify([uid, fields, query])}`;
    return requestLoader(strapi, key, (ids) => loadField(strapi, uid, fields, query, ids)).load(entity.id);
  };
}
