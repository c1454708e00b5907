/**
 * The publish archive with a real CMS and real renders of one county site (Dalarna): the first
 * render archives every page, a later render only the pages it changed (into ARCHIVE_DIR from the
 * second change on, the earlier ones staying in the database); the admin routes answer
 * for a moment before a change with the old HTML and content and after it with the new; an
 * unpublished and a deleted page stay in earlier snapshots; the real `npm run archive` writes the
 * dated folder tree; other counties' editors and strangers attack every archive route (counted,
 * 0 breaches).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARCHIVE_ROUTE, ARCHIVE_TOKEN_HEADER, archiveToken } from '@lansportalen/shared/archive';
import { countyBySlug, countyLanguages } from '@lansportalen/shared/counties';
import { createLiveSites } from '@lansportalen/publisher';
import { adminRequest, createEditor } from './support/admin';
import { launchChromium, logIn, screenshot } from './support/admin-browser';
import { bootCms, type TestCms } from './support/cms';

const repoDir = path.resolve(import.meta.dirname, '..');
const PAGES = 'lansportalen_archive_pages';
const CONTENT = 'lansportalen_archive_content';
const pageUid = 'api::page.page';
const archive = '/lansportalen/archive';
const fileOf = (slug: string) => `sidor/${slug}/index.html`;

let cms: TestCms;
let live: Awaited<ReturnType<typeof createLiveSites>>;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'archive-'));
const archiveDir = path.join(root, 'archive-dir');
const tokens = new Map<string, string>();
const admin = (who: string, url: string, method = 'GET', body?: unknown) => adminRequest(cms, tokens.get(who)!, method, url, body);
const knex = () => cms.strapi.db.connection;
const docs = () => cms.strapi.documents(pageUid as never);

/** Waits for the CMS's render request to arrive and the render (and its archiving) to finish; returns the moment after. */
async function settle(): Promise<string> {
  await new Promise((r) => setTimeout(r, 400));
  await live.idle();
  await new Promise((r) => setTimeout(r, 5));
  return new Date().toISOString();
}

async function snapshot(at: string) {
  const response = await admin('national', `${archive}/dalarna?at=${encodeURIComponent(at)}`);
  expect(response.status, response.text).toBe(200);
  return response.body.data as { pages: { path: string }[]; content: { id: number; uid: string; documentId: string }[] };
}

async function pageHtml(at: string, file: string): Promise<string | null> {
  const response = await admin('national', `${archive}/dalarna/page?at=${encodeURIComponent(at)}&path=${encodeURIComponent(file)}`);
  if (response.status === 404) return null;
  expect(response.status, response.text).toBe(200);
  return response.body.data.html as string;
}

async function archivedLead(at: string, documentId: string): Promise<string | null> {
  const entry = (await snapshot(at)).content.find((c) => c.uid === pageUid && c.documentId === documentId);
  if (!entry) return null;
  const response = await admin('national', `${archive}/dalarna/content/${entry.id}`);
  expect(response.status, response.text).toBe(200);
  return response.body.data.data.lead as string;
}

async function runArchive(...args: string[]): Promise<{ code: number; out: string }> {
  // The suite's database is in process.env (support/cms.ts): the script reads it as the CMS does.
  return promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/archive.ts', ...args], { cwd: repoDir, env: process.env }).then(
    ({ stdout, stderr }) => ({ code: 0, out: stdout + stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, out: error.stdout + error.stderr }),
  );
}

const moments: Record<string, string> = {};
const ids: Record<string, string> = {};
let firstRenderPages = 0;

beforeAll(async () => {
  cms = await bootCms();
  live = await createLiveSites({ cmsUrl: cms.url, sitePort: () => 0, buildRoot: (slug) => path.join(root, slug), debounceMs: 300, only: ['dalarna'], log: () => {} });
  Object.assign(process.env, live.cmsEnv);
  cms.strapi.config.set('lansportalen.siteRebuild', { url: live.cmsEnv.SITE_REBUILD_URL, secret: live.cmsEnv.SITE_REBUILD_SECRET });
  for (const who of ['dalarna', 'vastmanland', 'varmland', 'national']) tokens.set(who, await createEditor(cms, `lansportalen-editor-${who}`, `arkiv.${who}@example.se`));
  await live.start();
}, 240_000);
afterAll(async () => {
  await live?.close();
  await cms?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('the archive of the Dalarna site', () => {
  it('holds every page of the first render, and nothing of sites that were not rendered', async () => {
    await settle();
    moments.start = new Date().toISOString();
    const rows = (await knex()(PAGES).select('county', 'path', 'action')) as { county: string; path: string; action: string }[];
    firstRenderPages = rows.length;
    expect(rows.every((r) => r.county === 'dalarna' && r.action === 'render')).toBe(true);
    expect(rows.map((r) => r.path)).toContain('index.html');
    const files = fs.readdirSync(path.join(root, 'dalarna'), { recursive: true }).filter((f) => String(f).endsWith('.html'));
    expect(firstRenderPages).toBe(files.length);
    console.log(`archive: first render of Dalarna archived ${firstRenderPages} pages`);
  });

  it('answers before a change with the old HTML and content, after it with the new; a render stores only what changed', async () => {
    const owner = (await cms.strapi.documents('api::county.county' as never).findFirst({ filters: { slug: 'dalarna' } } as never))!.documentId;
    for (const [key, title] of [['changed', 'Arkivsidan'], ['deleted', 'Raderad arkivsida']] as const) {
      const created = await docs().create({ data: { title, slug: title.toLowerCase().replace(/[^a-z]+/g, '-'), lead: 'Första lydelsen', owner }, status: 'published' } as never);
      ids[key] = (created as { documentId: string }).documentId;
    }
    moments.first = await settle();
    const before = Number(((await knex()(PAGES).count({ n: '*' })) as [{ n: number | string }])[0].n);

    // From here on the HTML goes to a folder (ARCHIVE_DIR), as for a large site; earlier rows stay in the database.
    cms.strapi.config.set('lansportalen.archive.dir', archiveDir);
    process.env.ARCHIVE_DIR = archiveDir;
    await docs().update({ documentId: ids.changed, data: { lead: 'Andra lydelsen' } } as never);
    await docs().publish({ documentId: ids.changed } as never);
    moments.second = await settle();
    const stored = Number(((await knex()(PAGES).count({ n: '*' })) as [{ n: number | string }])[0].n) - before;
    console.log(`archive: the render after one page changed stored ${stored} of ${firstRenderPages + 2} pages`);
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(firstRenderPages);
    const row = (await knex()(PAGES).where({ path: fileOf('arkivsidan') }).orderBy('id', 'desc').first()) as { html: string | null; hash: string };
    expect(row.html).toBeNull();
    expect(fs.readFileSync(path.join(archiveDir, row.hash.slice(0, 2), `${row.hash}.html`), 'utf8')).toContain('Andra lydelsen');

    expect(await pageHtml(moments.start!, fileOf('arkivsidan'))).toBeNull();
    expect(await pageHtml(moments.first!, fileOf('arkivsidan'))).toContain('Första lydelsen');
    expect(await pageHtml(moments.second!, fileOf('arkivsidan'))).toContain('Andra lydelsen');
    expect(await pageHtml(moments.second!, fileOf('arkivsidan'))).not.toContain('Första lydelsen');
    expect(await archivedLead(moments.start!, ids.changed!)).toBeNull();
    expect(await archivedLead(moments.first!, ids.changed!)).toBe('Första lydelsen');
    expect(await archivedLead(moments.second!, ids.changed!)).toBe('Andra lydelsen');
  }, 120_000);

  it('keeps an unpublished and a deleted page in the snapshots before, and omits them after', async () => {
    await docs().unpublish({ documentId: ids.changed } as never);
    await docs().delete({ documentId: ids.deleted } as never);
    moments.gone = await settle();
    const actions = (await knex()(CONTENT).whereIn('document_id', [ids.changed!, ids.deleted!]).orderBy('id').pluck('action')) as string[];
    expect(actions).toEqual(['publish', 'publish', 'publish', 'unpublish', 'delete']);
    const tombstones = (await knex()(PAGES).where({ action: 'removed' }).pluck('path')) as string[];
    expect(tombstones).toEqual(expect.arrayContaining([fileOf('arkivsidan'), fileOf('raderad-arkivsida')]));

    for (const file of [fileOf('arkivsidan'), fileOf('raderad-arkivsida')]) {
      expect(await pageHtml(moments.gone, file)).toBeNull();
      expect(await pageHtml(moments.first!, file)).toContain('Första lydelsen');
    }
    expect(await archivedLead(moments.gone, ids.changed!)).toBeNull();
    expect(await archivedLead(moments.gone, ids.deleted!)).toBeNull();
    expect(await archivedLead(moments.second!, ids.changed!)).toBe('Andra lydelsen');
    expect(await archivedLead(moments.second!, ids.deleted!)).toBe('Första lydelsen');
    // Both pages are gone in every language of the site.
    const languageCount = countyLanguages(countyBySlug('dalarna')!).length;
    expect((await snapshot(moments.gone)).pages.length).toBe((await snapshot(moments.second!)).pages.length - 2 * languageCount);
  }, 120_000);

  it('is written as a dated folder tree by the real `npm run archive`', async () => {
    const out = path.join(root, 'export');
    const result = await runArchive('--county', 'dalarna', '--at', moments.first!, '--out', out);
    expect(result.code, result.out).toBe(0);
    const dir = path.join(out, 'dalarna', moments.first!.replace(/:/g, ''));
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
      format: string;
      at: string;
      pages: { path: string; file: string }[];
      content: { documentId: string; file: string }[];
    };
    expect(manifest).toMatchObject({ format: 'lansportalen-publish-archive', at: moments.first });
    expect(manifest.pages.length).toBe((await snapshot(moments.first!)).pages.length);
    expect(fs.readFileSync(path.join(dir, 'pages', fileOf('raderad-arkivsida')), 'utf8')).toContain('Första lydelsen');
    expect(fs.readFileSync(path.join(dir, 'pages', 'index.html'), 'utf8')).toContain('<html');
    const content = manifest.content.find((c) => c.documentId === ids.changed)!;
    expect(content.file).toBe(`content/api.page.page/${ids.changed}.sv.json`);
    expect(JSON.parse(fs.readFileSync(path.join(dir, content.file), 'utf8')).data.lead).toBe('Första lydelsen');
    // A page stored in ARCHIVE_DIR is exported from there.
    expect((await runArchive('--county', 'dalarna', '--at', moments.second!, '--out', out)).code).toBe(0);
    expect(fs.readFileSync(path.join(out, 'dalarna', moments.second!.replace(/:/g, ''), 'pages', fileOf('arkivsidan')), 'utf8')).toContain('Andra lydelsen');
    console.log(`archive: npm run archive wrote ${manifest.pages.length} pages and ${manifest.content.length} documents`);

    for (const [args, named] of [
      [['--county', 'uppsala', '--at', moments.first!, '--out', out], '--county'],
      [['--county', 'dalarna', '--at', 'igår', '--out', out], '--at'],
      [['--county', 'dalarna', '--at', moments.first!], '--out'],
    ] as const) {
      const refused = await runArchive(...args);
      expect(refused.code, refused.out).toBe(1);
      expect(refused.out).toContain(named);
    }
  }, 60_000);
});

describe('the admin page "Publiceringsarkiv"', () => {
  it("shows a Dalarna editor their site's pages at a moment and opens one as it was then", async () => {
    const browser = await launchChromium();
    try {
      const page = await logIn(browser, cms.url, 'arkiv.dalarna@example.se', 'Redaktor123!');
      await page.getByRole('link', { name: 'Publiceringsarkiv' }).click();
      await page.getByRole('heading', { name: 'Publiceringsarkiv' }).waitFor();
      // A second after the first render: the page's first wording was live then (a render takes longer).
      const local = await page.evaluate((iso) => {
        const d = new Date(new Date(iso).getTime() + 1000);
        return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
      }, moments.first!);
      await page.getByLabel('Datum och tid').fill(local);
      await page.getByRole('button', { name: 'Visa' }).click();
      await page.getByRole('heading', { name: /sidor och \d+ publicerade poster den/ }).waitFor();
      await page.getByRole('button', { name: '/sidor/arkivsidan/', exact: true }).click();
      await page.frameLocator('iframe[title="Arkiverad sida /sidor/arkivsidan/"]').getByText('Första lydelsen').first().waitFor();
      await screenshot(page, 'publiceringsarkiv');
    } finally {
      await browser.close();
    }
  }, 90_000);
});

describe("other counties' editors and strangers at the Dalarna archive", () => {
  it('read and write nothing through any archive route: counted, 0 breaches', async () => {
    const at = encodeURIComponent(moments.second!);
    const contentIds = (await knex()(CONTENT).pluck('id')) as number[];
    // Documents only Dalarna's site showed: not readable through another county's own archive either.
    const dalarnaOnly = (await knex()(CONTENT).where({ counties: ',dalarna,' }).pluck('id')) as number[];
    expect(dalarnaOnly.length).toBeGreaterThanOrEqual(5);
    const probes = [
      `${archive}/dalarna`,
      `${archive}/dalarna?at=${at}`,
      `${archive}/dalarna/page?at=${at}&path=index.html`,
      `${archive}/dalarna/page?at=${at}&path=${encodeURIComponent(fileOf('arkivsidan'))}`,
      `${archive}/Dalarna?at=${at}`,
      `${archive}/dalarna%2F?at=${at}`,
      ...contentIds.map((id) => `${archive}/dalarna/content/${id}`),
    ];
    // The routes do answer: Dalarna's editor reads their own archive.
    expect((await admin('dalarna', `${archive}/dalarna?at=${at}`)).status).toBe(200);
    expect((await admin('dalarna', `${archive}/dalarna/content/${contentIds[0]}`)).status).toBe(200);

    let attempts = 0;
    const breaches: string[] = [];
    for (const [who, readable] of [['vastmanland', ['vastmanland']], ['national', ['vastmanland', 'varmland', 'dalarna']]] as const) {
      attempts++;
      const offered = ((await admin(who, archive)).body?.data as { slug: string }[] | undefined)?.map((c) => c.slug);
      if (JSON.stringify(offered) !== JSON.stringify(readable)) breaches.push(`${who} GET ${archive}: offered ${String(offered)}`);
    }
    for (const attacker of ['vastmanland', 'varmland']) {
      for (const url of [...probes, ...dalarnaOnly.map((id) => `${archive}/${attacker}/content/${id}`)]) {
        attempts++;
        const response = await admin(attacker, url);
        if (response.status < 400 || response.status >= 500 || /lydelsen|<html/i.test(response.text)) breaches.push(`${attacker} GET ${url}: ${response.status}`);
      }
    }
    // Without an admin session, and at the publisher's route without its token.
    for (const url of probes.slice(0, 4)) {
      attempts++;
      const response = await fetch(`${cms.url}${url}`);
      if (response.status !== 401) breaches.push(`anonymous GET ${url}: ${response.status}`);
    }
    const before = (await knex()(PAGES).count({ n: '*' })) as [{ n: number | string }];
    const forged = { county: 'dalarna', renderedAt: new Date().toISOString(), pages: [{ path: 'index.html', html: '<html>Förfalskad</html>' }] };
    for (const token of [undefined, 'fel', process.env.PREVIEW_SECRET!, archiveToken('något annat hemligt värde')]) {
      attempts++;
      const response = await fetch(`${cms.url}/api${ARCHIVE_ROUTE}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { [ARCHIVE_TOKEN_HEADER]: token } : {}) },
        body: JSON.stringify(forged),
      });
      if (response.status !== 401) breaches.push(`publisher route with token ${token?.slice(0, 6)}: ${response.status}`);
    }
    expect(await knex()(PAGES).count({ n: '*' })).toEqual(before);
    console.log(`archive access: ${attempts} attempts by Västmanland and Värmland editors, anonymous callers and forged publishers at Dalarna's archive, ${breaches.length} breaches`);
    expect(breaches).toEqual([]);
  });
});
