/** The admin panel in Chromium: launching the browser and logging in, as the admin-panel suites do. */
import { chromium, type Browser, type Page } from 'playwright-core';

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });

/** Opens a page, logs into the admin panel at `cmsUrl` and waits until the login is done. */
export async function logIn(browser: Browser, cmsUrl: string, email: string, password: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.goto(`${cmsUrl}/admin`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Login' }).click();
  await page.waitForURL((url) => !url.pathname.includes('/auth/'), { timeout: 30_000 });
  return page;
}
