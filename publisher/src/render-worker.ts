/**
 * One county's long-lived renderer: a child process of the publisher (live-renderer.ts) that holds the
 * site's server bundle (`astro build` with ON_DEMAND_BUILD_NAME, @astrojs/node in middleware mode)
 * and renders on request either the whole site into a new folder: every path the bundle lists
 * (render-paths.ts, one set of site queries per render) whose inputs changed since the previous
 * render (its props, the query answers its page read, the day if it read the clock:
 * render-reads.ts; a path whose inputs are unchanged keeps its previous file), then the sitemap,
 * _headers and search index (a file whose bytes equal the previous render's is a hard link of it,
 * with its compressed copies; only changed files are written and compressed); or one page, from fresh site queries,
 * answered as HTML and written nowhere. The live renderer's environment never holds
 * PREVIEW_SECRET, so it can only ever render published content; a county's preview renderer
 * (preview.ts) has it and renders only pages, never a site.
 *
 * Started as `node --import tsx render-worker.ts <county> <bundle dir>`; takes a RenderRequest by
 * IPC, answers a RenderReply.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { compressedCopies, precompress, precompressFile } from '../../shared/src/site/compress';
import { writeHeadersFile } from '../../shared/src/site/headers';
import { warningPrefix } from '../../shared/src/site/link-url';
import { RENDER_PATHS_ROUTE, type RenderPath } from '../../shared/src/site/on-demand';
import { forgetSiteQueries, siteQueryCache } from '../../shared/src/site/query-cache';
import { renderReads, type ClockRead, type RenderReads } from '../../shared/src/site/render-reads';
import { writeSearchIndex } from '../../shared/src/site/search-index.mjs';
import { sitemapIntegration } from '../../shared/src/site/sitemap';
import { countyBySlug } from '@lansportalen/shared/counties';
import { stockholmDate } from '@lansportalen/shared/stockholm-time';

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
  /** The URLs asked of the bundle; every other path's inputs were unchanged since the previous render, and its file kept. */
  rendered: string[];
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
/** What each request of the current render read (render-reads.ts), by its URL. */
const readsOf = new Map<string, RenderReads>();
const server = http.createServer((req, res) => {
  const reads: RenderReads = { keys: new Set(), paused: 0 };
  readsOf.set(req.url ?? '', reads);
  renderReads.run(reads, () => void handler(req, res, () => res.writeHead(404).end()));
});
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

/** What a path's page read in the render that made its live file, and the digest of those inputs then. */
interface PageInputs {
  digest: string;
  keys: string[];
  clock?: ClockRead;
}
/** The inputs of every path of the live render (`inputsDir`): a path whose inputs are unchanged keeps its file. */
let liveInputs = new Map<string, PageInputs>();
let inputsDir: string | undefined;

/** A digest of a page's inputs now: its props, the answers it read (this render's, from the query cache) and, if it read the clock, the day. */
function inputsDigest(props: string | undefined, keys: string[], clock: ClockRead | undefined, answers: Map<string, string>): string {
  const hash = crypto.createHash('sha256').update(props ?? '');
  for (const key of keys) hash.update(`\n${key}=${answers.get(key) ?? 'missing'}`);
  if (clock) hash.update(`\nclock=${clock === 'day' ? stockholmDate(new Date()) : clock}`);
  return hash.digest('base64url');
}

/** A digest of each query answer this render holds, by its cache id. */
async function answerDigests(): Promise<Map<string, string>> {
  const digests = new Map<string, string>();
  for (const [id, answer] of siteQueryCache) {
    if (!id.startsWith(`${slug} `) || id.endsWith('+chrome')) continue;
    const value = await answer.catch(() => undefined);
    if (value !== undefined) digests.set(id, crypto.createHash('sha256').update(JSON.stringify(value)).digest('base64url'));
  }
  return digests;
}

async function renderSite({ outDir, previousDir }: SiteRequest): Promise<RenderStats> {
  const started = performance.now();
  logged.warn = [];
  logged.error = [];
  if (!clientCompressed) {
    precompress(clientDir);
    clientCompressed = true;
  }
  const stats = { pages: 0, rendered: [] as string[], written: 0, linked: 0 };
  fs.mkdirSync(outDir, { recursive: true });

  /** Puts the previous render's file (and its compressed copies) in the new render, as hard links. */
  const linkPrevious = (rel: string) => {
    const file = path.join(outDir, rel);
    const previous = path.join(previousDir!, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.linkSync(previous, file);
    compressedCopies(previous).forEach((copy, i) => fs.existsSync(copy) && fs.linkSync(copy, compressedCopies(file)[i]!));
    stats.linked += 1;
  };
  /** Puts one file in the new render: a link of the previous render's when it is the same, else written and compressed. */
  const place = (rel: string, bytes: Buffer, alreadyWritten = false) => {
    const file = path.join(outDir, rel);
    const previous = previousDir && path.join(previousDir, rel);
    if (previous && sameBytes(previous, bytes)) {
      if (alreadyWritten) fs.rmSync(file);
      linkPrevious(rel);
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
  const answers = await answerDigests();
  const previousInputs = previousDir && previousDir === inputsDir ? liveInputs : new Map<string, PageInputs>();
  const inputs = new Map<string, PageInputs>();
  /** Keeps the previous render's file of a path whose inputs are unchanged; false when it must be rendered. */
  const keep = (item: RenderPath): boolean => {
    const before = previousInputs.get(item.url);
    if (!before || before.clock === 'instant' || inputsDigest(item.props, before.keys, before.clock, answers) !== before.digest) return false;
    if (!fs.existsSync(path.join(previousDir!, item.file))) return false;
    linkPrevious(item.file);
    inputs.set(item.url, before);
    return true;
  };
  const pages: string[] = [];
  let next = 0;
  const renderNext = async (): Promise<void> => {
    for (let item = paths[next++]; item; item = paths[next++]) {
      if (item.file.endsWith('.html')) pages.push(item.url);
      if (keep(item)) continue;
      const response = await fetch(origin + item.url);
      if (response.status !== item.status) {
        throw new Error(`${county.name}: ${item.url} answered ${response.status}\n${logged.error.slice(-5).join('\n')}`);
      }
      place(item.file, Buffer.from(await response.arrayBuffer()));
      stats.rendered.push(item.url);
      // A request whose reads were not seen (it never reached the bundle's handler) is rendered again next time.
      const read = readsOf.get(item.url);
      if (!read) continue;
      const keys = [...read.keys].sort();
      inputs.set(item.url, { keys, clock: read.clock, digest: inputsDigest(item.props, keys, read.clock, answers) });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, renderNext));
  readsOf.clear();
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
  liveInputs = inputs;
  inputsDir = outDir;
  return { ...stats, warnings, pagesSeconds, seconds: (performance.now() - started) / 1000 };
}

/** One page from fresh answers of the CMS (the latest drafts, in a preview renderer); the site's 404 page for a path it does not have. */
async function renderPage({ path: pagePath }: PageRequest): Promise<RenderedPage> {
  const started = performance.now();
  logged.error = [];
  readsOf.clear();
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
