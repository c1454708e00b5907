/** @lansportalen/publisher: renders the county sites, serves them, and answers draft previews. */
export { createLiveSites, type LiveSitesOptions, type SiteEvent } from './live-sites';
export { createDraftPreviews } from './preview';
export { memoryQueue, pgBossQueue, type RenderQueue, type RenderHandler } from './queue';
export { createRenderer, startSiteRenderer, type SiteRenderer } from './live-renderer';
export { buildAllSites, buildSite, repoDir, siteDir, type SiteBuild } from './renderer';
export type { RenderStats } from './render-worker';
export { serveDirectory, type RouteHandler, type StaticServer } from './server';
