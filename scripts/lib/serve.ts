/** A small static file server for built sites: directory index, 404.html, correct content types. */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.ics': 'text/calendar; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/** Answers a request itself (true), or leaves it to the static files (false). */
export type RouteHandler = (request: http.IncomingMessage, response: http.ServerResponse) => Promise<boolean> | boolean;

/**
 * Serves `root()` (read on every request, so a rebuilt site is served at once) on `port` (0: any
 * free port); `route` may answer some requests itself first.
 */
export function serveDirectory(root: () => string, port = 0, host = '127.0.0.1', route?: RouteHandler): Promise<StaticServer> {
  const server = http.createServer(async (request, response) => {
    if (route && (await route(request, response))) return;
    const dir = root();
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    let file = path.normalize(path.join(dir, pathname));
    if (!file.startsWith(dir)) {
      response.writeHead(403).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
      if (!pathname.endsWith('/')) {
        response.writeHead(301, { location: `${pathname}/` }).end();
        return;
      }
      file = path.join(file, 'index.html');
    }
    const found = fs.existsSync(file) && fs.statSync(file).isFile();
    const target = found ? file : path.join(dir, '404.html');
    const status = found ? 200 : 404;
    if (!fs.existsSync(target)) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Sidan finns inte');
      return;
    }
    response.writeHead(status, { 'content-type': types[path.extname(target)] ?? 'application/octet-stream' });
    fs.createReadStream(target).pipe(response);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address() as AddressInfo;
      resolve({
        url: `http://${host}:${actual}`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
