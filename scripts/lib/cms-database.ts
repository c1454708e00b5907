/**
 * A knex connection to the database the CMS uses, from the CMS's own database config
 * (cms/config/database.ts: DATABASE_CLIENT, DATABASE_FILENAME, DATABASE_URL), without booting
 * Strapi: for the scripts that read the CMS's own tables (audit:verify, archive); and the CMS's
 * own settings (config/lansportalen.ts), read from the environment as the CMS reads them.
 */
import { createRequire } from 'node:module';
import type { Knex } from 'knex';
import type { LansportalenConfig } from '../../cms/config/lansportalen';

const require = createRequire(import.meta.url);
// CommonJS, like the tests load Strapi (the ES module builds import lodash/fp as a directory).
const { env } = require('@strapi/utils') as { env: unknown };
const { createConnection } = require('@strapi/database/dist/connection.js') as {
  createConnection(config: unknown): Knex;
};

export async function cmsDatabase(): Promise<Knex> {
  const { default: databaseConfig } = (await import('../../cms/config/database')) as unknown as {
    default: (params: { env: unknown }) => { connection: unknown };
  };
  return createConnection(databaseConfig({ env }).connection);
}

export async function cmsSettings(): Promise<LansportalenConfig> {
  const { default: settings } = (await import('../../cms/config/lansportalen')) as unknown as {
    default: (params: { env: unknown }) => LansportalenConfig;
  };
  return settings({ env });
}
