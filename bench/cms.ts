/**
 * `npm run bench`: the federated county query against the plain Strapi collection queries that
 * fetch the same data, on a throwaway database holding the seed plus 1,000 generated entries per
 * county. Prints p50/p95 latency and requests/s at 10 concurrent clients, SQL queries per request
 * at 1 and 25 items, and the ratio federated/plain. The load runs autocannon in its own process
 * (bench/load.ts). BENCH_ENTRIES (default 1000) and BENCH_SECONDS (default 10) size the run; CI
 * runs a small one, e.g. `BENCH_ENTRIES=5 BENCH_SECONDS=3 npm run bench`. Figures also go to bench/results/.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { bootCms, cmsDir } from '../tests/support/cms';
import { compileStrapi } from '../tests/support/strapi';
import { generateEntries } from './generate';
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
    const sqlPerRequest = async (query: string) => {
      const result = await cms.graphql(query);
      if (result.errors) throw new Error(JSON.stringify(result.errors));
      sqlCount = 0;
      await cms.graphql(query);
      return sqlCount;
    };

    const rows: Record<string, number | string>[] = [];
    for (const [name, build] of [['federated', federatedQuery], ['plain', plainQuery]] as const) {
      const sql1 = await sqlPerRequest(build(1));
      const sql25 = await sqlPerRequest(build(25));
      // Asynchronously: the CMS serves from this process's event loop meanwhile.
      const { stdout: out } = await promisify(execFile)(
        'npx',
        ['tsx', path.join(import.meta.dirname, 'load.ts'), `${cms.url}/graphql`, String(CLIENTS), String(SECONDS), JSON.stringify({ query: build(25) })],
        { encoding: 'utf8' },
      );
      const load = JSON.parse(out.trim().split('\n').at(-1)!) as { requests: number; errors: number; p50: number; p95: number; rps: number };
      if (load.errors > 0) throw new Error(`${name}: ${load.errors} requests failed`);
      rows.push({ query: name, 'p50 ms': +load.p50.toFixed(1), 'p95 ms': +load.p95.toFixed(1), 'req/s': +load.rps.toFixed(1), 'SQL @1': sql1, 'SQL @25': sql25 });
    }
    const [federated, plain] = rows as [Record<string, number>, Record<string, number>];
    const ratio = Object.fromEntries(
      ['p50 ms', 'p95 ms', 'req/s', 'SQL @1', 'SQL @25'].map((key) => [key, +(federated[key]! / plain[key]!).toFixed(2)]),
    );
    rows.push({ query: 'federated/plain', ...ratio });

    console.log(`\n${CLIENTS} concurrent clients, ${SECONDS} s each, 25 items per list, county ${COUNTY}, ${PER_COUNTY} entries per county:`);
    console.table(rows);
    writeResults('cms', { perCounty: PER_COUNTY, clients: CLIENTS, seconds: SECONDS, rows });
  } finally {
    await cms.stop();
  }
}

await main();
