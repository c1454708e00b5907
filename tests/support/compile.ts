/** vitest globalSetup: compile the CMS's TypeScript once before the suites boot it. */
import path from 'node:path';
import { compileStrapi } from './strapi';

export default async function compile(): Promise<void> {
  process.env.STRAPI_TELEMETRY_DISABLED = 'true';
  await compileStrapi({ appDir: path.resolve(import.meta.dirname, '../../cms') });
}
