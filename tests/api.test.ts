import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET_NAMES, secret } from '../cms/src/secrets';
import { STATEMENT_UID } from '../cms/src/extensions/federation/visibility';
import { adminRequest, createEditor } from './support/admin';
import { bootCms, cmsDir, type TestCms } from './support/cms';

const writtenSchema = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'schema-')), 'schema.graphql');
let cms: TestCms;

beforeAll(async () => {
  cms = await bootCms({ env: { GRAPHQL_WRITE_SCHEMA: 'true', GRAPHQL_SCHEMA_FILE: writtenSchema } });
});
afterAll(() => cms?.stop());

describe('the GraphQL schema', () => {
  it('is committed as the CMS generates it (start the CMS once and commit cms/schema.graphql)', async () => {
    // The plugin writes the file in the background after boot.
    for (let i = 0; i < 100 && !fs.existsSync(writtenSchema); i += 1) await new Promise((r) => setTimeout(r, 100));
    const committed = fs.readFileSync(path.join(cmsDir, 'schema.graphql'), 'utf8');
    expect(fs.readFileSync(writtenSchema, 'utf8')).toBe(committed);
  });
});

describe('query limits', () => {
  it('refuses a GraphQL query nested deeper than 10 levels', async () => {
    const deep = `{ councils { strategy { goalAreas { goals { subGoals { title } } } } members { county { name } } } }`;
    expect((await cms.graphql(deep)).errors).toBeUndefined();
    let nested = 'name';
    for (let i = 0; i < 6; i += 1) nested = `agreement { collaborationAreas { ${nested} } }`;
    const tooDeep = await cms.graphql(`{ collaborationAreas { ${nested} } }`);
    expect(tooDeep.errors?.[0]?.message).toMatch(/exceeds maximum operation depth of 10/);
  });

  it('caps a list at 100 items over GraphQL and REST', async () => {
    const many = await cms.graphql<{ organisations_connection: { nodes: unknown[]; pageInfo: { pageSize: number } } }>(
      `{ organisations_connection(pagination: { limit: 1000 }) { nodes { name } pageInfo { pageSize } } }`,
    );
    expect(many.errors).toBeUndefined();
    expect(many.data!.organisations_connection.pageInfo.pageSize).toBeLessThanOrEqual(100);
    const rest = await cms.rest('/api/organisations?pagination[pageSize]=1000');
    expect(rest.body.meta.pagination.pageSize).toBe(100);
  });

  it('refuses anonymous writes', async () => {
    const created = await cms.graphql(`mutation { createPage(data: { title: "Intrång", slug: "intrang" }) { title } }`);
    expect(created.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const response = await fetch(`${cms.url}/api/pages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: { title: 'Intrång', slug: 'intrang' } }),
    });
    expect(response.status).toBe(403);
  });
});

describe('the content model in the admin', () => {
  it("prefills DIGG's reporting form in a new accessibility statement", async () => {
    const token = await createEditor(cms, 'lansportalen-editor-dalarna', 'digg.dalarna@example.se');
    const types = await adminRequest(cms, token, 'GET', '/content-manager/content-types');
    expect(types.status, types.text).toBe(200);
    const statement = (types.body.data as { uid: string; attributes: Record<string, { default?: unknown }> }[]).find((t) => t.uid === STATEMENT_UID);
    expect(statement?.attributes.reportingUrl?.default).toBe('https://www.digg.se/tdosanmalan');
  });
});

describe('secrets', () => {
  it('stop a production boot with the name of the one missing', () => {
    const saved = { NODE_ENV: process.env.NODE_ENV, JWT_SECRET: process.env.JWT_SECRET };
    process.env.NODE_ENV = 'production';
    delete process.env.JWT_SECRET;
    try {
      expect(() => secret('JWT_SECRET')).toThrow(
        'Missing secret JWT_SECRET: set the environment variable JWT_SECRET before starting the CMS in production.',
      );
      process.env.JWT_SECRET = 'from-the-environment';
      expect(secret('JWT_SECRET')).toBe('from-the-environment');
    } finally {
      Object.assign(process.env, saved);
      if (saved.JWT_SECRET === undefined) delete process.env.JWT_SECRET;
    }
  });

  it('are generated once into the git-ignored cms/.env in development, never committed', () => {
    const env = fs.readFileSync(path.join(cmsDir, '.env'), 'utf8');
    for (const name of ['APP_KEYS', 'ADMIN_JWT_SECRET', 'JWT_SECRET', 'ENCRYPTION_KEY']) {
      expect(env.match(new RegExp(`^${name}=`, 'gm')), name).toHaveLength(1);
    }
    const gitignore = fs.readFileSync(path.join(cmsDir, '..', '.gitignore'), 'utf8');
    expect(gitignore.split('\n')).toContain('.env');
  });
});

describe('configuration', () => {
  const configDir = path.join(cmsDir, 'config');
  const read = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? read(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));

  it('lists every variable that config/*.ts reads in cms/ENVIRONMENT.md', () => {
    const example = fs.readFileSync(path.join(cmsDir, 'ENVIRONMENT.md'), 'utf8');
    const listed = new Set([...example.matchAll(/^# ([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    const read = new Set(
      fs.readdirSync(configDir).flatMap((name) => [...fs.readFileSync(path.join(configDir, name), 'utf8').matchAll(/env(?:\.\w+)?\('([A-Z0-9_]+)'/g)].map((m) => m[1])),
    );
    expect(read.size).toBeGreaterThan(10);
    expect([...read].filter((name) => !listed.has(name))).toEqual([]);
  });

  it('lists the same variables in cms/.env.example as in cms/ENVIRONMENT.md, with no secret given a value', () => {
    const names = (file: string, line: RegExp) => [...fs.readFileSync(path.join(cmsDir, file), 'utf8').matchAll(line)].map((m) => m[1]!);
    const documented = names('ENVIRONMENT.md', /^# ([A-Z][A-Z0-9_]+)=/gm);
    const example = names('.env.example', /^(?:# )?([A-Z][A-Z0-9_]+)=/gm);
    expect(example.length).toBeGreaterThan(30);
    expect(example.length, 'a variable twice in .env.example').toBe(new Set(example).size);
    // A set each: ENVIRONMENT.md's comments name a variable again ("# RENDER_QUEUE=postgres; …").
    expect([...new Set(example)].sort()).toEqual([...new Set(documented)].sort());
    // Every secret only as an empty, commented line: never a value anyone could deploy.
    const secrets = names('.env.example', /^(?:# )?([A-Z][A-Z0-9_]+)=\S/gm).filter((name) => (SECRET_NAMES as readonly string[]).includes(name));
    expect(secrets).toEqual([]);
  });

  it('is read through env() in config/*.ts, not from process.env in src/ (secrets aside)', () => {
    const readers = read(path.join(cmsDir, 'src'))
      .concat(read(configDir))
      .filter((file) => /process\.env\.[A-Z]/.test(fs.readFileSync(file, 'utf8')))
      .map((file) => path.relative(cmsDir, file));
    expect(readers.sort()).toEqual(['src/secrets.ts']);
  });
});
