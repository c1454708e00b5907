/**
 * The sites' side of the CMS contract, without building a site: the GraphQL documents in
 * shared/src/site/queries validate against the committed schema, they parse with their zod
 * schemas against the real CMS, and the client's errors name county, query and field.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { buildSchema, parse, validate, type FragmentDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { counties } from '@lansportalen/shared/counties';
import { CmsDataError, query, withFragments } from '../shared/src/site/client';
import * as schemas from '../shared/src/site/schemas';
import { loadSite } from '../shared/src/site/site-queries';
import { bootCms, cmsDir, type TestCms } from './support/cms';

const queriesDir = path.resolve(import.meta.dirname, '../shared/src/site/queries');
const fragmentsFile = 'fragments.graphql';
const documents = fs
  .readdirSync(queriesDir)
  .filter((name) => name.endsWith('.graphql') && name !== fragmentsFile)
  .sort()
  .map((name) => ({ name, text: fs.readFileSync(path.join(queriesDir, name), 'utf8') }));
const schema = buildSchema(fs.readFileSync(path.join(cmsDir, 'schema.graphql'), 'utf8'));

describe('the query documents', () => {
  it('are there', () => {
    expect(documents.map((d) => d.name)).toContain('start.graphql');
  });

  it.each(documents.map((d) => [d.name, d] as const))('%s, with its fragments, validates against cms/schema.graphql', (_, document) => {
    const full = withFragments(document.text);
    const errors = validate(schema, parse(full));
    expect(errors.map((e) => e.message)).toEqual([]);
    // One named operation, named as data.ts names it, taking the county.
    const operations = parse(document.text).definitions.filter((d) => d.kind === 'OperationDefinition');
    expect(operations).toHaveLength(1);
    expect(full).toMatch(/\(\$county: String!/);
  });

  it('use every fragment in fragments.graphql', () => {
    const defined = parse(fs.readFileSync(path.join(queriesDir, fragmentsFile), 'utf8'))
      .definitions.filter((d): d is FragmentDefinitionNode => d.kind === 'FragmentDefinition')
      .map((d) => d.name.value);
    expect(defined.length).toBeGreaterThan(0);
    const used = new Set(documents.flatMap((d) => [...withFragments(d.text).matchAll(/^fragment (\w+)/gm)].map((m) => m[1])));
    expect(defined.filter((name) => !used.has(name))).toEqual([]);
  });

  it('are refused by the validation when a field is misspelt (the check can fail)', () => {
    const withSlug = documents.find((d) => /^\s+slug$/m.test(d.text))!;
    const broken = withFragments(withSlug.text).replace(/^(\s+)slug$/m, '$1slugg');
    expect(validate(schema, parse(broken)).map((e) => e.message).join('\n')).toMatch(/Cannot query field "slugg"/);
  });
});

describe('against the real CMS', () => {
  let cms: TestCms;
  const previousCmsUrl = process.env.CMS_URL;
  beforeAll(async () => {
    cms = await bootCms();
    process.env.CMS_URL = cms.url;
  });
  afterAll(async () => {
    if (previousCmsUrl === undefined) delete process.env.CMS_URL;
    else process.env.CMS_URL = previousCmsUrl;
    await cms?.stop();
  });

  const probe = 'query Probe($county: String!) { countySite(slug: $county) { county { name } } }';

  describe.each(counties.map((c) => [c.slug, c] as const))('for %s', (slug, county) => {
    it('every query document parses with its zod schema in schemas.ts', async () => {
      for (const document of documents) {
        // "policy-documents.graphql" → schemas.policyDocumentsResult
        const key = `${document.name.replace(/\.graphql$/, '').replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}Result`;
        const resultSchema = (schemas as Record<string, unknown>)[key] as z.ZodType<{ countySite: { county?: { slug: string } } }>;
        expect(resultSchema, `${document.name}: no ${key} in schemas.ts`).toBeDefined();
        const name = /query (\w+)/.exec(document.text)![1]!;
        const data = await query({ county: slug, name, document: document.text, schema: resultSchema });
        // Only the chrome names the county; data.ts joins it to every other query's result.
        if (document.name === 'chrome.graphql') expect(data.countySite.county?.slug, document.name).toBe(slug);
        else expect(Object.keys(data.countySite).length, document.name).toBeGreaterThan(0);
      }
    });

    it('returns the data when document and schema agree', async () => {
      const data = await query({
        county: slug,
        name: 'Probe',
        document: probe,
        schema: z.object({ countySite: z.object({ county: z.object({ name: z.string() }) }) }),
      });
      expect(data.countySite.county.name).toBe(county.name);
    });

    it('names the county, the query and the field path when the data does not match', async () => {
      const error = await query({
        county: slug,
        name: 'Probe',
        document: probe,
        schema: z.object({ countySite: z.object({ county: z.object({ slug: z.string() }) }) }),
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CmsDataError);
      const message = (error as Error).message;
      expect(message).toContain(`[${slug}] query Probe: unexpected data from the CMS`);
      expect(message).toMatch(/^\s+countySite\.county\.slug: .+$/m);
    });
  });

  it('names a list index in the field path', async () => {
    const error = await query({
      county: 'vastmanland',
      name: 'Networks',
      document: 'query Networks($county: String!) { countySite(slug: $county) { networks { slug name } } }',
      schema: z.object({ countySite: z.object({ networks: z.array(z.object({ slug: z.string(), audience: z.string() })) }) }),
    }).catch((e: unknown) => e);
    expect((error as Error).message).toContain('countySite.networks[0].audience');
  });

  it('says the CMS has no such county when countySite is null (zod takes the null the schema allows)', async () => {
    await expect(loadSite('ingenstans', 'sv', 'pages')).rejects.toThrow('[ingenstans] query Pages: the CMS has no county "ingenstans"');
  });

  it('passes on what the CMS refused, with county and query', async () => {
    const error = await query({
      county: 'dalarna',
      name: 'Broken',
      document: 'query Broken($county: String!) { countySite(slug: $county) { county { nosuchfield } } }',
      schema: z.unknown(),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CmsDataError);
    expect((error as Error).message).toMatch(/^\[dalarna\] query Broken: the CMS refused it: .*nosuchfield/);
  });

  it('says clearly that the CMS did not answer when CMS_URL points nowhere', async () => {
    // A port that was free a moment ago: nothing listens there.
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    process.env.CMS_URL = `http://127.0.0.1:${port}`;
    try {
      const error = await query({ county: 'dalarna', name: 'Probe', document: probe, schema: z.unknown() }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CmsDataError);
      expect((error as Error).message).toMatch(
        new RegExp(`^\\[dalarna\\] query Probe: the CMS at http://127\\.0\\.0\\.1:${port}/graphql did not answer \\(.+\\); start it, or set CMS_URL$`),
      );
    } finally {
      process.env.CMS_URL = cms.url;
    }
  });
});
