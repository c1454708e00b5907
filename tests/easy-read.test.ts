/**
 * Lättläst (webbriktlinjer R12): a page marked `easyToRead` is the easy version of a page of the
 * county site named by its `standardPath`. The CMS refuses, through the document service (the
 * admin panel, the seed and every other write), a lättläst page without a standard page or with
 * a path that is no page of the site, and a standard path on an ordinary page; the seed file
 * schema says the same with the file's field named. countySite lists the lättläst pages apart
 * from the ordinary ones. The built pages and their links both ways: site-facts.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageSchema } from '../cms/src/seed/schema';
import { bootCms, type TestCms } from './support/cms';
import { expectedOn, seed } from './support/seed-files';

const PAGE_UID = 'api::page.page';
let cms: TestCms;

beforeAll(async () => {
  cms = await bootCms();
}, 300_000);
afterAll(() => cms?.stop());

const pages = () => cms.strapi.documents(PAGE_UID as never);
const base = { title: 'Lätt att läsa', owner: null, shownOnAllSites: false };

describe('a lättläst page', () => {
  it.each([
    ['without a standard page', { easyToRead: true }, /skriv den sidans sökväg/],
    ['naming no page of the site', { easyToRead: true, standardPath: '/finns-inte/' }, /är ingen sida på länets webbplats/],
    ['naming a feed', { easyToRead: true, standardPath: '/nyheter/rss.xml' }, /är ingen sida på länets webbplats/],
    ['naming another site', { easyToRead: true, standardPath: 'https://evil.example/' }, /är ingen sida på länets webbplats/],
    ['naming another lättläst page', { easyToRead: true, standardPath: '/lattlast/x/' }, /är ingen sida på länets webbplats/],
    ['(an ordinary page) with a standard path', { easyToRead: false, standardPath: '/kontakt/' }, /fylls bara i på en lättläst sida/],
  ])('is refused %s, with the field named, and nothing is written', async (_, data, message) => {
    const before = await pages().count({} as never);
    await expect(pages().create({ data: { ...base, slug: `latt-${Math.random().toString(36).slice(2)}`, ...data } } as never)).rejects.toThrow(message);
    expect(await pages().count({} as never)).toBe(before);
  });

  it('is saved when it names a page of the site, and an update cannot unname it', async () => {
    const created = (await pages().create({ data: { ...base, slug: 'latt-ok', easyToRead: true, standardPath: '/sidor/integration/' } } as never)) as { documentId: string };
    await expect(pages().update({ documentId: created.documentId, data: { standardPath: '' } } as never)).rejects.toThrow(/skriv den sidans sökväg/);
    await expect(pages().update({ documentId: created.documentId, data: { standardPath: '/strategi/x/' } } as never)).resolves.toBeTruthy();
    await expect(pages().update({ documentId: created.documentId, data: { easyToRead: false } } as never)).rejects.toThrow(/fylls bara i på en lättläst sida/);
    await pages().delete({ documentId: created.documentId } as never);
  });

  it('is refused in a seed file with the field named', () => {
    const result = pageSchema.safeParse({ ...base, slug: 'latt', easyToRead: true, standardPath: '/okand/' });
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['standardPath', expect.stringMatching(/"\/okand\/" är ingen sida/)]]);
  });
});

describe('countySite', () => {
  it.each(['vastmanland', 'varmland', 'dalarna'])('%s: lists the lättläst pages apart from the ordinary pages', async (county) => {
    const answer = await cms.graphql<{ countySite: { pages: { slug: string }[]; easy: { slug: string; standardPath: string }[] } }>(
      `query ($county: String!) { countySite(slug: $county) { pages { slug } easy: pages(easyToRead: true) { slug standardPath } } }`,
      { county },
    );
    const visible = expectedOn(county, seed.pages);
    const easy = seed.pages.filter((p) => p.data.easyToRead).map((p) => p.data.slug);
    expect(answer.data?.countySite.pages.map((p) => p.slug).sort()).toEqual(visible.filter((slug) => !easy.includes(slug)));
    expect(answer.data?.countySite.easy.map((p) => p.slug).sort()).toEqual(visible.filter((slug) => easy.includes(slug)));
    expect(answer.data?.countySite.easy).toHaveLength(3);
  });
});
