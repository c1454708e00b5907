/**
 * Render jobs through pg-boss (RENDER_QUEUE=postgres): two CMS instances on one PostgreSQL
 * database and one publisher. A burst of 20 publishes spread over both instances gives exactly
 * one render per affected county site, and an instance killed in the middle of its publishes loses
 * no job: every publish it committed reaches the site. A publisher killed in the middle of a
 * render loses no job either: the job expires (RENDER_EXPIRE_SECONDS) and the publisher started
 * after it renders it. The first CMS and publisher run in this process, the second CMS and the
 * killed publishers are child processes (support/cms-child.ts, support/publisher-child.ts).
 * Skipped on SQLite: one process only there.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counties } from '@lansportalen/shared/counties';
import { createLiveSites, pgBossQueue, type SiteEvent } from '@lansportalen/publisher';
import { RENDER_QUEUE_NAME } from '@lansportalen/shared/render-jobs';
import { bootCms, cmsDir, type TestCms } from './support/cms';
import { databaseClient } from './support/database';
import { publishSteps, type PublishStep } from './support/publish-steps';

/** Long enough for a whole burst to join the first job of each site. */
const DELAY_SECONDS = 15;
/** The render job's expiry in the last test: longer than a render of the seed under load. */
const EXPIRE_SECONDS = 40;

interface PublisherChild {
  process: ChildProcess;
  sites: Record<string, string>;
  events: SiteEvent[];
}

/** A publisher in its own process group (support/publisher-child.ts), once it renders from the queue. */
function startPublisher(root: string, cmsUrl: string): Promise<PublisherChild> {
  const child = fork(path.join(import.meta.dirname, 'support/publisher-child.ts'), [root], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, CMS_URL: cmsUrl },
    detached: true,
  });
  const events: SiteEvent[] = [];
  return new Promise((resolve, reject) => {
    child.on('message', (m: { ready?: boolean; sites?: Record<string, string>; event?: SiteEvent }) => {
      if (m.event) events.push(m.event);
      if (m.ready) resolve({ process: child, sites: m.sites!, events });
    });
    child.once('exit', (code, signal) => reject(new Error(`a publisher child exited before it was ready (${code ?? signal})`)));
  });
}

describe.skipIf(databaseClient !== 'postgres')('render jobs shared by two CMS instances through PostgreSQL (skipped on SQLite)', () => {
  let cms: TestCms;
  let child: ChildProcess;
  let live: Awaited<ReturnType<typeof createLiveSites>> | undefined;
  const publishers: PublisherChild[] = [];
  const events: SiteEvent[] = [];
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'queue-'));

  const docs = (uid: string) => cms.strapi.documents(`api::${uid}.${uid}` as never);
  const entries = async (uid: string, county: string) =>
    (await docs(uid).findMany({ filters: { owner: { slug: county } }, status: 'draft' } as never)) as unknown as { documentId: string; slug: string }[];
  const page = async (slug: string, pathname: string) => (await fetch(`${live!.siteUrl(slug)}${pathname}`)).text();
  const rendersPerSite = (from: number) =>
    Object.fromEntries(counties.map((c) => [c.slug, events.slice(from).filter((e) => e.slug === c.slug && e.kind === 'built').length]));

  /** Runs steps on the second instance; `onPublished` sees each publish it reports. */
  function publishOnChild(uid: string, steps: PublishStep[], onPublished: (lead: string) => void = () => undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      const onMessage = (message: Record<string, unknown>) => {
        if (typeof message['published'] === 'string') onPublished(message['published']);
        if (message['error']) reject(new Error(String(message['error'])));
        if (message['done'] || message['error']) child.off('message', onMessage);
        if (message['done']) resolve();
      };
      child.on('message', onMessage);
      child.send({ run: 'publish', uid: `api::${uid}.${uid}`, steps });
    });
  }

  beforeAll(async () => {
    cms = await bootCms({ env: { RENDER_QUEUE: 'postgres', RENDER_DELAY_SECONDS: String(DELAY_SECONDS) } });
    child = fork(path.join(import.meta.dirname, 'support/cms-child.ts'), [cmsDir], { execArgv: ['--import', 'tsx'], env: { ...process.env, PORT: '0' } });
    await new Promise<void>((resolve, reject) => {
      child.on('message', (m: Record<string, unknown>) => m['ready'] && resolve());
      child.once('exit', (code) => reject(new Error(`the second CMS exited (${code})`)));
    });
    const queue = await pgBossQueue({ url: process.env.DATABASE_URL!, pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 });
    live = await createLiveSites({ cmsUrl: cms.url, queue, sitePort: () => 0, buildRoot: (slug) => path.join(root, slug), log: (message) => {
        if (message.includes('FAILED') || message.includes('skipped')) console.log(message);
      },
    });
    live.onEvent((event) => events.push(event));
    await live.start();
    // The seed's publishes at the first boot queued a render of every site: let them pass.
    await live.idle();
  }, 240_000);

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.disconnect();
      await exited;
    }
    for (const publisher of publishers) if (publisher.process.exitCode === null && publisher.process.signalCode === null) process.kill(-publisher.process.pid!, 'SIGKILL');
    await live?.close();
    await cms?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('renders each affected site once for a burst of 20 publishes spread over both instances', async () => {
    const vastmanlandEvents = await entries('event', 'vastmanland');
    const areas = await entries('collaboration-area', 'dalarna');
    // Ten publishes on each instance, alternating Västmanland's events and Dalarna's collaboration areas.
    const steps = (instance: string, kind: 'event' | 'collaboration-area') =>
      Array.from({ length: 5 }, (_, i) => {
        const entry = kind === 'event' ? vastmanlandEvents[i % vastmanlandEvents.length]! : areas[i % areas.length]!;
        return { documentId: entry.documentId, lead: `Burst ${instance} ${kind} ${i}` };
      });
    const from = events.length;
    const started = performance.now();
    await Promise.all([
      publishSteps(docs('event'), steps('A', 'event'), () => undefined).then(() =>
        publishSteps(docs('collaboration-area'), steps('A', 'collaboration-area'), () => undefined),
      ),
      publishOnChild('collaboration-area', steps('B', 'collaboration-area')).then(() => publishOnChild('event', steps('B', 'event'))),
    ]);
    const burstSeconds = (performance.now() - started) / 1000;
    await live!.idle();
    const renders = rendersPerSite(from);
    console.log(`20 publishes over two instances in ${burstSeconds.toFixed(1)} s (render delay ${DELAY_SECONDS} s); renders per site:`, renders);
    expect(burstSeconds).toBeLessThan(DELAY_SECONDS);
    expect(renders).toEqual({ vastmanland: 1, varmland: 0, dalarna: 1 });
    const area = areas[4 % areas.length]!;
    expect(await page('dalarna', `/overenskommelse/vagen-in/${area.slug}/`)).toMatch(/Burst [AB] collaboration-area 4/);
  }, 120_000);

  it('loses no job when an instance is killed in the middle of its publishes', async () => {
    const [integration] = (await docs('page').findMany({ filters: { slug: 'integration' } } as never)) as unknown as { documentId: string }[];
    const steps = Array.from({ length: 30 }, (_, i) => ({ documentId: integration!.documentId, lead: `Före avbrottet ${i}` }));
    const from = events.length;
    const reported: string[] = [];
    const killed = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    publishOnChild('page', steps, (lead) => {
      reported.push(lead);
      // Killed while its fourth publish runs: that one commits with its job, or neither does.
      if (reported.length === 3) child.kill('SIGKILL');
    }).catch(() => undefined);
    await killed;
    await new Promise((r) => setTimeout(r, 1000));
    await live!.idle();
    const published = (await docs('page').findOne({ documentId: integration!.documentId, status: 'published' } as never)) as unknown as { lead: string };
    const renders = rendersPerSite(from);
    console.log(`second instance killed after ${reported.length} reported publishes; the database shows "${published.lead}"; renders per site:`, renders);
    expect(reported.length).toBeGreaterThanOrEqual(3);
    expect(steps.map((s) => s.lead).indexOf(published.lead)).toBeGreaterThanOrEqual(2);
    expect(renders).toEqual({ vastmanland: 0, varmland: 1, dalarna: 0 });
    expect(await page('varmland', '/sidor/integration/')).toContain(published.lead);
  }, 120_000);

  it('loses no job when the publisher is killed in the middle of a render', async () => {
    // From here on only the child publishers render.
    await live!.close();
    live = undefined;
    cms.strapi.config.set('lansportalen.renderQueue', { ...cms.strapi.config.get<object>('lansportalen.renderQueue'), expireSeconds: EXPIRE_SECONDS });
    const latestJob = async () =>
      (
        (await cms.strapi.db.connection.raw('SELECT state, retry_count FROM pgboss.job WHERE name = ? AND singleton_key = ? ORDER BY created_on DESC LIMIT 1', [
          RENDER_QUEUE_NAME,
          'varmland',
        ])) as { rows: { state: string; retry_count: number }[] }
      ).rows[0]!;
    /** Seconds until the county's latest job is in `state`. */
    const until = async (state: string, since: number) => {
      while ((await latestJob()).state !== state) await new Promise((r) => setTimeout(r, 200));
      return (performance.now() - since) / 1000;
    };

    const first = await startPublisher(path.join(root, 'first'), cms.url);
    publishers.push(first);
    const [integration] = (await docs('page').findMany({ filters: { slug: 'integration' } } as never)) as unknown as { documentId: string }[];
    const lead = `Efter avbrottet i renderingen ${Date.now()}`;
    const eventsBefore = first.events.length;
    const published = performance.now();
    await publishSteps(docs('page'), [{ documentId: integration!.documentId, lead }], () => undefined);
    const started = await until('active', published);
    // As soon as the job is taken (a render from the long-lived renderer takes a second or two): the publisher and its renderers die.
    const exited = new Promise((r) => first.process.once('exit', r));
    process.kill(-first.process.pid!, 'SIGKILL');
    await exited;
    const killed = performance.now();
    const renderedByFirst = first.events.slice(eventsBefore).filter((e) => e.slug === 'varmland').length;

    const second = await startPublisher(path.join(root, 'second'), cms.url);
    publishers.push(second);
    const ready = (performance.now() - killed) / 1000;
    const completed = await until('completed', killed);
    const job = await latestJob();
    const renderedBySecond = second.events.filter((e) => e.slug === 'varmland' && e.kind === 'built').length;
    const shown = await (await fetch(`${second.sites['varmland']}/sidor/integration/`)).text();
    console.log(
      `publisher killed as its render began (the job ran ${started.toFixed(1)} s after the publish); the next publisher served after ${ready.toFixed(1)} s, ` +
        `the job expired (${EXPIRE_SECONDS} s) and completed ${completed.toFixed(1)} s after the kill, retries ${job.retry_count}; Värmland renders: killed ${renderedByFirst}, next ${renderedBySecond}`,
    );
    expect(renderedByFirst).toBe(0);
    expect(job).toEqual({ state: 'completed', retry_count: 1 });
    // Its first render of every site at start, then the job's.
    expect(renderedBySecond).toBe(2);
    expect(shown).toContain(lead);
    const exitedSecond = new Promise((r) => second.process.once('exit', r));
    second.process.disconnect();
    await exitedSecond;
  }, 360_000);
});
