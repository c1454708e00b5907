/**
 * Languages (issue 12) in the CMS: the locales are the county list's languages with Swedish the
 * default; a translation belongs to its Swedish document (owner, sharing, address); a county
 * editor translates only the county's own documents, in the county's languages; and `countySite`
 * in another language shows each entry's translation where one is published, else the Swedish
 * entry marked `isFallback`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counties, countySchema, portalLanguages } from '@lansportalen/shared/counties';
import { federatedCollections } from '../cms/src/extensions/federation/visibility';
import { adminRequest, cm, createEditor } from './support/admin';
import { bootCms, type TestCms } from './support/cms';

const PAGE = 'api::page.page';
const AGREEMENT = 'api::agreement.agreement';
const AREA = 'api::collaboration-area.collaboration-area';
const MANDATE = 'lansstyrelsernas-integrationsuppdrag'; // national, shown on all sites
const paragraph = (text: string) => [{ type: 'paragraph', children: [{ type: 'text', text }] }];

let cms: TestCms;

/** An entry that a county owns (not national). */
const owned = async (uid: string, county: string) =>
  (await cms.strapi.documents(uid as never).findFirst({ filters: { owner: { slug: { $eq: county } } }, status: 'draft' } as never))!.documentId;

const documentOf = async (uid: string, slug: string) =>
  (await cms.strapi.documents(uid as never).findFirst({ filters: { slug: { $eq: slug } }, status: 'draft' } as never))!.documentId;

/** Every version of a document: locale, status, slug, owner and sharing. */
async function versions(uid: string, documentId: string) {
  const rows = (await cms.strapi.db.query(uid as never).findMany({
    where: { documentId },
    populate: { owner: { select: ['slug'] }, sharedWith: { select: ['slug'] } },
    orderBy: { id: 'asc' },
  })) as { locale: string; publishedAt: string | null; slug: string; owner: { slug: string } | null; sharedWith: { slug: string }[] }[];
  return rows.map((r) => ({ locale: r.locale, published: r.publishedAt !== null, slug: r.slug, owner: r.owner?.slug ?? null, sharedWith: r.sharedWith.map((c) => c.slug).sort() }));
}

interface SitePage {
  title: string;
  slug: string;
  locale: string;
  isFallback: boolean;
}

async function siteList(county: string, locale?: string, slug?: string, list = 'pages'): Promise<SitePage[]> {
  const args = [`slug: "${county}"`, ...(locale ? [`locale: "${locale}"`] : [])].join(', ');
  const answer = await cms.graphql<{ countySite: Record<string, SitePage[]> }>(
    `{ countySite(${args}) { ${list}${slug ? `(slug: "${slug}")` : ''} { title slug locale isFallback } } }`,
  );
  expect(answer.errors).toBeUndefined();
  return answer.data!.countySite[list]!;
}
const sitePages = (county: string, locale?: string, slug?: string) => siteList(county, locale, slug);

beforeAll(async () => {
  cms = await bootCms();
}, 600_000);
afterAll(async () => {
  await cms?.stop();
});

describe('the locales', () => {
  it('are the languages of the county list, Swedish the default, and every seeded entry Swedish or a demo translation', async () => {
    const locales = (await cms.strapi.db.query('plugin::i18n.locale').findMany({})) as { code: string; name: string }[];
    expect(locales.map((l) => l.code).sort()).toEqual([...portalLanguages()].sort());
    expect(locales.find((l) => l.code === 'ar')?.name).toBe('العربية (ar)');
    expect(await cms.strapi.plugin('i18n').service('locales').getDefaultLocale()).toBe('sv');
    for (const { uid } of federatedCollections) {
      expect((cms.strapi.contentType(uid) as { pluginOptions?: { i18n?: { localized?: boolean } } }).pluginOptions?.i18n?.localized, uid).toBe(true);
      // The seed's other languages are its demo translations (demo-translations.json), each marked so.
      expect(await cms.strapi.db.query(uid as never).count({ where: { locale: { $ne: 'sv' }, demo: { $ne: true } } }), uid).toBe(0);
      expect(await cms.strapi.db.query(uid as never).count({ where: { locale: 'sv' } }), uid).toBeGreaterThan(0);
    }
  });

  it('of a county are checked: known codes, Swedish implied, each once', () => {
    const county = counties[0]!;
    expect(countySchema.safeParse({ ...county, languages: ['en', 'fa-AF', 'ti'] }).success).toBe(true);
    for (const languages of [['sv'], ['de'], ['prs'], ['en', 'en']]) {
      expect(countySchema.safeParse({ ...county, languages }).success, JSON.stringify(languages)).toBe(false);
    }
  });
});

describe('a translation', () => {
  it("carries its Swedish version's owner, sharing and address, whatever was written", async () => {
    const agreement = await documentOf(AGREEMENT, 'vagen-in');
    const varmland = (await cms.strapi.documents('api::county.county').findFirst({ filters: { slug: 'varmland' } } as never))!;
    await cms.strapi.documents(AGREEMENT as never).update({
      documentId: agreement,
      locale: 'en',
      data: { title: 'The way in', slug: 'the-way-in', owner: varmland.documentId, sharedWith: [varmland.documentId] },
    } as never);
    const all = await versions(AGREEMENT, agreement);
    const swedish = all.find((v) => v.locale === 'sv' && !v.published)!;
    expect(all.find((v) => v.locale === 'en')).toEqual({ ...swedish, locale: 'en' });
    expect(swedish.owner).toBe('dalarna');
  });
});

describe('countySite in another language', () => {
  beforeAll(async () => {
    const mandate = await documentOf(PAGE, MANDATE);
    const pages = cms.strapi.documents(PAGE as never);
    await pages.update({ documentId: mandate, locale: 'en', data: { title: "The county boards' integration mandate", body: paragraph('In English.') } } as never);
    await pages.publish({ documentId: mandate, locale: 'en' } as never);
  });

  it('gives the published translation where there is one, at the Swedish address', async () => {
    const [mandate] = await sitePages('varmland', 'en', MANDATE);
    expect(mandate).toEqual({ title: "The county boards' integration mandate", slug: MANDATE, locale: 'en', isFallback: false });
  });

  it('gives the Swedish entry marked as fallback where there is none, in the same list and order', async () => {
    const pages = cms.strapi.documents(PAGE as never);
    // Värmland's own page without its Arabic demo translation: the others stay Arabic.
    const integration = await documentOf(PAGE, 'integration');
    await pages.unpublish({ documentId: integration, locale: 'ar' } as never);
    const [swedish, arabic, ukrainian] = [await sitePages('varmland'), await sitePages('varmland', 'ar'), await sitePages('varmland', 'uk')];
    await pages.publish({ documentId: integration, locale: 'ar' } as never);
    expect(swedish.length).toBeGreaterThan(1);
    expect(arabic.map((p) => p.slug)).toEqual(swedish.map((p) => p.slug));
    expect(swedish.every((p) => p.locale === 'sv' && !p.isFallback)).toBe(true);
    for (const [i, page] of arabic.entries()) {
      if (page.slug === 'integration') expect(page).toEqual({ ...swedish[i], isFallback: true });
      else expect(page).toMatchObject({ slug: swedish[i]!.slug, locale: 'ar', isFallback: false });
    }
    // No Ukrainian translation at all: every entry in Swedish, marked.
    expect(ukrainian).toEqual(swedish.map((p) => ({ ...p, isFallback: true })));
    console.log(`countySite(varmland, ar): ${arabic.filter((p) => !p.isFallback).length} translated, ${arabic.filter((p) => p.isFallback).length} in Swedish as fallback`);
  });

  it('keeps the federation rule: another county sees the translation of a national entry, never of a foreign one', async () => {
    expect((await sitePages('vastmanland', 'en', MANDATE))[0]?.isFallback).toBe(false);
    const area = (await cms.strapi.documents(AREA as never).findOne({ documentId: await owned(AREA, 'dalarna') } as never))!;
    await cms.strapi.documents(AREA as never).update({ documentId: area.documentId, locale: 'en', data: { title: 'Dalarna in English', lead: 'In English.' } } as never);
    await cms.strapi.documents(AREA as never).publish({ documentId: area.documentId, locale: 'en' } as never);
    const slug = String(area['slug']);
    expect(await siteList('dalarna', 'en', slug, 'collaborationAreas')).toEqual([expect.objectContaining({ title: 'Dalarna in English', isFallback: false })]);
    expect(await siteList('vastmanland', 'en', slug, 'collaborationAreas')).toEqual([]);
  });
});

describe('a county editor', () => {
  let token: string;
  let attempts = 0;
  const refusals: string[] = [];
  beforeAll(async () => {
    token = await createEditor(cms, 'lansportalen-editor-dalarna', 'oversattare.dalarna@example.se');
  });
  afterAll(() => console.log(`Translations: ${attempts} refused attempts by a Dalarna editor, ${refusals.length} got through`));

  const translate = (uid: string, documentId: string, locale: string, title: string) =>
    adminRequest(cms, token, 'PUT', `${cm}/${uid}/${documentId}?locale=${locale}`, { title, lead: title, body: paragraph(title), shownOnAllSites: false });

  it("translates and publishes the county's own entry in the county's languages", async () => {
    const own = await owned(AREA, 'dalarna');
    const made = await translate(AREA, own, 'so', 'Bogga Soomaaliga');
    expect(made.status, made.text).toBe(200);
    const published = await adminRequest(cms, token, 'POST', `${cm}/${AREA}/${own}/actions/publish?locale=so`, { title: 'Bogga Soomaaliga', lead: 'Soomaali.' });
    expect(published.status, published.text).toBe(200);
    const versionsOf = await versions(AREA, own);
    expect(versionsOf.filter((v) => v.locale === 'so').map((v) => [v.owner, v.published])).toEqual([
      ['dalarna', false],
      ['dalarna', true],
    ]);
  });

  it("cannot translate a national or another county's entry, write in a language the county does not offer, or start an entry in another language", async () => {
    const national = await documentOf(PAGE, MANDATE);
    const [foreign, own] = [await owned(PAGE, 'varmland'), await owned(AREA, 'dalarna')];
    const before = [await versions(PAGE, national), await versions(PAGE, foreign), await versions(AREA, own)];
    const attempt = async (label: string, response: Promise<{ status: number; text: string }>, status: number) => {
      attempts += 1;
      const { status: got, text } = await response;
      if (got !== status) refusals.push(`${label}: ${got} ${text.slice(0, 200)}`);
    };
    for (const locale of ['en', 'ar', 'so']) {
      await attempt(`national ${locale}`, translate(PAGE, national, locale, 'KAPAD'), 403);
      await attempt(`Värmland ${locale}`, translate(PAGE, foreign, locale, 'KAPAD'), 403);
      await attempt(`publish national ${locale}`, adminRequest(cms, token, 'POST', `${cm}/${PAGE}/${national}/actions/publish?locale=${locale}`, { title: 'KAPAD' }), 403);
    }
    await attempt('national en (existing translation)', translate(PAGE, national, 'en', 'KAPAD'), 403);
    await attempt('own page in Ukrainian (not a Dalarna language)', translate(AREA, own, 'uk', 'Сторінка'), 403);
    await attempt('a new page in English', adminRequest(cms, token, 'POST', `${cm}/${PAGE}?locale=en`, { title: 'New', slug: 'new-in-english' }), 400);
    await attempt(
      'fill from another locale: Värmland',
      adminRequest(cms, token, 'GET', `/i18n/content-manager/get-fill-from-locale/${PAGE}?documentId=${foreign}&sourceLocale=sv&targetLocale=en`),
      403,
    );
    const foreignRow = (await cms.strapi.db.query(PAGE as never).findOne({ where: { documentId: foreign, publishedAt: null }, select: ['id'] })) as { id: number };
    await attempt(
      "Värmland's non-localized fields",
      adminRequest(cms, token, 'POST', '/i18n/content-manager/actions/get-non-localized-fields', { model: PAGE, id: foreignRow.id, locale: 'en' }),
      403,
    );
    expect([await versions(PAGE, national), await versions(PAGE, foreign), await versions(AREA, own)]).toEqual(before);
    expect(refusals).toEqual([]);
  });
});
