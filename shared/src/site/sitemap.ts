/**
 * The sitemap (sitemap-index.xml and sitemap-0.xml), written by @astrojs/sitemap: in a static
 * build as its integration, in the publisher's on-demand render (publisher/src/render-worker.ts)
 * by calling the same integration's hooks with the pages rendered, so that both write the same file.
 */
import sitemap from '@astrojs/sitemap';
import { siteRoutes } from '../routes';

/** What the sitemap lists: every HTML page (a directory URL) but the unlisted routes (404, thank-you page); not the calendar files and feeds. */
export const inSitemap = (url: string): boolean => {
  const { pathname } = new URL(url);
  return pathname.endsWith('/') && !siteRoutes.some((route) => route.unlisted && `${route.pattern}/` === pathname);
};

export const sitemapIntegration = () => sitemap({ filter: inSitemap });
