/**
 * Writing checks (issue 11): LIX against hand-computed values for three seed paragraphs, each
 * check firing and staying quiet, the schema walk finding text in every kind of field of a real
 * entry, and the checks over the whole seed content, printed as one table per county.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counties } from '@lansportalen/shared/counties';
import { checkWriting, lix, lixBand, sentencesOf, wordsOf, type EntryText } from '../cms/src/extensions/writing/checks';
import { checkDocument } from '../cms/src/extensions/writing/entry-text';
import { federatedCollections } from '../cms/src/extensions/federation/visibility';
import { editorRoleCode } from '../cms/src/extensions/admin/county-editors';
import { adminRequest, createEditor } from './support/admin';
import { bootCms, type TestCms } from './support/cms';

const text = (units: Partial<EntryText> = {}): EntryText => ({ units: [], links: [], images: [], ...units });
const paragraph = (value: string, field = 'body') => ({ field, kind: 'paragraph' as const, text: value });

describe('LIX, hand-computed', () => {
  // Västmanland, the dialogue meetings' event: 11 + 23 words, 2 sentences, 3 + 7 long words
  // (Integration, ömsesidighet, invånare; jämlikt, samhälle, samhandling, samhället, arbetet,
  // Västmanlands, integrationsstrategi). 34 ÷ 2 + 100 × 10 ÷ 34 = 17 + 29.41 = 46.4.
  it('a Västmanland paragraph: 46.4, svår', () => {
    const result = lix([paragraph('Integration är en fråga om ömsesidighet som berör alla länets invånare. För att lyckas skapa ett jämlikt samhälle krävs samhandling av hela samhället och i det arbetet spelar Västmanlands läns integrationsstrategi en viktig roll.')]);
    expect(result).toEqual({ value: 46.4, band: 'svår', words: 34, sentences: 2, longWords: 10 });
  });

  // Dalarna, "Vägen in": 12 + 20 words, 2 sentences, 4 + 11 long words. 32 ÷ 2 + 100 × 15 ÷ 32 =
  // 16 + 46.875 = 62.9.
  it('a Dalarna paragraph: 62.9, svår', () => {
    const result = lix([paragraph('Vägen in är en regional överenskommelse för etablering av nyanlända i länet. Länsstyrelsen Dalarna, Region Dalarna, länets kommuner och en rad andra aktörer arbetar gemensamt för nyanländas integrering och inkludering i samhället.')]);
    expect(result).toEqual({ value: 62.9, band: 'svår', words: 32, sentences: 2, longWords: 15 });
  });

  // Värmland, the integration page: 19 words, 1 sentence, 8 long words (Länsstyrelsen,
  // regeringens, företrädare, arbetar, tillsammans, aktörer, nationella,
  // integrationspolitiska). 19 + 100 × 8 ÷ 19 = 19 + 42.11 = 61.1.
  it('a Värmland paragraph: 61.1, svår', () => {
    const result = lix([paragraph('Länsstyrelsen är regeringens företrädare i länet och arbetar för att tillsammans med andra aktörer uppnå de nationella integrationspolitiska målen.')]);
    expect(result).toEqual({ value: 61.1, band: 'svår', words: 19, sentences: 1, longWords: 8 });
  });

  it("uses Wagtail's bands and does not end sentences at abbreviations or in numbers", () => {
    expect([lixBand(34.9), lixBand(35), lixBand(44.9), lixBand(45)]).toEqual(['lätt', 'medel', 'medel', 'svår']);
    // 8 words, 1 sentence (t.ex. and 09.30 end nothing), no long word: 8 + 0 = 8, lätt.
    expect(lix([paragraph('Vi ses t.ex. kl. 09.30 i vår sal.')])).toMatchObject({ value: 8, band: 'lätt', words: 8, sentences: 1 });
    // A heading without a full stop is a sentence of its own; numbers are not words.
    expect(sentencesOf('Strategi 2021–2026')).toEqual(['Strategi 2021–2026']);
    expect(wordsOf('Vägen in-kansli 2021–2026')).toEqual(['Vägen', 'in-kansli']);
  });
});

describe('the checks', () => {
  it('finds each problem, and says nothing about good text', () => {
    const long = Array.from({ length: 26 }, (_, i) => `ord${'a'.repeat(i % 3)}`).join(' ');
    const bad = checkWriting(text({
      units: [
        { field: 'title', kind: 'title', text: 'INSTÄLLT MÖTE om bostäder' },
        { field: 'body', kind: 'heading', level: 2, text: 'Bakgrund' },
        { field: 'body', kind: 'heading', level: 4, text: 'Detaljer' },
        { field: 'body', kind: 'heading', level: 1, text: 'Titel igen' },
        paragraph(`${long}.`),
      ],
      links: [
        { field: 'body', text: 'Läs mer', url: 'https://example.se/a' },
        { field: 'body', text: 'här.', url: 'https://example.se/b' },
        { field: 'body', text: 'https://example.se/c', url: 'https://example.se/c' },
      ],
      images: [
        { field: 'image.alt', alt: ' ', decorative: false },
        { field: 'ornament.alt', alt: null, decorative: true },
      ],
    }));
    const by = (check: string) => bad.findings.filter((f) => f.check === check);
    expect(by('image-alt')).toEqual([expect.objectContaining({ severity: 'error', field: 'image.alt', message: expect.stringContaining('saknar alternativtext') })]);
    expect(by('heading-order').map((f) => f.excerpt)).toEqual(['Detaljer', 'Titel igen']);
    expect(by('long-sentence')).toEqual([expect.objectContaining({ message: expect.stringContaining('26 ord') })]);
    expect(by('link-text').map((f) => f.excerpt)).toEqual(['Läs mer', 'här.', 'https://example.se/c']);
    expect(by('all-caps').map((f) => f.field)).toEqual(['title']);
    expect(bad.findings.filter((f) => f.severity === 'error')).toHaveLength(1);

    const good = checkWriting(text({
      units: [
        { field: 'title', kind: 'title', text: 'Möte om bostäder i EU' },
        { field: 'body', kind: 'heading', level: 2, text: 'Bakgrund' },
        { field: 'body', kind: 'heading', level: 3, text: 'Detaljer' },
        { field: 'body', kind: 'heading', level: 2, text: 'Anmälan' },
        paragraph('Vi ses i vår sal. Ta med SFI-intyget.'),
      ],
      links: [{ field: 'body', text: 'Anmälan till dialogmötet', url: 'https://example.se/a' }],
      images: [{ field: 'image.alt', alt: 'Människor som samtalar i en park.', decorative: false }],
    }));
    expect(good.findings).toEqual([]);
  });
});

describe('the checks over real entries', () => {
  let cms: TestCms;
  beforeAll(async () => {
    cms = await bootCms();
  });
  afterAll(async () => {
    await cms?.stop();
  });

  it('reads text, headings, links and images from every kind of field of a draft', async () => {
    const event = await cms.strapi.documents('api::event.event').create({
      data: {
        title: 'Testmöte för skrivkontroller',
        slug: 'testmote-for-skrivkontroller',
        kind: 'conference',
        startsAt: '2026-05-25T09:00:00+02:00',
        body: [
          { type: 'heading', level: 3, children: [{ type: 'text', text: 'Om mötet' }] },
          { type: 'paragraph', children: [{ type: 'text', text: 'Anmäl dig ' }, { type: 'link', url: 'https://example.se/anmalan', children: [{ type: 'text', text: 'här' }] }, { type: 'text', text: '.' }] },
          { type: 'list', format: 'unordered', children: [{ type: 'list-item', children: [{ type: 'text', text: 'Ta med LEGITIMATION OCH INTYG' }] }] },
        ],
        image: { alt: '', credit: 'Illustratör: Test' },
      },
    } as never);
    const result = await checkDocument(cms.strapi, 'api::event.event', event.documentId);
    expect(result.title).toBe('Testmöte för skrivkontroller');
    const found = result.findings.map((f) => `${f.check} ${f.field}`);
    expect(found).toEqual(expect.arrayContaining(['image-alt image.alt', 'heading-order body', 'link-text body', 'all-caps body']));
    // Title, heading, paragraph, list item and credit: 3 + 2 + 4 + 4 + 2 = 15 words.
    expect(result.lix.words).toBe(15);
    await cms.strapi.documents('api::event.event').delete({ documentId: event.documentId } as never);
  });

  it('checks the whole seed content and prints one table per county', async () => {
    const owners = [...counties.map((c) => c.slug), 'nationellt'];
    const rows = new Map<string, Record<string, string | number>[]>(owners.map((o) => [o, []]));
    let errors = 0;
    for (const { uid } of federatedCollections) {
      const entries = await cms.strapi.documents(uid).findMany({ status: 'draft', populate: { owner: true }, limit: 1000 } as never);
      for (const entry of entries as unknown as { documentId: string; owner?: { slug: string } | null }[]) {
        const result = await checkDocument(cms.strapi, uid, entry.documentId);
        errors += result.findings.filter((f) => f.severity === 'error').length;
        const count = (check: string) => result.findings.filter((f) => f.check === check).length;
        rows.get(entry.owner?.slug ?? 'nationellt')!.push({
          type: uid.split('.').at(-1)!,
          entry: result.title.length > 40 ? `${result.title.slice(0, 39)}…` : result.title,
          words: result.lix.words,
          LIX: result.lix.value,
          band: result.lix.band,
          'long sent.': count('long-sentence'),
          headings: count('heading-order'),
          links: count('link-text'),
          caps: count('all-caps'),
          'alt missing': count('image-alt'),
        });
      }
    }
    for (const [owner, table] of rows) {
      const words = table.reduce((sum, row) => sum + Number(row.words), 0);
      console.log(`\nWriting checks, ${owner}: ${table.length} entries, ${words} words`);
      console.table(table);
    }
    for (const county of counties) expect(rows.get(county.slug)!.length, county.slug).toBeGreaterThan(0);
    expect(errors, 'seed images without alt text').toBe(0);
  });

  it("answers an editor in the admin for the entries they may read, and for no other county's (attempts counted)", async () => {
    const dalarna = await createEditor(cms, editorRoleCode('dalarna'), 'skrivkontroll-dalarna@example.se');
    const agreement = await cms.strapi.documents('api::agreement.agreement').findFirst({ filters: { owner: { slug: 'dalarna' } } } as never);
    const own = await adminRequest(cms, dalarna, 'GET', `/lansportalen/writing-checks/api::agreement.agreement/${agreement!.documentId}`);
    expect(own.status).toBe(200);
    expect(own.body.data).toMatchObject({ title: 'Vägen in', lix: { band: expect.any(String) }, findings: expect.any(Array) });

    let attempts = 0;
    let breaches = 0;
    for (const { uid } of federatedCollections) {
      const theirs = (await cms.strapi.documents(uid).findMany({ status: 'draft', populate: { owner: true, sharedWith: true }, limit: 1000 } as never)) as unknown as {
        documentId: string;
        shownOnAllSites?: boolean;
        owner?: { slug: string } | null;
        sharedWith?: { slug: string }[];
      }[];
      for (const entry of theirs.filter((e) => e.owner?.slug === 'vastmanland' && !e.shownOnAllSites && !e.sharedWith?.some((c) => c.slug === 'dalarna'))) {
        attempts += 1;
        const answer = await adminRequest(cms, dalarna, 'GET', `/lansportalen/writing-checks/${uid}/${entry.documentId}`);
        if (answer.status !== 403) breaches += 1;
      }
    }
    for (const path of ['/lansportalen/writing-checks/admin::user/1', '/lansportalen/writing-checks/api::feedback.feedback/x', `/lansportalen/writing-checks/api::page.page/finns-inte`]) {
      attempts += 1;
      const answer = await adminRequest(cms, dalarna, 'GET', path);
      if (answer.status < 400 || answer.status >= 500) breaches += 1;
    }
    console.log(`Writing checks in the admin: ${attempts} attempts by a Dalarna editor at entries not theirs to read, ${breaches} breaches`);
    expect(attempts).toBeGreaterThan(10);
    expect(breaches).toBe(0);
  });
});
