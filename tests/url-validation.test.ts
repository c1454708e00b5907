/**
 * Addresses that would run script in a resident's browser are never written. Every URL-valued
 * attribute is found in the content model itself (names `url`, `website`, ending in Url/URL, and
 * links in rich text, through components), then attacked through the document service and
 * through the admin panel's content-manager API as a super admin, creating and updating.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSeed } from '../cms/src/seed';
import { bootCms, cmsDir, type TestCms } from './support/cms';

const hostile = ['javascript:alert(1)', ' JavaScript:alert(document.cookie)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)', '//evil.example/x'];
const harmless = ['https://www.lansstyrelsen.se/dalarna', 'mailto:integration.dalarna@lansstyrelsen.se', 'tel:+46102250000', '/sidor/x/'];
const schemeOf = (value: string) => (value.trim().startsWith('//') ? '//' : `"${value.trim().split(':')[0]!.toLowerCase()}:"`);

let cms: TestCms;
let token: string;
let attempts = 0;

interface Target {
  uid: string;
  /** e.g. `evaluations[].document.url`, `body[].children[].url` (a link in rich text). */
  template: string;
}

type Attributes = Record<string, { type: string; component?: string; repeatable?: boolean }>;

/** The URL-valued paths of one content type, found in its schema and its components'. */
function urlPaths(attributes: Attributes, prefix = ''): string[] {
  return Object.entries(attributes).flatMap(([name, attribute]) => {
    const at = `${prefix}${name}`;
    if (attribute.type === 'component') {
      const component = cms.strapi.components[attribute.component as never] as { attributes: Attributes };
      return urlPaths(component.attributes, `${at}${attribute.repeatable ? '[]' : ''}.`);
    }
    if (attribute.type === 'blocks') return [`${at}[].children[].url`];
    return attribute.type === 'string' && (name === 'url' || name === 'website' || /(Url|URL)$/.test(name)) ? [at] : [];
  });
}

const RICH_TEXT_LINK = '[].children[].url';

/** `{ link: { label, url: value } }` for `link.url`; a paragraph with a link for `body[].children[].url`. */
function dataAt(template: string, value: string): Record<string, unknown> {
  if (!template.endsWith(RICH_TEXT_LINK)) return nest(template, value);
  const link = { type: 'link', url: value, children: [{ type: 'text', text: 'Länk' }] };
  return nest(template.slice(0, -RICH_TEXT_LINK.length), [{ type: 'paragraph', children: [link] }]);
}

function nest(template: string, leaf: unknown): Record<string, unknown> {
  let value = leaf;
  for (const key of template.split('.').reverse()) {
    const name = key.replace('[]', '');
    value = { ...(name === 'url' ? { label: 'Länk' } : {}), [name]: key.endsWith('[]') ? [value] : value };
  }
  return value as Record<string, unknown>;
}

/** The path the error must name: first item of every list. */
const pathOf = (template: string) => template.replace(/\[\]/g, '[0]');

let serial = 0;
function required(uid: string): Record<string, unknown> {
  serial += 1;
  return uid === 'api::county.county' ? { name: `Testlän ${serial}`, slug: `testlan-${serial}`, board: `Länsstyrelsen Test ${serial}` } : {};
}

async function admin(method: string, url: string, body?: unknown) {
  attempts += 1;
  const response = await fetch(`${cms.url}${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json().catch(() => null)) as any };
}

const targets: Target[] = [];
const rows = (uid: string) => cms.strapi.db.query(uid as never).count();

beforeAll(async () => {
  cms = await bootCms();
  for (const [uid, contentType] of Object.entries(cms.strapi.contentTypes)) {
    if (!uid.startsWith('api::')) continue;
    for (const template of urlPaths(contentType.attributes as Attributes)) targets.push({ uid, template });
  }
  const superAdmin = await cms.strapi.service('admin::role').getSuperAdmin();
  const email = 'superadmin@example.se';
  await cms.strapi.service('admin::user').create({ firstname: 'Super', lastname: 'Admin', email, password: 'Superadmin123!', isActive: true, roles: [superAdmin.id] });
  const login = await fetch(`${cms.url}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'Superadmin123!' }),
  });
  token = ((await login.json()) as { data: { token: string } }).data.token;
});
afterAll(async () => {
  console.log(`${targets.length} URL fields found in the schema; ${attempts} attempts to write a hostile address, all refused`);
  await cms?.stop();
});

it('finds the URL fields of the content model', () => {
  const found = targets.map((t) => `${t.uid} ${t.template}`);
  for (const expected of ['api::alert.alert link.url', 'api::event.event registrationUrl', 'api::strategy.strategy evaluations[].document.url', 'api::county.county siteUrl', 'api::organisation.organisation website', 'api::page.page body[].children[].url']) {
    expect(found).toContain(expected);
  }
});

describe('a hostile address', () => {
  it('is refused through the document service, creating and updating, naming the field and scheme', async () => {
    for (const { uid, template } of targets) {
      const documents = cms.strapi.documents(uid as never);
      const existing = await documents.create({ data: { ...required(uid), ...dataAt(template, harmless[0]!) } } as never);
      const before = await rows(uid);
      for (const value of hostile) {
        for (const write of [
          () => documents.create({ data: { ...required(uid), ...dataAt(template, value) } } as never),
          () => documents.update({ documentId: existing.documentId, data: dataAt(template, value) } as never),
        ]) {
          attempts += 1;
          const error = await write().then(() => undefined, (e: Error) => e);
          expect(error?.name, `${uid} ${template} ${value}`).toBe('ValidationError');
          expect(error?.message, `${uid} ${template} ${value}`).toContain(`${pathOf(template)}: `);
          expect(error?.message, `${uid} ${template} ${value}`).toContain(schemeOf(value));
        }
      }
      expect(await rows(uid), uid).toBe(before);
      const after = await documents.findOne({ documentId: existing.documentId, populate: '*' } as never);
      expect(JSON.stringify(after)).not.toMatch(/javascript|vbscript|data:text|evil\.example/i);
    }
  });

  it('is refused through the admin content-manager API for a super admin, and nothing is written', async () => {
    for (const { uid, template } of targets) {
      const base = `/content-manager/collection-types/${uid}`;
      const created = await admin('POST', base, { ...required(uid), ...dataAt(template, harmless[0]!) });
      expect(created.status, `${uid} ${JSON.stringify(created.body)}`).toBe(201);
      const id = created.body.data.documentId as string;
      const before = await rows(uid);
      for (const value of hostile) {
        for (const [method, url] of [['POST', base], ['PUT', `${base}/${id}`]] as const) {
          const refused = await admin(method, url, { ...(method === 'POST' ? required(uid) : {}), ...dataAt(template, value) });
          expect(refused.status, `${method} ${uid} ${template} ${value}`).toBe(400);
          expect(refused.body.error.message).toContain(`${pathOf(template)}: `);
          expect(refused.body.error.message).toContain(schemeOf(value));
          expect(refused.body.error.details.errors[0].path.join('.')).toBe(pathOf(template).replace(/\[(\d+)\]/g, '.$1'));
        }
        if (cms.strapi.contentTypes[uid as never]?.options?.draftAndPublish) {
          const published = await admin('POST', `${base}/${id}/actions/publish`, dataAt(template, value));
          expect(published.status, `publish ${uid} ${template} ${value}`).toBe(400);
        }
      }
      expect(await rows(uid), uid).toBe(before);
    }
  });
});

describe('an address stored past the document service (before this rule, say)', () => {
  it.each([
    ['api::event.event', 'registrationUrl'],
    ['api::page.page', 'body[].children[].url'],
  ])('keeps a %s draft from being published, naming %s', async (uid, template) => {
    const documents = cms.strapi.documents(uid as never);
    const event = uid === 'api::event.event' ? { startsAt: '2030-01-01T10:00:00Z', kind: 'other', eventStatus: 'scheduled' } : {};
    const draft = await documents.create({ data: { title: 'Gammalt utkast', slug: `gammalt-${(serial += 1)}`, ...event, ...dataAt(template, harmless[0]!) } } as never);
    const row = await cms.strapi.db.query(uid as never).findOne({ where: { documentId: draft.documentId, publishedAt: null } });
    const [field, value] = Object.entries(dataAt(template, hostile[0]!))[0]!;
    await cms.strapi.db.query(uid as never).update({ where: { id: row.id }, data: { [field]: value } });
    attempts += 2;
    await expect(documents.publish({ documentId: draft.documentId } as never)).rejects.toThrow(`${pathOf(template)}: adressen använder schemat "javascript:"`);
    const viaAdmin = await admin('POST', `/content-manager/collection-types/${uid}/${draft.documentId}/actions/publish`, {});
    expect(viaAdmin.status).toBe(400);
    expect(viaAdmin.body.error.message).toContain(`${pathOf(template)}: `);
    expect(await documents.findOne({ documentId: draft.documentId, status: 'published' } as never)).toBeNull();
  });
});

describe('a harmless address', () => {
  it.each(harmless)('%s is written, through the document service and the admin API', async (value) => {
    for (const { uid, template } of targets) {
      const entry = await cms.strapi.documents(uid as never).create({ data: { ...required(uid), ...dataAt(template, value) } } as never);
      expect(entry.documentId).toBeTruthy();
      const viaAdmin = await admin('POST', `/content-manager/collection-types/${uid}`, { ...required(uid), ...dataAt(template, value) });
      expect(viaAdmin.status, `${uid} ${template} ${JSON.stringify(viaAdmin.body?.error)}`).toBe(201);
    }
  });
});

it('is refused in a seed file, naming the file, the record and the field', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'url-seed-'));
  fs.copyFileSync(path.join(cmsDir, 'seed', '000-vastmanland-dialogmoten.json'), path.join(dir, '000.json'));
  const data = JSON.parse(fs.readFileSync(path.join(dir, '000.json'), 'utf8'));
  data.alerts[0].link.url = 'javascript:alert(1)';
  fs.writeFileSync(path.join(dir, '000.json'), JSON.stringify(data));
  await expect(runSeed(cms.strapi, dir)).rejects.toThrow(
    `${path.join(dir, '000.json')}: invalid seed data\n  alerts[0].link.url (${data.alerts[0].slug}): adressen använder schemat "javascript:"`,
  );
});
