/**
 * The sitemap (sitemap-index.xml and sitemap-0.xml), written by @astrojs/sitemap: in a static
 * build as its integration, in the publisher's on-demand render (publisher/src/render-worker.ts)
 * by calling the same integration's hooks with the pages rendered, so that both write the same file.
 * Each page's language versions are listed as <xhtml:link rel="alternate" hreflang>.
 */
import sitemap from '@astrojs/sitemap';
import { countyLanguages, type County } from '../counties';
import { SOURCE_LANGUAGE } from '../languages';
import { siteRoutes, splitLanguage } from '../routes';

/** What the sitemap lists: every HTML page (a directory URL) but the unlisted routes (404, thank-you page) in any language; not the calendar files and feeds. */
export const inSitemap = (url: string): boolean => {
  const { pathname } = new URL(url);
  const { path } = splitLanguage(pathname);
  return pathname.endsWith('/') && !siteRoutes.some((route) => route.unlisted && `${route.pattern}/` === path);
};

/** The county's sitemap integration; with more than one language, its i18n (keys: the path prefix, values: the hreflang). */
export function sitemapIntegration(county: County) {
  const offered = countyLanguages(county);
  const i18n = offered.length > 1 ? { defaultLocale: SOURCE_LANGUAGE, locales: Object.fromEntries(offered.map((code) => [code, code])) } : undefined;
  return sitemap({ filter: inSitemap, ...(i18n ? { i18n } : {}) });
}
