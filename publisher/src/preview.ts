/**
 * The county sites' preview route, GET /forhandsvisning/?path=/nyheter/x/&token=…: the draft
 * version of one page, for the editor the CMS gave the link to (tokens: @lansportalen/shared/preview).
 * A token is refused (403) unless it is signed with PREVIEW_SECRET, unexpired, for this site's
 * county and for exactly this page. Drafts are rendered by a build of the whole site with the
 * secret; a build is kept until a token names a draft version it does not show, so repeated hits
 * (and every other draft that build already shows) cost no build. Builds of one site are
 * coalesced, at most `concurrency` run at once over all sites, and a draft version whose build
 * failed is not built again for `retrySeconds` (429 with Retry-After).
 */
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { PREVIEW_ROUTE, PREVIEW_SECRET_NAME, previewTokens, type PreviewClaims } from '@lansportalen/shared/preview';
import { buildSite } from './renderer';

export interface DraftPreviewOptions {
  cmsUrl: string;
  secret: string;
  /** The folder under which a site's draft builds go. */
  buildRoot: (slug: string) => string;
  /** Draft builds at once over all sites (default 1). */
  concurrency?: number;
  /** After a failed build, seconds before the same draft version may be built again (default 30). */
  retrySeconds?: number;
  log: (message: string) => void;
  onBuild: (event: { slug: string; kind: 'preview-built' | 'preview-failed'; seconds: number; error?: string }) => void;
}

interface Batch {
  keys: Set<string>;
  done: Promise<string>;
}

interface SitePreviews {
  /** The latest successful draft build, and the one before (requests may still be reading it). */
  dir?: string;
  previousDir?: string;
  /** The draft versions that `dir` shows (it shows these or newer ones). */
  shown: Set<string>;
  running?: Batch;
  next?: Batch;
  generation: number;
}

class TooSoon extends Error {
  constructor(readonly retryAfter: number) {
    super(`retry after ${retryAfter} s`);
  }
}

// The token is in the address: never cached, indexed, or sent on as a referrer.
const headers = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-robots-tag': 'noindex', 'referrer-policy': 'no-referrer' };
const swedishPage = (title: string, text: string) =>
  `<!doctype html><html lang="sv"><meta charset="utf-8"><meta name="robots" content="noindex"><title>${title}</title><h1>${title}</h1><p>${text}</p></html>`;
const refusals = {
  expired: swedishPage('Länken har gått ut', 'Förhandsvisningslänkar gäller en kort tid. Öppna förhandsvisningen igen från CMS:et.'),
  other: swedishPage('Ingen åtkomst', 'Förhandsvisningen kräver en giltig länk från CMS:et, för den här sidan på den här webbplatsen.'),
};

/** One draft version: the cache key of a render. */
const versionOf = (claims: PreviewClaims) => [claims.county, claims.uid, claims.documentId, claims.updatedAt ?? 'none'].join('|');

export function createDraftPreviews(options: DraftPreviewOptions) {
  const tokens = previewTokens(options.secret);
  const concurrency = options.concurrency ?? 1;
  const retryMs = (options.retrySeconds ?? 30) * 1000;
  const sites = new Map<string, SitePreviews>();
  const failedAt = new Map<string, number>();
  const waiting: (() => void)[] = [];
  let active = 0;

  const site = (slug: string) => {
    if (!sites.has(slug)) sites.set(slug, { shown: new Set(), generation: 0 });
    return sites.get(slug)!;
  };

  async function withSlot<T>(work: () => Promise<T>): Promise<T> {
    while (active >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    active += 1;
    try {
      return await work();
    } finally {
      active -= 1;
      waiting.shift()?.();
    }
  }

  async function build(slug: string, keys: Set<string>): Promise<string> {
    const state = site(slug);
    state.generation += 1;
    const outDir = path.join(options.buildRoot(slug), `preview-${state.generation}`);
    fs.rmSync(outDir, { recursive: true, force: true });
    try {
      const { seconds } = await buildSite(slug, { cmsUrl: options.cmsUrl, outDir, env: { [PREVIEW_SECRET_NAME]: options.secret } });
      if (state.previousDir) fs.rmSync(state.previousDir, { recursive: true, force: true });
      state.previousDir = state.dir;
      state.dir = outDir;
      state.shown = new Set([...state.shown, ...keys]);
      options.log(`${slug}: draft preview built in ${seconds.toFixed(1)} s`);
      options.onBuild({ slug, kind: 'preview-built', seconds });
      return outDir;
    } catch (error) {
      fs.rmSync(outDir, { recursive: true, force: true });
      for (const key of keys) failedAt.set(key, Date.now());
      const message = (error as Error).message;
      options.log(`${slug}: preview build FAILED\n${message}`);
      options.onBuild({ slug, kind: 'preview-failed', seconds: 0, error: message });
      throw error;
    }
  }

  /** The folder of a draft build that shows this draft version: the kept one, one under way, or the next. */
  function render(slug: string, key: string): Promise<string> {
    const state = site(slug);
    if (state.dir && state.shown.has(key)) return Promise.resolve(state.dir);
    const joined = [state.running, state.next].find((batch) => batch?.keys.has(key));
    if (joined) return joined.done;
    const failed = failedAt.get(key);
    if (failed !== undefined && Date.now() - failed < retryMs) {
      return Promise.reject(new TooSoon(Math.ceil((failed + retryMs - Date.now()) / 1000)));
    }
    if (!state.next) {
      const batch: Batch = { keys: new Set(), done: Promise.resolve('') };
      const before = state.running?.done.catch(() => undefined) ?? Promise.resolve();
      batch.done = before.then(() =>
        withSlot(async () => {
          // From here on, draft versions asked for go to a new batch: this one's build reads the CMS now.
          state.running = batch;
          if (state.next === batch) state.next = undefined;
          try {
            return await build(slug, batch.keys);
          } finally {
            if (state.running === batch) state.running = undefined;
          }
        }),
      );
      state.next = batch;
    }
    state.next.keys.add(key);
    return state.next.done;
  }

  /** The preview route of one county's site (a serveDirectory route handler). */
  function route(slug: string) {
    return async (request: http.IncomingMessage, response: http.ServerResponse): Promise<boolean> => {
      const url = new URL(request.url ?? '/', 'http://x');
      if (url.pathname !== PREVIEW_ROUTE && url.pathname !== PREVIEW_ROUTE.replace(/\/$/, '')) return false;
      const pagePath = url.searchParams.get('path') ?? '';
      const verdict = tokens.verify(url.searchParams.get('token') ?? '', { county: slug, path: pagePath });
      if (!verdict.ok) {
        response.writeHead(403, headers).end(verdict.reason === 'expired' ? refusals.expired : refusals.other);
        return true;
      }
      try {
        const dir = await render(slug, versionOf(verdict.claims));
        const file = path.join(dir, pagePath, pagePath.endsWith('/') ? 'index.html' : '');
        const found = file.startsWith(dir + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile();
        response.writeHead(found ? 200 : 404, headers).end(fs.readFileSync(found ? file : path.join(dir, '404.html')));
      } catch (error) {
        if (error instanceof TooSoon) {
          response
            .writeHead(429, { ...headers, 'retry-after': String(error.retryAfter) })
            .end(swedishPage('Försök igen om en stund', `Förhandsvisningen kunde inte byggas nyss. Försök igen om ${error.retryAfter} sekunder.`));
        } else {
          response
            .writeHead(500, headers)
            .end(swedishPage('Förhandsvisningen misslyckades', 'Förhandsvisningen kunde inte byggas. Kontrollera utkastet och försök igen.'));
        }
      }
      return true;
    };
  }

  return {
    route,
    /** Resolves once no draft build is running or waiting. */
    async idle() {
      await Promise.all([...sites.values()].flatMap((s) => [s.running?.done, s.next?.done]).map((p) => p?.catch(() => undefined)));
    },
  };
}
