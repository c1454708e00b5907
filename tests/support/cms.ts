/**
 * Boots the real CMS in this test process on a throwaway database (with the seed loaded on
 * first boot, as in production) and serves it on a free port.
 */
import { fork } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { createStrapi } from './strapi';
import { createThrowawayDatabase, type ThrowawayDatabase } from './database';
import { seededDatabase, usesTemplate } from './seeded-template';

export const cmsDir = path.resolve(import.meta.dirname, '../../cms');

export interface TestCms {
  strapi: Core.Strapi;
  url: string;
  /** POSTs a GraphQL query anonymously (or with headers) and returns the parsed body. */
  graphql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<{ data?: T; errors?: { message: string; extensions?: { code?: string } }[] }>;
  /** GETs a REST path anonymously and returns status and body. */
  rest(pathAndQuery: string, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  /** Stops Strapi, then boots it again on the same database. */
  restart(): Promise<TestCms>;
  stop(): Promise<void>;
}

/**
 * Waits until no query is running or waiting: after a first boot, Strapi's own start-up work goes
 * on for a second or so (hundreds of queries on PostgreSQL), and stopping meanwhile aborts it.
 */
export async function untilDatabaseIdle(strapi: Core.Strapi): Promise<void> {
  const pool = (strapi.db.connection.client as { pool: { numUsed(): number; numPendingAcquires(): number } }).pool;
  for (let quiet = 0, waited = 0; quiet < 3 && waited < 60_000; waited += 100) {
    quiet = pool.numUsed() + pool.numPendingAcquires() === 0 ? quiet + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Boots and stops the CMS on the given database in a child process (`seed-template-child.ts`). */
function seedInChild(env: Record<string, string>): Promise<void> {
  const child = fork(path.join(import.meta.dirname, 'seed-template-child.ts'), {
    env: { ...process.env, ...env },
    execArgv: ['--import', 'tsx'],
    stdio: 'inherit',
  });
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`Seeding the template database failed (exit code ${code})`)))),
  );
}

export async function bootCms(
  options: { env?: Record<string, string>; database?: ThrowawayDatabase; /** Another copy's cms/ (compiled); default: this one. */ appDir?: string } = {},
): Promise<TestCms> {
  const appDir = options.appDir ?? cmsDir;
  const database =
    options.database ??
    (appDir === cmsDir && usesTemplate(options.env)
      ? await seededDatabase((empty) => seedInChild(empty.env))
      : await createThrowawayDatabase());
  Object.assign(process.env, {
    NODE_ENV: 'test',
    STRAPI_TELEMETRY_DISABLED: 'true',
    HOST: '127.0.0.1',
    PORT: '0',
    GRAPHQL_WRITE_SCHEMA: 'false',
    STRAPI_LOG_LEVEL: 'warn',
    ...database.env,
    ...options.env,
  });
  const strapi = createStrapi({ appDir, distDir: path.join(appDir, 'dist') });
  await strapi.load();
  await strapi.listen();
  // The suites pause for seconds between requests (building attack targets): let the test's own
  // HTTP client close idle connections first, so that it never reuses one the server is closing
  // at that moment (ECONNRESET).
  strapi.server.httpServer.keepAliveTimeout = 65_000;
  const { port } = strapi.server.httpServer.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  // strapi.destroy() ends with process.removeAllListeners(), which would also remove the test
  // runner's own listeners (its IPC channel): put them back afterwards.
  const close = async () => {
    const listeners = process.eventNames().map((name) => [name, process.listeners(name as never)] as const);
    await strapi.destroy();
    for (const [name, fns] of listeners) for (const fn of fns) process.on(name as never, fn as never);
  };
  const cms: TestCms = {
    strapi,
    url,
    async graphql(query, variables, headers = {}) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as never;
    },
    async rest(pathAndQuery, headers = {}) {
      const response = await fetch(`${url}${pathAndQuery}`, { headers });
      return { status: response.status, body: await response.json() };
    },
    async restart() {
      await close();
      return bootCms({ ...options, database });
    },
    async stop() {
      await close();
      await database.drop();
    },
  };
  return cms;
}
