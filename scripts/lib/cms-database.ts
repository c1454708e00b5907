/**
 * A knex connection to the database the CMS uses, from the CMS's own database config
 * (cms/config/database.ts: DATABASE_CLIENT, DATABASE_FILENAME, DATABASE_URL), without booting
 * Strapi: for the scripts that read the CMS's own tables (audit:verify, archive); and the CMS's
 * own settings (config/lansportalen.ts), read from the environment as the CMS reads them; and
 * `runCli`, the frame of those commands.
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

async function cmsDatabase(): Promise<Knex> {
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

/** Bad command-line arguments: the command prints the message and exits 1. */
export class UsageError extends Error {}

const isUsageError = (error: unknown) =>
  error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'));

/**
 * Runs a command on the CMS's database: `args` first (throwing UsageError or node:util's
 * parseArgs error: exit 1, before any connection), then `run` with a connection, closed
 * afterwards, whose result is the exit code. Any other error is printed under the command's name:
 * exit 2 (the database cannot be read).
 */
export function runCli<A>(name: string, command: { args: () => A; run: (knex: Knex, args: A) => Promise<number> }): void {
  const main = async () => {
    const args = command.args();
    const knex = await cmsDatabase();
    try {
      return await command.run(knex, args);
    } finally {
      await knex.destroy();
    }
  };
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(isUsageError(error) ? 1 : 2);
    },
  );
}
