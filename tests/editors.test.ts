/**
 * County editors through the real admin API, as an attacker would try it: a Västmanland editor
 * goes after Dalarna's and national entries with every content-manager endpoint the admin panel
 * calls. Each attempt must be refused and change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counties } from '@lansportalen/shared/counties';
import { applySwedishLabels } from '../cms/src/extensions/admin/field-labels';
import { adminRequest, cm, createEditor } from './support/admin';
import { bootCms, type TestCms } from './support/cms';

let cms: TestCms;
let attempts = 0;
const tokens = new Map<string, string>();
const admin = (token: string, method: string, path: string, body?: unknown) => adminRequest(cms, token, method, path, body);
const editor = (roleCode: string, email: string) => createEditor(cms, roleCode, email);

/** Every version (draft and published) of the entries with these slugs, to prove nothing changed. */
async function snapshot(uid: string, slugs: string[]) {
  const rows = await cms.strapi.db.query(uid as never).findMany({
    where: { slug: { $in: slugs } },
    populate: ['owner', 'sharedWith'],
    orderBy: [{ slug: 'asc' }, { id: 'asc' }],
  });
  return rows.map((r: any) => ({ ...r, owner: r.owner?.slug ?? null, sharedWith: r.sharedWith?.map((c: any) => c.slug) }));
}

beforeAll(async () => {
  cms = await bootCms();
  tokens.set('vastmanland', await editor('lansportalen-editor-vastmanland', 'redaktor.vastmanland@example.se'));
  tokens.set('national', await editor('lansportalen-editor-national', 'redaktor.nationell@example.se'));
});
afterAll(async () => {
  console.log(`${attempts} attempts by a Västmanland editor on other content, all refused`);
  await cms?.stop();
});

describe('roles from the county list', () => {
  it('has an editor role per county and a national editor role', async () => {
    const roles = await cms.strapi.db.query('admin::role').findMany({});
    const names = roles.map((r: any) => r.name);
    for (const county of counties) expect(names).toContain(`Redaktör ${county.board.replace('Länsstyrelsen ', '')}`);
    expect(names).toContain('Nationell redaktör');
  });
});

describe('a Västmanland editor', () => {
  const area = 'api::collaboration-area.collaboration-area';
  const page = 'api::page.page';
  const network = 'api::network.network';
  const targets = [
    { uid: area, slug: 'arbete', who: "Dalarna's" },
    { uid: page, slug: 'lansstyrelsernas-integrationsuppdrag', who: 'national' },
  ];

  it('lists own, shared and national entries, and none of Dalarna\'s own', async () => {
    const token = tokens.get('vastmanland')!;
    const areas = await admin(token, 'GET', `${cm}/${area}?page=1&pageSize=100`);
    attempts += 1;
    expect(areas.status).toBe(200);
    expect(areas.body.results).toEqual([]);
    const networks = await admin(token, 'GET', `${cm}/${network}?page=1&pageSize=100`);
    expect(networks.body.results).toHaveLength(5);
    const pages = await admin(token, 'GET', `${cm}/${page}?page=1&pageSize=100`);
    expect(pages.body.results.map((p: any) => p.slug).sort()).toEqual([
      'integrationspolitikens-fokusomraden',
      'kontakta-oss-vastmanland',
      'lansstyrelsernas-integrationsuppdrag',
      'lansstyrelsernas-uppdrag',
      'om-lansstyrelsen-vastmanland',
    ]);
  });

  it("is not offered another county's entries in relation pickers", async () => {
    const token = tokens.get('vastmanland')!;
    const picker = await admin(token, 'GET', '/content-manager/relations/api::article.article/contacts?pageSize=100');
    attempts += 1;
    expect(picker.status).toBe(200);
    const names = picker.body.results.map((c: any) => c.name);
    expect(names).toContain('Johannes Forssén');
    expect(names).not.toContain('Katja Berglund');
  });

  it.each(targets)('cannot open, edit, publish, unpublish, delete or re-own a $who entry', async ({ uid, slug }) => {
    const token = tokens.get('vastmanland')!;
    const before = await snapshot(uid, [slug]);
    const id = before[0].documentId as string;
    const [vastmanland] = await cms.strapi.documents('api::county.county').findMany({ filters: { slug: 'vastmanland' } } as never);
    const probes: [string, string, unknown?][] = [
      ['PUT', `${cm}/${uid}/${id}`, { title: 'Kapad' }],
      ['PUT', `${cm}/${uid}/${id}`, { owner: { connect: [{ documentId: vastmanland!.documentId }] } }],
      ['POST', `${cm}/${uid}/${id}/actions/publish`, { title: 'Kapad' }],
      ['POST', `${cm}/${uid}/${id}/actions/unpublish`, {}],
      ['POST', `${cm}/${uid}/${id}/actions/discard`, {}],
      ['DELETE', `${cm}/${uid}/${id}`],
      ['POST', `${cm}/${uid}/actions/bulkDelete`, { documentIds: [id] }],
      ['POST', `${cm}/${uid}/actions/bulkPublish`, { documentIds: [id] }],
      ['POST', `${cm}/${uid}/actions/bulkUnpublish`, { documentIds: [id] }],
    ];
    if (uid === area) probes.unshift(['GET', `${cm}/${uid}/${id}`]);
    for (const [method, path, body] of probes) {
      const response = await admin(token, method, path, body);
      attempts += 1;
      expect([403, 404], `${method} ${path} ${JSON.stringify(body ?? '')}: ${response.status}`).toContain(response.status);
    }
    expect(await snapshot(uid, [slug])).toEqual(before);
  });

  it('creates entries owned by Västmanland, whatever the request says', async () => {
    const token = tokens.get('vastmanland')!;
    const [dalarna] = await cms.strapi.documents('api::county.county').findMany({ filters: { slug: 'dalarna' } } as never);
    const created = await admin(token, 'POST', `${cm}/${page}`, {
      title: 'Ny sida',
      slug: 'ny-sida-vastmanland',
      owner: { connect: [{ documentId: dalarna!.documentId }] },
    });
    attempts += 1;
    expect(created.status).toBe(201);
    const [row] = await snapshot(page, ['ny-sida-vastmanland']);
    expect(row.owner).toBe('vastmanland');
  });

  it('edits and publishes its own entry, but cannot move it to another county or make it national', async () => {
    const token = tokens.get('vastmanland')!;
    const [own] = await snapshot(network, ['strategnatverket']);
    const [dalarna] = await cms.strapi.documents('api::county.county').findMany({ filters: { slug: 'dalarna' } } as never);
    const edited = await admin(token, 'PUT', `${cm}/${network}/${own.documentId}`, {
      name: 'Strategnätverket (uppdaterat)',
      owner: { connect: [{ documentId: dalarna!.documentId }] },
    });
    expect(edited.status).toBe(200);
    const national = await admin(token, 'PUT', `${cm}/${network}/${own.documentId}`, { owner: { disconnect: [{ documentId: own.owner }] } });
    expect(national.status).toBe(200);
    attempts += 2;
    const published = await admin(token, 'POST', `${cm}/${network}/${own.documentId}/actions/publish`, {});
    expect(published.status).toBe(200);
    const rows = await snapshot(network, ['strategnatverket']);
    expect(rows.map((r: any) => [r.name, r.owner])).toEqual([
      ['Strategnätverket (uppdaterat)', 'vastmanland'],
      ['Strategnätverket (uppdaterat)', 'vastmanland'],
    ]);
  });
});

describe('a national editor', () => {
  it('edits national entries but not a county\'s, and creates national entries', async () => {
    const token = tokens.get('national')!;
    const [national] = await snapshot('api::page.page', ['integrationspolitikens-fokusomraden']);
    expect((await admin(token, 'PUT', `${cm}/api::page.page/${national.documentId}`, { title: 'Integrationspolitikens fokusområden' })).status).toBe(200);
    const [county] = await snapshot('api::network.network', ['ensamkommande-barn-natverket']);
    expect([403, 404]).toContain((await admin(token, 'PUT', `${cm}/api::network.network/${county.documentId}`, { name: 'x' })).status);
    const created = await admin(token, 'POST', `${cm}/api::page.page`, { title: 'Nationell sida', slug: 'nationell-sida' });
    expect(created.status).toBe(201);
    const [row] = await snapshot('api::page.page', ['nationell-sida']);
    expect(row.owner).toBeNull();
  });
});

describe('side doors of the content manager (finding 1 and 2 of the trust issue)', () => {
  const area = 'api::collaboration-area.collaboration-area';
  const agreement = 'api::agreement.agreement';
  const areaOf = async (documentId: string) =>
    (await cms.strapi.db.query(area).findMany({ where: { documentId }, populate: ['agreement'] })).map((r: any) => r.agreement?.slug ?? null);

  it("cannot move Dalarna's collaboration area to its own agreement, or its own area to Dalarna's agreement", async () => {
    const token = tokens.get('vastmanland')!;
    const [arbete] = await snapshot(area, ['arbete']);
    const [vagenIn] = await snapshot(agreement, ['vagen-in']);
    const before = await areaOf(arbete.documentId);
    const created = await admin(token, 'POST', `${cm}/${agreement}`, {
      title: 'Egen överenskommelse',
      slug: 'egen-overenskommelse',
      collaborationAreas: { connect: [{ documentId: arbete.documentId }] },
    });
    expect(created.status, created.text).toBe(403);
    expect(created.body.error.message).toContain('collaborationAreas');
    const own = await admin(token, 'POST', `${cm}/${area}`, { title: 'Eget område', slug: 'eget-omrade' });
    expect(own.status).toBe(201);
    const attached = await admin(token, 'PUT', `${cm}/${area}/${own.body.data.documentId}`, {
      agreement: { connect: [{ documentId: vagenIn.documentId }] },
    });
    expect(attached.status).toBe(403);
    attempts += 2;
    expect(await areaOf(arbete.documentId)).toEqual(before);
    expect(await areaOf(own.body.data.documentId)).toEqual([null]);
  });

  it("cannot read Dalarna's drafts through bulkFindForValidation, clone or auto-clone, nor learn their slugs", async () => {
    const token = tokens.get('vastmanland')!;
    const [dalarna] = await cms.strapi.documents('api::county.county').findMany({ filters: { slug: 'dalarna' } } as never);
    const draft = await cms.strapi.documents('api::page.page').create({
      data: { title: 'Hemligt utkast', slug: 'hemligt-utkast-dalarna', owner: { set: [{ documentId: dalarna!.documentId }] } },
    } as never);
    const page = 'api::page.page';
    const probes = [
      await admin(token, 'POST', `${cm}/${page}/actions/bulkFindForValidation`, { documentIds: [draft.documentId] }),
      await admin(token, 'POST', `${cm}/${page}/clone/${draft.documentId}`, { slug: 'min-kopia' }),
      await admin(token, 'POST', `${cm}/${page}/auto-clone/${draft.documentId}`, {}),
    ];
    attempts += probes.length + 1;
    for (const probe of probes) {
      expect(probe.status, probe.text).toBe(403);
      expect(probe.text).not.toContain('Hemligt utkast');
    }
    expect(await cms.strapi.db.query(page).count({ where: { slug: 'min-kopia' } })).toBe(0);
    const check = await admin(token, 'POST', '/content-manager/uid/check-availability', { contentTypeUID: page, field: 'slug', value: 'hemligt-utkast-dalarna' });
    expect(check.body).toEqual({ isAvailable: true, suggestion: null });
  });

  it('clones its own entry into its own county, unshared', async () => {
    const token = tokens.get('vastmanland')!;
    const [own] = await snapshot('api::network.network', ['strategnatverket']);
    const clone = await admin(token, 'POST', `${cm}/api::network.network/clone/${own.documentId}`, { slug: 'strategnatverket-kopia' });
    expect(clone.status, clone.text).toBe(200);
    const [copy] = await snapshot('api::network.network', ['strategnatverket-kopia']);
    expect([copy.owner, copy.sharedWith]).toEqual(['vastmanland', []]);
  });
});

describe('Swedish field labels in the content manager', () => {
  const event = 'api::event.event';
  const configuration = async () =>
    (await admin(tokens.get('vastmanland')!, 'GET', `/content-manager/content-types/${event}/configuration`)).body.data;

  it('labels fields, component fields and per-type exceptions in Swedish for an editor', async () => {
    const { contentType, components } = await configuration();
    expect(contentType.metadatas.eventStatus.edit.label).toBe('Status');
    expect(contentType.metadatas.sharedWith.edit.label).toBe('Delas med');
    expect(contentType.metadatas.title.list.label).toBe('Rubrik');
    const image = Object.values(components as Record<string, any>).find((c) => c.metadatas?.alt);
    expect(image?.metadatas.alt.edit.label).toBe('Alternativtext');
    const contact = (await admin(tokens.get('vastmanland')!, 'GET', '/content-manager/content-types/api::contact.contact/configuration')).body.data;
    expect(contact.contentType.metadatas.title.edit.label).toBe('Befattning');
  });

  it("keeps a label an administrator set, when the labels are applied again (every boot)", async () => {
    const service = cms.strapi.plugin('content-manager').service('content-types') as any;
    const model = service.findContentType(event);
    const current = await service.findConfiguration(model);
    const metadatas = { ...current.metadatas, location: { ...current.metadatas.location, edit: { ...current.metadatas.location.edit, label: 'Ort' } } };
    await service.updateConfiguration(model, { settings: current.settings, metadatas, layouts: current.layouts });
    await applySwedishLabels(cms.strapi);
    expect((await configuration()).contentType.metadatas.location.edit.label).toBe('Ort');
    expect((await configuration()).contentType.metadatas.location.list.label).toBe('Plats');
  });
});
