/**
 * Local versions of shared content through the real admin API and the sites' GraphQL query: a
 * Värmland editor makes a local version of the national mandate, which Värmland's site shows
 * instead of the source, at the source's address, while the other sites keep the source; the
 * owner's change marks it "ändrad", the editor takes it or keeps their own; an unpublished or
 * deleted source leaves the local version on the site. Its canonical URL is the source owner's
 * page (a shared Dalarna page; also in a real build of Värmland's site), its own site for a
 * national source, and follows the source's address. Then the attacks: another county's editor on
 * every route and on Värmland's local version, local versions of what an editor may not read, and
 * the link fields written through the content manager (counted, 0 breaches).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counties } from '@lansportalen/shared/counties';
import { buildSite } from '@lansportalen/publisher';
import { withFragments } from '../shared/src/site/client';
import { canonicalFor } from '../shared/src/site/format';
import { pagesResult } from '../shared/src/site/schemas';
import { adminRequest, cm } from './support/admin';
import type { TestCms } from './support/cms';
import { MANDATE, PAGE as page, bootWithEditors, documentIdOf } from './support/local-versions';
import { receiveRebuilds, type RebuildReceiver } from './support/rebuilds';

const routes = '/lansportalen/local-versions';
const pagesDocument = fs.readFileSync(new URL('../shared/src/site/queries/pages.graphql', import.meta.url), 'utf8');
const FOCUS = 'integrationspolitikens-fokusomraden';

let cms: TestCms;
let receiver: RebuildReceiver;
let tokens: Map<string, string>;
const admin = (who: string, method: string, path: string, body?: unknown) => adminRequest(cms, tokens.get(who)!, method, path, body);

interface SitePage {
  documentId: string;
  slug: string;
  lead: string | null;
  body: unknown;
}

/** The pages of a county's site, as an anonymous visitor's GraphQL query sees them. */
async function pagesOn(county: string, slug?: string): Promise<SitePage[]> {
  const { data, errors } = await cms.graphql<{ countySite: { pages: SitePage[] } }>(
    'query($county: String!, $slug: String) { countySite(slug: $county) { pages(slug: $slug, limit: 100) { documentId slug lead body } } }',
    { county, slug },
  );
  expect(errors).toBeUndefined();
  return data!.countySite.pages;
}

// The draft first, then the published row: PostgreSQL returns updated rows in no fixed order.
const rows = (documentId: string) =>
  cms.strapi.db
    .query(page as never)
    .findMany({ where: { documentId }, populate: { owner: true, sharedWith: true } })
    .then((found: any[]) => found.sort((a, b) => Number(Boolean(a.publishedAt)) - Number(Boolean(b.publishedAt)) || a.id - b.id));

const rebuiltBy = (action: () => Promise<unknown>) => receiver.rebuiltBy(action);

const ok = <T extends { status: number; text: string }>(response: T): T => {
  expect(response.status, response.text).toBe(200);
  return response;
};
const publish = async (who: string, documentId: string) => ok(await admin(who, 'POST', `${cm}/${page}/${documentId}/actions/publish`, {}));
const paragraph = (text: string) => [{ type: 'paragraph', children: [{ type: 'text', text }] }];

let mandate: string;
let focus: string;
let local: string;

beforeAll(async () => {
  ({ cms, tokens, mandate } = await bootWithEditors(['vastmanland', 'varmland', 'dalarna', 'national']));
  receiver = await receiveRebuilds(cms);
  focus = await documentIdOf(cms, FOCUS);
});
afterAll(async () => {
  receiver?.close();
  await cms?.stop();
});

describe('a local version of the national mandate for Värmland', () => {
  it('starts as a draft copy of the published source, owned by Värmland, and changes no site yet', async () => {
    const offered = ok(await admin('varmland', 'GET', `${routes}/${page}/${mandate}`));
    expect(offered.body.data).toEqual({ localVersion: null, source: { mayCreate: true, localVersion: null } });
    const rebuilt = await rebuiltBy(async () => {
      local = ok(await admin('varmland', 'POST', `${routes}/${page}/${mandate}`)).body.data.documentId;
    });
    expect(rebuilt).toEqual([]);
    const [draft, ...others] = await rows(local);
    expect(others).toEqual([]);
    const source = await cms.strapi.documents(page).findOne({ documentId: mandate, status: 'published' });
    expect(draft).toMatchObject({
      title: source!.title,
      body: source!['body'],
      slug: `${MANDATE}-varmland`,
      publishedAt: null,
      shownOnAllSites: false,
      localVersionOf: mandate,
      localVersionOfSlug: MANDATE,
      localVersionState: 'aktuell',
    });
    expect(draft.owner.slug).toBe('varmland');
    expect(draft.sharedWith).toEqual([]);
    expect(draft.localVersionBase).toMatchObject({ title: source!.title, slug: MANDATE });
    // One per source and county.
    const again = await admin('varmland', 'POST', `${routes}/${page}/${mandate}`);
    expect(again.status).toBe(400);
    expect(ok(await admin('varmland', 'GET', `${routes}/${page}/${mandate}`)).body.data.source).toEqual({ mayCreate: false, localVersion: local });
    for (const county of ['vastmanland', 'varmland', 'dalarna']) expect((await pagesOn(county, MANDATE)).map((p) => p.documentId)).toEqual([mandate]);
  });

  it('once published, is what Värmland shows at the source address; the other sites keep the source', async () => {
    ok(await admin('varmland', 'PUT', `${cm}/${page}/${local}`, { body: paragraph('Värmlands egen text om uppdraget.') }));
    expect(await rebuiltBy(() => publish('varmland', local))).toEqual(['varmland']);
    const [shown] = await pagesOn('varmland', MANDATE);
    expect(shown).toMatchObject({ documentId: local, slug: MANDATE, body: paragraph('Värmlands egen text om uppdraget.') });
    const varmland = await pagesOn('varmland');
    expect(varmland.filter((p) => p.slug === MANDATE).map((p) => p.documentId)).toEqual([local]);
    expect(varmland.map((p) => p.slug)).not.toContain(`${MANDATE}-varmland`);
    expect(await pagesOn('varmland', `${MANDATE}-varmland`)).toEqual([]);
    for (const county of ['vastmanland', 'dalarna']) {
      expect((await pagesOn(county, MANDATE)).map((p) => p.documentId)).toEqual([mandate]);
      expect((await pagesOn(county)).map((p) => p.documentId)).not.toContain(local);
    }
  });

  it("is marked 'ändrad' when the owner publishes a change, which re-renders only the sites showing the source", async () => {
    ok(await admin('national', 'PUT', `${cm}/${page}/${mandate}`, { lead: 'Ny nationell ingress.' }));
    expect(await rebuiltBy(() => publish('national', mandate))).toEqual(['dalarna', 'vastmanland']);
    const status = ok(await admin('varmland', 'GET', `${routes}/${page}/${local}`)).body.data;
    expect(status.localVersion).toMatchObject({ state: 'ändrad', source: { documentId: mandate, slug: MANDATE, readable: true } });
    expect(status.localVersion.changes).toEqual([{ field: 'lead', from: null, to: 'Ny nationell ingress.' }]);
    // Until the editor acts, the site keeps the local version as it was.
    expect(await pagesOn('varmland', MANDATE)).toMatchObject([{ documentId: local, lead: null }]);
  });

  it("'Ta in ändringen' takes the owner's changed fields into the draft and keeps the local ones", async () => {
    expect(ok(await admin('varmland', 'POST', `${routes}/${page}/${local}/take`)).body.data.taken).toEqual(['lead']);
    const draft = await cms.strapi.documents(page).findOne({ documentId: local, status: 'draft' });
    expect(draft).toMatchObject({ lead: 'Ny nationell ingress.', body: paragraph('Värmlands egen text om uppdraget.'), localVersionState: 'aktuell' });
    expect(ok(await admin('varmland', 'GET', `${routes}/${page}/${local}`)).body.data.localVersion).toMatchObject({ state: 'aktuell', changes: [] });
    await publish('varmland', local);
    expect(await pagesOn('varmland', MANDATE)).toMatchObject([{ documentId: local, lead: 'Ny nationell ingress.' }]);
  });

  it("'Behåll min version' clears the mark and keeps the draft as it is", async () => {
    ok(await admin('national', 'PUT', `${cm}/${page}/${mandate}`, { lead: 'Ännu en nationell ingress.' }));
    await publish('national', mandate);
    expect(ok(await admin('varmland', 'GET', `${routes}/${page}/${local}`)).body.data.localVersion.state).toBe('ändrad');
    ok(await admin('varmland', 'POST', `${routes}/${page}/${local}/keep`));
    expect(ok(await admin('varmland', 'GET', `${routes}/${page}/${local}`)).body.data.localVersion).toMatchObject({ state: 'aktuell', changes: [] });
    expect(await cms.strapi.documents(page).findOne({ documentId: local, status: 'draft' })).toMatchObject({ lead: 'Ny nationell ingress.' });
  });
});

describe('a source unpublished, then deleted', () => {
  let localFocus: string;

  it('leaves the local version on its site, marked and recorded in the audit log', async () => {
    localFocus = ok(await admin('varmland', 'POST', `${routes}/${page}/${focus}`)).body.data.documentId;
    expect(await rebuiltBy(() => publish('varmland', localFocus))).toEqual(['varmland']);
    expect(await rebuiltBy(async () => ok(await admin('national', 'POST', `${cm}/${page}/${focus}/actions/unpublish`, {})))).toEqual(['dalarna', 'vastmanland']);
    expect(ok(await admin('varmland', 'GET', `${routes}/${page}/${localFocus}`)).body.data.localVersion.state).toBe('avpublicerad');
    expect((await pagesOn('varmland', FOCUS)).map((p) => p.documentId)).toEqual([localFocus]);
    expect(await pagesOn('dalarna', FOCUS)).toEqual([]);
    expect((await admin('varmland', 'POST', `${routes}/${page}/${localFocus}/take`)).status).toBe(400);

    // Every language of it (the seed's demo translations too): a Swedish entry deleted alone leaves its document.
    ok(await admin('national', 'DELETE', `${cm}/${page}/${focus}?locale=*`));
    expect(ok(await admin('varmland', 'GET', `${routes}/${page}/${localFocus}`)).body.data.localVersion).toMatchObject({ state: 'borttagen', changes: [] });
    expect((await pagesOn('varmland', FOCUS)).map((p) => p.documentId)).toEqual([localFocus]);
    const records = ok(await admin('varmland', 'GET', `/lansportalen/audit-records?documentId=${localFocus}&pageSize=100`)).body.data as { action: string; county: string }[];
    expect(records.map((r) => r.action)).toEqual(expect.arrayContaining(['source-unpublished', 'source-deleted']));
    expect(new Set(records.map((r) => r.county))).toEqual(new Set(['varmland']));
  });
});

describe('the canonical URL of a local version', () => {
  const DALARNA_PAGE = 'dalarnas-vagledning-for-nyanlanda';
  const siteUrl = (county: string) => counties.find((c) => c.slug === county)!.siteUrl;
  let source: string;
  let localCopy: string;

  /** The page at `slug` on a county's site, read as the site reads it: its Pages document, zod schema and canonicalFor. */
  async function sitePage(county: string, slug: string) {
    const { data, errors } = await cms.graphql(withFragments(pagesDocument), { county });
    expect(errors).toBeUndefined();
    const shown = pagesResult.parse(data).countySite!.pages.filter((p) => p.slug === slug);
    expect(shown, `${county} ${slug}`).toHaveLength(1);
    return { ...shown[0]!, canonical: canonicalFor(`/sidor/${slug}/`, siteUrl(county), shown[0]!.canonicalOwner, 'sv') };
  }
  const documentIdOn = async (county: string, slug: string) => (await pagesOn(county, slug)).map((p) => p.documentId);

  it("of a Dalarna page that Värmland accepted points at Dalarna's page, with no link field in the API", async () => {
    const varmland = (await cms.strapi.db.query('api::county.county').findOne({ where: { slug: 'varmland' } })).documentId;
    const created = await admin('dalarna', 'POST', `${cm}/${page}`, {
      title: 'Dalarnas vägledning för nyanlända',
      slug: DALARNA_PAGE,
      sharedWith: { connect: [{ documentId: varmland }] },
    });
    expect(created.status, created.text).toBe(201);
    source = created.body.data.documentId;
    await publish('dalarna', source);
    const share = await cms.strapi.db.query('api::share.share' as never).findOne({ where: { entryDocumentId: source } });
    ok(await admin('varmland', 'PUT', `${cm}/api::share.share/${share.documentId}`, { state: 'accepterad' }));
    expect((await sitePage('varmland', DALARNA_PAGE)).canonical).toBe(`${siteUrl('dalarna')}/sidor/${DALARNA_PAGE}/`);

    localCopy = ok(await admin('varmland', 'POST', `${routes}/${page}/${source}`)).body.data.documentId;
    ok(await admin('varmland', 'PUT', `${cm}/${page}/${localCopy}`, { lead: 'Värmlands egen ingress.' }));
    expect(await rebuiltBy(() => publish('varmland', localCopy))).toEqual(['varmland']);
    const shown = await sitePage('varmland', DALARNA_PAGE);
    expect(shown).toMatchObject({ lead: 'Värmlands egen ingress.', owner: { slug: 'varmland' }, canonicalOwner: { slug: 'dalarna' } });
    expect(shown.canonical).toBe(`${siteUrl('dalarna')}/sidor/${DALARNA_PAGE}/`);
    expect(await documentIdOn('varmland', DALARNA_PAGE)).toEqual([localCopy]);
    expect((await sitePage('dalarna', DALARNA_PAGE)).canonical).toBe(`${siteUrl('dalarna')}/sidor/${DALARNA_PAGE}/`);
    // The link to the source stays private: the public API has no such field.
    const probe = await cms.graphql(`query { countySite(slug: "varmland") { pages(slug: "${DALARNA_PAGE}") { localVersionOf } } }`);
    expect(probe.errors?.[0]?.message).toMatch(/Cannot query field "localVersionOf"/);
  });

  it('of a national entry stays on its own site (no owner page), as on the other sites', async () => {
    expect(await documentIdOn('varmland', MANDATE)).toEqual([local]);
    const shown = await sitePage('varmland', MANDATE);
    expect([shown.owner?.slug, shown.canonicalOwner]).toEqual(['varmland', null]);
    expect(shown.canonical).toBe(`${siteUrl('varmland')}/sidor/${MANDATE}/`);
    expect((await sitePage('dalarna', MANDATE)).canonical).toBe(`${siteUrl('dalarna')}/sidor/${MANDATE}/`);
  });

  it("is in the <link rel=\"canonical\"> and og:url of Värmland's built site", async () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-versions-site-'));
    try {
      const build = await buildSite('varmland', { cmsUrl: cms.url, outDir });
      console.log(`built the varmland site in ${build.seconds.toFixed(1)} s`);
      const head = (slug: string) => {
        const html = fs.readFileSync(path.join(outDir, 'sidor', slug, 'index.html'), 'utf8');
        return [/<link rel="canonical" href="([^"]*)"/.exec(html)?.[1], /<meta property="og:url" content="([^"]*)"/.exec(html)?.[1]];
      };
      expect(head(DALARNA_PAGE)).toEqual(Array(2).fill(`${siteUrl('dalarna')}/sidor/${DALARNA_PAGE}/`));
      expect(head(MANDATE)).toEqual(Array(2).fill(`${siteUrl('varmland')}/sidor/${MANDATE}/`));
    } finally {
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  });

  it("follows the source's new address (Värmland re-rendered), not a change of its text", async () => {
    ok(await admin('dalarna', 'PUT', `${cm}/${page}/${source}`, { lead: 'Dalarnas nya ingress.' }));
    expect(await rebuiltBy(() => publish('dalarna', source))).toEqual(['dalarna']);
    const moved = `${DALARNA_PAGE}-2027`;
    ok(await admin('dalarna', 'PUT', `${cm}/${page}/${source}`, { slug: moved }));
    expect(await rebuiltBy(() => publish('dalarna', source))).toEqual(['dalarna', 'varmland']);
    expect(await documentIdOn('varmland', moved)).toEqual([localCopy]);
    expect(await pagesOn('varmland', DALARNA_PAGE)).toEqual([]);
    const shown = await sitePage('varmland', moved);
    expect([shown.lead, shown.canonical]).toEqual(['Värmlands egen ingress.', `${siteUrl('dalarna')}/sidor/${moved}/`]);
  });

  it("returns to its own site once the owner's page is gone (Värmland re-rendered)", async () => {
    const moved = `${DALARNA_PAGE}-2027`;
    const unpublish = async () => ok(await admin('dalarna', 'POST', `${cm}/${page}/${source}/actions/unpublish`, {}));
    expect(await rebuiltBy(unpublish)).toEqual(['dalarna', 'varmland']);
    expect(await documentIdOn('varmland', moved)).toEqual([localCopy]);
    const shown = await sitePage('varmland', moved);
    expect([shown.canonicalOwner, shown.canonical]).toEqual([null, `${siteUrl('varmland')}/sidor/${moved}/`]);
    expect(await rebuiltBy(() => publish('dalarna', source))).toEqual(['dalarna', 'varmland']);
    expect((await sitePage('varmland', moved)).canonical).toBe(`${siteUrl('dalarna')}/sidor/${moved}/`);
  });
});

describe('attacks on local versions', () => {
  it('finds no way to read, create, take, keep or write links another way (counted)', async () => {
    const vastmanland = (await cms.strapi.db.query('api::county.county').findOne({ where: { slug: 'vastmanland' } })).documentId;
    const guarded = await cms.strapi.documents(page).create({
      data: { title: 'Västmanlands egen sida', slug: 'vastmanlands-egen-sida', owner: vastmanland } as never,
      status: 'published',
    });
    const vastmanlandOwned = guarded.documentId;
    const before = JSON.stringify(await rows(local));
    const attempts: [string, () => Promise<{ status: number; text: string }>][] = [];
    for (const action of ['GET', 'POST']) attempts.push([`dalarna ${action} ${routes}/…/värmlands lokala version`, () => admin('dalarna', action, `${routes}/${page}/${local}`)]);
    for (const step of ['take', 'keep']) {
      attempts.push([`dalarna ${step} värmlands lokala version`, () => admin('dalarna', 'POST', `${routes}/${page}/${local}/${step}`)]);
      attempts.push([`national ${step} värmlands lokala version`, () => admin('national', 'POST', `${routes}/${page}/${local}/${step}`)]);
    }
    attempts.push(['dalarna lokal version av Västmanlands odelade sida', () => admin('dalarna', 'POST', `${routes}/${page}/${vastmanlandOwned}`)]);
    attempts.push(['dalarna status för Västmanlands odelade sida', () => admin('dalarna', 'GET', `${routes}/${page}/${vastmanlandOwned}`)]);
    attempts.push(['national skapar lokal version', () => admin('national', 'POST', `${routes}/${page}/${mandate}`)]);
    attempts.push(['värmland: lokal version av sin egen lokala version', () => admin('varmland', 'POST', `${routes}/${page}/${local}`)]);
    attempts.push(['en okänd post', () => admin('varmland', 'POST', `${routes}/${page}/finnsinte123`)]);
    attempts.push(['en annan innehållstyp', () => admin('varmland', 'POST', `${routes}/api::share.share/${mandate}`)]);
    attempts.push(['utan inloggning', () => adminRequest(cms, 'ingen', 'POST', `${routes}/${page}/${mandate}`)]);
    attempts.push(['dalarna läser Värmlands lokala version i innehållshanteraren', () => admin('dalarna', 'GET', `${cm}/${page}/${local}`)]);
    attempts.push(['dalarna ändrar Värmlands lokala version', () => admin('dalarna', 'PUT', `${cm}/${page}/${local}`, { title: 'Kapad' })]);
    const answers: string[] = [];
    let breaches = 0;
    for (const [name, attempt] of attempts) {
      const { status, text } = await attempt();
      answers.push(`${status} ${name}`);
      if (status < 400) {
        breaches += 1;
        console.error(`BREACH: ${name}: ${text}`);
      }
    }

    // The links through the content manager: an update, a new entry, a copy.
    const linkWrites = { localVersionOf: focus, localVersionOfSlug: 'kapad', localVersionBase: { title: 'x' }, localVersionState: 'aktuell' };
    const shareTry = { sharedWith: { connect: [{ documentId: (await cms.strapi.db.query('api::county.county').findOne({ where: { slug: 'dalarna' } })).documentId }] } };
    await admin('varmland', 'PUT', `${cm}/${page}/${local}`, { ...linkWrites, ...shareTry });
    const created = await admin('varmland', 'POST', `${cm}/${page}`, { title: 'Falsk lokal version', slug: 'falsk-lokal-version', ...linkWrites });
    const cloned = await admin('varmland', 'POST', `${cm}/${page}/clone/${local}`, { title: 'Kopia', slug: 'kopia-av-lokal-version' });
    const after = (await rows(local))[0]!;
    const linkBreaches = [
      after.localVersionOf !== mandate || after.localVersionOfSlug !== MANDATE || after.localVersionBase?.title === 'x',
      after.sharedWith.length > 0,
      (await cms.strapi.db.query('api::share.share' as never).count({ where: { entryDocumentId: local } })) > 0,
      created.status < 300 && (await rows(created.body.data.documentId))[0]!.localVersionOf !== null,
      cloned.status < 300 && (await rows(cloned.body.data.documentId))[0]!.localVersionOf !== null,
    ].filter(Boolean).length;
    answers.push(`${created.status} innehållshanteraren: ny post med länkfält`, `${cloned.status} innehållshanteraren: kopia av lokal version`);

    // As JSON, both sides: a failure shows which field changed.
    const comparable = (json: string) => JSON.parse(json).map((r: any) => ({ ...r, sharedWith: [], updatedAt: null }));
    const afterRows = JSON.stringify(await rows(local));
    const total = attempts.length + 3;
    console.log(`local-version attacks: ${total} attempts, ${breaches + linkBreaches} breaches\n  ${answers.join('\n  ')}`);
    expect(breaches + linkBreaches).toBe(0);
    expect(comparable(afterRows)).toEqual(comparable(before));
  });
});
