/**
 * A Dalarna editor answers a share request in a real browser: the list under "Delning" shows
 * the request with Swedish column names, the editor opens it, chooses "accepterad" under "Svar"
 * and saves; the page then shows on Dalarna's site. Needs the admin panel built
 * (`npm run build:cms`) and Debian's Chromium.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium, logIn, screenshot } from './support/admin-browser';
import { bootCms, cmsDir, type TestCms } from './support/cms';

let cms: TestCms;
let browser: Browser;
let shareId: string;
const email = 'redaktor.dalarna@example.se';
const password = 'Redaktor123!';

beforeAll(async () => {
  expect(fs.existsSync(path.join(cmsDir, 'dist/build/index.html')), 'build the admin panel first: npm run build:cms').toBe(true);
  cms = await bootCms();
  const role = await cms.strapi.db.query('admin::role').findOne({ where: { code: 'lansportalen-editor-dalarna' } });
  await cms.strapi.service('admin::user').create({ firstname: 'Dag', lastname: 'Redaktör', email, password, isActive: true, roles: [role.id] });
  const counties = await cms.strapi.documents('api::county.county').findMany({});
  const id = (slug: string) => counties.find((c) => c['slug'] === slug)!.documentId;
  const entry = await cms.strapi.documents('api::page.page').create({
    data: { title: 'Sida från Västmanland', slug: 'sida-fran-vastmanland', owner: id('vastmanland'), sharedWith: [id('dalarna')] },
    status: 'published',
  } as never);
  // Made by the system, so accepted; asked again as an editor's request would be.
  const [share] = await cms.strapi.db.query('api::share.share' as never).findMany({ where: { entryDocumentId: entry.documentId } });
  await cms.strapi.db.query('api::share.share' as never).update({ where: { id: share.id }, data: { state: 'begärd' } });
  shareId = share.documentId;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await cms?.stop();
});

it('lets a Dalarna editor accept a request from Västmanland under "Delning"', async () => {
  const pagesOnDalarna = async () =>
    (await cms.graphql<{ countySite: { pages: { slug: string }[] } }>('{ countySite(slug: "dalarna") { pages { slug } } }')).data!.countySite.pages.map((p) => p.slug);
  expect(await pagesOnDalarna()).not.toContain('sida-fran-vastmanland');

  const page = await logIn(browser, cms.url, email, password);

  await page.goto(`${cms.url}/admin/content-manager/collection-types/api::share.share`);
  await expect.poll(() => page.locator('main').innerText(), { timeout: 20_000 }).toContain('Sida från Västmanland');
  // Column headers are upper-cased by CSS, and innerText follows it.
  const list = (await page.locator('main').innerText()).toLowerCase();
  for (const text of ['innehåll', 'från (tomt = nationellt)', 'till', 'svar', 'västmanlands län', 'dalarnas län', 'begärd']) expect(list).toContain(text);
  await screenshot(page, 'delningar');

  await page.goto(`${cms.url}/admin/content-manager/collection-types/api::share.share/${shareId}`);
  await page.getByRole('combobox', { name: /Svar/ }).click();
  await page.getByRole('option', { name: 'accepterad' }).click();
  await screenshot(page, 'svara-pa-delning');
  await page.getByRole('button', { name: 'Spara' }).click();
  await expect
    .poll(async () => (await cms.strapi.db.query('api::share.share' as never).findOne({ where: { documentId: shareId } }))?.state, { timeout: 20_000 })
    .toBe('accepterad');
  expect(await pagesOnDalarna()).toContain('sida-fran-vastmanland');
  await page.close();
});
