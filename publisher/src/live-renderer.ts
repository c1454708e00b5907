/**
 * The live sites' renderer. Each county has one long-lived renderer: the site's server bundle,
 * built when the publisher starts (unless the code it was built from is unchanged), and the child process that renders from it
 * (render-worker.ts), whose environment has no PREVIEW_SECRET, so that what it renders is always
 * the published site. A render goes to a fresh folder and is swapped in only when it succeeds, so
 * a failed render is reported and the previous site keeps serving.
 */
import { fork, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PREVIEW_SECRET_NAME } from '@lansportalen/shared/preview';
import { ON_DEMAND_BUILD_NAME } from '../../shared/src/site/on-demand';
import { buildSite, repoDir, siteDir } from './renderer';
import type { RenderReply, RenderRequest, RenderStats } from './render-worker';

export interface SiteRenderer {
  /** Renders the whole site into `request.outDir`; rejects with what went wrong. */
  render(request: RenderRequest): Promise<RenderStats>;
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

/** Builds the county's server bundle, unless the one there was built from the same code. */
async function buildBundle(slug: string, cmsUrl: string): Promise<string> {
  const outDir = bundleDir(slug);
  const stampFile = path.join(outDir, 'code-stamp');
  const stamp = codeStamp(slug);
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) return outDir;
  fs.rmSync(outDir, { recursive: true, force: true });
  await buildSite(slug, { cmsUrl, outDir, env: { [ON_DEMAND_BUILD_NAME]: '1' } });
  fs.writeFileSync(stampFile, stamp);
  return outDir;
}

export async function startSiteRenderer(slug: string, cmsUrl: string): Promise<SiteRenderer> {
  const bundle = await buildBundle(slug, cmsUrl);
  const { [PREVIEW_SECRET_NAME]: _secret, ...env } = process.env;
  const child: ChildProcess = fork(path.join(import.meta.dirname, 'render-worker.ts'), [slug, bundle], {
    cwd: repoDir,
    env: { ...env, CMS_URL: cmsUrl },
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
    new Promise<RenderStats>((resolve, reject) => {
      if (exited) return reject(new Error(exited));
      const onExit = () => reject(new Error(exited ?? `the ${slug} renderer exited`));
      child.once('exit', onExit);
      child.once('message', (reply: RenderReply) => {
        child.off('exit', onExit);
        if (reply.ok) resolve(reply.stats);
        else reject(new Error(reply.error));
      });
      child.send(request);
    });

  return {
    /** One render at a time per site (the queue runs one job per site; this keeps it so for any caller). */
    render(request) {
      const result = queue.then(() => renderOnce(request));
      queue = result.catch(() => {});
      return result;
    },
    close: () => void child.kill(),
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
  const renderers = new Map<string, Promise<SiteRenderer>>();
  /** The county's renderer, started on its first render (or again after it died). */
  const rendererOf = (slug: string) => {
    let renderer = renderers.get(slug);
    if (!renderer) {
      renderer = startSiteRenderer(slug, options.cmsUrl);
      renderer.catch(() => renderers.delete(slug));
      renderers.set(slug, renderer);
    }
    return renderer;
  };

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
        const renderer = await rendererOf(slug);
        const stats = await renderer.render({ outDir, previousDir: previous }).catch((error: Error) => {
          if (error.message.includes('renderer exited')) renderers.delete(slug);
          throw error;
        });
        for (const warning of stats.warnings) console.warn(`${slug}: ${warning}`);
        current.set(slug, outDir);
        await options.onLive?.(slug, outDir, previous, new Date());
        if (previous && previous.startsWith(options.buildRoot(slug))) fs.rmSync(previous, { recursive: true, force: true });
        const rate = (stats.pages / stats.seconds).toFixed(0);
        options.log(`${slug}: rendered ${stats.pages} pages in ${stats.seconds.toFixed(2)} s (${rate} pages/s; ${stats.written} files written, ${stats.linked} unchanged)`);
        options.onRender({ slug, kind: 'built', seconds: stats.seconds });
      } catch (error) {
        fs.rmSync(outDir, { recursive: true, force: true });
        const message = (error as Error).message;
        options.log(`${slug}: rebuild FAILED, the previous version stays online.\n${message}`);
        options.onRender({ slug, kind: 'failed', seconds: 0, error: message });
      }
    },
    /** Stops every county's renderer process. */
    async close() {
      for (const renderer of renderers.values()) (await renderer.catch(() => undefined))?.close();
      renderers.clear();
    },
  };
}
