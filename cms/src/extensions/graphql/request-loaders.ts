/**
 * The DataLoaders of a request: one per key (a content type and what it loads), living as long as
 * the request, so that the entries of every list in one GraphQL answer load together
 * (`WHERE id IN (…)`). A call outside a request gets a loader of its own.
 */
import type { Core } from '@strapi/strapi';
import DataLoader from 'dataloader';

/** Most ids in one `IN (…)`: nested lists can reach 100 × 100 entries; old SQLite binds at most 999 values. */
const MAX_BATCH = 500;

const requestLoaders = new WeakMap<object, Map<string, DataLoader<number, unknown>>>();

/** The current request's loader for `key`, made with `load` (values in the order of the ids) on first use. */
export function requestLoader<V>(strapi: Core.Strapi, key: string, load: (ids: readonly number[]) => Promise<V[]>): DataLoader<number, V> {
  const request = strapi.requestContext.get() ?? {};
  let loaders = requestLoaders.get(request);
  if (!loaders) requestLoaders.set(request, (loaders = new Map()));
  let loader = loaders.get(key);
  if (!loader) loaders.set(key, (loader = new DataLoader<number, unknown>(load, { maxBatchSize: MAX_BATCH })));
  return loader as DataLoader<number, V>;
}
