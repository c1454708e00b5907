/**
 * What every county site built from the real CMS with the seed loaded shows: a page for each record
 * it shows, with the seed's facts, nothing of another county's own content, its accessibility
 * statement, alerts, and sitemap, RSS, canonical and Open Graph metadata. The facts the seed files
 * name county by county: site-facts.test.ts. Reads the built files; the browser suite
 * (browser.test.ts) loads the same sites.
 */
import fs from 'node:fs';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { counties, countyLanguages, type County } from '@lansportalen/shared/counties';
import { languages } from '@lansportalen/shared/languages';
import { localizedPath, splitLanguage } from '@lansportalen/shared/routes';
import { ui } from '../shared/src/site/ui';
import { seed } from './support/seed-files';
import {
  allPagesOf,
  collections,
  contact,
  dom,
  fact,
  isUnlisted,
  mainText,
  organisation,
  ownText,
  pageText,
  pagesOf,
  stringsOf,
  swedishDate,
  telHref,
  unlisted,
  useBuiltSites,
  visibleOn,
} from './support/site-pages';
import { fileFor, sitemapPaths, squash } from './support/sites';

const { site } = useBuiltSites();

describe.each(counties.map((c) => [c.slug, c] as const))('the %s site', (slug, county: County) => {
  it('has a page for every record of the seed it shows, with the record\'s title', () => {
    let checked = 0;
    for (const [name, collection] of Object.entries(collections)) {
      if (!collection.page) continue;
      for (const record of visibleOn(slug, collection.records)) {
        const url = collection.page(record);
        expect(fileFor(site(slug), url), `${name}: ${url}`).toBeDefined();
        // A collaboration area's page is headed by its link label ("Vägen till arbete"); its title is in the trail.
        const title = collection.title(record);
        const heading = name === 'collaborationAreas' ? ((record as { linkLabel?: string }).linkLabel ?? title) : title;
        const doc = dom(site(slug), url);
        expect(squash(doc.querySelector('main h1')?.textContent), url).toContain(heading);
        expect(doc.querySelector('meta[property="og:title"]')?.getAttribute('content'), url).toContain(heading);
        expect(pageText(site(slug), url), url).toContain(title);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('lists its networks, projects, policy documents and contacts on their pages', () => {
    const s = site(slug);
    const networks = visibleOn(slug, seed.networks);
    const natverk = dom(s, '/natverk/');
    expect(natverk.querySelectorAll('main h2').length).toBe(networks.length);
    for (const n of networks) {
      const section = natverk.querySelector(`section[aria-labelledby="natverk-${n.slug}"]`);
      expect(squash(section?.querySelector('h2')?.textContent), n.slug).toBe(n.name);
      expect(squash(section?.textContent)).toContain(n.purpose);
      if (n.convener) expect(squash(section?.querySelector('.contact-name')?.textContent)).toBe(contact(n.convener).name);
    }

    const projects = visibleOn(slug, seed.projects);
    const projekt = dom(s, '/projekt/');
    expect([...projekt.querySelectorAll('main h2')].map((h) => squash(h.textContent))).toEqual(projects.map((p) => p.title));
    for (const p of projects) {
      if (p.leadOrganisation) expect(mainText(s, '/projekt/')).toContain(organisation(p.leadOrganisation).name);
      if (p.link) expect(mainText(s, '/projekt/')).toContain(p.link.label);
    }

    const documents = visibleOn(slug, seed.policyDocuments);
    const styrdokument = dom(s, '/styrdokument/');
    expect([...styrdokument.querySelectorAll('main h2')].map((h) => squash(h.textContent))).toEqual(documents.map((d) => d.title));
    for (const d of documents) if (d.periodStart && d.periodEnd) expect(mainText(s, '/styrdokument/')).toContain(`${d.periodStart}–${d.periodEnd}`);

    const contacts = visibleOn(slug, seed.contacts);
    const kontakt = dom(s, '/kontakt/');
    expect([...kontakt.querySelectorAll('main .contact-name')].map((h) => squash(h.textContent)).sort()).toEqual(
      contacts.map((c) => c.name).sort(),
    );
    const hrefs = [...kontakt.querySelectorAll('main a')].map((a) => a.getAttribute('href'));
    for (const c of contacts) {
      if (c.email) expect(hrefs, c.slug).toContain(`mailto:${c.email}`);
      if (c.phone) expect(hrefs, c.slug).toContain(telHref(c.phone));
    }
  });

  it('shows each event with its Swedish date, status, deadline, calendar file and JSON-LD', () => {
    const s = site(slug);
    const status = { scheduled: 'EventScheduled', cancelled: 'EventCancelled', postponed: 'EventPostponed' };
    for (const event of visibleOn(slug, seed.events)) {
      const url = `/evenemang/${event.slug}/`;
      const page = dom(s, url);
      const main = mainText(s, url);
      const cancelled = event.eventStatus === 'cancelled';
      expect(fact(page, 'När'), url).toContain(swedishDate(event.startsAt));

      expect(squash(page.querySelector('h1')?.textContent).startsWith('INSTÄLLT'), url).toBe(cancelled);
      const links = [...page.querySelectorAll('main a')];
      if (cancelled) {
        // No registration at all: no link, and no "Anmälan" section with its instructions.
        expect(links.filter((a) => /anmäl dig/i.test(a.textContent ?? '')), url).toEqual([]);
        expect(page.querySelector('#anmalan'), url).toBeNull();
        if (event.registrationInfo) expect(main, url).not.toContain(event.registrationInfo);
        if (event.registrationUrl) expect(links.map((a) => a.getAttribute('href')), url).not.toContain(event.registrationUrl);
      }
      expect(fact(page, 'Sista anmälningsdag'), url).toBe(event.registrationDeadline ? swedishDate(event.registrationDeadline) : undefined);

      const ics = links.find((a) => a.getAttribute('href')?.endsWith('.ics'));
      expect(ics?.getAttribute('href'), url).toBe(`/evenemang/${event.slug}.ics`);
      const calendar = fs.readFileSync(fileFor(s, ics!.getAttribute('href')!)!, 'utf8').replace(/\r\n[ \t]/g, '');
      expect(calendar).toMatch(/^BEGIN:VCALENDAR\r\n/);
      expect(calendar).toContain(`\r\nSTATUS:${cancelled ? 'CANCELLED' : 'CONFIRMED'}\r\n`);
      expect(calendar).toContain(`SUMMARY:${cancelled ? 'INSTÄLLT: ' : ''}${event.title.replace(/,/g, '\\,').replace(/;/g, '\\;')}\r\n`);
      // A timed event in UTC, an all-day one on its Swedish date (the seed writes Swedish offsets).
      const utc = new Date(event.startsAt).toISOString().replace(/[-:]|\.\d{3}/g, '');
      expect(calendar, url).toContain(event.allDay ? `\r\nDTSTART;VALUE=DATE:${event.startsAt.slice(0, 10).replace(/-/g, '')}\r\n` : `\r\nDTSTART:${utc}\r\n`);

      const jsonLd = [...page.querySelectorAll('script[type="application/ld+json"]')].map((el) => JSON.parse(el.textContent!));
      expect(jsonLd, url).toHaveLength(1);
      expect(jsonLd[0]).toMatchObject({
        '@context': 'https://schema.org',
        '@type': 'Event',
        name: event.title,
        // Swedish time with Sweden's offset (as the seed writes it), or the Swedish date of an all-day event.
        startDate: event.allDay ? event.startsAt.slice(0, 10) : event.startsAt,
        eventStatus: `https://schema.org/${status[event.eventStatus]}`,
      });
      if (event.image?.credit) expect(main).toContain(event.image.credit);
    }
  });

  it('shows each article with its publishing date and image credit', () => {
    const s = site(slug);
    for (const article of visibleOn(slug, seed.articles)) {
      const url = `/nyheter/${article.slug}/`;
      const page = dom(s, url);
      expect(fact(page, 'Publiceringsdatum'), url).toMatch(/^\d{1,2} [a-zä]+ \d{4}$/);
      if (article.publishedDate) expect(fact(page, 'Publiceringsdatum')).toBe(swedishDate(article.publishedDate));
      if (article.image?.credit) expect(mainText(s, url)).toContain(article.image.credit);
      expect(mainText(s, url)).toContain(article.lead);
    }
  });

  it('shows the national pages (under /sidor/, lättläst under /lattlast/) with canonical URLs of its own site', () => {
    const national = seed.pages.map((p) => p.data).filter((p) => p.owner === null && p.shownOnAllSites);
    expect(national.map((p) => p.slug).sort()).toEqual(['integrationspolitikens-fokusomraden', 'lansstyrelsernas-integrationsuppdrag', 'lansstyrelsernas-uppdrag']);
    for (const page of national) {
      const url = `/${page.easyToRead ? 'lattlast' : 'sidor'}/${page.slug}/`;
      const doc = dom(site(slug), url);
      expect(squash(doc.querySelector('h1')?.textContent)).toBe(page.title);
      expect(doc.querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe(new URL(url, county.siteUrl).href);
    }
  });

  it('shows its active alerts on every page and nobody else\'s on any', () => {
    const now = Date.now();
    const active = seed.alerts
      .map((a) => a.data)
      .filter((a) => Date.parse(a.validFrom) <= now && (!a.validUntil || Date.parse(a.validUntil) > now));
    const own = visibleOn(slug, seed.alerts).filter((a) => active.includes(a));
    const others = seed.alerts.map((a) => a.data).filter((a) => !own.includes(a));
    for (const url of pagesOf(site(slug))) {
      const text = pageText(site(slug), url);
      for (const alert of own) {
        expect(text, `${url}: ${alert.slug}`).toContain(alert.title);
        expect(text, `${url}: ${alert.slug}`).toContain(alert.body);
      }
      for (const alert of others) expect(text, `${url}: ${alert.slug}`).not.toContain(alert.title);
    }
  });

  it("shows its own accessibility statement in DIGG's structure at /tillganglighet/, and no other county's", () => {
    const statement = seed.accessibilityStatements.find((r) => r.data.owner === slug)!.data;
    const page = dom(site(slug), '/tillganglighet/');
    const main = mainText(site(slug), '/tillganglighet/');
    const level = { helt_forenlig: 'helt förenlig', delvis_forenlig: 'delvis förenlig', inte_forenlig: 'inte förenlig' }[statement.complianceLevel];
    expect(main).toContain(`Den här webbplatsen är ${level} med lagen om tillgänglighet till digital offentlig service`);
    expect(main).toContain(`${county.board} står bakom ${statement.service}.`);
    const headings = [...page.querySelectorAll('main h2')].map((h) => squash(h.textContent));
    expect(headings).toEqual(expect.arrayContaining(['Kända brister', 'Rapportera brister i webbplatsens tillgänglighet', 'Tillsyn', 'Hur vi testat webbplatsen']));
    const items = [...page.querySelectorAll('main li')].map((li) => squash(li.textContent));
    for (const shortcoming of statement.shortcomings) {
      const item = items.find((text) => text.startsWith(shortcoming.description));
      expect(item, shortcoming.description).toBeDefined();
      if (shortcoming.wcagCriterion) expect(item).toContain(shortcoming.wcagCriterion);
      if (shortcoming.plannedFixDate) expect(item).toContain(swedishDate(shortcoming.plannedFixDate));
    }
    if (statement.shortcomings.length === 0) expect(main).toContain('Vi känner inte till några brister');
    expect(main).toContain(`Den senaste bedömningen gjordes den ${swedishDate(statement.assessedOn)}.`);
    expect(main).toContain(`Redogörelsen uppdaterades senast den ${swedishDate(statement.lastUpdatedOn)}.`);
    const hrefs = [...page.querySelectorAll('main a')].map((a) => a.getAttribute('href'));
    expect(hrefs).toContain(statement.reportingUrl);
    if (statement.feedbackEmail) expect(hrefs).toContain(`mailto:${statement.feedbackEmail}`);
    for (const other of seed.accessibilityStatements.map((r) => r.data).filter((d) => d.owner !== slug)) {
      expect(main).not.toContain(other.service);
      if (other.feedbackEmail) expect(hrefs).not.toContain(`mailto:${other.feedbackEmail}`);
    }
    // Linked from every page's footer.
    for (const url of pagesOf(site(slug))) {
      expect(dom(site(slug), url).querySelector('footer a[href="/tillganglighet/"]'), url).not.toBeNull();
    }
  });

  it("has none of another county's own content, by URL or by title", () => {
    const s = site(slug);
    // What this county shows itself: a title of another county's record that is also text of
    // this county's own records (a common word like "Integration") is only looked for as a title.
    const ownStrings = Object.values(collections).flatMap((c) => visibleOn(slug, c.records).flatMap(stringsOf));
    const foreign = Object.entries(collections).flatMap(([name, c]) =>
      c.records
        .map((r) => r.data)
        .filter((d) => d.owner && d.owner !== slug && !d.sharedWith.includes(slug) && !d.shownOnAllSites)
        .map((d) => ({ name, slug: d.slug, title: c.title(d), url: c.page?.(d) })),
    );
    expect(foreign.length, 'the seed has content owned by other counties').toBeGreaterThan(0);

    const pages = pagesOf(s).map((url) => ({ url, html: fs.readFileSync(fileFor(s, url)!, 'utf8'), doc: dom(s, url) }));
    for (const record of foreign) {
      const what = `${record.name}/${record.slug} ("${record.title}")`;
      if (record.url) {
        expect(fileFor(s, record.url), what).toBeUndefined();
        for (const page of pages) expect(page.html.includes(record.url), `${page.url} links to ${what}`).toBe(false);
      }
      const distinctive = !ownStrings.some((text) => text.includes(record.title));
      for (const page of pages) {
        const titled =
          squash(page.doc.querySelector('title')?.textContent).startsWith(`${record.title} – `) ||
          page.doc.querySelector('meta[property="og:title"]')?.getAttribute('content') === record.title ||
          [...page.doc.querySelectorAll('body *')].some((el) => ownText(el) === record.title);
        expect(titled, `${page.url} shows ${what}`).toBe(false);
        if (distinctive) expect(squash(page.doc.documentElement.textContent).includes(record.title), `${page.url} mentions ${what}`).toBe(false);
      }
    }
  });

  it('has no internal link to a page that was not built', () => {
    const s = site(slug);
    for (const url of pagesOf(s)) {
      for (const a of dom(s, url).querySelectorAll('a[href^="/"]')) {
        const target = new URL(a.getAttribute('href')!, 'http://x').pathname;
        expect(fileFor(s, target), `${url} links to ${target}`).toBeDefined();
      }
    }
  });

  it('lists every HTML page but the 404 and the thank-you page in its sitemap (sitemap-index.xml)', () => {
    for (const file of ['sitemap-index.xml', 'sitemap-0.xml']) {
      expect(XMLValidator.validate(fs.readFileSync(path.join(site(slug).dir, file), 'utf8')), file).toBe(true);
    }
    expect(dom(site(slug), '/').querySelector('link[rel="sitemap"]')?.getAttribute('href')).toBe('/sitemap-index.xml');
    const listed = sitemapPaths(site(slug));
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed.sort()).toEqual(allPagesOf(site(slug)).filter((p) => !isUnlisted(p)).sort());
    expect(listed).toContain('/');
  });

  it('has an RSS 2.0 feed at /nyheter/rss.xml with exactly its articles', () => {
    const xml = fs.readFileSync(fileFor(site(slug), '/nyheter/rss.xml')!, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const feed = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'item' }).parse(xml);
    expect(feed.rss['@_version']).toBe('2.0');
    const channel = feed.rss.channel;
    expect(channel.title).toBe(`Nyheter från ${county.board}`);
    expect(channel.link).toBe(new URL('/', county.siteUrl).href);
    const items: { title: string; link: string; guid: string; pubDate: string; description: string }[] = channel.item ?? [];
    const articles = visibleOn(slug, seed.articles);
    expect(items.map((i) => i.link).sort()).toEqual(
      articles.map((a) => new URL(`/nyheter/${a.slug}/`, counties.find((c) => c.slug === (a.owner ?? slug))!.siteUrl).href).sort(),
    );
    for (const item of items) {
      const article = articles.find((a) => item.link.endsWith(`/nyheter/${a.slug}/`))!;
      expect(item.title).toBe(article.title);
      expect(item.description).toBe(article.lead);
      expect(Number.isNaN(Date.parse(item.pubDate))).toBe(false);
    }
    // Every page points feed readers at it.
    expect(dom(site(slug), '/').querySelector('link[rel="alternate"][type="application/rss+xml"]')?.getAttribute('href')).toBe('/nyheter/rss.xml');
  });

  it('gives every page a canonical link, og:title and og:url', () => {
    const s = site(slug);
    const owned = new Map(
      Object.values(collections).flatMap((c) => (c.page ? c.records.map((r) => [c.page!(r.data), r.data.owner] as const) : [])),
    );
    for (const url of pagesOf(s)) {
      const doc = dom(s, url);
      const canonicals = [...doc.querySelectorAll('link[rel="canonical"]')].map((l) => l.getAttribute('href'));
      expect(doc.querySelector('meta[property="og:title"]')?.getAttribute('content')?.trim(), url).toBeTruthy();
      if (unlisted.includes(url)) {
        // The 404 and thank-you pages are not pages of their own: no canonical URL, and not for search engines.
        expect(canonicals, url).toHaveLength(0);
        expect(doc.querySelector('meta[name="robots"]')?.getAttribute('content'), url).toBe('noindex');
        continue;
      }
      expect(canonicals, url).toHaveLength(1);
      const ownerSite = counties.find((c) => c.slug === (owned.get(url) ?? slug))!.siteUrl;
      expect(canonicals[0], url).toBe(new URL(url, ownerSite).href);
      expect(doc.querySelector('meta[property="og:url"]')?.getAttribute('content'), url).toBe(canonicals[0]);
      expect(squash(doc.querySelector('title')?.textContent), url).toContain(county.board);
    }
  });
});

/**
 * Issue 12 on the sites: every page in each language the county offers, under /<code>/, with the
 * language's `lang` and `dir`; the language versions linked (hreflang) from the page and the
 * sitemap; an entry without a translation (the seed has none) shown in Swedish with a notice.
 */
/** The lättläst pages are Swedish only (R12): never under /<code>/. */
const swedishOnly = (path: string) => path.startsWith('/lattlast/');

describe.each(counties.map((c) => [c.slug, c] as const))('the %s site in other languages', (slug, county: County) => {
  const translated = countyLanguages(county).filter((code) => code !== 'sv');
  const swedish = () => pagesOf(site(slug)).filter((url) => url !== '/404.html' && !swedishOnly(url));
  /** The versions a page has: every language of the county, or Swedish alone for a Swedish-only (lättläst) page. */
  const versionsOf = (path: string) => (swedishOnly(path) ? ['sv' as const] : countyLanguages(county));

  it('has every Swedish page in each of its languages, with their lang and dir', () => {
    const counts = countyLanguages(county).map((code) => `${code} ${pagesOf(site(slug), code).length}`);
    console.log(`${slug}: pages per language: ${counts.join(', ')}`);
    for (const code of translated) {
      // The 404 page is /404.html in Swedish (the server's), /<code>/404/ in another language.
      expect(pagesOf(site(slug), code).sort(), code).toEqual(swedish().map((url) => localizedPath(code, url === '/' ? '/' : url)).concat(`/${code}/404/`).sort());
      for (const url of pagesOf(site(slug), code)) {
        const html = dom(site(slug), url).documentElement;
        expect([html.getAttribute('lang'), html.getAttribute('dir')], url).toEqual([code, languages[code].dir === 'rtl' ? 'rtl' : null]);
      }
    }
    if (translated.includes('ar')) expect(dom(site(slug), '/ar/kontakt/').documentElement.getAttribute('dir')).toBe('rtl');
  });

  it('links each page to its language versions (hreflang, x-default, the language menu) and keeps internal links in the language', () => {
    for (const code of countyLanguages(county)) {
      for (const url of pagesOf(site(slug), code).filter((u) => !isUnlisted(u))) {
        const doc = dom(site(slug), url);
        const path = splitLanguage(url).path;
        const alternates = [...doc.querySelectorAll('link[rel="alternate"][hreflang]')].map((l) => [l.getAttribute('hreflang'), l.getAttribute('href')]);
        const expected = countyLanguages(county).map((c) => [c, new URL(localizedPath(c, path), county.siteUrl).href]);
        // A Swedish-only page has no alternates; its language menu leads to the other languages' start pages.
        expect(alternates, url).toEqual(swedishOnly(path) ? [] : [...expected, ['x-default', new URL(path, county.siteUrl).href]]);
        const menu = [...doc.querySelectorAll('.language-menu a')].map((a) => [a.getAttribute('hreflang'), a.getAttribute('lang'), a.getAttribute('href'), squash(a.textContent)]);
        const menuPath = (c: string) => (swedishOnly(path) && c !== 'sv' ? '/' : path);
        expect(menu, url).toEqual(countyLanguages(county).map((c) => [c, c, localizedPath(c, menuPath(c)), languages[c].name]));
        for (const a of doc.querySelectorAll('a[href^="/"]:not([hreflang])')) {
          const href = a.getAttribute('href')!;
          expect(fileFor(site(slug), new URL(href, 'http://x').pathname), `${url} links to ${href}`).toBeDefined();
          if (href !== '/sitemap-index.xml') expect(splitLanguage(href).language, `${url} links to ${href}`).toBe(code);
        }
      }
    }
  });

  it('lists the language versions of each page in its sitemap', () => {
    const xml = fs.readFileSync(path.join(site(slug).dir, 'sitemap-0.xml'), 'utf8');
    const entries = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'url' || name === 'xhtml:link' }).parse(xml).urlset.url as {
      loc: string;
      'xhtml:link'?: { '@_hreflang': string; '@_href': string }[];
    }[];
    for (const entry of entries) {
      const path = splitLanguage(new URL(entry.loc).pathname).path;
      const links = (entry['xhtml:link'] ?? []).map((l) => [l['@_hreflang'], l['@_href']]).sort();
      // One version only (a Swedish-only page): no alternates.
      const versions = versionsOf(path);
      expect(links, entry.loc).toEqual(versions.length > 1 ? versions.map((c) => [c, new URL(localizedPath(c, path), county.siteUrl).href]).sort() : []);
    }
  });

  it('shows an entry without a translation in Swedish (lang="sv"), with a notice in the page\'s language', () => {
    // A national page: every site shows it; in the languages the demo translations are not in.
    const entry = visibleOn(slug, seed.pages)[0]!;
    const untranslated = translated.filter((code) => !seed.translations.some((t) => t.collection === 'pages' && t.data.slug === entry.slug && t.data.locale === code));
    expect(untranslated.length).toBeGreaterThan(0);
    for (const code of untranslated) {
      const url = localizedPath(code, `/sidor/${entry.slug}/`);
      const main = dom(site(slug), url).querySelector('main')!;
      expect(squash(main.querySelector('.fallback-notice')?.textContent), url).toBe(ui(code).fallbackNotice);
      const shown = main.querySelector('.fallback-notice + div')!;
      expect([shown.getAttribute('lang'), shown.getAttribute('dir')], url).toEqual(['sv', 'ltr']);
      expect(squash(shown.querySelector('h1')?.textContent), url).toBe(collections.pages!.title(entry));
      // Its crumb is Swedish too; the frame around it is in the page's language.
      expect(dom(site(slug), url).querySelector('.breadcrumbs li[aria-current="page"]')?.getAttribute('lang'), url).toBe('sv');
      expect(squash(dom(site(slug), url).querySelector('.skip-link')?.textContent), url).toBe(ui(code).skipLink);
    }
    expect(dom(site(slug), `/sidor/${entry.slug}/`).querySelector('.fallback-notice')).toBeNull();
  });
});
