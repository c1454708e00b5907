/**
 * What the publisher and the site theme agree on for the on-demand renderer (docs/decisions.md,
 * "One long-lived renderer"): the variable that makes `astro build` write a server bundle, and
 * the bundle's route that starts a render and lists its paths (render-paths.ts).
 */

/** `astro build` with this variable set to 1 writes the site as a server bundle (@astrojs/node, middleware mode). */
export const ON_DEMAND_BUILD_NAME = 'LANSPORTALEN_ON_DEMAND_BUILD';

export const RENDER_PATHS_ROUTE = '/_lansportalen/render-paths.json';

/** One path of the site: the URL to ask for, the file of a static build (relative, with /), and the status it answers with. */
export interface RenderPath {
  url: string;
  file: string;
  /** 404 for a not-found page in any language ('/404', '/en/404': Astro answers a route ending in /404 so), else 200. */
  status: number;
  /** A digest of the props its page's getStaticPaths gives it (a page of one entry: the entry and the site's frame). */
  props?: string;
}
