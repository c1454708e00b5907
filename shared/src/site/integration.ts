/**
 * The county site theme as an Astro integration, in the manner of Starlight: a county's site is
 * `countySite({ county: 'dalarna' })` in its astro.config; routes, layout and styles come from here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sitemap from '@astrojs/sitemap';
import type { AstroIntegration } from 'astro';
import { z } from 'zod';
import { countyBySlug, countyLanguages, counties, type County } from '../counties';
import { SOURCE_LANGUAGE } from '../languages';
import { localizedRoutes, siteRoutes, splitLanguage } from '../routes';
import { precompress } from './compress';
import { writeHeadersFile } from './headers';
import { writeSearchIndex } from './search-index';
import { forgetSiteQueries, startSiteQueries } from './site-queries';

const optionsSchema = z.strictObject({
  county: z.string(),
  /** Overrides of the county's colours in shared/counties.json. */
  colors: z.strictObject({ primary: z.string().optional(), accent: z.string().optional() }).optional(),
});
export type CountySiteOptions = z.input<typeof optionsSchema>;

const page = (file: string) => fileURLToPath(new URL(`./pages/${file}`, import.meta.url));

/** What the sitemap lists: every HTML page (a directory URL) but the unlisted routes (404, thank-you page) in any language; not the calendar files and feeds. */
export const inSitemap = (url: string): boolean => {
  const { pathname } = new URL(url);
  const { path } = splitLanguage(pathname);
  return pathname.endsWith('/') && !siteRoutes.some((route) => route.unlisted && `${route.pattern}/` === path);
};

/**
 * The county site, and before it @astrojs/sitemap (sitemap-index.xml and sitemap-0.xml), so that
 * the sitemap is written before this integration precompresses the build.
 */
export default function countySite(options: CountySiteOptions): AstroIntegration[] {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) throw new Error(`countySite(): invalid options\n${z.prettifyError(parsed.error)}`);
  const listed = countyBySlug(parsed.data.county);
  if (!listed) {
    throw new Error(
      `countySite(): no county "${parsed.data.county}" in shared/counties.json (known: ${counties.map((c) => c.slug).join(', ')})`,
    );
  }
  const county: County = { ...listed, colors: { ...listed.colors, ...parsed.data.colors } as County['colors'] };
  const virtualId = 'virtual:lansportalen/site';
  const colorsId = 'virtual:lansportalen/colors.css';

  const site: AstroIntegration = {
    name: '@lansportalen/county-site',
    hooks: {
      'astro:config:setup': ({ injectRoute, updateConfig }) => {
        // Swedish at the root, each other language of the county under /<code>/; a page learns its language from its route (routes.ts).
        for (const route of localizedRoutes(countyLanguages(county))) injectRoute({ pattern: route.pattern, entrypoint: page(route.page), prerender: true });
        updateConfig({
          site: county.siteUrl,
          trailingSlash: 'ignore',
          // Styles and scripts as files, never inline: the Content-Security-Policy (headers.ts) allows no inline code.
          build: { format: 'directory', inlineStylesheets: 'never' },
          compressHTML: true,
          vite: {
            build: { assetsInlineLimit: 0 },
            plugins: [
              {
                name: 'lansportalen-site-config',
                resolveId: (id: string) => (id === virtualId ? `\0${virtualId}` : id === colorsId ? `/${colorsId}` : undefined),
                load: (id: string) => {
                  if (id === `\0${virtualId}`) return `export const county = ${JSON.stringify(county)}; export const counties = ${JSON.stringify(counties)};`;
                  // The county's colours, bundled into the site's stylesheet.
                  if (id === `/${colorsId}`) return `:root{--primary:${county.colors.primary};--accent:${county.colors.accent}}`;
                  return undefined;
                },
              },
            ],
          },
        });
      },
      // The CMS answers the site's queries while Vite bundles the routes; the pages read the answers (site-queries.ts).
      'astro:build:start': () => {
        forgetSiteQueries(county.slug);
        startSiteQueries(county.slug, countyLanguages(county));
      },
      'astro:build:done': async ({ dir, pages, logger }) => {
        forgetSiteQueries(county.slug);
        const outDir = fileURLToPath(dir);
        // Astro leaves its server-side chunks in an outDir outside the project: they are not for the public.
        for (const file of fs.readdirSync(outDir)) if (file.endsWith('.mjs')) fs.rmSync(path.join(outDir, file));
        const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);
        const indexing = performance.now();
        const indexed = await writeSearchIndex(outDir);
        writeHeadersFile(outDir);
        const compressing = performance.now();
        const compressed = precompress(outDir);
        logger.info(
          `${county.name}: ${pages.length} pages, ${indexed} indexed for search (${seconds(indexing)} s), _headers written, ${compressed} files precompressed (${seconds(compressing)} s)`,
        );
        if (!fs.existsSync(path.join(outDir, 'index.html'))) throw new Error(`${county.name}: the build wrote no start page`);
      },
    },
  };
  // Each page's language versions as <xhtml:link rel="alternate" hreflang> (keys: the path prefix, values: the hreflang).
  const offered = countyLanguages(county);
  const i18n = offered.length > 1 ? { defaultLocale: SOURCE_LANGUAGE, locales: Object.fromEntries(offered.map((code) => [code, code])) } : undefined;
  return [sitemap({ filter: inSitemap, ...(i18n ? { i18n } : {}) }), site];
}
