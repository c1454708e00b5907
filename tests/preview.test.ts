/**
 * Draft preview end to end: real CMS, real county site servers and the county's preview renderer.
 * A Västmanland editor asks the admin API for a preview link (as the Preview button does); the link
 * opens the draft on Västmanland's site only, for that page only, until it expires; each hit renders
 * that one page from the latest draft (no site build), simultaneous hits share one render; another
 * county's draft gets no link; countySite(preview: true) needs the secret. Times printed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counties } from '@lansportalen/shared/counties';
import { previewTokens } from '@lansportalen/shared/preview';
import { createDraftPreviews, createLiveSites, type SiteEvent } from '@lansportalen/publisher';
import { adminRequest, createEditor } from './support/admin';
import { bootCms, type TestCms } from './support/cms';

let cms: TestCms;
let live: Awaited<ReturnType<typeof createLiveSites>>;
let editor: string;
const events: SiteEvent[] = [];
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'preview-'));
const article = 'api::article.article';

const docs = (uid: string) => cms.strapi.documents(uid as never);
const siteUrlOf = (slug: string) => counties.find((c) => c.slug === slug)!.siteUrl;
const previewRenders = () => events.filter((e) => e.kind === 'preview-rendered').length;

async function findDocument(uid: string, filters: object): Promise<string> {
  const [entry] = await docs(uid).findMany({ filters, status: 'draft' } as never);
  expect(entry, JSON.stringify(filters)).toBeTruthy();
  return entry!.documentId as string;
}

/** What the admin panel's Preview button gets for this editor: the status and the link, if any. */
async function askPreview(uid: string, documentId: string, status = 'draft') {
  const query = new URLSearchParams({ documentId, status });
  const response = await adminRequest(cms, editor, 'GET', `/content-manager/preview/url/${uid}?${query}`);
  return { status: response.status, url: (response.body?.data?.url as string | undefined) ?? null };
}

/** The link opened on the test server of a county site (the link names the site's real address). */
function onSite(slug: string, link: string, change?: (url: URL) => void): URL {
  const url = new URL(link);
  const target = new URL(`${live.siteUrl(slug)}${url.pathname}${url.search}`);
  change?.(target);
  return target;
}

async function open(url: URL) {
  const started = performance.now();
  const response = await fetch(url);
  return { status: response.status, headers: response.headers, html: await response.text(), ms: performance.now() - started };
}

beforeAll(async () => {
  cms = await bootCms();
  live = await createLiveSites({ cmsUrl: cms.url, sitePort: () => 0, buildRoot: (slug) => path.join(root, slug), debounceMs: 300, log: () => {} });
  Object.assign(process.env, live.cmsEnv);
  cms.strapi.config.set('lansportalen.siteRebuild', { url: live.cmsEnv.SITE_REBUILD_URL, secret: live.cmsEnv.SITE_REBUILD_SECRET });
  live.onEvent((event) => events.push(event));
  await live.start();
  editor = await createEditor(cms, 'lansportalen-editor-vastmanland', 'redaktor.forhandsvisning@example.se');
});
afterAll(async () => {
  await live?.close();
  await cms?.stop();
  delete process.env.SITE_REBUILD_URL;
  fs.rmSync(root, { recursive: true, force: true });
});

describe('a Västmanland editor', () => {
  let documentId: string;
  let link: string;

  it('gets a link to their own draft on Västmanland\'s site, and it shows the draft', async () => {
    documentId = await findDocument(article, { slug: 'ny-integrationsstrategi-for-lanet' });
    await docs(article).update({ documentId, data: { title: 'Utkast till ny rubrik' } } as never);
    const asked = await askPreview(article, documentId);
    expect(asked.status).toBe(200);
    link = asked.url!;
    expect(new URL(link).origin).toBe(siteUrlOf('vastmanland'));
    expect(new URL(link).searchParams.get('path')).toBe('/nyheter/ny-integrationsstrategi-for-lanet/');

    const first = await open(onSite('vastmanland', link));
    expect(first.status).toBe(200);
    expect(first.html).toContain('Utkast till ny rubrik');
    expect(first.html).toContain('Förhandsvisning');
    expect(first.html).toContain('noindex');
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(first.headers.get('referrer-policy')).toBe('no-referrer');
    expect(previewRenders()).toBe(1);

    const repeated: number[] = [];
    for (let hit = 0; hit < 5; hit += 1) {
      const again = await open(onSite('vastmanland', link));
      expect(again.status).toBe(200);
      expect(again.html).toContain('Utkast till ny rubrik');
      repeated.push(again.ms);
    }
    // Each hit renders the one page again, from the latest draft.
    expect(previewRenders()).toBe(6);
    await docs(article).update({ documentId, data: { lead: 'En ingress skriven efter länken' } } as never);
    const later = await open(onSite('vastmanland', link));
    expect(later.html).toContain('En ingress skriven efter länken');
    console.log(
      `Preview: first hit ${first.ms.toFixed(0)} ms (preview renderer started, one page rendered); 5 more hits with the same link: ${repeated.map((ms) => ms.toFixed(0)).join(', ')} ms; after a draft edit ${later.ms.toFixed(0)} ms`,
    );

    expect(await (await fetch(`${live.siteUrl('vastmanland')}/nyheter/ny-integrationsstrategi-for-lanet/`)).text()).not.toContain('Utkast till ny rubrik');
  });

  it("gets no link for Dalarna's own draft", async () => {
    const dalarnas = await findDocument('api::collaboration-area.collaboration-area', { slug: 'arbete', owner: { slug: 'dalarna' } });
    expect(await askPreview('api::collaboration-area.collaboration-area', dalarnas)).toEqual({ status: 403, url: null });
    const agreement = await findDocument('api::agreement.agreement', { slug: 'vagen-in', owner: { slug: 'dalarna' } });
    expect(await askPreview('api::agreement.agreement', agreement)).toEqual({ status: 403, url: null });
    expect(await askPreview('api::agreement.agreement', agreement, 'published')).toEqual({ status: 403, url: null });
  });

  it('gets national content on their own county site', async () => {
    const national = await findDocument('api::page.page', { slug: 'lansstyrelsernas-integrationsuppdrag' });
    const { url } = await askPreview('api::page.page', national);
    expect(new URL(url!).origin).toBe(siteUrlOf('vastmanland'));
  });

  it('cannot replay the link on Dalarna\'s site, for another page, expired, or tampered with', async () => {
    const refused = async (slug: string, change?: (url: URL) => void) => {
      const response = await open(onSite(slug, link, change));
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.html).toContain('lang="sv"');
      return response.status;
    };
    expect(await refused('dalarna')).toBe(403);
    expect(await refused('vastmanland', (url) => url.searchParams.set('path', '/kontakt/'))).toBe(403);

    const token = new URL(link).searchParams.get('token')!;
    const [payload, signature] = token.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const tampered = Buffer.from(JSON.stringify({ ...claims, county: 'dalarna' })).toString('base64url');
    expect(await refused('dalarna', (url) => url.searchParams.set('token', `${tampered}.${signature}`))).toBe(403);
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await refused('vastmanland', (url) => url.searchParams.set('token', `${payload}.${flipped}`))).toBe(403);

    const expired = previewTokens(process.env.PREVIEW_SECRET).issue({ ...claims, expiresAt: new Date(Date.now() - 1000) });
    const response = await open(onSite('vastmanland', link, (url) => url.searchParams.set('token', expired)));
    expect(response.status).toBe(403);
    expect(response.html).toContain('Länken har gått ut');
    expect(previewRenders()).toBe(7);
  });

  it('after changing the draft, gets a new link that shows the new draft, with one render for simultaneous hits', async () => {
    await docs(article).update({ documentId, data: { title: 'Andra utkastet' } } as never);
    const { url } = await askPreview(article, documentId);
    expect(url).not.toBe(link);
    const before = previewRenders();
    const hits = await Promise.all([1, 2, 3].map(() => open(onSite('vastmanland', url!))));
    for (const hit of hits) {
      expect(hit.status).toBe(200);
      expect(hit.html).toContain('Andra utkastet');
    }
    expect(previewRenders() - before).toBe(1);
    console.log(`Preview: a new draft version's first hit ${Math.max(...hits.map((hit) => hit.ms)).toFixed(0)} ms (three at once, one render)`);
  });

  it('gets the public page for the published version', async () => {
    const { url } = await askPreview(article, documentId, 'published');
    expect(url).toBe(`${siteUrlOf('vastmanland')}/nyheter/ny-integrationsstrategi-for-lanet/`);
  });
});

describe('the sites and the CMS', () => {
  it('publish no draft, although the preview renderer holds the preview secret', async () => {
    const from = events.length;
    const network = await findDocument('api::network.network', { owner: { slug: 'vastmanland' } });
    await docs('api::network.network').publish({ documentId: network } as never);
    await expect.poll(() => events.slice(from).some((e) => e.slug === 'vastmanland' && e.kind === 'built'), { timeout: 120_000 }).toBe(true);
    const page = await (await fetch(`${live.siteUrl('vastmanland')}/nyheter/ny-integrationsstrategi-for-lanet/`)).text();
    expect(page).toContain('Ny integrationsstrategi');
    expect(page).not.toContain('Andra utkastet');
    expect(page).not.toContain('Förhandsvisning');
  });

  it('refuse countySite(preview: true) and drafts over REST without the secret', async () => {
    const query = `{ countySite(slug: "vastmanland", preview: true) { articles { title } } }`;
    expect((await cms.graphql(query)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await cms.graphql(query, undefined, { 'x-preview-secret': 'gissning' })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const withSecret = await cms.graphql(query, undefined, { 'x-preview-secret': process.env.PREVIEW_SECRET! });
    expect(JSON.stringify(withSecret.data)).toContain('Andra utkastet');
    expect((await cms.rest('/api/articles?status=draft', { 'x-preview-secret': 'gissning' })).status).toBe(403);
  });

  it('answer a draft version whose render failed with 500, then 429 and Retry-After, without rendering again', async () => {
    const county = await docs('api::county.county').findFirst({ filters: { slug: 'vastmanland' } } as never);
    const draft = await docs('api::event.event').create({
      data: { title: 'Trasigt utkast', slug: 'trasigt-utkast', startsAt: '2030-01-01T10:00:00Z', owner: county!.documentId },
    } as never);
    const { url } = await askPreview('api::event.event', draft.documentId as string);
    // The county's own address is required and must be http(s): written past the CMS's checks, it fails the draft render.
    const counties = cms.strapi.db.query('api::county.county' as never);
    const row = await counties.findOne({ where: { slug: 'vastmanland' } });
    await counties.update({ where: { id: row.id }, data: { siteUrl: 'javascript:alert(1)' } });
    try {
      const failures = () => events.filter((e) => e.kind === 'preview-failed').length;
      expect((await open(onSite('vastmanland', url!))).status).toBe(500);
      expect(failures()).toBe(1);
      const again = await open(onSite('vastmanland', url!));
      expect(again.status).toBe(429);
      expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(failures()).toBe(1);
    } finally {
      await counties.update({ where: { id: row.id }, data: { siteUrl: row.siteUrl } });
      await docs('api::event.event').delete({ documentId: draft.documentId } as never);
    }
  });
});

describe('the preview renderers', () => {
  it('start on a county\'s first preview, ahead of it when warmed, and stop when unused', async () => {
    // Started by the first preview of Västmanland above (this suite's sites are not warmed).
    expect(live.previewRenderers()).toContain('vastmanland');
    expect(live.previewRenderers()).not.toContain('varmland');
    const previews = createDraftPreviews({ cmsUrl: cms.url, secret: process.env.PREVIEW_SECRET!, idleSeconds: 1, log: () => {}, onRender: () => {} });
    try {
      await previews.warm(['dalarna']);
      expect(previews.running()).toEqual(['dalarna']);
      for (let i = 0; i < 50 && previews.running().length > 0; i += 1) await new Promise((r) => setTimeout(r, 100));
      expect(previews.running()).toEqual([]);
      // Started again on its next use.
      await previews.warm(['dalarna']);
      expect(previews.running()).toEqual(['dalarna']);
    } finally {
      await previews.close();
    }
  }, 120_000);
});
