/**
 * `npm start`: builds the CMS's admin panel when it has not been built yet, then starts the
 * CMS on http://127.0.0.1:1337 (SQLite under cms/.tmp/, seeded on first boot).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const cmsDir = path.resolve(import.meta.dirname, '../cms');
const env = { ...process.env, STRAPI_TELEMETRY_DISABLED: 'true' };

function run(args: string[]): void {
  const result = spawnSync('npx', ['strapi', ...args], { cwd: cmsDir, env, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!fs.existsSync(path.join(cmsDir, 'dist/build/index.html'))) {
  console.log('Building the CMS admin panel once (about a minute)…');
  run(['build']);
}
run(['start']);
