/**
 * Every page of every county site, in every language it offers, in a real browser (Debian's
 * Chromium, driven by playwright-core): language and direction, axe-core (WCAG 2.1 A and AA), no
 * Content-Security-Policy violation, keyboard use, no JavaScript on content pages, page weight,
 * html-validate, search, and a phone-sized viewport. One browser; a few pages at a time, each
 * loaded once on a desktop and once on a phone for all its checks.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counties, countyLanguages } from '@lansportalen/shared/counties';
import { languages, SOURCE_LANGUAGE } from '@lansportalen/shared/languages';
import { splitLanguage } from '@lansportalen/shared/routes';
import { ui } from '../shared/src/site/ui';
import { htmlValidator } from './support/html-validate';
import { buildAndServeSites, htmlFiles, sitemapPaths, type BuiltSite, type BuiltSites } from './support/sites';

// Code passed to page.evaluate runs in the page; these name its globals for the type checker.
declare const document: any;
declare const window: any;
declare const axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> };
interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[] }[];
}

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const maxGzippedBytes = 30 * 1024;
const missingPath = '/den-har-sidan-finns-inte/';
/** Pages checked at once (one browser, one tab each). */
const concurrency = 4;

let built: BuiltSites;
let browser: Browser;
let context: BrowserContext;
const checked = new Map<string, Set<string>>();
/** Gzipped bytes of HTML plus CSS per content page. */
const sizes: number[] = [];

const chromiumPath = '/usr/bin/chromium';

beforeAll(async () => {
  if (!fs.existsSync(chromiumPath)) throw new Error(`no Chromium at ${chromiumPath}: install Debian's with apt-get install -y chromium`);
  built = await buildAndServeSites();
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
  // A page that hangs fails its check in seconds rather than the whole test at its time-out.
  context.setDefaultTimeout(15_000);
  await context.addInitScript(cspViolationRecorder);
});
afterAll(async () => {
  const total = [...checked.values()].reduce((sum, pages) => sum + pages.size, 0);
  const perLanguage = (pages: Set<string>) => {
    const counts = new Map<string, number>();
    for (const url of pages) counts.set(splitLanguage(url).language, (counts.get(splitLanguage(url).language) ?? 0) + 1);
    return [...counts].map(([code, n]) => `${code} ${n}`).join(' ');
  };
  console.log(
    `browser checks: ${total} pages, each site's sitemap, thank-you and 404 pages in each language (${[...checked].map(([slug, pages]) => `${slug} ${pages.size}: ${perLanguage(pages)}`).join('; ')})`,
  );
  if (sizes.length) console.log(`HTML plus CSS per content page: at most ${(Math.max(...sizes) / 1024).toFixed(1)} kB gzipped`);
  await browser?.close();
  await built?.stop();
});

/** Runs in every page before its own scripts: keeps the Content-Security-Policy violations it reports. */
const cspViolationRecorder = () => {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e: any) => window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline code'}`));
};
const cspViolations = (page: Page): Promise<string[]> => page.evaluate(() => window.__cspViolations ?? []);

/**
 * The pages to check: every one in sitemap.xml (every language), the thank-you page (not indexed)
 * in each language, each other language's 404 page, and a missing one for the 404 page.
 */
const pagesOf = (site: BuiltSite) => [
  ...sitemapPaths(site),
  '/tack/',
  ...countyLanguages(site.county).flatMap((code) => (code === SOURCE_LANGUAGE ? [] : [`/${code}/tack/`, `/${code}/404/`])),
  missingPath,
];
const isContentPage = (urlPath: string) => splitLanguage(urlPath).path !== '/sok/';

async function open(site: BuiltSite, urlPath: string) {
  const tab = await keptTab(context);
  return { page: tab.page, ...(await tab.load(`${site.url}${urlPath}`)) };
}

const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { tag: 'body', visibleFocus: false, inView: false, text: '' };
    const style = window.getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1;
    const shadow = style.boxShadow !== 'none';
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id as string,
      text: (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40) as string,
      visibleFocus: outline || shadow,
      inView: rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.right > 0 && rect.top < window.innerHeight && rect.left < window.innerWidth,
    };
  });

/** What the checks of one page report, each check's problems apart (each is one test below). */
interface PageProblems {
  /** lang and dir, axe-core, Content-Security-Policy. */
  axe: string[];
  keyboard: string[];
  /** No JavaScript on content pages, HTML plus CSS within the size budget. */
  weight: string[];
  phone: string[];
}
type Check = keyof PageProblems;

/**
 * A tab that a sweep worker keeps and navigates from page to page (a new tab per page costs more
 * than the page), recording each load's requests and its HTML and CSS responses.
 */
async function keptTab(into: BrowserContext) {
  const page = await into.newPage();
  let requests: { url: string; type: string }[] = [];
  let pending: Promise<{ url: string; type: string; bytes: Buffer }>[] = [];
  page.on('request', (request) => requests.push({ url: request.url(), type: request.resourceType() }));
  page.on('response', (response) => {
    const type = response.request().resourceType();
    if (type === 'document' || type === 'stylesheet') pending.push(response.body().then((bytes) => ({ url: response.url(), type, bytes })));
  });
  return {
    page,
    async load(url: string) {
      [requests, pending] = [[], []];
      const response = await page.goto(url, { waitUntil: 'load' });
      const loaded = { requests, pending };
      return { status: response?.status(), requests: loaded.requests, bodies: () => Promise.all(loaded.pending) };
    },
  };
}

/** What a kept tab's load recorded. */
type Loaded = Awaited<ReturnType<Awaited<ReturnType<typeof keptTab>>['load']>>;

/** lang and dir, CSP and axe-core on a page just loaded. */
async function axeProblems(page: Page, urlPath: string): Promise<string[]> {
  const out: string[] = [];
  const expected = splitLanguage(urlPath).language;
  const [lang, dir] = await page.evaluate(() => [document.documentElement.getAttribute('lang'), document.documentElement.getAttribute('dir')]);
  if (lang !== expected) out.push(`<html lang="${lang}">, not "${expected}"`);
  if ((dir ?? 'ltr') !== languages[expected].dir) out.push(`<html dir="${dir}">, not "${languages[expected].dir}"`);
  for (const violation of await cspViolations(page)) out.push(`CSP: ${violation}`);
  await page.evaluate(axeSource);
  const { violations } = await page.evaluate((tags) => axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), wcagTags);
  for (const v of violations) out.push(`axe ${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  return out;
}

/** No script on a content page, and its HTML plus CSS within the budget. */
async function weightProblems(page: Page, loaded: Loaded): Promise<string[]> {
  const out: string[] = [];
  const scripts = await page.evaluate(() => [...document.querySelectorAll('script')].map((s: any) => s.type as string).filter((type) => type !== 'application/ld+json'));
  if (scripts.length) out.push(`${scripts.length} <script> element(s) (type "${scripts.join('", "')}")`);
  for (const r of loaded.requests) if (r.type === 'script' || /\.m?js(\?|$)/.test(r.url)) out.push(`loads ${r.url}`);
  const bodies = await loaded.bodies();
  const gzipped = bodies.reduce((sum, b) => sum + zlib.gzipSync(b.bytes).length, 0);
  if (!bodies.some((b) => b.type === 'document')) out.push('no HTML response recorded');
  if (gzipped > maxGzippedBytes) out.push(`HTML and CSS come to ${gzipped} bytes gzipped (${bodies.map((b) => b.url).join(', ')})`);
  sizes.push(gzipped);
  return out;
}

/** Keyboard use of a page just loaded: the skip link first, then (from the top again) a visible focus on every stop. */
async function keyboardProblems(page: Page, urlPath: string): Promise<string[]> {
  const out: string[] = [];
  await page.keyboard.press('Tab');
  const first = await focused(page);
  if (first.text !== ui(splitLanguage(urlPath).language).skipLink) {
    out.push(`first Tab focuses <${first.tag}> "${first.text}", not the skip link`);
  } else {
    if (!first.inView) out.push('the focused skip link is not on screen');
    await page.keyboard.press('Enter');
    const target = await focused(page);
    if (target.tag !== 'main' || target.id !== 'innehall') out.push(`the skip link moves focus to <${target.tag}>, not <main id="innehall">`);
  }

  // From the top again: every element Tab reaches shows where the focus is.
  await page.goto(page.url().replace(/#.*$/, ''));
  const stops = await page.evaluate(
    () =>
      [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')].filter(
        // A group of radio buttons is one Tab stop.
        (el: any, i: number, all: any[]) =>
          el.tabIndex >= 0 && !el.disabled && el.getClientRects().length > 0 &&
          !(el.type === 'radio' && all.slice(0, i).some((other: any) => other.type === 'radio' && other.name === el.name)),
      ).length,
  );
  if (stops < 5) out.push(`only ${stops} focusable elements`);
  for (let i = 0; i < stops; i += 1) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (now.tag === 'body') {
      out.push(`Tab ${i + 1} of ${stops} leaves the focus on <body>`);
      break;
    }
    if (!now.visibleFocus) out.push(`Tab ${i + 1}: <${now.tag}> "${now.text}" has no visible focus indicator`);
    if (!now.inView) out.push(`Tab ${i + 1}: <${now.tag}> "${now.text}" is focused off screen`);
  }
  return out;
}

/** Nothing sticks out on a phone: no horizontal scroll at 375 px. */
async function phoneProblems(page: Page): Promise<string[]> {
  const { scrollWidth, width, wide } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth as number,
    width: document.documentElement.clientWidth as number,
    // What sticks out: a box past the right edge, or text wider than its box.
    wide: [...document.querySelectorAll('body *')]
      .filter(
        (el: any) =>
          el.getBoundingClientRect().right > document.documentElement.clientWidth + 1 ||
          (el.children.length === 0 && el.scrollWidth > el.clientWidth + 1 && window.getComputedStyle(el).overflowX === 'visible'),
      )
      .slice(0, 3)
      .map((el: any) => `<${el.tagName.toLowerCase()}> "${(el.textContent ?? '').trim().slice(0, 30)}"`),
  }));
  return scrollWidth > width ? [`${scrollWidth} px wide in a ${width} px viewport (${wide.join(', ')})`] : [];
}

/**
 * Every page of the site, a few at a time, each loaded once on a desktop (status, lang and dir,
 * CSP, weight, axe-core, then the keyboard) and once on a phone; every problem is collected, per
 * check, so one failing test lists them all.
 */
async function sweep(site: BuiltSite): Promise<PageProblems> {
  const pending = pagesOf(site);
  const found: PageProblems = { axe: [], keyboard: [], weight: [], phone: [] };
  const phone = await browser.newContext({ viewport: { width: 375, height: 740 }, locale: 'sv-SE', isMobile: true });
  phone.setDefaultTimeout(15_000);
  const worker = async () => {
    const [desktopTab, phoneTab] = [await keptTab(context), await keptTab(phone)];
    const note = (check: Check, urlPath: string, problems: string[]) => found[check].push(...problems.map((p) => `${urlPath}: ${p}`));
    for (let urlPath = pending.shift(); urlPath !== undefined; urlPath = pending.shift()) {
      (checked.get(site.county.slug) ?? checked.set(site.county.slug, new Set()).get(site.county.slug)!).add(urlPath);
      const loaded = await desktopTab.load(`${site.url}${urlPath}`);
      if (loaded.status !== (urlPath === missingPath ? 404 : 200)) note('axe', urlPath, [`HTTP ${loaded.status}`]);
      if (isContentPage(urlPath)) note('weight', urlPath, await weightProblems(desktopTab.page, loaded));
      note('axe', urlPath, await axeProblems(desktopTab.page, urlPath));
      note('keyboard', urlPath, await keyboardProblems(desktopTab.page, urlPath));
      await phoneTab.load(`${site.url}${urlPath}`);
      note('phone', urlPath, await phoneProblems(phoneTab.page));
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    await phone.close();
  }
  for (const problems of Object.values(found)) problems.sort();
  return found;
}

describe.each(counties.map((c) => [c.slug] as const))('the %s site in a browser', (slug) => {
  const site = () => built.site(slug);

  let problems: PageProblems;
  beforeAll(async () => {
    problems = await sweep(site());
  }, 1_800_000);

  it('has its language\'s lang and dir, no axe-core WCAG 2.1 A/AA violations and no CSP violation on any page', () => {
    expect(problems.axe).toEqual([]);
  });
  it('can be used with the keyboard: skip link first, then a visible focus on every stop', () => {
    expect(problems.keyboard).toEqual([]);
  });
  it('ships no JavaScript on content pages and keeps HTML plus CSS within 30 kB gzipped', () => {
    expect(problems.weight).toEqual([]);
  });
  it('has no horizontal scroll on a 375 px wide screen', () => {
    expect(problems.phone).toEqual([]);
  });

  it('passes html-validate (recommended) on every HTML file', async () => {
    const validator = htmlValidator();
    const files = htmlFiles(site().dir);
    expect(files).toContain('404.html');
    const problems: string[] = [];
    for (const file of files) {
      const report = await validator.validateString(fs.readFileSync(path.join(site().dir, file), 'utf8'), file);
      for (const result of report.results)
        for (const m of result.messages) if (m.severity === 2) problems.push(`${file}:${m.line}:${m.column} ${m.ruleId}: ${m.message}`);
    }
    expect(problems).toEqual([]);
  });

  it('finds a national page with the search, and the results page passes axe', async () => {
    const { page } = await open(site(), `/sok/?q=${encodeURIComponent('Länsstyrelsernas integrationsuppdrag')}`);
    try {
      await page.waitForSelector('#sok-resultat a', { timeout: 15_000 });
      const links = await page.$$eval('#sok-resultat a', (as: any[]) => as.map((a) => new URL(a.href).pathname));
      expect(links).toContain('/sidor/lansstyrelsernas-integrationsuppdrag/');
      expect(await page.textContent('#sok-status')).toMatch(/träff/);
      // Pagefind (a module and WebAssembly) runs within the site's policy.
      expect(await cspViolations(page)).toEqual([]);
      await page.evaluate(axeSource);
      const { violations } = await page.evaluate((tags) => axe.run(document, { runOnly: { type: 'tag', values: tags } }), wcagTags);
      expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

describe('search on the Västmanland site', () => {
  it('lists Integrationsrådet for /sok/?q=Integrationsrådet', async () => {
    const { page } = await open(built.site('vastmanland'), '/sok/?q=Integrationsrådet');
    try {
      await page.waitForSelector('#sok-resultat a', { timeout: 15_000 });
      const links = await page.$$eval('#sok-resultat a', (as: any[]) => as.map((a) => new URL(a.href).pathname));
      expect(links).toContain('/rad/integrationsradet/');
      expect(await page.inputValue('#sok-fraga')).toBe('Integrationsrådet');
    } finally {
      await page.close();
    }
  });

  it('says so when nothing matches', async () => {
    const { page } = await open(built.site('vastmanland'), '/sok/?q=xyzzyqwerty');
    try {
      await page.waitForFunction(() => (document.getElementById('sok-status')?.textContent ?? '').length > 0);
      expect(await page.textContent('#sok-status')).toBe('Inga träffar på ”xyzzyqwerty”');
      expect(await page.$$('#sok-resultat li')).toHaveLength(0);
    } finally {
      await page.close();
    }
  });
});

describe('"Hade du nytta av informationen?" on the Dalarna site', () => {
  it('takes an answer with the keyboard, posts it to the CMS without JavaScript and lands on the thank-you page', async () => {
    const site = built.site('dalarna');
    // The browser sees the site at its real address (siteUrl), as a resident would: the CMS checks
    // that the form comes from the county's own site and redirects to the county's thank-you page,
    // which this test then shows from the built site (Playwright does not route a redirect's target).
    const page = await context.newPage();
    await page.route(`${site.county.siteUrl}/**`, async (route) => {
      const url = new URL(route.request().url());
      await route.fulfill({ response: await route.fetch({ url: `${site.url}${url.pathname}${url.search}` }) });
    });
    let cmsAnswer: { status: number; location?: string } | undefined;
    await page.route(`${built.cms.url}/api/feedback`, async (route) => {
      const response = await route.fetch({ maxRedirects: 0 });
      cmsAnswer = { status: response.status(), location: response.headers().location };
      await route.fulfill({ response: await route.fetch({ url: `${site.url}/tack/`, method: 'GET', postData: '' }) });
    });
    try {
      await page.goto(`${site.county.siteUrl}/overenskommelse/vagen-in/`);
      expect(await page.textContent('.page-feedback')).toContain('Dela:');
      const shares = await page.$$eval('.share-links a', (as: any[]) => as.map((a) => new URL(a.href).hostname || a.href.split(':')[0]));
      expect(shares).toEqual(['mailto', 'www.facebook.com', 'www.linkedin.com', 'x.com']);
      await page.focus('input[name="useful"][value="ja"]');
      await page.keyboard.press('Space');
      // From the answer, past the hint's "Kontakta oss" link, to the comment.
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      expect((await focused(page)).id).toBe('feedback-comment');
      await page.keyboard.type('Tydlig sida om Vägen in, tack!');
      await Promise.all([page.waitForURL(`${built.cms.url}/api/feedback`), page.click('button:has-text("Skicka svar")')]);
      expect(cmsAnswer).toEqual({ status: 303, location: `${site.county.siteUrl}/tack/` });
      expect(await page.textContent('h1')).toBe('Tack för ditt svar');
      expect(await cspViolations(page)).toEqual([]);
      const stored = await built.cms.strapi.db.query('api::feedback.feedback').findMany({ populate: { owner: true } });
      expect(stored).toEqual([expect.objectContaining({ page: '/overenskommelse/vagen-in/', useful: true, comment: 'Tydlig sida om Vägen in, tack!', owner: expect.objectContaining({ slug: 'dalarna' }) })]);
    } finally {
      await page.close();
    }
  });
});
