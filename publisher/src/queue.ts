/**
 * The publisher's queue of render jobs (@lansportalen/shared/render-jobs), one interface, two
 * implementations:
 * - `memoryQueue`: in this process, for the embedded default (SQLite, one CMS process, `npm start`).
 *   Jobs arrive by HTTP from the CMS; each county's job is debounced (a new one restarts the wait),
 *   and one sent while that county renders runs once more afterwards.
 * - `pgBossQueue`: pg-boss in PostgreSQL, for several CMS instances. The CMS inserts the jobs in
 *   the transaction of the change itself; the queue's `stately` policy keeps at most one waiting
 *   and one running job per county, so a burst from any number of instances gives one render; a
 *   job whose publisher died mid-render expires and is retried.
 */
import PgBoss from 'pg-boss';
import { counties } from '@lansportalen/shared/counties';
import {
  DEFAULT_RENDER_DELAY_SECONDS,
  RENDER_QUEUE_NAME,
  renderJobOptions,
  renderJobSchema,
  renderQueueOptions,
  type RenderJob,
} from '@lansportalen/shared/render-jobs';

export type RenderHandler = (job: RenderJob) => Promise<void>;

export interface RenderQueue {
  /** `memory`: the CMS posts jobs to the publisher; `postgres`: the CMS sends them to pg-boss itself. */
  readonly kind: 'memory' | 'postgres';
  /** Asks for a render of the job's county; coalesced with the county's waiting job. */
  send(job: RenderJob): Promise<void>;
  /** From now on, jobs are handed to `handler` (at most one at a time per county). */
  work(handler: RenderHandler): Promise<void>;
  /** Resolves once no job waits or runs. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A job's data as stored. Strapi sets the pg driver's JSON parsers to keep strings, so in a process
 * that also runs a CMS (the tests) jsonb arrives as text.
 */
const parseJob = (data: unknown): RenderJob => renderJobSchema.parse(typeof data === 'string' ? JSON.parse(data) : data);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function memoryQueue(delayMs = DEFAULT_RENDER_DELAY_SECONDS * 1000): RenderQueue {
  const state = new Map<string, { timer?: NodeJS.Timeout; running?: Promise<void>; again?: RenderJob }>();
  let handler: RenderHandler | undefined;

  function schedule(job: RenderJob): void {
    if (!state.has(job.county)) state.set(job.county, {});
    const county = state.get(job.county)!;
    clearTimeout(county.timer);
    county.timer = setTimeout(() => {
      county.timer = undefined;
      if (county.running || !handler) {
        county.again = job;
        return;
      }
      county.running = handler(job).finally(() => {
        county.running = undefined;
        const again = county.again;
        county.again = undefined;
        if (again) schedule(again);
      });
    }, delayMs);
  }

  return {
    kind: 'memory',
    send: async (job) => schedule(job),
    async work(next) {
      handler = next;
      for (const county of state.values()) {
        if (!county.again || county.timer || county.running) continue;
        const job = county.again;
        county.again = undefined;
        schedule(job);
      }
    },
    async idle() {
      while ([...state.values()].some((c) => c.timer || c.running || (c.again && handler))) await pause(100);
    },
    async stop() {
      for (const county of state.values()) clearTimeout(county.timer);
      await Promise.all([...state.values()].map((c) => c.running));
      handler = undefined;
    },
  };
}

export interface PgBossQueueOptions {
  /** The CMS's PostgreSQL database (DATABASE_URL); pg-boss keeps its tables in the `pgboss` schema. */
  url: string;
  /** Seconds a job sent by this process waits (the CMS's RENDER_DELAY_SECONDS). */
  delaySeconds?: number;
  /** Seconds a job sent by this process may run before it is expired and retried (RENDER_EXPIRE_SECONDS). */
  expireSeconds?: number;
  /** How often idle workers look for jobs, and how often expired jobs are retried. */
  pollingIntervalSeconds?: number;
  maintenanceIntervalSeconds?: number;
  log?: (message: string) => void;
}

export async function pgBossQueue(options: PgBossQueueOptions): Promise<RenderQueue> {
  const log = options.log ?? ((message: string) => console.error(message));
  const boss = new PgBoss({
    connectionString: options.url,
    max: 4,
    schedule: false,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
  });
  boss.on('error', (error) => log(`render queue: ${error.message}`));
  await boss.start();
  await boss.createQueue(RENDER_QUEUE_NAME, { name: RENDER_QUEUE_NAME, ...renderQueueOptions });
  let running = 0;

  return {
    kind: 'postgres',
    async send(job) {
      await boss.send(RENDER_QUEUE_NAME, job, renderJobOptions(job.county, options.delaySeconds ?? DEFAULT_RENDER_DELAY_SECONDS, options.expireSeconds));
    },
    async work(handler) {
      // A batch holds at most one job per county (stately), so its counties render side by side.
      const workOptions = { batchSize: counties.length, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1 };
      await boss.work<unknown>(RENDER_QUEUE_NAME, workOptions, async (jobs) => {
        running += 1;
        try {
          await Promise.all(jobs.map((job) => handler(parseJob(job.data))));
        } finally {
          running -= 1;
        }
      });
    },
    async idle() {
      while (running > 0 || (await boss.getQueueSize(RENDER_QUEUE_NAME, { before: 'completed' })) > 0) await pause(250);
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true });
    },
  };
}
