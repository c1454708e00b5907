/**
 * The county site theme as an Astro integration, in the manner of Starlight: a county's site is
 * `countySite({ county: 'dalarna' })` in its astro.config; routes, layout and styles come from here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import node from '@astrojs/node';
import type { AstroIntegration } from 'astro';
import { z } from 'zod';
import { countyBySlug, countyLanguages, counties, type County } from '../counties';
import { countySiteRoutes } from '../routes';
import { precompress } from './compress';
import { writeHeadersFile } from './headers';
import { ON_DEMAND_BUILD_NAME, RENDER_PATHS_ROUTE } from './on-demand';
import { writeSearchIndex } from './search-index.mjs';
import { forgetSiteQueries } from './query-cache';
import { startSiteQueries } from './site-queries';
import { sitemapIntegration } from './sitemap';

const optionsSchema = z.strictObject({
  county: z.string(),
  /** Overrides of the county's colours in shared/counties.json. */
  colors: z.strictObject({ primary: z.string().optional(), accent: z.string().optional() }).optional(),
});
export type CountySiteOptions = z.input<typeof optionsSchema>;

const page = (file: string) => fileURLToPath(new URL(`./pages/${file}`, import.meta.url));

/**
 * The county site, and before it @astrojs/sitemap (sitemap-index.xml and sitemap-0.xml), so that
 * the sitemap is written before this integration precompresses the build. With ON_DEMAND_BUILD_NAME
 * set (the publisher's renderer), the same routes are built as a server bundle instead, in
 * @astrojs/node's middleware mode: nothing is prerendered, and the publisher renders every path on
 * demand and writes the sitemap, search index, _headers and compressed copies itself.
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
  const adapter = process.env[ON_DEMAND_BUILD_NAME] === '1' ? node({ mode: 'middleware' }) : undefined;
  const onDemand = Boolean(adapter);

  const site: AstroIntegration = {
    name: '@lansportalen/county-site',
    hooks: {
      'astro:config:setup': ({ injectRoute, updateConfig }) => {
        // Swedish at the root, each other language of the county under /<code>/; a page learns its language from its route (routes.ts).
        for (const route of countySiteRoutes(county)) injectRoute({ pattern: route.pattern, entrypoint: page(route.page), prerender: !onDemand });
        if (onDemand) injectRoute({ pattern: RENDER_PATHS_ROUTE, entrypoint: fileURLToPath(new URL('./render-paths.ts', import.meta.url)), prerender: false });
        updateConfig({
          ...(adapter ? { output: 'server', adapter } : {}),
          site: county.siteUrl,
          trailingSlash: 'ignore',
          // Styles and scripts as files, never inline: the Content-Security-Policy (headers.ts) allows no inline code.
          build: { format: 'directory', inlineStylesheets: 'never' },
          compressHTML: true,
          vite: {
            build: {
              assetsInlineLimit: 0,
              // The stylesheet is named site.<hash>.css, not after the first page Rollup meets, so that the
              // static build and the publisher's server bundle (one route more) name it alike.
              rollupOptions: {
                output: {
                  assetFileNames: (asset: { names: string[] }) =>
                    asset.names.some((name) => name.endsWith('.css')) ? '_astro/site.[hash][extname]' : '_astro/[name].[hash][extname]',
                },
              },
            },
            plugins: [
              {
                name: 'lansportalen-site-config',
                resolveId: (id: string) => (id === virtualId ? `\0${virtualId}` : id === colorsId ? `/${colorsId}` : undefined),
                load: (id: string) => {
                  if (id === `\0${virtualId}`) {
                    return `export const county = ${JSON.stringify(county)}; export const counties = ${JSON.stringify(counties)}; export const onDemand = ${onDemand};`;
                  }
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
        if (onDemand) return;
        forgetSiteQueries(county.slug);
        startSiteQueries(county.slug, countyLanguages(county));
      },
      'astro:build:done': async ({ dir, pages, logger }) => {
        if (onDemand) return;
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
  return adapter ? [site, adapter] : [sitemapIntegration(county), site];
}
