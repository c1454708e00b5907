/**
 * The public answer cache (cms/src/extensions/graphql/answer-cache.ts): an anonymous query is
 * answered from memory the second time; any write the CMS makes (a publish, a draft save, a
 * statement straight on the database) drops what was kept; requests with credentials, the preview
 * secret or `Cache-Control: no-cache` (the sites' renders) are never served from it nor kept, and a
 * draft never reaches an anonymous answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREVIEW_SECRET_HEADER } from '@lansportalen/shared/preview';
import { bootCms, type TestCms } from './support/cms';

let cms: TestCms;
const QUERY = `query Pages($preview: Boolean = false) { countySite(slug: "varmland", preview: $preview) { pages(limit: 100) { slug title } } }`;
type Answer = { data?: { countySite: { pages: { slug: string; title: string }[] } }; errors?: unknown[] };

/** The answer and what the cache said of it (hit, miss, or nothing when it was not asked). */
async function ask(headers: Record<string, string> = {}, variables: Record<string, unknown> = {}): Promise<{ body: Answer; cache: string | null }> {
  const response = await fetch(`${cms.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: QUERY, variables }),
  });
  return { body: (await response.json()) as Answer, cache: response.headers.get('x-answer-cache') };
}
const titles = (answer: Answer) => answer.data!.countySite.pages.map((p) => p.title);

let page: { documentId: string; slug: string; title: string };
const pages = () => cms.strapi.documents('api::page.page');

beforeAll(async () => {
  cms = await bootCms();
  const first = (await ask()).body;
  const slug = first.data!.countySite.pages[0]!.slug;
  page = (await pages().findFirst({ filters: { slug: { $eq: slug } }, status: 'published' } as never)) as unknown as typeof page;
}, 120_000);
afterAll(async () => {
  await cms?.stop();
});

describe('the public answer cache', () => {
  it('answers the same anonymous query from memory, with the same answer', async () => {
    const first = await ask();
    const second = await ask();
    expect(second.cache).toBe('hit');
    expect(second.body).toEqual(first.body);
    expect(titles(second.body)).toContain(page.title);
  });

  it('drops what it kept when a publish changes the content', async () => {
    await ask();
    await pages().update({ documentId: page.documentId, data: { title: 'Integration, publicerad ny rubrik' } } as never);
    await pages().publish({ documentId: page.documentId } as never);
    const after = await ask();
    expect(after.cache).toBe('miss');
    expect(titles(after.body)).toContain('Integration, publicerad ny rubrik');
    expect((await ask()).cache).toBe('hit');
  });

  it('never serves a draft: a draft save drops the answer, and the new one holds the published title', async () => {
    await ask();
    await pages().update({ documentId: page.documentId, data: { title: 'UTKAST som aldrig publicerats' } } as never);
    const after = await ask();
    expect(after.cache).toBe('miss');
    expect(JSON.stringify(after.body)).not.toContain('UTKAST');
    expect(titles(after.body)).toContain('Integration, publicerad ny rubrik');
  });

  it('drops what it kept when a statement writes straight to the database, by any route', async () => {
    await ask();
    await cms.strapi.db.connection('pages').where({ document_id: page.documentId }).whereNotNull('published_at').update({ title: 'Skrivet direkt i databasen' });
    const after = await ask();
    expect(after.cache).toBe('miss');
    expect(titles(after.body)).toContain('Skrivet direkt i databasen');
  });

  it('is neither read nor filled for renders, credentials or previews', async () => {
    await ask();
    expect((await ask()).cache).toBe('hit');
    const refused: Record<string, string>[] = [{ 'cache-control': 'no-cache' }, { cookie: 'koa.sess=x' }, { authorization: 'Bearer not-a-token' }];
    for (const headers of refused) {
      const answer = await ask(headers);
      expect(answer.cache, JSON.stringify(headers)).toBeNull();
    }
    // The preview secret: the drafts, and nothing kept that an anonymous request could get.
    const preview = await ask({ [PREVIEW_SECRET_HEADER]: process.env.PREVIEW_SECRET! }, { preview: true });
    expect(preview.cache).toBeNull();
    expect(titles(preview.body)).toContain('UTKAST som aldrig publicerats');
    const anonymous = await ask({}, { preview: true });
    expect(JSON.stringify(anonymous.body)).not.toContain('UTKAST');
  });
});
