/**
 * The seeded database the suites of one run start from. The first suite of a run boots the CMS
 * once on an empty database, in a child process (schema and seed, exactly as a first `npm start`),
 * and keeps that database as the run's template; every later boot starts on a copy (a file copy on SQLite,
 * `CREATE DATABASE … TEMPLATE` on PostgreSQL), which saves the schema creation and the seed: about
 * 8 s a boot. The run (vitest's globalSetup, `compile.ts`) names the template and drops it at the
 * end, so runs never share one and none is left behind. A suite whose environment could change
 * what the seed writes boots on an empty database instead (`usesTemplate`).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { createThrowawayDatabase, databaseClient, pgServerUrl, sqliteTemplateDir, type ThrowawayDatabase } from './database';

const RUN = 'LANSPORTALEN_TEST_RUN';

/** Variables a suite may set that the seed does not read: such a suite still starts on the template. */
const seedNeutral = new Set([
  'STRAPI_LOG_LEVEL',
  'CORS_ORIGINS',
  'GRAPHQL_WRITE_SCHEMA',
  'GRAPHQL_SCHEMA_FILE',
  'FEEDBACK_RATE_LIMIT',
  'FEEDBACK_RATE_WINDOW_SECONDS',
]);

/** Inside a test run (not in the bench), for a suite whose environment leaves the seed alone. */
export const usesTemplate = (env: Record<string, string> = {}) =>
  Boolean(process.env[RUN]) && Object.keys(env).every((name) => seedNeutral.has(name));

const templateName = () => `lansportalen_template_${process.env[RUN]}`;
const sqliteFile = (name: string) => path.join(sqliteTemplateDir, `${name}.db`);

async function withServer<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: pgServerUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function templateExists(name: string): Promise<boolean> {
  if (databaseClient === 'sqlite') return fs.existsSync(sqliteFile(name));
  return withServer(async (client) => (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1);
}

/** Boots the CMS once on an empty database (the seed loads), then keeps that database under `name`. */
async function makeTemplate(name: string, seed: (database: ThrowawayDatabase) => Promise<void>): Promise<void> {
  const empty = await createThrowawayDatabase();
  await seed(empty);
  if (databaseClient === 'sqlite') {
    fs.mkdirSync(sqliteTemplateDir, { recursive: true });
    // A rename is atomic: a suite never copies half a template.
    fs.renameSync(empty.env.DATABASE_FILENAME!, sqliteFile(name));
    await empty.drop();
    return;
  }
  await withServer((client) => client.query(`ALTER DATABASE ${new URL(empty.env.DATABASE_URL!).pathname.slice(1)} RENAME TO ${name}`));
}

/**
 * A throwaway database holding the seed: a copy of the run's template, made first if the run has
 * none yet. `seed` boots and stops the CMS on the database it is given.
 */
export async function seededDatabase(seed: (database: ThrowawayDatabase) => Promise<void>): Promise<ThrowawayDatabase> {
  const name = templateName();
  if (!(await templateExists(name))) await makeTemplate(name, seed);
  return createThrowawayDatabase(name);
}

/** For vitest's globalSetup: names this run's template, and returns what drops it when the run ends. */
export function startTemplateRun(): () => Promise<void> {
  process.env[RUN] = crypto.randomBytes(6).toString('hex');
  const name = templateName();
  return async () => {
    fs.rmSync(sqliteFile(name), { force: true });
    if (databaseClient === 'postgres') await withServer((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  };
}
