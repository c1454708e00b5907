/**
 * `npm start`: the whole thing on this machine. Starts the CMS on http://127.0.0.1:1337 (SQLite
 * under cms/.tmp/, seeded on first boot; the admin panel is built once), builds the county sites
 * against it and serves each on the port of its siteUrl in shared/counties.json.
 */
import type { ChildProcess } from 'node:child_process';
import { counties } from '@lansportalen/shared/counties';
import { isUp, startCms } from './lib/cms-process';
import { serveDirectory, type StaticServer } from './lib/serve';
import { buildSite, siteDir } from './lib/sites';

const cmsUrl = `http://127.0.0.1:${process.env.PORT ?? '1337'}`;
let cms: ChildProcess | undefined;
const servers: StaticServer[] = [];

async function stop(): Promise<void> {
  await Promise.all(servers.map((s) => s.close()));
  cms?.kill('SIGTERM');
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

if (await isUp(cmsUrl)) console.log(`Using the CMS already running at ${cmsUrl}`);
else cms = await startCms(cmsUrl);

for (const county of counties) {
  const { seconds } = await buildSite(county.slug, { cmsUrl });
  const port = Number(new URL(county.siteUrl).port);
  servers.push(await serveDirectory(() => `${siteDir(county.slug)}/dist`, port));
  console.log(`${county.name}: built in ${seconds.toFixed(1)} s`);
}

console.log('\nLänsportalen is running:');
console.log(`  CMS admin     ${cmsUrl}/admin`);
console.log(`  GraphQL       ${cmsUrl}/graphql`);
for (const county of counties) console.log(`  ${county.name.padEnd(18)}${county.siteUrl}`);
console.log('\nPress Ctrl+C to stop.');
