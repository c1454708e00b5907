/**
 * The admin panel in Chromium: launching the browser, logging in as the admin-panel suites do, and
 * screenshots for the editor guide. Screenshots go to docs/images/redaktorsguide/ when
 * UPDATE_SCREENSHOTS=1 (to refresh the guide's images), otherwise to a temporary folder, so that
 * a test run never changes the working tree.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });

/** Where screenshots go: the guide's images when UPDATE_SCREENSHOTS=1, a temporary folder otherwise. */
export const screenshotDir =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? path.resolve(import.meta.dirname, '../../docs/images/redaktorsguide')
    : fs.mkdtempSync(path.join(os.tmpdir(), 'redaktorsguide-'));

/** Saves what `page` shows (the viewport) as `<name>.png` in `screenshotDir`. */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
}

/**
 * Opens a page, logs into the (Swedish) admin panel at `cmsUrl`, waits until the login is done and
 * dismisses the banner Strapi shows each new user about its media library (it covers the top of
 * every screenshot). `shot` names a screenshot of the filled-in login form.
 */
export async function logIn(browser: Browser, cmsUrl: string, email: string, password: string, shot?: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${cmsUrl}/admin`);
  await page.getByLabel('E-post').fill(email);
  await page.getByLabel('Lösenord').fill(password);
  if (shot) await screenshot(page, shot);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.waitForURL((url) => !url.pathname.includes('/auth/'), { timeout: 30_000 });
  await page.getByRole('button', { name: 'Stäng meddelandet' }).click({ timeout: 20_000 });
  return page;
}
