/**
 * The county sites' preview route, GET /forhandsvisning/?path=/nyheter/x/&token=…: the draft
 * version of one page, for the editor the CMS gave the link to (tokens: @lansportalen/shared/preview).
 * A token is refused (403) unless it is signed with PREVIEW_SECRET, unexpired, for this site's
 * county and for exactly this page. The page is rendered on request, and only that page, by the
 * county's preview renderer: the same server bundle as its live renderer, in a process of its own
 * whose environment has the secret (live-renderer.ts), started with the publisher (`warm`) or on
 * the county's first preview, and stopped after `idleSeconds` unused. Each render asks the CMS afresh, so it shows the latest draft; nothing is written to disk.
 * Simultaneous requests for one draft version share one render, and a draft version whose render
 * failed is not rendered again for `retrySeconds` (429 with Retry-After). (docs/decisions.md,
 * "Instant preview".)
 */
import type http from 'node:http';
import { PREVIEW_ROUTE, previewTokens, type PreviewClaims } from '@lansportalen/shared/preview';
import { lazyRenderers, startSiteRenderer } from './live-renderer';
import type { RenderedPage } from './render-worker';

export interface DraftPreviewOptions {
  cmsUrl: string;
  secret: string;
  /** After a failed render, seconds before the same draft version may be rendered again (default 30). */
  retrySeconds?: number;
  /** Seconds a county's preview renderer may stay unused before it is stopped (default 1,800). */
  idleSeconds?: number;
  log: (message: string) => void;
  onRender: (event: { slug: string; kind: 'preview-rendered' | 'preview-failed'; seconds: number; error?: string }) => void;
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

/** One draft version of one page: the key of a render. */
const versionOf = (claims: PreviewClaims) => [claims.county, claims.path, claims.uid, claims.documentId, claims.updatedAt ?? 'none'].join('|');

export function createDraftPreviews(options: DraftPreviewOptions) {
  const tokens = previewTokens(options.secret);
  const retryMs = (options.retrySeconds ?? 30) * 1000;
  const renderers = lazyRenderers((slug) => startSiteRenderer(slug, options.cmsUrl, { previewSecret: options.secret }), {
    idleMs: (options.idleSeconds ?? 1800) * 1000,
  });
  const running = new Map<string, Promise<RenderedPage>>();
  const failedAt = new Map<string, number>();

  async function renderNow(slug: string, key: string, pagePath: string): Promise<RenderedPage> {
    const started = performance.now();
    try {
      const page = await renderers.use(slug, (renderer) => renderer.renderPage(pagePath));
      const seconds = (performance.now() - started) / 1000;
      options.log(`${slug}: draft preview of ${pagePath} rendered in ${(seconds * 1000).toFixed(0)} ms`);
      options.onRender({ slug, kind: 'preview-rendered', seconds });
      return page;
    } catch (error) {
      failedAt.set(key, Date.now());
      const message = (error as Error).message;
      options.log(`${slug}: draft preview of ${pagePath} FAILED\n${message}`);
      options.onRender({ slug, kind: 'preview-failed', seconds: 0, error: message });
      throw error;
    }
  }

  /** The draft page: the render under way for this draft version, or a new one. */
  function render(slug: string, claims: PreviewClaims): Promise<RenderedPage> {
    const key = versionOf(claims);
    const joined = running.get(key);
    if (joined) return joined;
    const failed = failedAt.get(key);
    if (failed !== undefined && Date.now() - failed < retryMs) {
      return Promise.reject(new TooSoon(Math.ceil((failed + retryMs - Date.now()) / 1000)));
    }
    const page = renderNow(slug, key, claims.path).finally(() => running.delete(key));
    running.set(key, page);
    return page;
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
        const page = await render(slug, verdict.claims);
        response.writeHead(page.status, headers).end(page.html);
      } catch (error) {
        if (error instanceof TooSoon) {
          response
            .writeHead(429, { ...headers, 'retry-after': String(error.retryAfter) })
            .end(swedishPage('Försök igen om en stund', `Förhandsvisningen kunde inte visas nyss. Försök igen om ${error.retryAfter} sekunder.`));
        } else {
          response
            .writeHead(500, headers)
            .end(swedishPage('Förhandsvisningen misslyckades', 'Förhandsvisningen kunde inte visas. Kontrollera utkastet och försök igen.'));
        }
      }
      return true;
    };
  }

  return {
    route,
    /** Starts the counties' preview renderers ahead of their first preview; a failure is logged, and the first preview tries again. */
    async warm(slugs: readonly string[]) {
      await Promise.all(slugs.map((slug) => renderers.warm(slug).catch((error: Error) => options.log(`${slug}: preview renderer not started: ${error.message}`))));
    },
    /** The counties whose preview renderer runs (or starts) now. */
    running: () => renderers.running(),
    /** Waits for the renders under way, then stops every county's preview renderer. */
    async close() {
      await Promise.all([...running.values()].map((page) => page.catch(() => undefined)));
      await renderers.close();
    },
  };
}
