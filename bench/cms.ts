/**
 * `npm run bench`: the federated county query against the plain Strapi collection queries that
 * fetch the same data, on a throwaway database holding the seed plus 1,000 generated entries per
 * county. Prints p50/p95 latency and requests/s at 10 concurrent clients, SQL queries per request
 * at 1 and 25 items, and the ratio federated/plain; then issue 10's figures beside their goals
 * (SQL and p50 at 100 items against 1, req/s and p95 at 25, with and without the public answer
 * cache; goals.ts). The load runs autocannon in its own process
 * (bench/load.ts). BENCH_ENTRIES (default 1000) and BENCH_SECONDS (default 10) size the run; CI
 * runs a small one (`.ci/run`: BENCH_ENTRIES=5 BENCH_SECONDS=2 BENCH_PUBLISHES=2). Figures also go to bench/results/.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { bootCms, cmsDir } from '../tests/support/cms';
import { compileStrapi } from '../tests/support/strapi';
import { generateEntries } from './generate';
import { atLeast, atMost, printGoals } from './goals';
import { writeResults } from './results';

const PER_COUNTY = Number(process.env.BENCH_ENTRIES ?? 1000);
const CLIENTS = 10;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const COUNTY = 'varmland';
const selection = (fields: string) => `{ title slug ${fields} owner { slug } }`;

/** The same data both ways: a county's latest articles, upcoming events and pages. */
function federatedQuery(limit: number): string {
  return `{ countySite(slug: "${COUNTY}") {
    articles(limit: ${limit}) ${selection('publishedDate')}
    events(limit: ${limit}) ${selection('startsAt eventStatus')}
    pages(limit: ${limit}) ${selection('')}
  } }`;
}

function plainQuery(limit: number): string {
  const visible = `{ or: [{ owner: { slug: { eq: "${COUNTY}" } } }, { sharedWith: { slug: { eq: "${COUNTY}" } } }, { shownOnAllSites: { eq: true } }] }`;
  return `{
    articles(filters: ${visible}, sort: ["publishedDate:desc", "publishedAt:desc"], pagination: { limit: ${limit} }) ${selection('publishedDate')}
    events(filters: ${visible}, sort: "startsAt:asc", pagination: { limit: ${limit} }) ${selection('startsAt eventStatus')}
    pages(filters: ${visible}, sort: ["order:asc", "title:asc"], pagination: { limit: ${limit} }) ${selection('')}
  }`;
}

async function main(): Promise<void> {
  console.log(`Compiling the CMS and booting it on a throwaway ${process.env.DATABASE_CLIENT ?? 'sqlite'} database…`);
  await compileStrapi({ appDir: cmsDir });
  const cms = await bootCms({ env: { STRAPI_LOG_LEVEL: 'error' } });
  try {
    const started = Date.now();
    const created = await generateEntries(cms.strapi, PER_COUNTY);
    console.log(`Generated ${created} entries in ${((Date.now() - started) / 1000).toFixed(1)} s.`);

    let sqlCount = 0;
    cms.strapi.db.connection.on('query', () => {
      sqlCount += 1;
    });
    // Past the public answer cache, which would answer the second request without SQL.
    const fresh = { 'cache-control': 'no-cache' };
    const sqlPerRequest = async (query: string) => {
      const result = await cms.graphql(query, undefined, fresh);
      if (result.errors) throw new Error(JSON.stringify(result.errors));
      sqlCount = 0;
      await cms.graphql(query, undefined, fresh);
      return sqlCount;
    };

    type Load = { requests: number; errors: number; p50: number; p95: number; rps: number };
    // Asynchronously: the CMS serves from this process's event loop meanwhile.
    // Without the public answer cache (cms/src/extensions/graphql/answer-cache.ts), as the sites' renders ask, unless `cached`.
    const load = async (name: string, query: string, cached = false): Promise<Load> => {
      const headers = cached ? {} : { 'cache-control': 'no-cache' };
      const { stdout: out } = await promisify(execFile)(
        'npx',
        ['tsx', path.join(import.meta.dirname, 'load.ts'), `${cms.url}/graphql`, String(CLIENTS), String(SECONDS), JSON.stringify({ query }), JSON.stringify(headers)],
        { encoding: 'utf8' },
      );
      const result = JSON.parse(out.trim().split('\n').at(-1)!) as Load;
      if (result.errors > 0) throw new Error(`${name}: ${result.errors} requests failed`);
      return result;
    };

    const rows: Record<string, number | string>[] = [];
    for (const [name, build] of [['federated', federatedQuery], ['plain', plainQuery]] as const) {
      const sql1 = await sqlPerRequest(build(1));
      const sql25 = await sqlPerRequest(build(25));
      const at25 = await load(name, build(25));
      rows.push({ query: name, 'p50 ms': +at25.p50.toFixed(1), 'p95 ms': +at25.p95.toFixed(1), 'req/s': +at25.rps.toFixed(1), 'SQL @1': sql1, 'SQL @25': sql25 });
    }
    const [federated, plain] = rows as [Record<string, number>, Record<string, number>];
    const ratio = Object.fromEntries(
      ['p50 ms', 'p95 ms', 'req/s', 'SQL @1', 'SQL @25'].map((key) => [key, +(federated[key]! / plain[key]!).toFixed(2)]),
    );
    rows.push({ query: 'federated/plain', ...ratio });
    const cachedLoad = await load('federated, answer cache', federatedQuery(25), true);
    const cached = { query: 'federated, answer cache', 'p50 ms': +cachedLoad.p50.toFixed(1), 'p95 ms': +cachedLoad.p95.toFixed(1), 'req/s': +cachedLoad.rps.toFixed(1) };
    rows.push(cached);

    console.log(`\n${CLIENTS} concurrent clients, ${SECONDS} s each, 25 items per list, county ${COUNTY}, ${PER_COUNTY} entries per county:`);
    console.table(rows);

    const sql100 = await sqlPerRequest(federatedQuery(100));
    const at1 = await load('federated, 1 item', federatedQuery(1));
    const at100 = await load('federated, 100 items', federatedQuery(100));
    const goals = [
      atMost('SQL queries per countySite request, 25 items ÷ 1 item', federated['SQL @25']! / federated['SQL @1']!, 1.5),
      atMost('SQL queries per countySite request, 100 items ÷ 1 item', sql100 / federated['SQL @1']!, 1.5),
      atMost('countySite p50 latency, 100 items per list ÷ 1 item', at100.p50 / Math.max(at1.p50, 0.1), 3),
      atLeast(`countySite req/s at ${CLIENTS} clients, 3 lists of 25 items (public, answer cache)`, cached['req/s'], 200),
      atMost(`countySite p95 at ${CLIENTS} clients (ms; public, answer cache)`, cached['p95 ms'], 100),
      atLeast(`countySite req/s at ${CLIENTS} clients, 3 lists of 25 items (no-cache, as a render asks)`, federated['req/s']!, 200),
      atMost(`countySite p95 at ${CLIENTS} clients (ms; no-cache, as a render asks)`, federated['p95 ms']!, 100),
    ];
    printGoals('countySite', goals);
    writeResults('cms', { perCounty: PER_COUNTY, clients: CLIENTS, seconds: SECONDS, rows, goals });
  } finally {
    await cms.stop();
  }
}

await main();
