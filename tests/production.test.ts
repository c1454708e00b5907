/** The CMS started with NODE_ENV=production: no introspection, no playground, secrets from the environment. */
import crypto from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bootCms, type TestCms } from './support/cms';

const random = () => crypto.randomBytes(16).toString('base64');
let cms: TestCms;

beforeAll(async () => {
  cms = await bootCms({
    env: {
      NODE_ENV: 'production',
      APP_KEYS: `${random()},${random()}`,
      API_TOKEN_SALT: random(),
      ADMIN_JWT_SECRET: random(),
      TRANSFER_TOKEN_SALT: random(),
      JWT_SECRET: random(),
      ENCRYPTION_KEY: random(),
      PREVIEW_SECRET: random(),
    },
  });
});
afterAll(() => cms?.stop());

it('turns GraphQL introspection off', async () => {
  const result = await cms.graphql(`{ __schema { queryType { name } } }`);
  expect(result.data).toBeUndefined();
  expect(result.errors?.[0]?.message).toMatch(/introspection/i);
});

it('serves no GraphQL playground', async () => {
  const response = await fetch(`${cms.url}/graphql`, { headers: { accept: 'text/html' } });
  expect(await response.text()).not.toMatch(/sandbox|playground|embeddable-explorer/i);
});

it('still answers the county query', async () => {
  const { data } = await cms.graphql<{ countySite: { county: { name: string } } }>(`{ countySite(slug: "varmland") { county { name } } }`);
  expect(data!.countySite.county.name).toBe('Värmlands län');
});

it('suggests no field names to a misspelt query', async () => {
  const result = await cms.graphql(`{ countySite(slug: "varmland") { countyy { name } } }`);
  expect(result.errors?.[0]?.message).toMatch(/Cannot query field "countyy"/);
  expect(result.errors?.[0]?.message).not.toMatch(/Did you mean/);
});
