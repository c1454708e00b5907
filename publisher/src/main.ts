/**
 * The publisher as its own process (production, beside N CMS instances): takes render jobs from
 * pg-boss in the CMS's PostgreSQL database, renders the county sites against CMS_URL and serves
 * each on the port of its siteUrl, with draft previews (PREVIEW_SECRET, the CMS's). `npm start`
 * at the root runs the same service in one process with the CMS instead.
 */
import { z } from 'zod';
import { DEFAULT_RENDER_DELAY_SECONDS, DEFAULT_RENDER_EXPIRE_SECONDS } from '@lansportalen/shared/render-jobs';
import { createLiveSites } from './live-sites';
import { pgBossQueue } from './queue';

const parsed = z
  .object({
    CMS_URL: z.url(),
    DATABASE_URL: z.string().startsWith('postgres', 'DATABASE_URL: the CMS’s PostgreSQL database, where the render jobs are'),
    RENDER_DELAY_SECONDS: z.coerce.number().min(0).default(DEFAULT_RENDER_DELAY_SECONDS),
    RENDER_EXPIRE_SECONDS: z.coerce.number().int().min(1).default(DEFAULT_RENDER_EXPIRE_SECONDS),
    PREVIEW_IDLE_SECONDS: z.coerce.number().int().min(1).default(1800),
  })
  .safeParse(process.env);
if (!parsed.success) {
  console.error(`The publisher needs:\n${z.prettifyError(parsed.error)}`);
  process.exit(1);
}
const env = parsed.data;

const queue = await pgBossQueue({ url: env.DATABASE_URL, delaySeconds: env.RENDER_DELAY_SECONDS, expireSeconds: env.RENDER_EXPIRE_SECONDS });
const live = await createLiveSites({ cmsUrl: env.CMS_URL.replace(/\/$/, ''), queue, warmPreviews: true, previewIdleSeconds: env.PREVIEW_IDLE_SECONDS });
const stop = () => void live.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
await live.start();
console.log('The publisher is rendering the county sites from the render queue.');
