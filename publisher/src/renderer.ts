/**
 * Static builds of the county sites with `astro build`, each in its own process, against a running
 * CMS (`npm run build`, the test suites, draft previews), and the server bundle of a county's
 * long-lived renderer (live-renderer.ts).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { counties } from '@lansportalen/shared/counties';
import { PREVIEW_SECRET_NAME } from '@lansportalen/shared/preview';
import { warningPrefix } from '../../shared/src/site/link-url';

export const repoDir = path.resolve(import.meta.dirname, '../..');
export const siteDir = (slug: string) => path.join(repoDir, 'sites', slug);

export interface SiteBuildOptions {
  cmsUrl: string;
  /** Where the site is written; defaults to sites/<slug>/dist. */
  outDir?: string;
  /** More environment for the build: only a draft preview build is given PREVIEW_SECRET. */
  env?: Record<string, string>;
}

export interface SiteBuild {
  slug: string;
  seconds: number;
  outDir: string;
  /** What the build said about the content (a refused link it dropped), also printed here. */
  warnings: string[];
}

export async function buildSite(slug: string, options: SiteBuildOptions): Promise<SiteBuild> {
  const started = performance.now();
  const outDir = options.outDir ?? path.join(siteDir(slug), 'dist');
  // A build that inherited the CMS's PREVIEW_SECRET would publish drafts: it comes only from options.env.
  const { [PREVIEW_SECRET_NAME]: _inherited, ...inherited } = process.env;
  let output: { stdout: string; stderr: string };
  try {
    // Asynchronous, so that a CMS running in this process keeps answering meanwhile.
    output = await promisify(execFile)('npx', ['astro', 'build', '--outDir', outDir], {
      cwd: siteDir(slug),
      env: { ...inherited, ...options.env, CMS_URL: options.cmsUrl },
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    const lines = `${stdout}\n${stderr}`.split('\n').filter((l) => l.trim() && !l.includes('nodedir'));
    throw new Error(`The ${slug} site did not build:\n${lines.slice(-30).join('\n')}`);
  }
  // Several queries load the same entry (alerts are in every one): each warning is printed once.
  const warnings = [...new Set(`${output.stdout}\n${output.stderr}`.split('\n').filter((line) => line.startsWith(warningPrefix)))];
  for (const warning of warnings) console.warn(`${slug}: ${warning}`);
  return { slug, seconds: (performance.now() - started) / 1000, outDir, warnings };
}

/** Every county in the list, one after the other. */
export async function buildAllSites(options: Omit<SiteBuildOptions, 'outDir'> & { outRoot?: string }) {
  const results = [];
  for (const county of counties) {
    results.push(await buildSite(county.slug, { ...options, outDir: options.outRoot ? path.join(options.outRoot, county.slug) : undefined }));
  }
  return results;
}
