/**
 * Local versions in a real browser (issue 13's "Done when"): a Värmland editor opens the national
 * mandate in the Swedish admin panel, creates a local version ("Lokal version" side panel),
 * changes one paragraph and publishes; Värmland's site shows the local paragraph and the other
 * sites the national text. The national editor changes the source; the Värmland entry says
 * "Ändrad i originalet" with the difference; the editor takes the change and publishes; the site
 * shows it. Needs the admin panel built (`npm run build:cms`) and Debian's Chromium.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EDITOR_PASSWORD, adminRequest, cm } from './support/admin';
import { launchChromium, logIn, screenshot } from './support/admin-browser';
import { cmsDir, type TestCms } from './support/cms';
import { startLiveSites, type LiveSites } from './support/live-sites';
import { MANDATE, PAGE, bootWithEditors, editorEmail } from './support/local-versions';

const LOCAL_TEXT = 'I Värmland samordnar länsstyrelsen mottagandet tillsammans med kommunerna.';
const NEW_LEAD = 'Uppdraget gäller från och med i år alla län.';

let cms: TestCms;
let live: LiveSites;
let browser: Browser;
let mandate: string;
let nationalToken: string;

const sitePage = async (county: string) => (await fetch(`${live.siteUrl(county)}/sidor/${MANDATE}/`)).text();
const published = (documentId: string) => cms.strapi.documents(PAGE as never).findOne({ documentId, status: 'published' } as never);

beforeAll(async () => {
  expect(fs.existsSync(path.join(cmsDir, 'dist/build/index.html')), 'build the admin panel first: npm run build:cms').toBe(true);
  let tokens: Map<string, string>;
  ({ cms, tokens, mandate } = await bootWithEditors(['varmland', 'national']));
  nationalToken = tokens.get('national')!;
  live = await startLiveSites(cms);
  browser = await launchChromium();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await live?.stop();
  await cms?.stop();
});

it('lets Värmland adapt the national mandate, and take the national editor’s later change', async () => {
  const page = await logIn(browser, cms.url, editorEmail('varmland'), EDITOR_PASSWORD);
  await expect.poll(() => page.getByRole('link', { name: 'Innehållshanteraren' }).count(), { timeout: 20_000 }).toBeGreaterThan(0);

  // The national mandate: read-only for Värmland, with "Skapa lokal version" beside it.
  await page.goto(`${cms.url}/admin/content-manager/collection-types/${PAGE}/${mandate}`);
  const create = page.getByRole('button', { name: 'Skapa lokal version' });
  await create.waitFor({ timeout: 30_000 });
  await screenshot(page, 'lokal-version-skapa');
  await create.click();
  await page.waitForURL((url) => !url.pathname.endsWith(mandate), { timeout: 30_000 });
  const local = new URL(page.url()).pathname.split('/').pop()!;
  await page.getByRole('button', { name: 'Spara' }).waitFor({ timeout: 30_000 });

  // One paragraph of the body, rewritten in the blocks editor.
  const editor = page.locator('[role="textbox"][contenteditable="true"]').first();
  const paragraph = editor.locator('p').first();
  await paragraph.click();
  await page.keyboard.press('End');
  await page.keyboard.press('Shift+Home');
  await page.keyboard.type(LOCAL_TEXT);
  await page.getByRole('button', { name: 'Spara' }).click();
  await expect.poll(async () => JSON.stringify((await cms.strapi.documents(PAGE as never).findOne({ documentId: local } as never))?.['body']), { timeout: 20_000 }).toContain(LOCAL_TEXT);
  await page.getByRole('button', { name: 'Publicera' }).click();
  await expect.poll(async () => JSON.stringify((await published(local))?.['body'] ?? null), { timeout: 20_000 }).toContain(LOCAL_TEXT);

  await new Promise((r) => setTimeout(r, 500));
  await live.idle();
  expect(await sitePage('varmland')).toContain(LOCAL_TEXT);
  for (const county of ['vastmanland', 'dalarna']) {
    const html = await sitePage(county);
    expect(html).toContain('Enligt regeringens integrationsuppdrag');
    expect(html).not.toContain(LOCAL_TEXT);
  }

  // The national editor changes the source's lead.
  const saved = await adminRequest(cms, nationalToken, 'PUT', `${cm}/${PAGE}/${mandate}`, { lead: NEW_LEAD });
  expect(saved.status, saved.text).toBe(200);
  expect((await adminRequest(cms, nationalToken, 'POST', `${cm}/${PAGE}/${mandate}/actions/publish`, {})).status).toBe(200);

  // The Värmland entry: "Ändrad i originalet", with the difference; the site still shows the local version.
  await page.reload();
  await expect.poll(() => page.locator('[data-local-version-state]').innerText(), { timeout: 30_000 }).toBe('Ändrad i originalet');
  expect(await page.locator('[data-local-version-changes]').innerText()).toMatch(new RegExp(`lead\\s*Din grundversion: \\(tomt\\)\\s*Originalet nu: ${NEW_LEAD}`));
  await page.locator('[data-local-version]').scrollIntoViewIfNeeded();
  await screenshot(page, 'lokal-version-andrad');
  await new Promise((r) => setTimeout(r, 500));
  await live.idle();
  expect(await sitePage('varmland')).not.toContain(NEW_LEAD);
  expect(await sitePage('dalarna')).toContain(NEW_LEAD);

  await page.getByRole('button', { name: 'Ta in ändringen' }).click();
  await expect.poll(() => page.locator('[data-local-version-state]').innerText(), { timeout: 30_000 }).not.toBe('Ändrad i originalet');
  await page.getByRole('button', { name: 'Publicera' }).waitFor({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Publicera' }).click();
  await expect.poll(async () => (await published(local))?.['lead'] ?? null, { timeout: 20_000 }).toBe(NEW_LEAD);

  await new Promise((r) => setTimeout(r, 500));
  await live.idle();
  const html = await sitePage('varmland');
  expect(html).toContain(NEW_LEAD);
  expect(html).toContain(LOCAL_TEXT);
  await page.close();
}, 600_000);
