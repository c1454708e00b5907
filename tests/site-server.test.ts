/**
 * The site server (publisher/src/server.ts) on a small site folder: no request ends it (malformed
 * URLs, paths out of the folder, a route handler that throws), every response carries the site's
 * headers (shared/src/site/headers.ts), ETags give 304s, precompressed copies are sent when the
 * client accepts them, and a miss gets 404.html.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDirectory, type StaticServer } from '@lansportalen/publisher';
import { headersFile, immutableCache, securityHeaders } from '../shared/src/site/headers';

let dir: string;
let server: StaticServer;
const logged: string[] = [];

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A raw HTTP request: the path is sent exactly as given (no normalising of "..", no re-encoding). */
function request(rawPath: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path: rawPath, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const page = (title: string) => `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>${title}</title></head><body><p>${title}</p></body></html>`;
const css = `body{color:#111}${'.x{margin:0}'.repeat(200)}`;

function expectSiteHeaders(answer: Answer, what: string) {
  for (const [name, value] of Object.entries(securityHeaders())) expect(answer.headers[name.toLowerCase()], `${what}: ${name}`).toBe(value);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lansportalen-serve-'));
  fs.mkdirSync(path.join(dir, 'natverk'));
  fs.mkdirSync(path.join(dir, '_astro'));
  fs.writeFileSync(path.join(dir, 'index.html'), page('Start'));
  fs.writeFileSync(path.join(dir, '404.html'), page('Sidan finns inte'));
  fs.writeFileSync(path.join(dir, 'natverk', 'index.html'), page('Nätverk'));
  fs.writeFileSync(path.join(dir, '_astro', 'site.abc123.css'), css);
  fs.writeFileSync(path.join(dir, '_astro', 'site.abc123.css.br'), zlib.brotliCompressSync(css));
  fs.writeFileSync(path.join(dir, '_astro', 'site.abc123.css.gz'), zlib.gzipSync(css));
  const route = (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (req.url?.startsWith('/kastar-senare')) return Promise.reject(new Error('the route handler failed later'));
    if (req.url?.startsWith('/kastar')) throw new Error('the route handler failed');
    if (!req.url?.startsWith('/forhandsvisning')) return false;
    res.writeHead(403, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(page('Ingen åtkomst'));
    return true;
  };
  server = await serveDirectory(() => dir, 0, '127.0.0.1', route, (message) => logged.push(message));
});
afterAll(async () => {
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the site server', () => {
  it('answers a malformed URL with 400 and keeps serving', async () => {
    for (const bad of ['/%E0%A4%A', '/%', '/%zz', '/natverk/%C0']) {
      const answer = await request(bad);
      expect(answer.status, bad).toBe(400);
      expectSiteHeaders(answer, bad);
    }
    const after = await request('/');
    expect(after.status).toBe(200);
    expect(after.body.toString()).toContain('<title>Start</title>');
  });

  it('refuses paths out of the site folder', async () => {
    fs.writeFileSync(path.join(path.dirname(dir), 'secret-next-to-site.txt'), 'root:x:0:0');
    try {
      for (const escape of ['/..%2f..%2fetc/passwd', '/%2e%2e/', '/%2e%2e/secret-next-to-site.txt', '/../secret-next-to-site.txt', '/..%5csecret-next-to-site.txt', '/natverk/%00']) {
        const answer = await request(escape);
        expect(answer.status, escape).toBe(400);
        expect(answer.body.toString(), escape).not.toContain('root:');
      }
    } finally {
      fs.rmSync(path.join(path.dirname(dir), 'secret-next-to-site.txt'));
    }
    expect((await request('/')).status).toBe(200);
  });

  it('sends every site header on 200, 301, 304, 400, 404, 405 and the route handler answers', async () => {
    const ok = await request('/natverk/');
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toBe('text/html;charset=utf-8');
    expect(ok.headers['cache-control']).toBe('no-cache');
    const etag = String((await request('/')).headers.etag);
    const answers: [string, number, Answer][] = [
      ['/', 200, await request('/')],
      ['/natverk', 301, await request('/natverk')],
      ['/ with If-None-Match', 304, await request('/', { 'if-none-match': etag })],
      ['/%E0%A4%A', 400, await request('/%E0%A4%A')],
      ['/finns-inte/', 404, await request('/finns-inte/')],
      ['POST /', 405, await request('/', {}, 'POST')],
      ['/forhandsvisning/', 403, await request('/forhandsvisning/?path=/')],
    ];
    for (const [what, status, answer] of answers) {
      expect(answer.status, what).toBe(status);
      expectSiteHeaders(answer, what);
    }
    // The route handler's own headers win where it sets them.
    expect(answers[6]![2].headers['cache-control']).toBe('no-store');
  });

  it('serves 404.html for a missing page', async () => {
    const answer = await request('/den-har-sidan-finns-inte/');
    expect(answer.status).toBe(404);
    expect(answer.body.toString()).toContain('<title>Sidan finns inte</title>');
  });

  it('redirects a folder without its slash to the folder, on this site only', async () => {
    expect((await request('/natverk?x=1')).headers.location).toBe('/natverk/?x=1');
    // "//natverk" must not become a protocol-relative redirect to a host called natverk.
    expect((await request('//natverk')).headers.location).toBe('/natverk/');
  });

  it('gives an ETag and answers If-None-Match with 304', async () => {
    const first = await request('/natverk/');
    expect(first.headers.etag).toMatch(/^W\/".+"$/);
    const again = await request('/natverk/', { 'if-none-match': first.headers.etag! });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it('sends the precompressed copy the client accepts, and caches hashed assets for a year', async () => {
    const br = await request('/_astro/site.abc123.css', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.headers['cache-control']).toBe(immutableCache);
    expect(zlib.brotliDecompressSync(br.body).toString()).toBe(css);
    const gzip = await request('/_astro/site.abc123.css', { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gzip.body).toString()).toBe(css);
    const identity = await request('/_astro/site.abc123.css');
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.body.toString()).toBe(css);
    expectSiteHeaders(br, 'brotli');
  });

  it('answers 500 when the route handler throws, logs it, and keeps serving', async () => {
    for (const failing of ['/kastar', '/kastar-senare']) {
      const answer = await request(failing);
      expect(answer.status, failing).toBe(500);
      expectSiteHeaders(answer, failing);
    }
    expect(logged.filter((line) => line.includes('the route handler failed'))).toHaveLength(2);
    expect((await request('/')).status).toBe(200);
  });

  it('writes the same headers into _headers for a CDN', () => {
    const file = headersFile();
    expect(file).toMatch(/^\/\*$/m);
    for (const [name, value] of Object.entries(securityHeaders())) expect(file).toContain(`  ${name}: ${value}\n`);
    expect(file).toContain(`/_astro/*\n  Cache-Control: ${immutableCache}\n`);
  });
});
