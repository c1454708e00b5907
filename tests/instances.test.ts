/**
 * Two CMS processes on one PostgreSQL database: the minute-by-minute alert job (alertTimer in
 * cms/src/extensions/publication/site-rebuilds.ts) must notify each alert start or expiry once in
 * total, not once per process. The first CMS runs in this process, the second is a child process.
 */
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootCms, cmsDir, type TestCms } from './support/cms';
import { databaseClient } from './support/database';

const REASON = 'alert started or expired';
const tasks = () => (createRequire(import.meta.url)(path.join(cmsDir, 'dist/config/cron-tasks.js')) as typeof import('../cms/config/cron-tasks')).default;

describe.skipIf(databaseClient !== 'postgres')('two CMS instances on one PostgreSQL database (skipped on SQLite: one process only)', () => {
  let cms: TestCms;
  let child: ChildProcess;
  let receiver: http.Server;
  const notifications: { counties: string[]; reason: string }[] = [];

  const waitFor = (predicate: (message: Record<string, unknown>) => boolean) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const onMessage = (message: Record<string, unknown>) => {
        if (message['error']) reject(new Error(String(message['error'])));
        else if (predicate(message)) {
          child.off('message', onMessage);
          resolve(message);
        }
      };
      child.on('message', onMessage);
      child.once('exit', (code) => reject(new Error(`the second CMS exited (${code})`)));
    });

  /** The alert job on both instances at once, then a moment for the notifications to arrive. */
  async function runOnBoth(): Promise<void> {
    const childDone = waitFor((m) => m['done'] === true);
    child.send({ run: 'alertWindows' });
    await Promise.all([tasks().alertWindows.task({ strapi: cms.strapi }), childDone]);
    await new Promise((r) => setTimeout(r, 500));
  }
  const alertNotifications = () => notifications.filter((n) => n.reason === REASON);

  beforeAll(async () => {
    receiver = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        notifications.push(JSON.parse(body));
        response.end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const rebuildUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/rebuild`;
    const env = { SITE_REBUILD_URL: rebuildUrl, SITE_REBUILD_SECRET: 'test-secret' };
    cms = await bootCms({ env });
    child = fork(path.join(import.meta.dirname, 'support/cms-child.ts'), [cmsDir], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, ...env, PORT: '0' },
    });
    await waitFor((m) => m['ready'] === true);
  });

  afterAll(async () => {
    if (child) {
      const exited = new Promise((r) => child.once('exit', r));
      child.disconnect();
      await exited;
    }
    await cms?.stop();
    receiver?.close();
  });

  it('notifies an alert start and its expiry once each, whichever instance runs the job', async () => {
    const county = await cms.strapi.documents('api::county.county').findFirst({ filters: { slug: { $eq: 'dalarna' } } });
    const startsAt = Date.now() + 2000;
    await cms.strapi.documents('api::alert.alert').create({
      data: {
        title: 'Eldningsförbud',
        slug: 'eldningsforbud-dalarna',
        body: 'Det råder eldningsförbud i hela länet.',
        severity: 'danger',
        validFrom: new Date(startsAt).toISOString(),
        validUntil: new Date(startsAt + 2000).toISOString(),
        owner: { set: [{ documentId: county!.documentId }] },
        shownOnAllSites: false,
      } as never,
      status: 'published',
    });

    await new Promise((r) => setTimeout(r, startsAt + 500 - Date.now()));
    await runOnBoth();
    expect(alertNotifications()).toEqual([{ counties: ['dalarna'], reason: REASON }]);

    await new Promise((r) => setTimeout(r, startsAt + 2500 - Date.now()));
    await runOnBoth();
    await runOnBoth();
    expect(alertNotifications()).toEqual([
      { counties: ['dalarna'], reason: REASON },
      { counties: ['dalarna'], reason: REASON },
    ]);
  });
});
