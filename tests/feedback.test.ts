/**
 * "Hade du nytta av informationen?" against the real CMS: a form post is stored with county, page
 * and time and no IP address, then answered with the county's thank-you page; a honeypot-filled
 * form is dropped; malformed input, a post from another site and too many posts are refused with
 * a Swedish page that keeps what was written; nobody reads feedback publicly, and a county's
 * editors read their own county's answers and no other's (attempts counted).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counties } from '@lansportalen/shared/counties';
import { editorRoleCode } from '../cms/src/extensions/admin/county-editors';
import { adminRequest, cm, createEditor } from './support/admin';
import { bootCms, type TestCms } from './support/cms';

const FEEDBACK = 'api::feedback.feedback';
const RATE_LIMIT = 30;
const siteOf = (slug: string) => counties.find((c) => c.slug === slug)!;

describe('feedback from residents', () => {
  let cms: TestCms;
  let posts = 0;

  /** Posts the form as a browser does (urlencoded, no redirect followed). */
  async function post(fields: Record<string, string>, headers: Record<string, string> = {}) {
    posts += 1;
    const response = await fetch(`${cms.url}/api/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
    });
    return { status: response.status, location: response.headers.get('location'), headers: response.headers, html: await response.text() };
  }
  const stored = () => cms.strapi.db.query(FEEDBACK).findMany({ populate: { owner: true }, orderBy: { id: 'asc' } }) as Promise<any[]>;

  beforeAll(async () => {
    cms = await bootCms({ env: { FEEDBACK_RATE_LIMIT: String(RATE_LIMIT), FEEDBACK_RATE_WINDOW_SECONDS: '600' } });
  });
  afterAll(async () => {
    await cms?.stop();
  });

  it('stores an answer with county, page and time, and no IP address, then shows the thank-you page', async () => {
    const answer = await post(
      { county: 'dalarna', page: '/overenskommelse/vagen-in/', useful: 'ja', comment: 'Bra att veta vem som leder området Arbete.', homepage: '' },
      { origin: new URL(siteOf('dalarna').siteUrl).origin },
    );
    expect(answer.status).toBe(303);
    expect(answer.location).toBe(`${siteOf('dalarna').siteUrl}/tack/`);
    const rows = await stored();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ page: '/overenskommelse/vagen-in/', useful: true, comment: 'Bra att veta vem som leder området Arbete.', owner: { slug: 'dalarna' } });
    expect(Date.now() - new Date(rows[0].createdAt).getTime()).toBeLessThan(60_000);
    // The row holds no address of the sender, in any of its own columns.
    const row = await cms.strapi.db.connection('feedbacks').first();
    expect(Object.keys(row).sort()).toEqual(['comment', 'created_at', 'created_by_id', 'document_id', 'id', 'locale', 'page', 'published_at', 'updated_at', 'updated_by_id', 'useful']);
    expect(JSON.stringify(row)).not.toMatch(/127\.0\.0\.1|::1|::ffff/);

    // From a page in another language of the county's site, the thank-you page in that language.
    const origin = { origin: new URL(siteOf('dalarna').siteUrl).origin };
    expect((await post({ county: 'dalarna', page: '/en/kontakt/', useful: 'ja' }, origin)).location).toBe(`${siteOf('dalarna').siteUrl}/en/tack/`);
    expect((await post({ county: 'dalarna', page: '/so/', useful: 'ja' }, origin)).location).toBe(`${siteOf('dalarna').siteUrl}/so/tack/`);
    // A language Dalarna's site does not offer, or no language at all: the Swedish one.
    expect((await post({ county: 'dalarna', page: '/uk/kontakt/', useful: 'ja' }, origin)).location).toBe(`${siteOf('dalarna').siteUrl}/tack/`);
    expect((await post({ county: 'dalarna', page: '/enx/', useful: 'ja' }, origin)).location).toBe(`${siteOf('dalarna').siteUrl}/tack/`);

    // "Nej" without a comment, posted without an Origin header (some browsers send none).
    expect((await post({ county: 'varmland', page: '/', useful: 'nej' })).status).toBe(303);
    expect((await stored()).at(-1)).toMatchObject({ owner: { slug: 'varmland' }, page: '/', useful: false, comment: null });
  });

  it('drops a form whose honeypot field is filled, answering as if it were stored', async () => {
    const before = (await stored()).length;
    const answer = await post({ county: 'dalarna', page: '/', useful: 'ja', comment: 'Köp billiga klockor', homepage: 'https://spam.example' });
    expect(answer.status).toBe(303);
    expect(answer.location).toBe(`${siteOf('dalarna').siteUrl}/tack/`);
    expect(await stored()).toHaveLength(before);
  });

  it('refuses malformed input with a Swedish page naming the field and keeping what was written', async () => {
    const before = (await stored()).length;
    const cases: [Record<string, string>, string][] = [
      [{ county: 'dalarna', page: '/nyheter/', comment: 'Jag hittade <b>inte</b> datumet' }, 'välj Ja eller Nej'],
      [{ county: 'dalarna', page: '/nyheter/', useful: 'kanske' }, 'välj Ja eller Nej'],
      [{ county: 'dalarna', page: '/nyheter/', useful: 'ja', comment: 'å'.repeat(1001) }, 'högst 1000 tecken'],
      [{ county: 'gotland', page: '/', useful: 'ja' }, 'okänt län'],
      [{ county: 'dalarna', page: '//evil.example/', useful: 'ja' }, 'sökväg på webbplatsen'],
      [{ county: 'dalarna', page: 'https://evil.example/', useful: 'ja' }, 'sökväg på webbplatsen'],
      [{ county: 'dalarna', useful: 'ja' }, 'sidans adress saknas'],
      [{}, 'välj Ja eller Nej'],
    ];
    for (const [fields, message] of cases) {
      const answer = await post(fields);
      expect(answer.status, JSON.stringify(fields)).toBe(400);
      expect(answer.headers.get('content-type')).toMatch(/text\/html/);
      expect(answer.html).toContain('lang="sv"');
      expect(answer.html, JSON.stringify(fields)).toContain(message);
      expect(answer.headers.get('content-security-policy')).toContain("default-src 'none'");
    }
    // The first case comes back filled in, escaped: the comment is kept, its markup inert.
    const kept = await post(cases[0]![0]);
    expect(kept.html).toContain('Jag hittade &lt;b&gt;inte&lt;/b&gt; datumet</textarea>');
    expect(kept.html).not.toContain('<b>inte</b>');
    expect(kept.html).toContain(`href="${siteOf('dalarna').siteUrl}/nyheter/"`);
    // A JSON body or repeated fields are no way around the rules.
    const json = await fetch(`${cms.url}/api/feedback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ county: ['dalarna'], page: '/', useful: 'ja' }), redirect: 'manual' });
    posts += 1;
    expect(json.status).toBe(400);
    expect(await stored()).toHaveLength(before);
  });

  it('refuses a form posted from another site than the county\'s', async () => {
    const before = (await stored()).length;
    for (const origin of ['https://evil.example', new URL(siteOf('vastmanland').siteUrl).origin]) {
      const answer = await post({ county: 'dalarna', page: '/', useful: 'ja' }, { origin });
      expect(answer.status, origin).toBe(403);
      expect(answer.html).toContain('en annan webbplats');
    }
    expect(await stored()).toHaveLength(before);
  });

  it('is not readable by the public, through REST or GraphQL', async () => {
    for (const path of ['/api/feedbacks', '/api/feedback', '/api/feedbacks/1']) {
      expect((await cms.rest(path)).status, path).toBeGreaterThanOrEqual(403);
    }
    const graphql = await cms.graphql('{ feedbacks { page comment } }');
    expect(graphql.errors?.[0]?.message).toMatch(/Cannot query field "feedbacks"/);
  });

  it("gives a county's editors their county's answers only (attempts counted)", async () => {
    const dalarna = await createEditor(cms, editorRoleCode('dalarna'), 'feedback-dalarna@example.se');
    const vastmanland = await createEditor(cms, editorRoleCode('vastmanland'), 'feedback-vastmanland@example.se');
    const list = await adminRequest(cms, dalarna, 'GET', `${cm}/${FEEDBACK}?page=1&pageSize=100`);
    expect(list.status).toBe(200);
    const dalarnaPages = ['/en/kontakt/', '/enx/', '/overenskommelse/vagen-in/', '/so/', '/uk/kontakt/'];
    expect(list.body.results.map((r: { page: string }) => r.page).sort()).toEqual(dalarnaPages);

    const theirs = (await stored()).filter((row) => row.owner?.slug === 'dalarna');
    let attempts = 0;
    let breaches = 0;
    const attack = async (method: string, path: string, body?: unknown) => {
      attempts += 1;
      const answer = await adminRequest(cms, vastmanland, method, path, body);
      // A refusal may name the id the attacker sent itself; an answer that succeeds may name none of theirs.
      const leaked = theirs.some(
        (row) => (answer.status < 400 && answer.text.includes(row.documentId)) || (row.comment && answer.text.includes(row.comment)),
      );
      if ((answer.status < 400 && method !== 'GET') || leaked || answer.status >= 500) breaches += 1;
    };
    for (const row of theirs) {
      await attack('GET', `${cm}/${FEEDBACK}?page=1&pageSize=100`);
      await attack('GET', `${cm}/${FEEDBACK}/${row.documentId}`);
      await attack('PUT', `${cm}/${FEEDBACK}/${row.documentId}`, { comment: 'ändrad' });
      await attack('DELETE', `${cm}/${FEEDBACK}/${row.documentId}`);
      await attack('POST', `${cm}/${FEEDBACK}/actions/bulkDelete`, { documentIds: [row.documentId] });
      await attack('POST', `${cm}/${FEEDBACK}/clone/${row.documentId}`, {});
      await attack('POST', `${cm}/${FEEDBACK}`, { page: '/', useful: true, owner: { connect: [{ documentId: row.owner.documentId }] } });
    }
    // Editors only read: not even the Dalarna editor changes or deletes an answer.
    for (const row of theirs) {
      attempts += 1;
      if ((await adminRequest(cms, dalarna, 'PUT', `${cm}/${FEEDBACK}/${row.documentId}`, { comment: 'ändrad' })).status < 400) breaches += 1;
      attempts += 1;
      if ((await adminRequest(cms, dalarna, 'DELETE', `${cm}/${FEEDBACK}/${row.documentId}`)).status < 400) breaches += 1;
    }
    console.log(`Feedback: ${attempts} attempts by editors on answers not theirs to read or change, ${breaches} breaches`);
    expect(attempts).toBeGreaterThan(0);
    expect(breaches).toBe(0);
    expect((await stored()).filter((row) => row.owner?.slug === 'dalarna').map((row) => row.comment)).toEqual(theirs.map((row) => row.comment));
  });

  it(`limits one client to ${RATE_LIMIT} posts per window, with a Swedish answer and Retry-After`, async () => {
    const before = (await stored()).length;
    let accepted = 0;
    while (posts < RATE_LIMIT) {
      expect((await post({ county: 'dalarna', page: '/', useful: 'ja' })).status).toBe(303);
      accepted += 1;
    }
    const refused = await post({ county: 'dalarna', page: '/', useful: 'ja', comment: 'Ett svar för mycket' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.html).toContain('Försök igen om');
    expect(await stored()).toHaveLength(before + accepted);
  });
});
