/**
 * A county editor in a real browser: logs into the Swedish admin panel (main menu, content
 * manager and its buttons in Swedish), does not see another county's entries, marks an event
 * cancelled and publishes it; the county site is rebuilt and shows INSTÄLLT. Takes the editor
 * guide's screenshots on the way (support/admin-browser.ts). Needs the admin panel built
 * (`npm run build:cms`) and Debian's Chromium.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium, logIn, screenshot } from './support/admin-browser';
import { bootCms, cmsDir, type TestCms } from './support/cms';
import { startLiveSites, type LiveSites } from './support/live-sites';

let cms: TestCms;
let live: LiveSites;
let browser: Browser;
let eventId: string;
const email = 'redaktor.vastmanland@example.se';
const password = 'Redaktor123!';

beforeAll(async () => {
  expect(fs.existsSync(path.join(cmsDir, 'dist/build/index.html')), 'build the admin panel first: npm run build:cms').toBe(true);
  cms = await bootCms();
  const role = await cms.strapi.db.query('admin::role').findOne({ where: { code: 'lansportalen-editor-vastmanland' } });
  await cms.strapi.service('admin::user').create({ firstname: 'Vera', lastname: 'Redaktör', email, password, isActive: true, roles: [role.id] });
  const county = await cms.strapi.documents('api::county.county').findFirst({ filters: { slug: 'vastmanland' } } as never);
  const event = await cms.strapi.documents('api::event.event').create({
    data: {
      title: 'Dialogmöte 4 - uppföljning',
      slug: 'dialogmote-4-uppfoljning',
      kind: 'dialogue_meeting',
      startsAt: '2030-03-12T08:00:00Z',
      endsAt: '2030-03-12T14:00:00Z',
      eventStatus: 'scheduled',
      location: 'Västerås',
      registrationUrl: 'https://www.lansstyrelsen.se/vastmanland',
      owner: county!.documentId,
    },
    status: 'published',
  } as never);
  eventId = event.documentId;
  live = await startLiveSites(cms);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await live?.stop();
  await cms?.stop();
});

// Several admin pages in a row: the default 60 s was nearly used up (59.8 s) in a loaded CI run.
it('lets a Västmanland editor cancel an event in the admin panel, and the site then says INSTÄLLT', async () => {
  const eventPage = `${live.siteUrl('vastmanland')}/evenemang/dialogmote-4-uppfoljning/`;
  const before = await (await fetch(eventPage)).text();
  expect(before).toContain('Anmäl dig');
  expect(before).not.toContain('INSTÄLLT');

  const page = await logIn(browser, cms.url, email, password, 'logga-in');

  // Swedish by default, with no language chosen: the main menu and the content manager.
  await expect.poll(() => page.getByRole('link', { name: 'Innehållshanteraren' }).count(), { timeout: 20_000 }).toBeGreaterThan(0);
  await page.waitForLoadState('networkidle');
  await screenshot(page, 'start');

  // Dalarna's collaboration areas are not in the editor's list view.
  await page.goto(`${cms.url}/admin/content-manager/collection-types/api::collaboration-area.collaboration-area`);
  await expect.poll(() => page.locator('main').innerText(), { timeout: 20_000 }).toContain('0 poster hittade');
  expect(await page.locator('main').innerText()).not.toContain('Språk och utbildning');

  // Own events are; cancel one and publish.
  await page.goto(`${cms.url}/admin/content-manager/collection-types/api::event.event`);
  await expect.poll(() => page.locator('main').innerText(), { timeout: 20_000 }).toContain('Dialogmöte 4 - uppföljning');
  // The menu and the header's actions appear once the editor's permissions have loaded.
  for (const text of ['Evenemang', 'Nyheter', 'Delning', 'Sidor']) {
    await expect.poll(async () => (await page.locator('nav').allInnerTexts()).join('\n'), { timeout: 20_000 }).toContain(text);
  }
  await expect.poll(() => page.getByRole('link', { name: 'Skapa innehåll' }).count(), { timeout: 20_000 }).toBeGreaterThan(0);
  await screenshot(page, 'lista');

  await page.goto(`${cms.url}/admin/content-manager/collection-types/api::event.event/${eventId}`);
  await page.getByRole('button', { name: 'Spara' }).waitFor({ timeout: 20_000 });
  // The writing checks of the draft, beside the form ("Språkkontroll").
  await expect.poll(() => page.locator('body').innerText(), { timeout: 20_000 }).toMatch(/Språkkontroll[\s\S]*LIX \d+(,\d)? \((lätt|medel|svår)\)/i);
  await screenshot(page, 'redigera');
  await page.getByRole('combobox', { name: /^Status/ }).click();
  await page.getByRole('option', { name: 'cancelled' }).click();
  const form = await page.locator('main').innerText();
  for (const label of ['Rubrik', 'Ingress', 'Delas med', 'Plats']) expect(form).toContain(label);
  expect(await page.getByRole('button', { name: 'Spara' }).count()).toBe(1);
  await screenshot(page, 'status');
  await page.getByRole('button', { name: 'Publicera' }).click();
  await expect
    .poll(async () => (await cms.strapi.documents('api::event.event').findOne({ documentId: eventId, status: 'published' } as never))?.['eventStatus'], { timeout: 20_000 })
    .toBe('cancelled');

  // The revision history ("Versioner"): the publish is the newest version; compared with the
  // one before, the status changed from scheduled to cancelled.
  await page.reload();
  await expect.poll(() => page.locator('[data-history]').innerText(), { timeout: 20_000 }).toMatch(/^Publicerad/);
  await page.getByRole('button', { name: 'Jämför med föregående' }).first().click();
  await expect.poll(() => page.locator('[data-comparison]').innerText(), { timeout: 20_000 }).toMatch(/eventStatus\s*Före: scheduled\s*Efter: cancelled/);
  await page.locator('[data-comparison]').scrollIntoViewIfNeeded();
  await screenshot(page, 'versioner');

  await new Promise((r) => setTimeout(r, 500));
  await live.idle();
  const after = await (await fetch(eventPage)).text();
  expect(after).toContain('INSTÄLLT');
  expect(after).not.toContain('Anmäl dig');
  await page.close();
}, 240_000);
