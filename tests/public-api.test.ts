/**
 * The CMS's public surface as an attacker on another origin sees it: CORS gives credentials to
 * the CMS itself and the county sites only, nothing says "Strapi", GraphQL refuses aliased,
 * costly, deep and long queries before running them, no publicationFilter mode tells the public
 * which entries have unpublished drafts, and alerts outside their validity window stay hidden.
 */
import fs from 'node:fs';
import path from 'node:path';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { Lexer, Source, TokenKind, buildSchema, parse, validate, type EnumTypeDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counties } from '@lansportalen/shared/counties';
import { env } from '@strapi/utils';
import lansportalen from '../cms/config/lansportalen';
import { limits } from '../cms/src/limits';
import { withFragments } from '../shared/src/site/client';
import { bootCms, cmsDir, type TestCms } from './support/cms';

const extraOrigin = 'https://partner.example.se';
const siteOrigin = counties[0]!.siteUrl;
const queriesDir = path.resolve(import.meta.dirname, '../shared/src/site/queries');
const siteQueries = fs
  .readdirSync(queriesDir)
  .filter((name) => name.endsWith('.graphql') && name !== 'fragments.graphql')
  .map((name) => ({ name, text: withFragments(fs.readFileSync(path.join(queriesDir, name), 'utf8')) }));
const schemaText = fs.readFileSync(path.join(cmsDir, 'schema.graphql'), 'utf8');
/** Strapi's own list of modes, from the generated schema: a new mode is attacked too. */
const publicationModes = (
  parse(schemaText).definitions.find((d) => d.kind === 'EnumTypeDefinition' && d.name.value === 'PublicationFilter') as EnumTypeDefinitionNode
).values!.map((v) => v.name.value);

let cms: TestCms;
let attempts = 0;

async function post(query: string, headers: Record<string, string> = {}, variables?: object) {
  attempts += 1;
  const started = performance.now();
  const response = await fetch(`${cms.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
  return { status: response.status, headers: response.headers, body, ms: performance.now() - started };
}

beforeAll(async () => {
  cms = await bootCms({ env: { CORS_ORIGINS: extraOrigin } });
});
afterAll(async () => {
  console.log(`${attempts} requests against the public surface`);
  await cms?.stop();
});

describe('CORS', () => {
  const probes = [
    ['GET', '/api/pages'],
    ['POST', '/graphql'],
  ] as const;
  const request = (method: string, url: string, origin: string) =>
    fetch(`${cms.url}${url}`, {
      method,
      headers: { origin, 'content-type': 'application/json' },
      body: method === 'POST' ? JSON.stringify({ query: '{ pages { title } }' }) : undefined,
    });

  it.each(probes)('gives another origin neither access nor credentials: %s %s', async (method, url) => {
    for (const origin of ['https://evil.example', 'null', `${siteOrigin}.evil.example`, 'http://127.0.0.1:9']) {
      const response = await request(method, url, origin);
      attempts += 1;
      expect(response.status, origin).toBe(200);
      expect(response.headers.get('access-control-allow-origin'), origin).toBeNull();
      expect(response.headers.get('access-control-allow-credentials'), origin).toBeNull();
    }
  });

  it.each(probes)('allows every county site and CORS_ORIGINS, with credentials: %s %s', async (method, url) => {
    for (const origin of [...counties.map((c) => c.siteUrl), extraOrigin]) {
      const response = await request(method, url, origin);
      attempts += 1;
      expect(response.headers.get('access-control-allow-origin'), origin).toBe(origin);
      expect(response.headers.get('access-control-allow-credentials'), origin).toBe('true');
    }
  });

  it('answers a preflight for a county site, and not for another origin', async () => {
    const preflight = (origin: string) =>
      fetch(`${cms.url}/graphql`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
    const allowed = await preflight(siteOrigin);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(siteOrigin);
    expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');
    const refused = await preflight('https://evil.example');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect(refused.headers.get('access-control-allow-credentials')).toBeNull();
    expect(refused.headers.get('access-control-allow-methods')).toBeNull();
    attempts += 2;
  });

  it('stops the boot on a CORS_ORIGINS entry that is not an origin, naming it', () => {
    const saved = process.env.CORS_ORIGINS;
    try {
      for (const value of ['*', 'partner.example.se', 'https://partner.example.se/sidor', 'javascript:alert(1)']) {
        process.env.CORS_ORIGINS = `https://ok.example.se, ${value}`;
        expect(() => lansportalen({ env } as never), value).toThrow(`CORS_ORIGINS: "${value}" is not an origin`);
      }
      process.env.CORS_ORIGINS = 'https://a.example.se, https://b.example.se/';
      expect(lansportalen({ env } as never).corsOrigins).toEqual(['https://a.example.se', 'https://b.example.se']);
    } finally {
      process.env.CORS_ORIGINS = saved;
    }
  });
});

it('says nowhere what serves it (no X-Powered-By)', async () => {
  for (const url of ['/api/pages', '/graphql', '/admin', '/admin/init', '/_health', '/api/finns-inte']) {
    const response = await fetch(`${cms.url}${url}`, {
      method: url === '/graphql' ? 'POST' : 'GET',
      headers: { 'content-type': 'application/json' },
      body: url === '/graphql' ? JSON.stringify({ query: '{ pages { title } }' }) : undefined,
    });
    attempts += 1;
    expect(response.headers.get('x-powered-by'), url).toBeNull();
  }
});

describe('GraphQL limits', () => {
  it('refuses 300 aliased countySite blocks at once, in well under a second', async () => {
    const blocks = Array.from({ length: 300 }, (_, i) => `s${i}: countySite(slug: "dalarna") { events { title } articles { title } }`);
    const refused = await post(`{ ${blocks.join(' ')} }`);
    console.log(`300-alias countySite query refused in ${refused.ms.toFixed(0)} ms: ${refused.body.errors?.[0]?.message}`);
    expect(refused.status).toBe(400);
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors?.[0]?.message).toBe(`Syntax Error: Document contains more that ${limits.maxTokens} tokens. Parsing aborted.`);
    expect(refused.ms).toBeLessThan(500);
    // Short enough to pass the token limit, the aliases are counted.
    const few = Array.from({ length: limits.maxAliases + 1 }, (_, i) => `s${i}: countySite(slug: "dalarna") { alerts { slug } }`);
    const aliased = await post(`{ ${few.join(' ')} }`);
    expect(aliased.status).toBe(400);
    expect(aliased.body.errors?.[0]?.message).toBe(`Syntax Error: Aliases limit of ${limits.maxAliases} exceeded, found ${limits.maxAliases + 1}.`);
  });

  it('refuses a query that costs too much, though within the alias and depth limits', async () => {
    const everything = siteQueries.find((q) => q.name === 'start.graphql')!.text.replace(/^query Start[^{]*\{/, '');
    const body = everything.slice(0, everything.indexOf('\nfragment ')).replace(/\$county/g, '"dalarna"').replace(/, preview: \$preview/g, '');
    const fragments = everything.slice(everything.indexOf('\nfragment '));
    // The start page's whole query, asked for 14 times under aliases.
    const blocks = Array.from({ length: 14 }, (_, i) => `s${i}: ${body.trim().replace(/\}$/, '')}`);
    const refused = await post(`{ ${blocks.join(' ')} }\n${fragments}`);
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0]?.message).toMatch(new RegExp(`^Syntax Error: Query Cost limit of ${limits.maxCost} exceeded, found \\d+`));
  });

  it('refuses a query nested deeper than the depth limit, and a document with too many tokens', async () => {
    let nested = 'name';
    for (let i = 0; i < 6; i += 1) nested = `agreement { collaborationAreas { ${nested} } }`;
    const deep = await post(`{ collaborationAreas { ${nested} } }`);
    expect(deep.status).toBe(400);
    expect(deep.body.errors?.map((e) => e.message).join('\n')).toMatch(new RegExp(`depth limit of ${limits.depthLimit} exceeded|exceeds maximum operation depth of ${limits.depthLimit}`));
    const long = await post(`{ pages(filters: { title: { in: [${Array.from({ length: limits.maxTokens }, (_, i) => `"${i}"`).join(', ')}] } }) { title } }`);
    expect(long.status).toBe(400);
    expect(long.body.errors?.[0]?.message).toBe(`Syntax Error: Document contains more that ${limits.maxTokens} tokens. Parsing aborted.`);
    const directives = Array.from({ length: limits.maxDirectives + 1 }, () => '@include(if: true)').join(' ');
    const many = await post(`{ pages ${directives} { title } }`);
    expect(many.status).toBe(400);
    expect(many.body.errors?.[0]?.message).toMatch(`Directives limit of ${limits.maxDirectives} exceeded`);
  });

  it('answers every query the sites send, each well within the cost limit', async () => {
    const schema = buildSchema(schemaText);
    const costs: [string, number, number][] = [];
    for (const { name, text } of siteQueries) {
      let cost = 0;
      const rule = costLimitRule({ maxCost: Infinity, onAccept: [(_ctx, details: { n: number }) => (cost = details.n)] });
      expect(validate(schema, parse(text), [rule]), name).toEqual([]);
      const lexer = new Lexer(new Source(text));
      let tokens = 0;
      while (lexer.advance().kind !== TokenKind.EOF) tokens += 1;
      costs.push([name, cost, tokens]);
      const answer = await post(text, {}, { county: 'dalarna', preview: false, slug: 'x', offset: 0 });
      expect(answer.body.errors, name).toBeUndefined();
      expect(answer.status, name).toBe(200);
    }
    const [biggest, cost] = costs.sort((a, b) => b[1] - a[1])[0]!;
    const tokens = Math.max(...costs.map((c) => c[2]));
    console.log(`the sites' costliest query: ${biggest}, cost ${cost} of ${limits.maxCost}; most tokens: ${tokens} of ${limits.maxTokens}`);
    expect(cost).toBeLessThan(limits.maxCost / 2);
    expect(tokens).toBeLessThan(limits.maxTokens / 2);
  });
});

describe('publicationFilter for the public', () => {
  it('knows the modes from Strapi\'s own enum', () => {
    expect(publicationModes).toContain('MODIFIED');
    expect(publicationModes.length).toBeGreaterThanOrEqual(8);
  });

  it.each(publicationModes)('refuses %s over GraphQL with 400, as an argument or a variable, top-level or nested', async (mode) => {
    const probes = [
      [`{ pages(publicationFilter: ${mode}) { title } }`, undefined],
      [`{ page(documentId: "x", publicationFilter: ${mode}) { title } }`, undefined],
      [`query($m: PublicationFilter) { agreements_connection(publicationFilter: $m) { nodes { title } } }`, { m: mode }],
      [`{ councils { name } countySite(slug: "dalarna") { county { name } } articles(publicationFilter: ${mode}) { title } }`, undefined],
    ] as const;
    for (const [query, variables] of probes) {
      const refused = await post(query, {}, variables);
      expect(refused.status, query).toBe(400);
      expect(refused.body.data, query).toBeUndefined();
      expect(refused.body.errors?.[0]?.message, query).toMatch(/^publicationFilter is not available to the public/);
    }
  });

  it.each(publicationModes)('refuses %s over REST with 400', async (mode) => {
    const value = mode.toLowerCase().replace(/_/g, '-');
    for (const url of [`/api/agreements?publicationFilter=${value}`, `/api/pages?publicationFilter=${value}&status=published`]) {
      const refused = await cms.rest(url);
      attempts += 1;
      expect(refused.status, url).toBe(400);
      expect(refused.body.data, url).toBeNull();
      expect(refused.body.error.message, url).toMatch(/^publicationFilter is not available to the public/);
    }
  });

  it('refuses the legacy hasPublishedVersion too', async () => {
    const rest = await cms.rest('/api/agreements?hasPublishedVersion=true');
    expect(rest.status).toBe(400);
    expect(rest.body.error.message).toMatch(/^hasPublishedVersion is not available to the public/);
    const gql = await post('{ agreements(hasPublishedVersion: true) { title } }');
    expect(gql.status).toBe(400);
    expect(gql.body.errors?.[0]?.message).toMatch(/^hasPublishedVersion is not available to the public/);
  });

  it('still answers an API token (a preview credential), and the public without the filter', async () => {
    const token = await cms.strapi.service('admin::api-token').create({ name: 'Förhandsvisning', type: 'read-only', kind: 'content-api', lifespan: null });
    const headers = { authorization: `Bearer ${token.accessKey}` };
    expect((await cms.rest('/api/agreements?publicationFilter=modified', headers)).status).toBe(200);
    const gql = await post('{ agreements(publicationFilter: MODIFIED) { title } }', headers);
    expect(gql.body.errors).toBeUndefined();
    expect((await cms.rest('/api/agreements')).status).toBe(200);
  });
});

describe('alerts outside their validity window', () => {
  const day = 24 * 3600 * 1000;
  const at = (offset: number) => new Date(Date.now() + offset).toISOString();
  const windows = {
    'utgangen-varning': [at(-10 * day), at(-day)],
    'framtida-varning': [at(day), at(10 * day)],
    'aktuell-varning': [at(-day), at(day)],
    'tillsvidare-varning': [at(-day), null],
  } as const;
  const visible = ['aktuell-varning', 'tillsvidare-varning'];
  const ids = new Map<string, string>();

  beforeAll(async () => {
    for (const [slug, [validFrom, validUntil]] of Object.entries(windows)) {
      const alert = await cms.strapi.documents('api::alert.alert').create({
        data: { title: slug, slug, body: 'Testvarning.', severity: 'info', validFrom, validUntil, shownOnAllSites: true },
        status: 'published',
      } as never);
      ids.set(slug, alert.documentId);
    }
  });

  const shown = (list: { slug: string }[]) => list.map((a) => a.slug).filter((s) => s in windows).sort();

  it('are not in /api/alerts, in a list or by id', async () => {
    const list = await cms.rest('/api/alerts?pagination[pageSize]=100');
    expect(shown(list.body.data)).toEqual(visible);
    expect((await cms.rest('/api/alerts?filters[slug][$eq]=utgangen-varning')).body.data).toEqual([]);
    expect((await cms.rest(`/api/alerts/${ids.get('framtida-varning')}`)).status).toBe(404);
    expect((await cms.rest(`/api/alerts/${ids.get('aktuell-varning')}`)).status).toBe(200);
    attempts += 4;
  });

  it('are not in GraphQL alerts, alerts_connection or alert(documentId)', async () => {
    const list = await post('{ alerts(pagination: { limit: 100 }) { slug } alerts_connection { pageInfo { total } } }');
    expect(shown(list.body.data.alerts)).toEqual(visible);
    const total = list.body.data.alerts_connection.pageInfo.total;
    expect(total).toBe(list.body.data.alerts.length);
    for (const slug of Object.keys(windows)) {
      const one = await post(`query($id: ID!) { alert(documentId: $id) { slug } }`, {}, { id: ids.get(slug) });
      expect(one.body.data.alert?.slug ?? null, slug).toBe(visible.includes(slug) ? slug : null);
    }
  });

  it('are not on any county site, which takes no other time to look at', async () => {
    for (const county of counties) {
      const site = await post(`{ countySite(slug: "${county.slug}") { alerts { slug } } }`);
      expect(shown(site.body.data.countySite.alerts), county.slug).toEqual(visible);
    }
    const past = await post(`{ countySite(slug: "dalarna") { alerts(activeAt: "2020-01-15T00:00:00Z") { slug } } }`);
    expect(past.status).toBe(400);
    expect(past.body.errors?.[0]?.message).toMatch(/Unknown argument "activeAt"/);
  });
});
