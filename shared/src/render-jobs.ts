/**
 * Render jobs, shared by the CMS (which sends one when a change affects a county site) and the
 * publisher (which renders the site). With RENDER_QUEUE=postgres they are pg-boss jobs in the CMS's
 * own PostgreSQL database; otherwise the CMS posts them to the publisher, which queues them in
 * memory. A job names one county site: the publisher renders what that site shows.
 */
import { z } from 'zod';

/** The pg-boss queue's name. */
export const RENDER_QUEUE_NAME = 'site-render';

/** Seconds a job waits before it may run, so that a burst of publishes shares one render (RENDER_DELAY_SECONDS). */
export const DEFAULT_RENDER_DELAY_SECONDS = 1.5;

/** Seconds a running job may take before it counts as lost (its publisher died) and is retried (RENDER_EXPIRE_SECONDS). */
export const DEFAULT_RENDER_EXPIRE_SECONDS = 15 * 60;

export const renderJobSchema = z.object({ county: z.string().min(1), reason: z.string() });
export type RenderJob = z.infer<typeof renderJobSchema>;

/**
 * The queue, created by whichever side starts first (creation is idempotent). `stately`: at most
 * one waiting and one running job per county (the singleton key): a job sent while one waits is
 * dropped, since the waiting render will read the change anyway; one sent while a render runs
 * waits for it, since that render may have read the content before the change. A running job whose
 * publisher died is expired after `expireInSeconds` (the queue's default; each job carries the
 * sender's RENDER_EXPIRE_SECONDS) and retried by another publisher, or the same one restarted.
 */
export const renderQueueOptions = {
  policy: 'stately',
  retryLimit: 3,
  retryDelay: 5,
  expireInSeconds: DEFAULT_RENDER_EXPIRE_SECONDS,
} as const;

/** pg-boss send options of a county's job. */
export const renderJobOptions = (county: string, delaySeconds: number, expireSeconds = DEFAULT_RENDER_EXPIRE_SECONDS) => ({
  singletonKey: county,
  startAfter: delaySeconds,
  expireInSeconds: expireSeconds,
});
