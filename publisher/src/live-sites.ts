/**
 * Live county sites: the publisher's service. Serves each rendered site (server.ts) and renders it
 * again when a job for its county arrives from the queue (queue.ts, live-renderer.ts). Jobs come from
 * the CMS: by HTTP (POST /rebuild { counties: [...] }, see
 * cms/src/extensions/publication/site-rebuilds.ts) into the in-process queue by default, or
 * straight into PostgreSQL with RENDER_QUEUE=postgres. Each site also answers /forhandsvisning/
 * (draft preview, behind a signed, expiring link from the CMS's Preview button: one page rendered
 * on request by the county's preview renderer, preview.ts).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { counties } from '@lansportalen/shared/counties';
import { PREVIEW_SECRET_NAME } from '@lansportalen/shared/preview';
import { createArchiveSender } from './archive';
import { createDraftPreviews } from './preview';
import { memoryQueue, type RenderQueue } from './queue';
import { createRenderer } from './live-renderer';
import { siteDir } from './renderer';
import { serveDirectory, type StaticServer } from './server';

export interface LiveSitesOptions {
  cmsUrl: string;
  /** Port of a site: its siteUrl's port by default; 0 for any free port (tests). */
  sitePort?: (slug: string) => number;
  /** Where builds go; defaults to sites/<slug>/.live/. */
  buildRoot?: (slug: string) => string;
  /** Where render jobs wait: an in-process queue debounced by `debounceMs` unless given. */
  queue?: RenderQueue;
  debounceMs?: number;
  log?: (message: string) => void;
  /** The county sites served (default: every county); render jobs of others are skipped. */
  only?: string[];
  /** Start each served county's preview renderer with the sites, so that a first preview finds it running (the service and `npm start` do). */
  warmPreviews?: boolean;
  /** Seconds an unused preview renderer is kept (default 1,800): PREVIEW_IDLE_SECONDS for the service. */
  previewIdleSeconds?: number;
}

export interface SiteEvent {
  slug: string;
  kind: 'built' | 'failed' | 'preview-rendered' | 'preview-failed';
  seconds: number;
  error?: string;
}

const requestSchema = z.object({ counties: z.array(z.string()).min(1), reason: z.string().optional() });
const known = new Set(counties.map((c) => c.slug));

export async function createLiveSites(options: LiveSitesOptions) {
  const log = options.log ?? ((message: string) => console.log(message));
  const served = counties.filter((c) => !options.only || options.only.includes(c.slug));
  const servedSlugs = new Set(served.map((c) => c.slug));
  const queue = options.queue ?? memoryQueue(options.debounceMs);
  const secret = crypto.randomBytes(16).toString('hex');
  // The CMS's secret when this process was given one (a CMS started separately), else one per run.
  const previewSecret = process.env[PREVIEW_SECRET_NAME] || crypto.randomBytes(24).toString('hex');
  const servers = new Map<string, StaticServer>();
  const listeners: ((event: SiteEvent) => void)[] = [];
  const emit = (event: SiteEvent) => listeners.forEach((l) => l(event));

  const buildRoot = (slug: string) => options.buildRoot?.(slug) ?? path.join(siteDir(slug), '.live');
  const archive = createArchiveSender({ cmsUrl: options.cmsUrl, previewSecret, log });
  const renderer = createRenderer({ cmsUrl: options.cmsUrl, buildRoot, log, onRender: emit, onLive: archive.send });
  const previews = createDraftPreviews({ cmsUrl: options.cmsUrl, secret: previewSecret, idleSeconds: options.previewIdleSeconds, log, onRender: emit });
  /** The preview renderers' start with the sites (`warmPreviews`): failures are logged, never thrown. */
  let warming: Promise<void> = Promise.resolve();

  const receiver = http.createServer((request, response) => {
    if (request.method !== 'POST' || request.url !== '/rebuild' || request.headers['x-rebuild-secret'] !== secret) {
      response.writeHead(404).end();
      return;
    }
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const parsed = requestSchema.safeParse(JSON.parse(body || '{}'));
      if (!parsed.success) {
        response.writeHead(400, { 'content-type': 'text/plain' }).end(z.prettifyError(parsed.error));
        return;
      }
      const reason = parsed.data.reason ?? 'no reason given';
      const slugs = parsed.data.counties.filter((slug) => known.has(slug));
      log(`Rebuild requested for ${slugs.join(', ')} (${reason})`);
      Promise.all(slugs.map((county) => queue.send({ county, reason }))).then(
        () => response.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ scheduled: slugs })),
        (error: Error) => response.writeHead(503, { 'content-type': 'text/plain' }).end(error.message),
      );
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as AddressInfo;

  return {
    /** Renders every site once and serves it; render jobs count from then on. */
    async start() {
      for (const county of served) {
        fs.mkdirSync(buildRoot(county.slug), { recursive: true });
        await renderer.render(county.slug);
        if (!renderer.current(county.slug)) throw new Error(`${county.name}: the first build failed`);
        const port = options.sitePort?.(county.slug) ?? Number(new URL(county.siteUrl).port);
        servers.set(county.slug, await serveDirectory(() => renderer.current(county.slug)!, port, '127.0.0.1', previews.route(county.slug)));
      }
      if (options.warmPreviews) warming = previews.warm(served.map((c) => c.slug));
      await queue.work(async (job) => {
        if (servedSlugs.has(job.county)) await renderer.render(job.county);
        else log(`Render job for a county not served here "${job.county}" skipped (${job.reason})`);
      });
    },
    /** What the CMS needs in its environment to send this publisher its jobs. */
    cmsEnv: {
      SITE_REBUILD_URL: `http://127.0.0.1:${port}/rebuild`,
      SITE_REBUILD_SECRET: secret,
      [PREVIEW_SECRET_NAME]: previewSecret,
      ...(queue.kind === 'postgres' ? { RENDER_QUEUE: 'postgres' } : {}),
    },
    siteUrl: (slug: string) => servers.get(slug)!.url,
    onEvent: (listener: (event: SiteEvent) => void) => listeners.push(listener),
    /** Resolves once the preview renderers started with the sites (`warmPreviews`) are up. */
    previewsWarm: () => warming,
    /** The counties whose preview renderer runs (or starts) now. */
    previewRenderers: () => previews.running(),
    /** Resolves once no render job is waiting or running. */
    idle: () => queue.idle(),
    async close() {
      await queue.stop();
      await renderer.close();
      await previews.close();
      await Promise.all([...servers.values()].map((s) => s.close()));
      await new Promise((resolve) => receiver.close(resolve));
    },
  };
}
