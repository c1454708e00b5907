/** Finds the CMS at CMS_URL, or starts it as `npm start` does (building its admin panel once). */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoDir } from '@lansportalen/publisher';

export const cmsDir = path.join(repoDir, 'cms');
export const defaultCmsUrl = 'http://127.0.0.1:1337';

export async function isUp(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/_health`)).ok;
  } catch {
    return false;
  }
}

export function ensureAdminBuilt(): void {
  if (fs.existsSync(path.join(cmsDir, 'dist/build/index.html'))) return;
  console.log('Building the CMS admin panel once (about a minute)…');
  const result = spawnSync('npx', ['strapi', 'build'], { cwd: cmsDir, stdio: 'inherit', env: { ...process.env, STRAPI_TELEMETRY_DISABLED: 'true' } });
  if (result.status !== 0) throw new Error('strapi build failed');
}

/** Starts `strapi start` on the port of `url` and resolves once it answers. */
export async function startCms(url: string, env: NodeJS.ProcessEnv = {}): Promise<ChildProcess> {
  ensureAdminBuilt();
  const { hostname, port } = new URL(url);
  const child = spawn('npx', ['strapi', 'start'], {
    cwd: cmsDir,
    stdio: 'inherit',
    env: { ...process.env, STRAPI_TELEMETRY_DISABLED: 'true', HOST: hostname, PORT: port || '80', ...env },
  });
  for (let i = 0; i < 180; i += 1) {
    if (await isUp(url)) return child;
    if (child.exitCode !== null) throw new Error(`the CMS stopped while starting (exit ${child.exitCode})`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  child.kill();
  throw new Error(`the CMS did not answer at ${url} within 3 minutes`);
}
