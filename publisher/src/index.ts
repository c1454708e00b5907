/** @lansportalen/publisher: renders the county sites, serves them, and answers draft previews. */
export { createLiveSites, type LiveSitesOptions, type SiteEvent } from './live-sites';
export { memoryQueue, pgBossQueue, type RenderQueue, type RenderHandler } from './queue';
export { buildAllSites, buildSite, createRenderer, repoDir, siteDir, type SiteBuild } from './renderer';
export { serveDirectory, type RouteHandler, type StaticServer } from './server';
