/**
 * A throwaway database per suite: a temporary SQLite file by default, or a fresh PostgreSQL
 * database when DATABASE_CLIENT=postgres (created next to DATABASE_URL, dropped afterwards).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface ThrowawayDatabase {
  env: Record<string, string>;
  drop(): Promise<void>;
}

export const databaseClient = process.env.DATABASE_CLIENT === 'postgres' ? 'postgres' : 'sqlite';

/** Read once, before a suite points DATABASE_URL at its own throwaway database. */
export const pgServerUrl = process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';

/** Where a SQLite template database is kept (`seeded-template.ts`). */
export const sqliteTemplateDir = path.join(os.tmpdir(), 'lansportalen-templates');

/** A fresh database: empty, or a copy of a template database (`seeded-template.ts`). */
export async function createThrowawayDatabase(template?: string): Promise<ThrowawayDatabase> {
  const name = `lansportalen_test_${crypto.randomBytes(4).toString('hex')}`;
  if (databaseClient === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lansportalen-'));
    const file = path.join(dir, `${name}.db`);
    if (template) fs.copyFileSync(path.join(sqliteTemplateDir, `${template}.db`), file);
    return {
      env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: file },
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const admin = new pg.Client({ connectionString: pgServerUrl });
  await admin.connect();
  await admin.query(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(pgServerUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_CLIENT: 'postgres', DATABASE_URL: url.toString() },
    drop: async () => {
      const client = new pg.Client({ connectionString: pgServerUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
