/**
 * Länsportalen's own settings, read by src/ through `strapi.config.get('lansportalen.<key>')`.
 * Every variable is listed with its default in cms/ENVIRONMENT.md.
 */
import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { DEFAULT_RENDER_DELAY_SECONDS, DEFAULT_RENDER_EXPIRE_SECONDS } from '@lansportalen/shared/render-jobs';

export interface LansportalenConfig {
  /** Origins allowed to call the CMS from a browser, besides the CMS itself and the county sites. */
  corsOrigins: string[];
  /** Where to post the counties whose sites must be rebuilt (`npm start` sets it); empty: nobody. */
  siteRebuild: { url: string; secret: string };
  /**
   * Where render jobs go: `http` posts them to siteRebuild.url (one process, `npm start`);
   * `postgres` inserts them into pg-boss in the CMS's database, with the change that causes them.
   */
  renderQueue: { kind: 'http' | 'postgres'; delaySeconds: number; expireSeconds: number };
  /** Import the demo content on the first boot of an empty database; the seed folder. */
  seed: { onBoot: boolean; dir: string };
  /** Feedback answers one client may send per window (kept in memory per CMS process). */
  feedbackRateLimit: { points: number; windowSeconds: number };
  /** Revision history: versions older than this many days are pruned daily; 0 keeps everything. */
  history: { retentionDays: number };
  /** Publish archive: a folder for the pages' HTML (files named by hash) instead of the database; empty: the database. */
  archive: { dir: string };
}

/** "https://a.se, https://b.se" → their origins; anything that is not an http(s) origin stops the boot. */
function origins(list: string[]): string[] {
  return list.filter(Boolean).map((value) => {
    const url = URL.canParse(value) ? new URL(value) : undefined;
    if (!url || !['http:', 'https:'].includes(url.protocol) || url.origin !== value.replace(/\/$/, '')) {
      throw new Error(`CORS_ORIGINS: "${value}" is not an origin such as https://www.example.se (scheme, host and port only)`);
    }
    return url.origin;
  });
}

const config = ({ env }: Core.Config.Shared.ConfigParams): LansportalenConfig => ({
  corsOrigins: origins(env.array('CORS_ORIGINS', [])),
  siteRebuild: {
    url: env('SITE_REBUILD_URL', ''),
    secret: env('SITE_REBUILD_SECRET', ''),
  },
  renderQueue: {
    kind: z
      .enum(['http', 'postgres'], { error: (issue) => `RENDER_QUEUE must be "http" or "postgres", not "${String(issue.input)}"` })
      .parse(env('RENDER_QUEUE', 'http')),
    delaySeconds: env.float('RENDER_DELAY_SECONDS', DEFAULT_RENDER_DELAY_SECONDS),
    expireSeconds: env.int('RENDER_EXPIRE_SECONDS', DEFAULT_RENDER_EXPIRE_SECONDS),
  },
  seed: {
    onBoot: env.bool('SEED_ON_BOOT', true),
    dir: env('SEED_DIR', ''),
  },
  feedbackRateLimit: {
    points: env.int('FEEDBACK_RATE_LIMIT', 10),
    windowSeconds: env.int('FEEDBACK_RATE_WINDOW_SECONDS', 600),
  },
  history: {
    retentionDays: Math.max(0, env.int('HISTORY_RETENTION_DAYS', 0)),
  },
  archive: {
    dir: env('ARCHIVE_DIR', ''),
  },
});

export default config;
