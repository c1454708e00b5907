/**
 * Live county sites: serves each built site and rebuilds it when the CMS says its content
 * changed (POST /rebuild { counties: [...] }, see cms/src/extensions/publication/site-rebuilds.ts).
 * Requests are debounced per site, so a burst of publishes gives one build per site; a build goes
 * to a fresh folder and is swapped in only when it succeeds, so a failed build is reported and the
 * previous site keeps serving. Each site also answers /forhandsvisning/ (draft preview, behind an
 * HMAC token from the CMS's Preview button) with a build of the site's latest drafts.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { counties } from '@lansportalen/shared/counties';
import { serveDirectory, type StaticServer } from './serve';
import { buildSite, siteDir } from './sites';

/** The preview route's token for a path: the same HMAC the CMS puts in the Preview button's URL. */
const previewToken = (secret: string, pagePath: string) => crypto.createHmac('sha256', secret).update(pagePath).digest('hex');

export interface LiveSitesOptions {
  cmsUrl: string;
  /** Port of a site: its siteUrl's port by default; 0 for any free port (tests). */
  sitePort?: (slug: string) => number;
  /** Where builds go; defaults to sites/<slug>/.live/. */
  buildRoot?: (slug: string) => string;
  debounceMs?: number;
  log?: (message: string) => void;
}

export interface SiteEvent {
  slug: string;
  kind: 'built' | 'failed';
  seconds: number;
  error?: string;
}

const requestSchema = z.object({ counties: z.array(z.string()).min(1), reason: z.string().optional() });

export async function createLiveSites(options: LiveSitesOptions) {
  const log = options.log ?? ((message: string) => console.log(message));
  const debounceMs = options.debounceMs ?? 1500;
  const secret = crypto.randomBytes(16).toString('hex');
  const previewSecret = crypto.randomBytes(24).toString('hex');
  const previews = new Map<string, Promise<string>>();
  const current = new Map<string, string>();
  const servers = new Map<string, StaticServer>();
  const listeners: ((event: SiteEvent) => void)[] = [];
  const state = new Map<string, { timer?: NodeJS.Timeout; building?: Promise<void>; again: boolean; generation: number }>();

  const buildRoot = (slug: string) => options.buildRoot?.(slug) ?? path.join(siteDir(slug), '.live');

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

  /** Builds the site with drafts into its preview folder (one build at a time per site). */
  function buildPreview(slug: string): Promise<string> {
    const running = previews.get(slug);
    const next = (running ?? Promise.resolve('')).catch(() => '').then(async () => {
      const outDir = path.join(buildRoot(slug), 'preview');
      fs.rmSync(outDir, { recursive: true, force: true });
      await buildSite(slug, { cmsUrl: options.cmsUrl, outDir, env: { CMS_PREVIEW_SECRET: previewSecret } });
      return outDir;
    });
    previews.set(slug, next);
    return next;
  }

  /** GET /forhandsvisning/?path=/evenemang/x/&token=…: the draft version of one page. */
  function previewRoute(slug: string) {
    return async (request: http.IncomingMessage, response: http.ServerResponse): Promise<boolean> => {
      const url = new URL(request.url ?? '/', 'http://x');
      if (!url.pathname.startsWith('/forhandsvisning')) return false;
      const pagePath = url.searchParams.get('path') ?? '';
      const token = url.searchParams.get('token') ?? '';
      const expected = previewToken(previewSecret, pagePath);
      const headers = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-robots-tag': 'noindex' };
      if (!pagePath.startsWith('/') || pagePath.includes('..') || token.length !== expected.length || !crypto.timingSafeEqual(Buffer.from(token), Buffer.from(expected))) {
        response.writeHead(403, headers).end('<!doctype html><html lang="sv"><title>Ingen åtkomst</title><p>Förhandsvisningen kräver en giltig länk från CMS:et.</p></html>');
        return true;
      }
      try {
        const dir = await buildPreview(slug);
        const file = path.join(dir, pagePath, pagePath.endsWith('/') ? 'index.html' : '');
        const found = file.startsWith(dir) && fs.existsSync(file) && fs.statSync(file).isFile();
        response.writeHead(found ? 200 : 404, headers).end(fs.readFileSync(found ? file : path.join(dir, '404.html')));
      } catch (error) {
        log(`${slug}: preview build FAILED\n${(error as Error).message}`);
        response.writeHead(500, headers).end('<!doctype html><html lang="sv"><title>Förhandsvisningen misslyckades</title><p>Förhandsvisningen kunde inte byggas. Kontrollera utkastet och försök igen.</p></html>');
      }
      return true;
    };
  }

  return {
    /** Builds every site once and serves it; rebuild requests count from then on. */
    async start() {
      for (const county of counties) {
        state.set(county.slug, { again: false, generation: 0 });
        fs.mkdirSync(buildRoot(county.slug), { recursive: true });
        await build(county.slug);
        if (!current.has(county.slug)) throw new Error(`${county.name}: the first build failed`);
        const port = options.sitePort?.(county.slug) ?? Number(new URL(county.siteUrl).port);
        servers.set(county.slug, await serveDirectory(() => current.get(county.slug)!, port, '127.0.0.1', previewRoute(county.slug)));
      }
    },
    /** What the CMS needs in its environment to notify this builder. */
    cmsEnv: { SITE_REBUILD_URL: `http://127.0.0.1:${port}/rebuild`, SITE_REBUILD_SECRET: secret, PREVIEW_SECRET: previewSecret },
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
      await Promise.all([...servers.values()].map((s) => s.close()));
      await new Promise((resolve) => receiver.close(resolve));
    },
  };
}
