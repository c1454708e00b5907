/**
 * The cache of the site queries' answers (site-queries.ts), on globalThis: the integration, the
 * routes of a build, and the publisher's render process that holds a server bundle
 * (publisher/src/render-worker.ts) are separate copies of the modules, in one process, and share it.
 */
export const siteQueryCache: Map<string, Promise<unknown>> = ((globalThis as { [key: symbol]: Map<string, Promise<unknown>> | undefined })[
  Symbol.for('lansportalen.siteQueries')
] ??= new Map());

/** Drops the county's answers: a later build or render in the same process asks the CMS again. */
export function forgetSiteQueries(county: string): void {
  for (const id of siteQueryCache.keys()) if (id.startsWith(`${county} `)) siteQueryCache.delete(id);
}
