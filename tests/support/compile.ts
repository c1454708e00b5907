/**
 * vitest globalSetup: compile the CMS's TypeScript once before the suites boot it, and name the
 * run's seeded template database (dropped when the run ends: `seeded-template.ts`).
 */
import path from 'node:path';
import { startTemplateRun } from './seeded-template';
import { compileStrapi } from './strapi';

export default async function compile(): Promise<() => Promise<void>> {
  process.env.STRAPI_TELEMETRY_DISABLED = 'true';
  await compileStrapi({ appDir: path.resolve(import.meta.dirname, '../../cms') });
  return startTemplateRun();
}
