/**
 * Sends render jobs (@lansportalen/shared/render-jobs) to the publisher. RENDER_QUEUE=http (the
 * default, one CMS process): a POST to SITE_REBUILD_URL after the change. RENDER_QUEUE=postgres
 * (several CMS instances on one database): pg-boss jobs inserted in the transaction of the change
 * itself, so a change is never committed without its jobs, whichever instance dies when.
 */
import type { Core } from '@strapi/strapi';
import PgBoss from 'pg-boss';
import { RENDER_QUEUE_NAME, renderJobOptions, renderQueueOptions } from '@lansportalen/shared/render-jobs';

interface RenderQueueConfig {
  kind: 'http' | 'postgres';
  delaySeconds: number;
  expireSeconds: number;
}
const queueConfig = (strapi: Core.Strapi) => strapi.config.get<RenderQueueConfig>('lansportalen.renderQueue');
/** SITE_REBUILD_URL and SITE_REBUILD_SECRET (config/lansportalen.ts). */
const rebuildTarget = (strapi: Core.Strapi) => strapi.config.get<{ url: string; secret: string }>('lansportalen.siteRebuild');

let boss: PgBoss | undefined;

/** Whether render jobs are committed with the change (PostgreSQL), rather than posted after it. */
export const jobsInTransaction = (strapi: Core.Strapi) => queueConfig(strapi).kind === 'postgres';

/** Whether anyone is told about changes at all. */
export const rendersWanted = (strapi: Core.Strapi) => jobsInTransaction(strapi) || Boolean(rebuildTarget(strapi).url);

export async function startRenderQueue(strapi: Core.Strapi): Promise<void> {
  if (!jobsInTransaction(strapi)) return;
  if (strapi.db.dialect.client !== 'postgres') throw new Error('RENDER_QUEUE=postgres needs the PostgreSQL database (DATABASE_URL)');
  const { connectionString } = strapi.config.get<{ connectionString: string }>('database.connection.connection');
  // Sends only: maintenance (expiring the jobs of a publisher that died) is the publisher's.
  boss = new PgBoss({ connectionString, max: 2, supervise: false, schedule: false });
  boss.on('error', (error: Error) => strapi.log.error(`Render queue: ${error.message}`));
  await boss.start();
  await boss.createQueue(RENDER_QUEUE_NAME, { name: RENDER_QUEUE_NAME, ...renderQueueOptions });
}

export async function stopRenderQueue(): Promise<void> {
  await boss?.stop({ graceful: false, wait: true });
  boss = undefined;
}

/** The part of a knex transaction used here: its client hands out the transaction's own connection. */
interface Transaction {
  client: { acquireConnection(): Promise<{ query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> }> };
}

/**
 * pg-boss's SQL on the transaction's pg connection, with pg-boss's own numbered parameters ($1…):
 * knex's `?` bindings would split a parameter used twice into two, typed apart.
 */
const onTransaction = (trx: Transaction) => ({
  executeSql: async (text: string, values?: unknown[]) => (await trx.client.acquireConnection()).query(text, values),
});

/**
 * Asks for renders of these county sites. With pg-boss, inside the caller's transaction (or a new
 * one), in county order so that concurrent transactions take the queue's per-county locks alike.
 */
export async function requestRenders(strapi: Core.Strapi, slugs: string[], reason: string): Promise<void> {
  if (slugs.length === 0) return;
  if (boss) {
    const queue = boss;
    const { delaySeconds, expireSeconds } = queueConfig(strapi);
    await strapi.db.transaction(async ({ trx }) => {
      for (const county of [...slugs].sort()) {
        await queue.send(RENDER_QUEUE_NAME, { county, reason }, { ...renderJobOptions(county, delaySeconds, expireSeconds), db: onTransaction(trx as unknown as Transaction) });
      }
    });
    return;
  }
  const { url, secret } = rebuildTarget(strapi);
  if (!url) return;
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-rebuild-secret': secret },
    body: JSON.stringify({ counties: slugs, reason }),
  }).catch((error: Error) => strapi.log.warn(`Site rebuild request to ${url} failed: ${error.message}`));
}

/** Runs a change and asks for the renders it causes; with pg-boss both commit together or not at all. */
export async function changeWithRenders<T>(strapi: Core.Strapi, change: () => Promise<{ result: T; slugs: string[]; reason: string }>): Promise<T> {
  const run = async () => {
    const { result, slugs, reason } = await change();
    await requestRenders(strapi, slugs, reason);
    return result;
  };
  return jobsInTransaction(strapi) ? strapi.db.transaction(run) : run();
}
