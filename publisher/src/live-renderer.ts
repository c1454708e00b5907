/**
 * The live sites' renderer. Each county has one long-lived renderer: the site's server bundle,
 * built when the publisher starts (unless the code it was built from is unchanged), and the child process that renders from it
 * (render-worker.ts), whose environment has no PREVIEW_SECRET, so that what it renders is always
 * the published site. A render goes to a fresh folder and is swapped in only when it succeeds, so
 * a failed render is reported and the previous site keeps serving. The same process, started with
 * the secret, is a county's preview renderer (preview.ts): it renders one draft page at a time.
 */
import { fork, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PREVIEW_SECRET_NAME } from '@lansportalen/shared/preview';
import { ON_DEMAND_BUILD_NAME } from '../../shared/src/site/on-demand';
import { buildSite, repoDir, siteDir } from './renderer';
import type { RenderedPage, RenderReply, RenderRequest, RenderStats, SiteRequest } from './render-worker';

export interface SiteRenderer {
  /** Renders the whole site into `request.outDir`; rejects with what went wrong. */
  render(request: Omit<SiteRequest, 'kind'>): Promise<RenderStats>;
  /** Renders one page from fresh answers of the CMS, writing nothing; rejects with what went wrong. */
  renderPage(path: string): Promise<RenderedPage>;
  close(): void;
}

/** Where a county's server bundle is built (inside the repository, so that its imports resolve). */
export const bundleDir = (slug: string) => path.join(siteDir(slug), '.server');

/** A hash of everything a county's server bundle is built from: the site theme, the county list, the site's config, the locked packages. */
function codeStamp(slug: string): string {
  const hash = crypto.createHash('sha256');
  const sources = [path.join(repoDir, 'shared/src'), path.join(repoDir, 'shared/counties.json'), path.join(siteDir(slug), 'astro.config.ts'), path.join(repoDir, 'package-lock.json')];
  for (const source of sources) {
    const files = fs.statSync(source).isDirectory() ? (fs.readdirSync(source, { recursive: true }) as string[]).sort().map((f) => path.join(source, f)) : [source];
    for (const file of files) if (fs.statSync(file).isFile()) hash.update(file).update(fs.readFileSync(file));
  }
  return hash.digest('hex');
}

/** The bundles being built now: a county's live and preview renderers starting at once wait for one build. */
const building = new Map<string, Promise<string>>();

/** Builds the county's server bundle, unless the one there was built from the same code. */
function buildBundle(slug: string, cmsUrl: string): Promise<string> {
  let bundle = building.get(slug);
  if (!bundle) {
    bundle = buildBundleNow(slug, cmsUrl).finally(() => building.delete(slug));
    building.set(slug, bundle);
  }
  return bundle;
}

async function buildBundleNow(slug: string, cmsUrl: string): Promise<string> {
  const outDir = bundleDir(slug);
  const stampFile = path.join(outDir, 'code-stamp');
  const stamp = codeStamp(slug);
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) return outDir;
  fs.rmSync(outDir, { recursive: true, force: true });
  await buildSite(slug, { cmsUrl, outDir, env: { [ON_DEMAND_BUILD_NAME]: '1' } });
  fs.writeFileSync(stampFile, stamp);
  return outDir;
}

/**
 * Starts a county's renderer. Without `previewSecret` (the live renderer) its environment has no
 * PREVIEW_SECRET, so it renders published content only; with it (a preview renderer), the site
 * queries ask for drafts and every page shows the preview banner.
 */
export async function startSiteRenderer(slug: string, cmsUrl: string, options: { previewSecret?: string } = {}): Promise<SiteRenderer> {
  const bundle = await buildBundle(slug, cmsUrl);
  const { [PREVIEW_SECRET_NAME]: _secret, ...env } = process.env;
  const child: ChildProcess = fork(path.join(import.meta.dirname, 'render-worker.ts'), [slug, bundle], {
    cwd: repoDir,
    env: { ...env, CMS_URL: cmsUrl, ...(options.previewSecret ? { [PREVIEW_SECRET_NAME]: options.previewSecret } : {}) },
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let exited: string | undefined;
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`The ${slug} renderer exited (${code}) before it was ready`)));
  });
  child.on('exit', (code, signal) => (exited = `the ${slug} renderer exited (${signal ?? code})`));

  let queue: Promise<unknown> = Promise.resolve();
  const renderOnce = (request: RenderRequest) =>
    new Promise<RenderStats | RenderedPage>((resolve, reject) => {
      if (exited) return reject(new Error(exited));
      const onExit = () => reject(new Error(exited ?? `the ${slug} renderer exited`));
      child.once('exit', onExit);
      child.once('message', (reply: RenderReply) => {
        child.off('exit', onExit);
        if (reply.ok) resolve(reply.result);
        else reject(new Error(reply.error));
      });
      child.send(request);
    });

  /** One render at a time per process (the queue runs one job per site; this keeps it so for any caller). */
  const inTurn = (request: RenderRequest) => {
    const result = queue.then(() => renderOnce(request));
    queue = result.catch(() => {});
    return result;
  };

  return {
    render: (request) => inTurn({ kind: 'site', ...request }) as Promise<RenderStats>,
    renderPage: (pagePath) => inTurn({ kind: 'page', path: pagePath }) as Promise<RenderedPage>,
    close: () => void child.kill(),
  };
}

/**
 * Each county's renderer, started on its first use (or again after it died), or ahead of it
 * (`warm`); with `idleMs`, stopped when it has done nothing for that long (started again on its
 * next use).
 */
export function lazyRenderers(start: (slug: string) => Promise<SiteRenderer>, options: { idleMs?: number } = {}) {
  const renderers = new Map<string, Promise<SiteRenderer>>();
  const busy = new Map<string, number>();
  const idleTimers = new Map<string, NodeJS.Timeout>();

  const stop = (slug: string) => {
    const renderer = renderers.get(slug);
    renderers.delete(slug);
    void renderer?.then((r) => r.close(), () => undefined);
  };
  /** Arms the idle stop of a county's renderer when nothing runs on it. */
  const rest = (slug: string) => {
    clearTimeout(idleTimers.get(slug));
    if (options.idleMs === undefined || (busy.get(slug) ?? 0) > 0) return;
    idleTimers.set(slug, setTimeout(() => stop(slug), options.idleMs).unref());
  };
  const rendererOf = (slug: string) => {
    let renderer = renderers.get(slug);
    if (!renderer) {
      renderer = start(slug);
      renderer.catch(() => renderers.delete(slug));
      renderers.set(slug, renderer);
    }
    return renderer;
  };

  return {
    /** Runs `work` with the county's renderer. */
    async use<T>(slug: string, work: (renderer: SiteRenderer) => Promise<T>): Promise<T> {
      clearTimeout(idleTimers.get(slug));
      busy.set(slug, (busy.get(slug) ?? 0) + 1);
      try {
        return await work(await rendererOf(slug));
      } catch (error) {
        if ((error as Error).message.includes('renderer exited')) renderers.delete(slug);
        throw error;
      } finally {
        busy.set(slug, busy.get(slug)! - 1);
        rest(slug);
      }
    },
    /** Starts the county's renderer now, so that its first use finds it running. */
    async warm(slug: string): Promise<void> {
      await rendererOf(slug);
      rest(slug);
    },
    /** The counties whose renderer is started or starting. */
    running: () => [...renderers.keys()],
    /** Stops every county's renderer process. */
    async close() {
      for (const timer of idleTimers.values()) clearTimeout(timer);
      for (const renderer of renderers.values()) (await renderer.catch(() => undefined))?.close();
      renderers.clear();
    },
  };
}

export interface RenderEvent {
  slug: string;
  kind: 'built' | 'failed';
  seconds: number;
  error?: string;
}

export interface RendererOptions {
  cmsUrl: string;
  /** The folder under which a site's renders go, one numbered folder each. */
  buildRoot: (slug: string) => string;
  log: (message: string) => void;
  onRender: (event: RenderEvent) => void;
  /** After a render went live, before the previous one is removed (the publish archive compares them). */
  onLive?: (slug: string, outDir: string, previous: string | undefined, at: Date) => Promise<void>;
}

export function createRenderer(options: RendererOptions) {
  const current = new Map<string, string>();
  const generations = new Map<string, number>();
  const renderers = lazyRenderers((slug) => startSiteRenderer(slug, options.cmsUrl));

  return {
    /** The folder that serves a site now (its latest successful render). */
    current: (slug: string) => current.get(slug),
    /** Renders one site; resolves whether or not the render succeeded (a failure is logged and reported). */
    async render(slug: string): Promise<void> {
      const generation = (generations.get(slug) ?? 0) + 1;
      generations.set(slug, generation);
      const outDir = path.join(options.buildRoot(slug), String(generation));
      fs.rmSync(outDir, { recursive: true, force: true });
      const previous = current.get(slug);
      try {
        const stats = await renderers.use(slug, (renderer) => renderer.render({ outDir, previousDir: previous }));
        for (const warning of stats.warnings) console.warn(`${slug}: ${warning}`);
        current.set(slug, outDir);
        await options.onLive?.(slug, outDir, previous, new Date());
        if (previous && previous.startsWith(options.buildRoot(slug))) fs.rmSync(previous, { recursive: true, force: true });
        const rate = (stats.pages / stats.seconds).toFixed(0);
        options.log(
          `${slug}: rendered ${stats.pages} pages in ${stats.seconds.toFixed(2)} s (${rate} pages/s; the site queries and pages ${stats.pagesSeconds.toFixed(2)} s; ${stats.rendered.length} paths asked of the bundle, the others' inputs unchanged; ${stats.written} files written, ${stats.linked} unchanged)`,
        );
        options.onRender({ slug, kind: 'built', seconds: stats.seconds });
      } catch (error) {
        fs.rmSync(outDir, { recursive: true, force: true });
        const message = (error as Error).message;
        options.log(`${slug}: rebuild FAILED, the previous version stays online.\n${message}`);
        options.onRender({ slug, kind: 'failed', seconds: 0, error: message });
      }
    },
    /** Stops every county's renderer process. */
    close: () => renderers.close(),
  };
}
