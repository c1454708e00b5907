/**
 * A publisher process for tests that kill one mid-render: `fork(this file, [buildRoot], { execArgv:
 * ['--import', 'tsx'], detached: true })` with CMS_URL and DATABASE_URL in the environment. Runs
 * the publisher's service (createLiveSites) on pg-boss with every site on a free port (never the
 * site ports), polling and expiring jobs each second. Sends {ready, sites: {slug: url}} once it
 * renders from the queue, and {event} for each render. Detached, so that killing its process group
 * also kills the county renderers it runs (publisher/src/live-renderer.ts), as when a machine dies.
 */
import path from 'node:path';
import { counties } from '@lansportalen/shared/counties';
import { createLiveSites, pgBossQueue } from '@lansportalen/publisher';

const buildRoot = process.argv[2]!;
const queue = await pgBossQueue({ url: process.env.DATABASE_URL!, pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 });
const live = await createLiveSites({ cmsUrl: process.env.CMS_URL!, queue, sitePort: () => 0, buildRoot: (slug) => path.join(buildRoot, slug), log: () => {} });
live.onEvent((event) => process.send!({ event }));
await live.start();
process.on('disconnect', () => void live.close().then(() => process.exit(0)));
process.send!({ ready: true, sites: Object.fromEntries(counties.map((c) => [c.slug, live.siteUrl(c.slug)])) });
