/**
 * Hostile content is inert on the sites: an event title that tries to close the JSON-LD block,
 * and javascript:/data:/vbscript: links (in every spelling a browser still follows) written
 * straight into the database, as content that got past the CMS would be. The Västmanland site is
 * built from it, served by the real site server and opened page by page in Chromium with its
 * Content-Security-Policy: no script runs, no policy is violated, no such link reaches an href,
 * the JSON-LD still parses, and the build names each link it dropped.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countyBySlug } from '@lansportalen/shared/counties';
import { buildSite, serveDirectory, type SiteBuild, type StaticServer } from '@lansportalen/publisher';
import { headersFile } from '../shared/src/site/headers';
import { isAllowedLink } from '../shared/src/site/link-url';
import { jsonLdText } from '../shared/src/site/json-ld';
import { chrome as chromeShape, chromeResult } from '../shared/src/site/schemas';
import { bootCms, type TestCms } from './support/cms';
import { sitemapPathsIn } from './support/sites';

declare const document: any;
declare const window: any;

const slug = 'vastmanland';
const hostileTitle = '</script><script>window.__pwned=1</script>';
/** Each a link that must never become an href: case, surrounding and embedded white space, other schemes. */
const hostileUrls = [
  'javascript:window.__pwned=1',
  'JAVASCRIPT:window.__pwned=1',
  ' javascript:window.__pwned=1',
  '\tjavascript:window.__pwned=1',
  '\njavascript:window.__pwned=1',
  'java\tscript:window.__pwned=1',
  'data:text/html,<script>window.__pwned=1</script>',
  'vbscript:window.__pwned=1',
  '//evil.example/',
];
const allowedSchemes = ['http:', 'https:', 'mailto:', 'tel:'];

let cms: TestCms;
let build: SiteBuild;
let server: StaticServer;
let browser: Browser;
let context: BrowserContext;
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lansportalen-hostile-'));
/** Slugs of what was made, by what it tests. */
const made = { titled: 'fientlig-titel', events: [] as string[], alerts: [] as string[], project: 'fientligt-projekt', policy: 'fientligt-styrdokument', easyRead: 'fientlig-lattlast' };

const uid = (type: string) => `api::${type}.${type}` as never;
const docs = (type: string) => cms.strapi.documents(uid(type));
const paragraphWithLink = (url: string) => [
  { type: 'paragraph', children: [{ type: 'text', text: 'Läs ' }, { type: 'link', url, children: [{ type: 'text', text: 'mer här' }] }] },
];

/** Creates and publishes an entry through the document service (as an editor would, with a harmless link). */
async function publish(type: string, data: Record<string, unknown>): Promise<string> {
  const created = await docs(type).create({ data, status: 'published' } as never);
  return (created as { documentId: string }).documentId;
}

/** Writes `data` into every row (draft and published) of a document, past the CMS's own checks. */
async function writeRows(type: string, documentId: string, data: Record<string, unknown>): Promise<void> {
  const rows = await cms.strapi.db.query(uid(type)).findMany({ where: { documentId } });
  expect(rows.length).toBe(2);
  for (const row of rows) await cms.strapi.db.query(uid(type)).update({ where: { id: row.id }, data });
}

/** Sets the url of the content.link component (field `field`) in every row of a document. */
async function writeLinkUrl(type: string, documentId: string, field: string, url: string): Promise<void> {
  const rows = await cms.strapi.db.query(uid(type)).findMany({ where: { documentId }, populate: { [field]: true } });
  expect(rows.length).toBe(2);
  for (const row of rows) await cms.strapi.db.query('content.link' as never).update({ where: { id: row[field].id }, data: { url } });
}

beforeAll(async () => {
  cms = await bootCms();
  // The build names this CMS in its Content-Security-Policy (form-action), and so does the site server here.
  process.env.CMS_URL = cms.url;
  const owner = (await docs('county').findFirst({ filters: { slug } } as never))!.documentId;
  const common = { owner, shownOnAllSites: false };
  const future = new Date(Date.now() + 30 * 86_400_000).toISOString();

  await publish('event', {
    ...common,
    title: hostileTitle,
    slug: made.titled,
    kind: 'seminar',
    startsAt: future,
    eventStatus: 'scheduled',
    lead: `Ingress med ${hostileTitle} och \u2028radbrytning & <!-- kommentar`,
    registrationUrl: 'https://example.org/anmalan',
  });
  for (const [i, url] of hostileUrls.entries()) {
    const eventSlug = `fientlig-lank-${i + 1}`;
    const id = await publish('event', {
      ...common,
      title: `Fientlig länk ${i + 1}`,
      slug: eventSlug,
      kind: 'seminar',
      startsAt: future,
      eventStatus: 'scheduled',
      registrationUrl: 'https://example.org/anmalan',
      body: paragraphWithLink('https://example.org/'),
    });
    await writeRows('event', id, { registrationUrl: url, body: paragraphWithLink(url) });
    made.events.push(eventSlug);
  }
  for (const [i, url] of [hostileUrls[0]!, hostileUrls[3]!].entries()) {
    const alertSlug = `fientligt-meddelande-${i + 1}`;
    const id = await publish('alert', {
      ...common,
      title: `Fientligt meddelande ${i + 1}`,
      slug: alertSlug,
      body: 'Ett meddelande med en fientlig länk.',
      severity: 'info',
      validFrom: new Date(Date.now() - 86_400_000).toISOString(),
      link: { label: 'Läs mer', url: 'https://example.org/' },
    });
    await writeLinkUrl('alert', id, 'link', url);
    made.alerts.push(alertSlug);
  }
  const project = await publish('project', {
    ...common,
    title: 'Fientligt projekt',
    slug: made.project,
    projectStatus: 'ongoing',
    purpose: paragraphWithLink('https://example.org/'),
    link: { label: 'Projektets webbplats', url: 'https://example.org/' },
  });
  await writeLinkUrl('project', project, 'link', hostileUrls[6]!);
  await writeRows('project', project, { purpose: paragraphWithLink(hostileUrls[7]!) });
  const policy = await publish('policy-document', {
    ...common,
    title: 'Fientligt styrdokument',
    slug: made.policy,
    document: { label: 'Dokumentet', url: 'https://example.org/dokument.pdf' },
  });
  await writeLinkUrl('policy-document', policy, 'document', hostileUrls[4]!);
  const easyRead = await publish('page', { ...common, title: 'Fientlig lättläst sida', slug: made.easyRead, easyToRead: true, standardPath: '/kontakt/' });
  await writeRows('page', easyRead, { standardPath: hostileUrls[0]! });

  build = await buildSite(slug, { cmsUrl: cms.url, outDir });
  server = await serveDirectory(() => outDir);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  context = await browser.newContext();
  context.setDefaultTimeout(15_000);
  // Collects every Content-Security-Policy violation of a page from its first script on.
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e: any) =>
      window.__violations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sample || ''})`),
    );
  });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await cms?.stop();
  fs.rmSync(outDir, { recursive: true, force: true });
});

/** The scheme a browser would see in an attribute value (WHATWG URL preprocessing), or '' for a relative one. */
function schemeOf(value: string): string {
  const cleaned = value.replace(/^[\0- ]+|[\0- ]+$/g, '').replace(/[\t\n\r]/g, '').toLowerCase();
  return /^[a-z][a-z0-9+.-]*:/.exec(cleaned)?.[0] ?? '';
}

describe('hostile content on the Västmanland site', () => {
  it('is refused by the link rule in every spelling, and allowed links pass', () => {
    for (const url of hostileUrls) expect(isAllowedLink(url), JSON.stringify(url)).toBe(false);
    for (const url of ['/\\evil.example/', '/\t/evil.example/', 'evenemang/', 'https:evil', '']) expect(isAllowedLink(url), JSON.stringify(url)).toBe(false);
    for (const url of ['https://example.org/a?b#c', 'http://example.org', 'mailto:info@example.org', 'tel:+4621100000', '/evenemang/', 'HTTPS://EXAMPLE.ORG'])
      expect(isAllowedLink(url), url).toBe(true);
  });

  it('serialises JSON-LD so that nothing in it can end the script block', () => {
    const text = jsonLdText({ name: hostileTitle, note: 'a & b <!-- \u2028\u2029' });
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual({ name: hostileTitle, note: 'a & b <!-- \u2028\u2029' });
  });

  it("fails the build with the field named when a county's own address is not http(s)", () => {
    const chrome = { county: { slug, name: 'Västmanlands län', board: 'Länsstyrelsen', siteUrl: 'javascript:alert(1)' } };
    const empty = Object.keys(chromeShape).filter((key) => key !== 'county');
    const result = chromeResult.safeParse({ countySite: { ...chrome, ...Object.fromEntries(empty.map((k) => [k, []])) } });
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['countySite.county.siteUrl']);
  });

  it('builds, and names every link it dropped by type, entry and field', () => {
    const expected = [
      ...made.events.flatMap((e) => [`events "${e}", field registrationUrl`, `events "${e}", field body[0].children[1].url`]),
      ...made.alerts.map((a) => `alerts "${a}", field link.url`),
      `projects "${made.project}", field link.url`,
      `projects "${made.project}", field purpose[0].children[1].url`,
      `policyDocuments "${made.policy}", field document.url`,
      `pages "${made.easyRead}", field standardPath`,
    ];
    for (const warning of expected) expect(build.warnings.some((line) => line.includes(warning)), warning).toBe(true);
    // The label of a dropped link stays, as text.
    expect(fs.readFileSync(path.join(outDir, 'projekt', 'index.html'), 'utf8')).toContain('Projektets webbplats');
  });

  it('writes _headers, precompressed copies and no inline style into the build', () => {
    expect(fs.readFileSync(path.join(outDir, '_headers'), 'utf8')).toBe(headersFile());
    for (const copy of ['index.html.br', 'index.html.gz']) expect(fs.existsSync(path.join(outDir, copy)), copy).toBe(true);
    expect(fs.readFileSync(path.join(outDir, 'index.html'), 'utf8')).not.toMatch(/<style|style=/);
    // The county's colours come with the stylesheet instead.
    const css = fs.readdirSync(path.join(outDir, '_astro')).filter((f) => f.endsWith('.css'));
    const primary = countyBySlug(slug)!.colors.primary;
    expect(css.some((f) => fs.readFileSync(path.join(outDir, '_astro', f), 'utf8').includes(`--primary:${primary}`)), primary).toBe(true);
  });

  it('runs no injected script, violates no policy and links no refused scheme, on any page', { timeout: 240_000 }, async () => {
    const paths = sitemapPathsIn(outDir, countyBySlug(slug)!.siteUrl);
    for (const expected of [`/evenemang/${made.titled}/`, ...made.events.map((e) => `/evenemang/${e}/`), '/projekt/', '/styrdokument/'])
      expect(paths).toContain(expected);
    const problems: string[] = [];
    const visit = async (urlPath: string) => {
      const page = await context.newPage();
      page.on('pageerror', (error) => problems.push(`${urlPath}: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error' && !/status of 404/.test(message.text())) problems.push(`${urlPath}: console: ${message.text()}`);
      });
      try {
        await page.goto(`${server.url}${urlPath}`, { waitUntil: 'load' });
        if (urlPath.startsWith('/sok/?q=')) {
          await page.waitForSelector('#sok-resultat a').catch(async () => problems.push(`${urlPath}: no results (${await page.textContent('#sok-status')})`));
        }
        const seen = await page.evaluate(() => ({
          pwned: window.__pwned,
          violations: window.__violations as string[],
          urls: [...document.querySelectorAll('[href], [src], [action], [formaction]')].flatMap((el: any) =>
            ['href', 'src', 'action', 'formaction'].map((a) => el.getAttribute(a)).filter((v: string | null) => v !== null),
          ) as string[],
          jsonLd: [...document.querySelectorAll('script[type="application/ld+json"]')].map((s: any) => s.textContent as string),
          scripts: [...document.querySelectorAll('script:not([type="application/ld+json"])')].map((s: any) => s.outerHTML as string),
        }));
        if (seen.pwned !== undefined) problems.push(`${urlPath}: window.__pwned = ${seen.pwned}`);
        for (const v of seen.violations) problems.push(`${urlPath}: CSP violation: ${v}`);
        for (const url of seen.urls) if (schemeOf(url) && !allowedSchemes.includes(schemeOf(url))) problems.push(`${urlPath}: links ${JSON.stringify(url)}`);
        for (const url of seen.urls) if (url.replace(/[\t\n\r]/g, '').trim().startsWith('//')) problems.push(`${urlPath}: links ${JSON.stringify(url)}`);
        for (const script of seen.scripts) if (!/^<script type="module" src="\/_astro\//.test(script)) problems.push(`${urlPath}: ${script}`);
        for (const text of seen.jsonLd) {
          try {
            JSON.parse(text);
          } catch {
            problems.push(`${urlPath}: JSON-LD does not parse: ${text.slice(0, 80)}`);
          }
        }
        if (urlPath === `/evenemang/${made.titled}/`) {
          expect(seen.jsonLd).toHaveLength(1);
          expect(JSON.parse(seen.jsonLd[0]!).name).toBe(hostileTitle);
          expect(await page.textContent('h1')).toContain(hostileTitle);
          expect(seen.urls).toContain('https://example.org/anmalan');
        }
      } finally {
        await page.close();
      }
    };
    // A few pages at a time, as the browser suite opens them.
    const pending = [...paths, '/sok/?q=Fientlig', '/finns-inte/'];
    await Promise.all(Array.from({ length: 4 }, async () => {
      for (let urlPath = pending.shift(); urlPath !== undefined; urlPath = pending.shift()) await visit(urlPath);
    }));
    expect(problems.sort()).toEqual([]);
    console.log(`hostile content: ${paths.length + 2} pages in Chromium, ${build.warnings.length} dropped-link warnings`);
  });
});
