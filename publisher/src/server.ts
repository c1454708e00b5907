/**
 * The server of built county sites (`npm start`, and the tests): sirv serves the files, with their
 * precompressed .br/.gz copies, ETags and 304s; every response carries the site's headers
 * (shared/src/site/headers.ts); a miss gets 404.html. No request can end the process: a malformed
 * or escaping path gets 400, and an error in a route handler or while sending gets 500 and a log line.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Readable } from 'node:stream';
import sirv from 'sirv';
import { headersFor } from '../../shared/src/site/headers';

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/** Answers a request itself (true), or leaves it to the static files (false). */
export type RouteHandler = (request: http.IncomingMessage, response: http.ServerResponse) => Promise<boolean> | boolean;

/** Text types sirv would send without a charset. */
const textTypes: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.ics': 'text/calendar; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

function plain(response: http.ServerResponse, status: number, text: string, headers: http.OutgoingHttpHeaders = {}): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers }).end(text);
}

/** The decoded path of a request, or why it is refused (malformed encoding, a ".." segment, NUL, backslash). */
function requestPath(url: string): { raw: string; decoded: string } | undefined {
  const raw = url.split(/[?#]/, 1)[0]!;
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  if (!decoded.startsWith('/') || /[\0\\]/.test(decoded) || decoded.split('/').includes('..')) return undefined;
  return { raw, decoded };
}

/** sirv for one site folder; the folder's 404.html answers what it does not have. */
function staticFiles(dir: string) {
  return sirv(dir, {
    // Looks files up per request instead of listing the folder once: a build may replace them.
    dev: true,
    etag: true,
    gzip: true,
    brotli: true,
    extensions: ['html'],
    setHeaders: (response, pathname) => {
      const type = textTypes[path.extname(pathname)];
      if (type) response.setHeader('Content-Type', type);
    },
    onNoMatch: (_request, response) => {
      const page = path.join(dir, '404.html');
      if (!fs.existsSync(page)) return plain(response, 404, 'Sidan finns inte');
      response.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end(fs.readFileSync(page));
    },
  });
}

/**
 * Serves `root()` (read on every request, so a rebuilt site is served at once) on `port` (0: any
 * free port); `route` may answer some requests itself first.
 */
export function serveDirectory(
  root: () => string,
  port = 0,
  host = '127.0.0.1',
  route?: RouteHandler,
  log: (message: string) => void = (message) => console.error(message),
): Promise<StaticServer> {
  let files: { dir: string; serve: ReturnType<typeof sirv> } | undefined;

  async function handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const target = requestPath(request.url ?? '/');
    for (const [name, value] of Object.entries(headersFor(target?.decoded ?? '/'))) response.setHeader(name, value);
    if (!target) return plain(response, 400, 'Ogiltig adress');
    if (route && (await route(request, response))) return;
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(response, 405, 'Metoden stöds inte', { allow: 'GET, HEAD' });

    const dir = root();
    if (files?.dir !== dir) files = { dir, serve: staticFiles(dir) };
    // A folder is addressed with its trailing slash, as in the sitemap and the canonical URLs.
    if (!target.decoded.endsWith('/') && !path.extname(target.decoded)) {
      const folder = path.join(dir, target.decoded);
      if (fs.existsSync(folder) && fs.statSync(folder).isDirectory()) {
        const query = request.url!.slice(target.raw.length);
        return void response.writeHead(301, { location: `/${target.raw.replace(/^\/+/, '')}/${query}` }).end();
      }
    }
    // sirv pipes a file stream into the response; a file removed meanwhile must not become an uncaught error.
    response.once('pipe', (source: Readable) =>
      source.once('error', (error) => {
        log(`site server: ${request.url}: ${error.message}`);
        response.destroy();
      }),
    );
    files.serve(request, response);
  }

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log(`site server: ${request.method} ${request.url} failed: ${(error as Error)?.stack ?? String(error)}`);
      if (response.headersSent) response.destroy();
      else plain(response, 500, 'Ett fel uppstod på servern');
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address() as AddressInfo;
      resolve({
        url: `http://${host}:${actual}`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
