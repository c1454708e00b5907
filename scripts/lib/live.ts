/**
 * Live county sites: serves each built site and rebuilds it when the CMS says its content
 * changed (POST /rebuild { counties: [...] }, see cms/src/extensions/publication/site-rebuilds.ts).
 * Requests are debounced per site, so a burst of publishes gives one build per site; a build goes
 * to a fresh folder and is swapped in only when it succeeds, so a failed build is reported and the
 * previous site keeps serving. Each site also answers /forhandsvisning/ (draft preview, behind a
 * signed, expiring link from the CMS's Preview button: draft-preview.ts).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { counties } from '@lansportalen/shared/counties';
import { PREVIEW_SECRET_NAME } from '@lansportalen/shared/preview';
import { createDraftPreviews } from './draft-preview';
import { serveDirectory, type StaticServer } from './serve';
import { buildSite, siteDir } from './sites';

export interface LiveSitesOptions {
  cmsUrl: string;
  /** Port of a site: its siteUrl's port by default; 0 for any free port (tests). */
  sitePort?: (slug: string) => number;
  /** Where builds go; defaults to sites/<slug>/.live/. */
  buildRoot?: (slug: string) => string;
  debounceMs?: number;
  /** Draft preview builds at once over all sites (default 1). */
  previewConcurrency?: number;
  log?: (message: string) => void;
}

export interface SiteEvent {
  slug: string;
  kind: 'built' | 'failed' | 'preview-built' | 'preview-failed';
  seconds: number;
  error?: string;
}

const requestSchema = z.object({ counties: z.array(z.string()).min(1), reason: z.string().optional() });

export async function createLiveSites(options: LiveSitesOptions) {
  const log = options.log ?? ((message: string) => console.log(message));
  const debounceMs = options.debounceMs ?? 1500;
  const secret = crypto.randomBytes(16).toString('hex');
  // The CMS's secret when this process was given one (a CMS started separately), else one per run.
  const previewSecret = process.env[PREVIEW_SECRET_NAME] || crypto.randomBytes(24).toString('hex');
  const current = new Map<string, string>();
  const servers = new Map<string, StaticServer>();
  const listeners: ((event: SiteEvent) => void)[] = [];
  const state = new Map<string, { timer?: NodeJS.Timeout; building?: Promise<void>; again: boolean; generation: number }>();

  const buildRoot = (slug: string) => options.buildRoot?.(slug) ?? path.join(siteDir(slug), '.live');
  const previews = createDraftPreviews({
    cmsUrl: options.cmsUrl,
    secret: previewSecret,
    buildRoot,
    concurrency: options.previewConcurrency,
    log,
    onBuild: (event) => listeners.forEach((l) => l(event)),
  });

  async function build(slug: string): Promise<void> {
    const site = state.get(slug)!;
    site.generation += 1;
    const outDir = path.join(buildRoot(slug), String(site.generation));
    fs.rmSync(outDir, { recursive: true, force: true });
    try {
      const { seconds } = await buildSite(slug, { cmsUrl: options.cmsUrl, outDir });
      const previous = current.get(slug);
      current.set(slug, outDir);
      if (previous && previous.startsWith(buildRoot(slug))) fs.rmSync(previous, { recursive: true, force: true });
      log(`${slug}: rebuilt in ${seconds.toFixed(1)} s`);
      listeners.forEach((l) => l({ slug, kind: 'built', seconds }));
    } catch (error) {
      fs.rmSync(outDir, { recursive: true, force: true });
      const message = (error as Error).message;
      log(`${slug}: rebuild FAILED, the previous version stays online.\n${message}`);
      listeners.forEach((l) => l({ slug, kind: 'failed', seconds: 0, error: message }));
    }
  }

  function schedule(slug: string): void {
    const site = state.get(slug);
    if (!site) return;
    clearTimeout(site.timer);
    site.timer = setTimeout(() => {
      site.timer = undefined;
      if (site.building) {
        site.again = true;
        return;
      }
      site.building = build(slug).finally(() => {
        site.building = undefined;
        if (site.again) {
          site.again = false;
          schedule(slug);
        }
      });
    }, debounceMs);
  }

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
      const known = parsed.data.counties.filter((slug) => state.has(slug));
      log(`Rebuild requested for ${known.join(', ')} (${parsed.data.reason ?? 'no reason given'})`);
      known.forEach(schedule);
      response.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ scheduled: known }));
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as AddressInfo;

  return {
    /** Builds every site once and serves it; rebuild requests count from then on. */
    async start() {
      for (const county of counties) {
        state.set(county.slug, { again: false, generation: 0 });
        fs.mkdirSync(buildRoot(county.slug), { recursive: true });
        await build(county.slug);
        if (!current.has(county.slug)) throw new Error(`${county.name}: the first build failed`);
        const port = options.sitePort?.(county.slug) ?? Number(new URL(county.siteUrl).port);
        servers.set(county.slug, await serveDirectory(() => current.get(county.slug)!, port, '127.0.0.1', previews.route(county.slug)));
      }
    },
    /** What the CMS needs in its environment to notify this builder. */
    cmsEnv: { SITE_REBUILD_URL: `http://127.0.0.1:${port}/rebuild`, SITE_REBUILD_SECRET: secret, [PREVIEW_SECRET_NAME]: previewSecret },
    siteUrl: (slug: string) => servers.get(slug)!.url,
    onEvent: (listener: (event: SiteEvent) => void) => listeners.push(listener),
    /** Resolves once no rebuild is waiting or running. */
    async idle() {
      const busy = () => [...state.values()].some((site) => site.timer || site.building || site.again);
      while (busy()) await new Promise((resolve) => setTimeout(resolve, 100));
    },
    async close() {
      for (const site of state.values()) clearTimeout(site.timer);
      await Promise.all([...state.values()].map((s) => s.building));
      await previews.idle();
      await Promise.all([...servers.values()].map((s) => s.close()));
      await new Promise((resolve) => receiver.close(resolve));
    },
  };
}
