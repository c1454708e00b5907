/** The demo content: the five seed pages of the three counties, from cms/seed/*.json. */
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { loadSeed } from './load';
import { importSeed, seededTypes, type SeedResult } from './import';
import { syncCounties } from '../counties';

/** SEED_DIR (config/lansportalen.ts), or cms/seed. */
export function seedDir(strapi: Core.Strapi): string {
  const dir = strapi.config.get<string>('lansportalen.seed.dir');
  return dir ? path.resolve(dir) : path.join(strapi.dirs.app.root, 'seed');
}

export async function runSeed(strapi: Core.Strapi, dir = seedDir(strapi)): Promise<SeedResult> {
  const set = loadSeed(dir);
  // One transaction: a record the CMS refuses leaves the database as it was.
  const result = await strapi.db.transaction(async () => importSeed(strapi, set, await syncCounties(strapi)));
  strapi.log.info(
    result.created === 0
      ? `Seed: nothing changed, all ${result.unchanged} entries are already present.`
      : `Seed: ${result.created} entries created, ${result.unchanged} already present.`,
  );
  return result;
}

/** True when none of the seeded content types holds anything: a fresh database. */
export async function isEmpty(strapi: Core.Strapi): Promise<boolean> {
  for (const uid of seededTypes) {
    if ((await strapi.db.query(uid).count()) > 0) return false;
  }
  return true;
}
