/**
 * One county's long-lived renderer: a child process of the publisher (live-renderer.ts) that holds the
 * site's server bundle (`astro build` with ON_DEMAND_BUILD_NAME, @astrojs/node in middleware mode)
 * and renders on request either the whole site into a new folder: every path the bundle lists
 * (render-paths.ts, one set of site queries per render), then the sitemap, _headers and search
 * index (a file whose bytes equal the previous render's is a hard link of it, with its compressed
 * copies; only changed files are written and compressed); or one page, from fresh site queries,
 * answered as HTML and written nowhere. The live renderer's environment never holds
 * PREVIEW_SECRET, so it can only ever render published content; a county's preview renderer
 * (preview.ts) has it and renders only pages, never a site.
 *
 * Started as `node --import tsx render-worker.ts <county> <bundle dir>`; takes a RenderRequest by
 * IPC, answers a RenderReply.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { compressedCopies, precompress, precompressFile } from '../../shared/src/site/compress';
import { writeHeadersFile } from '../../shared/src/site/headers';
import { warningPrefix } from '../../shared/src/site/link-url';
import { RENDER_PATHS_ROUTE, type RenderPath } from '../../shared/src/site/on-demand';
import { forgetSiteQueries } from '../../shared/src/site/query-cache';
import { writeSearchIndex } from '../../shared/src/site/search-index.mjs';
import { sitemapIntegration } from '../../shared/src/site/sitemap';
import { countyBySlug } from '@lansportalen/shared/counties';

export interface SiteRequest {
  kind: 'site';
  outDir: string;
  /** The folder live now: files equal to its files become hard links of them. */
  previousDir?: string;
}

/** One page of the site (a path with its trailing slash, as the site links it). */
export interface PageRequest {
  kind: 'page';
  path: string;
}

export type RenderRequest = SiteRequest | PageRequest;

export interface RenderedPage {
  /** 200, or 404 with the site's 404 page when the site has no such page. */
  status: 200 | 404;
  html: string;
  seconds: number;
}

export interface RenderStats {
  pages: number;
  /** Files written (changed or new), against files linked from the previous render. */
  written: number;
  linked: number;
  seconds: number;
  /** Of which: the site queries and the pages, up to the sitemap, search index and compressed copies. */
  pagesSeconds: number;
  /** What the render said about the content (a refused link it dropped). */
  warnings: string[];
}

export type RenderReply = { ok: true; result: RenderStats | RenderedPage } | { ok: false; error: string };

/** Pages asked of the bundle at once: enough to keep both its CPU and the CMS's answers busy. */
const CONCURRENCY = 8;

const [slug, bundleDir] = process.argv.slice(2) as [string, string];
const county = countyBySlug(slug)!;
const clientDir = path.join(bundleDir, 'client');
const { handler } = (await import(pathToFileURL(path.join(bundleDir, 'server', 'entry.mjs')).href)) as {
  handler: (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => Promise<void>;
};
const server = http.createServer((req, res) => void handler(req, res, () => res.writeHead(404).end()));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
/** Whether the bundle's own files (/_astro/) are compressed: once, before the first site render, which links them into each. */
let clientCompressed = false;

/** What the bundle logs while it renders: its warnings, and the errors behind a failed page. */
const logged: { warn: string[]; error: string[] } = { warn: [], error: [] };
for (const level of ['warn', 'error'] as const) {
  const original = console[level].bind(console);
  console[level] = (...args: unknown[]) => {
    logged[level].push(args.map((a) => (a instanceof Error ? a.message : String(a))).join(' '));
    original(...args);
  };
}

const sameBytes = (file: string, bytes: Buffer) => {
  try {
    return fs.statSync(file).size === bytes.length && fs.readFileSync(file).equals(bytes);
  } catch {
    return false;
  }
};

async function renderSite({ outDir, previousDir }: SiteRequest): Promise<RenderStats> {
  const started = performance.now();
  logged.warn = [];
  logged.error = [];
  if (!clientCompressed) {
    precompress(clientDir);
    clientCompressed = true;
  }
  const stats = { pages: 0, written: 0, linked: 0 };
  fs.mkdirSync(outDir, { recursive: true });

  /** Puts one file in the new render: a link of the previous render's when it is the same, else written and compressed. */
  const place = (rel: string, bytes: Buffer, alreadyWritten = false) => {
    const file = path.join(outDir, rel);
    const previous = previousDir && path.join(previousDir, rel);
    if (previous && sameBytes(previous, bytes)) {
      if (alreadyWritten) fs.rmSync(file);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.linkSync(previous, file);
      compressedCopies(previous).forEach((copy, i) => fs.existsSync(copy) && fs.linkSync(copy, compressedCopies(file)[i]!));
      stats.linked += 1;
      return;
    }
    if (!alreadyWritten) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, bytes);
    }
    precompressFile(file);
    stats.written += 1;
  };
  /** Files that a library wrote into the new render (sitemap, search index): settled like the pages. */
  const settle = (rels: string[]) => {
    for (const rel of rels) if (fs.statSync(path.join(outDir, rel)).isFile()) place(rel, fs.readFileSync(path.join(outDir, rel)), true);
  };

  const listing = await fetch(origin + RENDER_PATHS_ROUTE);
  if (!listing.ok) throw new Error(await listing.text());
  const paths = (await listing.json()) as RenderPath[];
  const pages: string[] = [];
  let next = 0;
  const renderNext = async (): Promise<void> => {
    for (let item = paths[next++]; item; item = paths[next++]) {
      const response = await fetch(origin + item.url);
      if (response.status !== item.status) {
        throw new Error(`${county.name}: ${item.url} answered ${response.status}\n${logged.error.slice(-5).join('\n')}`);
      }
      place(item.file, Buffer.from(await response.arrayBuffer()));
      if (item.file.endsWith('.html')) pages.push(item.url);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, renderNext));
  stats.pages = pages.length;
  const pagesSeconds = (performance.now() - started) / 1000;

  for (const name of fs.readdirSync(clientDir, { recursive: true }) as string[]) {
    const source = path.join(clientDir, name);
    if (fs.statSync(source).isDirectory()) fs.mkdirSync(path.join(outDir, name), { recursive: true });
    else fs.linkSync(source, path.join(outDir, name));
  }
  // The sitemap from the pages rendered, in their order, by the same integration a static build runs.
  const sitemap = sitemapIntegration(county);
  const noLogger = { info() {}, warn() {}, error() {} };
  await sitemap.hooks['astro:routes:resolved']?.({ routes: [], logger: noLogger } as never);
  await sitemap.hooks['astro:config:done']?.({ config: { site: county.siteUrl, base: '/', trailingSlash: 'ignore', build: { format: 'directory' } }, logger: noLogger } as never);
  await sitemap.hooks['astro:build:done']?.({ dir: pathToFileURL(outDir + path.sep), pages: pages.map((p) => ({ pathname: p.slice(1) })), logger: noLogger } as never);
  settle(fs.readdirSync(outDir).filter((name) => /^sitemap-.*\.xml$/.test(name)));
  writeHeadersFile(outDir);
  await writeSearchIndex(outDir);
  settle((fs.readdirSync(path.join(outDir, 'pagefind'), { recursive: true }) as string[]).map((name) => path.join('pagefind', name)));
  const warnings = [...new Set(logged.warn.filter((line) => line.startsWith(warningPrefix)))];
  return { ...stats, warnings, pagesSeconds, seconds: (performance.now() - started) / 1000 };
}

/** One page from fresh answers of the CMS (the latest drafts, in a preview renderer); the site's 404 page for a path it does not have. */
async function renderPage({ path: pagePath }: PageRequest): Promise<RenderedPage> {
  const started = performance.now();
  logged.error = [];
  forgetSiteQueries(slug);
  const failed = (url: string, status: number) => new Error(`${county.name}: ${url} answered ${status}\n${logged.error.slice(-5).join('\n')}`);
  // Only the site's pages: never the bundle's own routes (/_lansportalen/, /_astro/).
  const asked = pagePath.startsWith('/_') ? undefined : await fetch(origin + pagePath);
  if (asked && asked.status !== 200 && asked.status !== 404) throw failed(pagePath, asked.status);
  if (asked?.status === 200) return { status: 200, html: await asked.text(), seconds: (performance.now() - started) / 1000 };
  const notFound = await fetch(`${origin}/404/`);
  if (notFound.status !== 404) throw failed('/404/', notFound.status);
  return { status: 404, html: await notFound.text(), seconds: (performance.now() - started) / 1000 };
}

process.on('message', (request: RenderRequest) => {
  (request.kind === 'site' ? renderSite(request) : renderPage(request)).then(
    (result) => process.send!({ ok: true, result } satisfies RenderReply),
    (error: Error) => process.send!({ ok: false, error: error.message } satisfies RenderReply),
  );
});
// A publisher that died leaves no renderer behind.
process.on('disconnect', () => process.exit(0));
process.send!('ready');
