/** Receives the CMS's site rebuild notifications over HTTP, as `npm start` receives them. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestCms } from './cms';

export interface RebuildReceiver {
  /** The counties the CMS asked to rebuild while `action` ran (notifications arrive asynchronously). */
  rebuiltBy(action: () => Promise<unknown>): Promise<string[]>;
  close(): void;
}

export async function receiveRebuilds(cms: TestCms): Promise<RebuildReceiver> {
  const rebuilds: string[][] = [];
  const receiver = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      rebuilds.push((JSON.parse(body) as { counties: string[] }).counties);
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  cms.strapi.config.set('lansportalen.siteRebuild', { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/rebuild`, secret: '' });
  return {
    async rebuiltBy(action) {
      const from = rebuilds.length;
      await action();
      await new Promise((r) => setTimeout(r, 300));
      return [...new Set(rebuilds.slice(from).flat())].sort();
    },
    close: () => receiver.close(),
  };
}
