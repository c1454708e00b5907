/**
 * `npm run seed`: imports cms/seed/*.json into the configured database (SQLite under
 * cms/.tmp/ by default). Safe to repeat: entries that exist already are left alone.
 */
import path from 'node:path';
import { compileStrapi, createStrapi } from '@strapi/strapi';
import { runSeed } from '../src/seed';

async function main(): Promise<void> {
  process.env.SEED_ON_BOOT = 'false';
  process.env.STRAPI_TELEMETRY_DISABLED = 'true';
  const appDir = path.resolve(__dirname, '..');
  process.chdir(appDir);
  const context = await compileStrapi({ appDir });
  const strapi = await createStrapi(context).load();
  try {
    await runSeed(strapi);
  } finally {
    await strapi.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
