/**
 * The seeded database the suites start from. The first suite of a run boots the CMS once on an
 * empty database (schema and seed, exactly as a first `npm start`) and keeps that database as a
 * template; every later boot starts on a copy (a file copy on SQLite, `CREATE DATABASE … TEMPLATE`
 * on PostgreSQL), which saves the schema creation and the seed: about 8 s a boot. The template is
 * named by a hash of what shapes it (the compiled CMS, the seed files, the county list), so a
 * changed CMS or seed makes a new one; older templates are dropped when a new one is made. A suite
 * whose environment could change what the seed writes boots on an empty database instead
 * (`usesTemplate`).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { createThrowawayDatabase, databaseClient, pgServerUrl, sqliteTemplateDir, type ThrowawayDatabase } from './database';

/** Variables a suite may set that the seed does not read: such a suite still starts on the template. */
const seedNeutral = new Set([
  'STRAPI_LOG_LEVEL',
  'CORS_ORIGINS',
  'GRAPHQL_WRITE_SCHEMA',
  'GRAPHQL_SCHEMA_FILE',
  'FEEDBACK_RATE_LIMIT',
  'FEEDBACK_RATE_WINDOW_SECONDS',
]);

export const usesTemplate = (env: Record<string, string> = {}) => Object.keys(env).every((name) => seedNeutral.has(name));

const PREFIX = 'lansportalen_template_';

/** A hash of every file under the given paths (names and contents), in a fixed order. */
function hashOf(paths: string[]): string {
  const hash = crypto.createHash('sha256');
  const visit = (target: string) => {
    if (!fs.existsSync(target)) return;
    if (fs.statSync(target).isDirectory()) {
      for (const name of fs.readdirSync(target).sort()) visit(path.join(target, name));
      return;
    }
    hash.update(target).update(fs.readFileSync(target));
  };
  for (const target of paths) visit(target);
  return hash.digest('hex').slice(0, 16);
}

function templateName(appDir: string): string {
  const repo = path.resolve(appDir, '..');
  return PREFIX + hashOf([
    path.join(appDir, 'dist', 'src'),
    path.join(appDir, 'dist', 'config'),
    path.join(appDir, 'seed'),
    path.join(appDir, 'package.json'),
    path.join(repo, 'shared', 'counties.json'),
  ]);
}

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
  if (databaseClient === 'sqlite') return fs.existsSync(path.join(sqliteTemplateDir, `${name}.db`));
  return withServer(async (client) => (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1);
}

/** Boots the CMS once on an empty database (the seed loads), then keeps that database under `name`. */
async function makeTemplate(name: string, seed: (database: ThrowawayDatabase) => Promise<void>): Promise<void> {
  const empty = await createThrowawayDatabase();
  await seed(empty);
  if (databaseClient === 'sqlite') {
    fs.mkdirSync(sqliteTemplateDir, { recursive: true });
    for (const old of fs.readdirSync(sqliteTemplateDir)) fs.rmSync(path.join(sqliteTemplateDir, old), { force: true });
    // A rename is atomic: a suite never copies half a template.
    fs.renameSync(empty.env.DATABASE_FILENAME!, path.join(sqliteTemplateDir, `${name}.db`));
    await empty.drop();
    return;
  }
  const emptyName = new URL(empty.env.DATABASE_URL!).pathname.slice(1);
  await withServer(async (client) => {
    const old = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${PREFIX}%`]);
    for (const { datname } of old.rows) await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    await client.query(`ALTER DATABASE ${emptyName} RENAME TO ${name}`);
  });
}

/**
 * A throwaway database holding the seed: a copy of the template, made first if this run has none.
 * `seed` boots and stops the CMS on the database it is given.
 */
export async function seededDatabase(appDir: string, seed: (database: ThrowawayDatabase) => Promise<void>): Promise<ThrowawayDatabase> {
  const name = templateName(appDir);
  if (!(await templateExists(name))) await makeTemplate(name, seed);
  return createThrowawayDatabase(name);
}
