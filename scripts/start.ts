/**
 * `npm start`: the whole thing on this machine. Starts the CMS on http://127.0.0.1:1337 (SQLite
 * under cms/.tmp/, seeded on first boot; the admin panel is built once), builds the county sites
 * against it and serves each on the port of its siteUrl in shared/counties.json. Publishing in
 * the CMS rebuilds exactly the sites that show the entry (publisher/src/live-sites.ts): through an
 * in-process queue, or, with DATABASE_URL (PostgreSQL), through pg-boss jobs in that database.
 */
import type { ChildProcess } from 'node:child_process';
import { counties } from '@lansportalen/shared/counties';
import { isUp, startCms } from './lib/cms-process';
import { createLiveSites, pgBossQueue } from '@lansportalen/publisher';

const cmsUrl = `http://127.0.0.1:${process.env.PORT ?? '1337'}`;
// The site server's Content-Security-Policy lets the feedback form post to this CMS.
process.env.CMS_URL = cmsUrl;
const databaseUrl = process.env.DATABASE_CLIENT === 'sqlite' ? undefined : process.env.DATABASE_URL;
const queue = databaseUrl ? await pgBossQueue({ url: databaseUrl }) : undefined;
const live = await createLiveSites({ cmsUrl, queue, warmPreviews: true });
let cms: ChildProcess | undefined;

async function stop(): Promise<void> {
  await live.close();
  cms?.kill('SIGTERM');
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

if (await isUp(cmsUrl)) {
  console.log(`Using the CMS already running at ${cmsUrl}: publishing there will not rebuild the sites.`);
} else {
  cms = await startCms(cmsUrl, live.cmsEnv);
}
await live.start();

console.log('\nLänsportalen is running:');
console.log(`  CMS admin         ${cmsUrl}/admin`);
console.log(`  GraphQL           ${cmsUrl}/graphql`);
for (const county of counties) console.log(`  ${county.name.padEnd(18)}${county.siteUrl}`);
console.log('\nPublishing in the CMS rebuilds the sites that show the entry. Press Ctrl+C to stop.');
