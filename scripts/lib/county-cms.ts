/**
 * What the CMS holds that a county owns, for `npm run county:remove`. The CMS is booted in this
 * process on the configured database (DATABASE_* from the environment or cms/.env, as `npm start`
 * uses), without listening and without seeding, and read through the document service, drafts
 * included. (A CMS answering at CMS_URL would not do: it serves anonymous visitors published
 * entries only.)
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseEnv } from 'node:util';
import type { Core } from '@strapi/strapi';
import { countyOnlyTypes, federatedCollections } from '../../cms/src/extensions/federation/visibility';

export interface OwnedEntries {
  /** The GraphQL list name: "alerts", "pages", …; a county-only type's plural name ("accessibility-statements"). */
  field: string;
  count: number;
  /** Titles (or names, or slugs) of the first few. */
  examples: string[];
}

/** Entries, drafts included, whose owner is this county, per federated or county-only type. Empty: it owns nothing. */
export async function ownedEntries(strapi: Core.Strapi, slug: string): Promise<OwnedEntries[]> {
  const found: OwnedEntries[] = [];
  const countyOnly = countyOnlyTypes.map((uid) => ({ uid, field: strapi.getModel(uid).info.pluralName }));
  for (const { field, uid } of [...federatedCollections, ...countyOnly]) {
    const documents = strapi.documents(uid);
    const filters = { owner: { slug: { $eq: slug } } } as never;
    const byId = new Map<string, Record<string, unknown>>();
    // A published entry has a draft version too, but ask for both to be sure of every entry.
    for (const status of ['draft', 'published'] as const) {
      for (const entry of await documents.findMany({ filters, status, limit: -1 } as never)) {
        byId.set(String((entry as { documentId: string }).documentId), entry as Record<string, unknown>);
      }
    }
    if (byId.size === 0) continue;
    const examples = [...byId.values()].slice(0, 3).map((e) => String(e['title'] ?? e['name'] ?? e['service'] ?? e['slug'] ?? e['documentId']));
    found.push({ field, count: byId.size, examples });
  }
  return found;
}

/** "alerts (1): “Eldningsförbud”; pages (2): “A”, “B”". */
export function describeOwned(owned: readonly OwnedEntries[]): string {
  return owned
    .map((o) => `${o.field} (${o.count}): ${o.examples.map((e) => `“${e}”`).join(', ')}${o.count > o.examples.length ? ', …' : ''}`)
    .join('; ');
}

/** Boots the CMS of `cmsDir` on the configured database, runs `fn`, stops it again. */
export async function withCms<T>(cmsDir: string, fn: (strapi: Core.Strapi) => Promise<T>): Promise<T> {
  // @strapi/strapi's ES-module build imports lodash/fp as a directory, which Node refuses.
  const require = createRequire(path.join(cmsDir, 'package.json'));
  const { compileStrapi, createStrapi } = require('@strapi/strapi') as typeof import('@strapi/strapi');
  Object.assign(process.env, {
    STRAPI_TELEMETRY_DISABLED: 'true',
    SEED_ON_BOOT: 'false',
    GRAPHQL_WRITE_SCHEMA: 'false',
    STRAPI_LOG_LEVEL: process.env.STRAPI_LOG_LEVEL ?? 'warn',
  });
  const cwd = process.cwd();
  process.chdir(cmsDir);
  try {
    const context = distIsFresh(cmsDir) ? { appDir: cmsDir, distDir: path.join(cmsDir, 'dist') } : await compileStrapi({ appDir: cmsDir });
    const strapi = await createStrapi(context).load();
    try {
      return await fn(strapi);
    } finally {
      await strapi.destroy();
    }
  } finally {
    process.chdir(cwd);
  }
}

/** Whether cms/dist was compiled after the last change to the CMS's sources (then compiling again is skipped). */
function distIsFresh(cmsDir: string): boolean {
  const compiled = path.join(cmsDir, 'dist/src/index.js');
  if (!fs.existsSync(compiled)) return false;
  const builtAt = fs.statSync(compiled).mtimeMs;
  const sources = ['src', 'config', 'database', 'scripts', 'tsconfig.json'].map((p) => path.join(cmsDir, p)).filter((p) => fs.existsSync(p));
  const newest = (file: string): number => {
    const stat = fs.statSync(file);
    if (!stat.isDirectory()) return stat.mtimeMs;
    return Math.max(stat.mtimeMs, ...fs.readdirSync(file).map((entry) => newest(path.join(file, entry))));
  };
  return sources.every((source) => newest(source) <= builtAt);
}

/**
 * The SQLite file the CMS would open (DATABASE_* from the environment, else cms/.env, as Strapi
 * reads them), if it does not exist yet: then the CMS holds nothing, and booting it would only
 * create an empty database. Undefined when there is one, or the database is PostgreSQL.
 */
export function missingSqliteFile(cmsDir: string): string | undefined {
  const dotenv = path.join(cmsDir, '.env');
  const env: Record<string, string | undefined> = { ...(fs.existsSync(dotenv) ? parseEnv(fs.readFileSync(dotenv, 'utf8')) : {}), ...process.env };
  const client = env['DATABASE_CLIENT'] || (env['DATABASE_URL'] ? 'postgres' : 'sqlite');
  if (client !== 'sqlite') return undefined;
  const file = path.resolve(cmsDir, env['DATABASE_FILENAME'] || '.tmp/data.db');
  return fs.existsSync(file) ? undefined : file;
}
