/**
 * Makes a suite run's seeded template (`seeded-template.ts`) in a process of its own, since one
 * process holds one global `strapi` and the suite that asked boots its own CMS afterwards:
 * `fork(this file, { env: the empty database's, execArgv: ['--import', 'tsx'] })`. Boots the CMS
 * on that database (the seed loads), waits until its start-up queries are done, stops, exits 0.
 */
import { bootCms, untilDatabaseIdle } from './cms';

const cms = await bootCms({ database: { env: {}, drop: async () => {} } });
await untilDatabaseIdle(cms.strapi);
await cms.stop();
process.exit(0);
