/**
 * DIGG's form for reporting a public body's inaccessible digital service (lagen om tillgänglighet
 * till digital offentlig service): the CMS's default for a statement's `reportingUrl` (and the
 * seed's), and what a county site links to when its statement gives none.
 */
export const DIGG_REPORTING_URL = 'https://www.digg.se/tdosanmalan';
