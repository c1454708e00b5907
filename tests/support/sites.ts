/**
 * The county sites as the suites test them: the real CMS booted in this process (seed loaded),
 * every county site built from it with `astro build` into a temporary directory, and each built
 * site served on a free port by the same static server `npm start` uses.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { counties, type County } from '@lansportalen/shared/counties';
import { buildAllSites, serveDirectory, type StaticServer } from '@lansportalen/publisher';
import { bootCms, type TestCms } from './cms';

export interface BuiltSite {
  county: County;
  /** The built site on disk. */
  dir: string;
  /** Where it is served now (its canonical URLs still name county.siteUrl). */
  url: string;
  server: StaticServer;
}

export interface BuiltSites {
  cms: TestCms;
  sites: BuiltSite[];
  site(slug: string): BuiltSite;
  /** Seconds the builds of all sites took. */
  buildSeconds: number;
  stop(): Promise<void>;
}

export async function buildAndServeSites(): Promise<BuiltSites> {
  const cms = await bootCms();
  // The site server's Content-Security-Policy lets forms post to the CMS the sites were built against.
  process.env.CMS_URL = cms.url;
  const outRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'lansportalen-sites-'));
  const servers: StaticServer[] = [];
  const stop = async () => {
    await Promise.all(servers.map((s) => s.close()));
    await cms.stop();
    fs.rmSync(outRoot, { recursive: true, force: true });
  };
  try {
    const started = performance.now();
    const built = await buildAllSites({ cmsUrl: cms.url, outRoot });
    const buildSeconds = (performance.now() - started) / 1000;
    const sites: BuiltSite[] = [];
    for (const result of built) {
      const county = counties.find((c) => c.slug === result.slug)!;
      const server = await serveDirectory(() => result.outDir);
      servers.push(server);
      sites.push({ county, dir: result.outDir, url: server.url, server });
    }
    return {
      cms,
      sites,
      buildSeconds,
      site: (slug) => {
        const found = sites.find((s) => s.county.slug === slug);
        if (!found) throw new Error(`no built site for "${slug}"`);
        return found;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Every file under `dir` whose name ends with `ext`, as paths relative to `dir` with forward slashes. */
export function filesIn(dir: string, ext: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((name) => name.endsWith(ext) && fs.statSync(path.join(dir, name)).isFile())
    .map((name) => name.split(path.sep).join('/'))
    .sort();
}

/** The HTML pages of a built site (the search index's own files excluded). */
export const htmlFiles = (dir: string) => filesIn(dir, '.html').filter((f) => !f.startsWith('pagefind/'));

/** The URL path a built HTML file is served at: "rad/integrationsradet/index.html" → "/rad/integrationsradet/". */
export const pathOf = (file: string) => `/${file.replace(/(^|\/)index\.html$/, '$1')}`;

/**
 * The URL paths a built site's sitemap lists: sitemap-index.xml (@astrojs/sitemap) names its
 * sitemap files, each on the site; every <loc> in them must be on `siteUrl`.
 */
export function sitemapPathsIn(dir: string, siteUrl: string): string[] {
  const locs = (file: string) =>
    [...fs.readFileSync(path.join(dir, file), 'utf8').matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => {
      const url = new URL(m[1]!);
      if (url.origin !== new URL(siteUrl).origin) throw new Error(`${file} in ${dir} lists ${url.href}`);
      return url.pathname;
    });
  return locs('sitemap-index.xml').flatMap((file) => locs(file.replace(/^\//, '')));
}

/** The paths of a site's sitemap, relative to the site (its <loc>s name county.siteUrl). */
export const sitemapPaths = (site: BuiltSite): string[] => sitemapPathsIn(site.dir, site.county.siteUrl);

/** The built file a URL path is served from ("/natverk/" → <dir>/natverk/index.html), or undefined. */
export function fileFor(site: BuiltSite, urlPath: string): string | undefined {
  const file = path.join(site.dir, decodeURIComponent(urlPath.replace(/^\//, '')), urlPath.endsWith('/') ? 'index.html' : '');
  return fs.existsSync(file) && fs.statSync(file).isFile() ? file : undefined;
}

/** The built HTML of a page, by its URL path ("/natverk/"). */
export function readPage(site: BuiltSite, urlPath: string): string {
  const file = fileFor(site, urlPath);
  if (!file) throw new Error(`${site.county.slug}: no page ${urlPath} in the build`);
  return fs.readFileSync(file, 'utf8');
}

/** A built page as a DOM (linkedom), for reading it as a browser would without one. */
export function pageDom(site: BuiltSite, urlPath: string): Dom {
  return parseHTML(readPage(site, urlPath)).document;
}
export type Dom = ReturnType<typeof parseHTML>['document'];

/** Text with runs of white space (non-breaking ones too) made one space, trimmed. */
export const squash = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();
