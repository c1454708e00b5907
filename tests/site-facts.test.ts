/**
 * The facts the seed files name, county by county, on the sites built from the real CMS with the
 * seed loaded; and a county without a published accessibility statement, told so on a rebuilt
 * site. What every site shows: sites.test.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSite } from '@lansportalen/publisher';
import { countyBySlug, countyLanguages } from '@lansportalen/shared/counties';
import { localizedPath } from '@lansportalen/shared/routes';
import { seed } from './support/seed-files';
import { dom, fact, mainText, organisation, pagesOf, useBuiltSites, visibleOn } from './support/site-pages';
import { fileFor, pageDom, squash } from './support/sites';

const { built, site } = useBuiltSites();
// The council page's headings per organisation kind, restated here, not read from the site's code.
const kindLabels: Record<string, string> = Object.fromEntries([
  ['municipality', 'Kommuner'], ['region', 'Region'], ['agency', 'Myndigheter'], ['civil_society', 'Civilsamhället'],
  ['faith_community', 'Trossamfund'], ['business', 'Näringslivet'], ['education', 'Utbildning och folkbildning'],
]);

describe('Västmanland (seed 000, 001, 003)', () => {
  const slug = 'vastmanland';

  it('lists all 24 members of Integrationsrådet grouped by kind, and its vision', () => {
    const council = seed.councils.find((c) => c.data.slug === 'integrationsradet')!.data;
    const doc = dom(site(slug), '/rad/integrationsradet/');
    const groups: Record<string, string[]> = {};
    for (const heading of doc.querySelectorAll('main h3')) {
      const list = heading.nextElementSibling;
      if (list?.tagName === 'UL') groups[squash(heading.textContent)] = [...list.querySelectorAll('li')].map((li) => squash(li.textContent));
    }
    const expected: Record<string, string[]> = {};
    for (const member of council.members.map(organisation)) (expected[kindLabels[member.kind]!] ??= []).push(member.name);
    expect(groups).toEqual(expected);
    expect(Object.values(groups).flat()).toHaveLength(24);
    expect(fact(doc, 'Vision')).toBe('”Tillsammans möjliggör vi ett jämlikt samhälle för alla i Västmanland.”');
    expect(fact(doc, 'Ordförande')).toBe('Landshövdingen');
  });

  it('lists 5 networks with their conveners on /natverk/', () => {
    const doc = dom(site(slug), '/natverk/');
    const sections = [...doc.querySelectorAll('main section')];
    expect(sections).toHaveLength(5);
    expect(sections.map((s) => squash(s.querySelector('.contact-name')?.textContent)).sort()).toEqual(
      ['Ann-Sofie Carlqvist', 'Iman El Awad', 'Johannes Forssén', 'Johannes Forssén', 'Linda Falk'],
    );
  });

  it('shows each cancelled dialogue meeting as cancelled, without registration', () => {
    const meetings = seed.events.map((e) => e.data).filter((e) => e.kind === 'dialogue_meeting' && e.eventStatus === 'cancelled');
    expect(meetings).toHaveLength(3);
    for (const meeting of meetings) {
      const url = `/evenemang/${meeting.slug}/`;
      const doc = dom(site(slug), url);
      expect(squash(doc.querySelector('h1 .badge')?.textContent)).toBe('INSTÄLLT');
      expect(mainText(site(slug), url)).not.toMatch(/Anmäl dig/);
      const ics = fs.readFileSync(fileFor(site(slug), `/evenemang/${meeting.slug}.ics`)!, 'utf8');
      expect(ics).toContain('STATUS:CANCELLED');
      const jsonLd = JSON.parse(doc.querySelector('script[type="application/ld+json"]')!.textContent!);
      expect(jsonLd.eventStatus).toBe('https://schema.org/EventCancelled');
    }
    const first = dom(site(slug), '/evenemang/dialogmote-1-bosattning-och-sysselsattning/');
    expect(fact(first, 'Sista anmälningsdag')).toBe('1 maj 2023');
    expect(fact(first, 'När')).toBe('25 maj 2023');
    expect(fact(dom(site(slug), '/evenemang/dialogmote-2-utbildning-och-samhallsorientering/'), 'Sista anmälningsdag')).toBeUndefined();
    expect(mainText(site(slug), '/evenemang/')).toContain('25 maj 2023');
  });

  it('shows the fire ban on every page', () => {
    const pages = pagesOf(site(slug));
    expect(pages.length).toBeGreaterThan(10);
    for (const url of pages) {
      const alert = dom(site(slug), url).querySelector('.alerts');
      expect(squash(alert?.textContent), url).toContain('Eldningsförbud i hela Västmanlands län');
    }
  });

  it('shows the article with its publishing date and image credit', () => {
    const url = '/nyheter/ny-integrationsstrategi-for-lanet/';
    expect(mainText(site(slug), url)).toContain('Publiceringsdatum');
    expect(mainText(site(slug), url)).toContain('Illustration: Annefrid Sjöman.');
  });
});

describe('Värmland (seed 002)', () => {
  const slug = 'varmland';

  it('shows the project, the policy statement and the county page', () => {
    expect(mainText(site(slug), '/projekt/')).toContain('Samhällsinformation Regional samverkansmodell');
    expect(fact(dom(site(slug), '/projekt/'), 'Projektägare')).toBe('Kristinehamns folkhögskola');
    expect(squash(dom(site(slug), '/styrdokument/').querySelector('main h2')?.textContent)).toBe('Viljeyttring 2010 - 2013');
    expect(squash(dom(site(slug), '/sidor/integration/').querySelector('h1')?.textContent)).toBe('Integration');
  });

  it('links its contacts by e-mail and telephone', () => {
    const hrefs = [...dom(site(slug), '/kontakt/').querySelectorAll('main a')].map((a) => a.getAttribute('href')!);
    expect(hrefs).toContain('mailto:Katja.Berglund@lansstyrelsen.se');
    expect(hrefs).toContain('tel:+46102247321');
    expect(hrefs.filter((h) => h.startsWith('tel:'))).toHaveLength(2);
  });
});

describe('Dalarna (seed 004)', () => {
  const slug = 'dalarna';

  it('shows Vägen in with five collaboration areas, each on its own page, and the signatory parties', () => {
    const doc = dom(site(slug), '/overenskommelse/vagen-in/');
    expect(squash(doc.querySelector('h1')?.textContent)).toBe('Vägen in');
    const areas = seed.collaborationAreas.map((a) => a.data).filter((a) => a.agreement === 'vagen-in').sort((a, b) => a.order - b.order);
    expect(areas).toHaveLength(5);
    const cards = [...doc.querySelectorAll('main .card')];
    expect(cards.map((c) => squash(c.querySelector('h3')?.textContent))).toEqual(areas.map((a) => a.title));
    for (const [i, area] of areas.entries()) {
      const href = cards[i]!.querySelector('a')!.getAttribute('href')!;
      expect(href).toBe(`/overenskommelse/vagen-in/${area.slug}/`);
      const page = dom(site(slug), href);
      expect(squash(page.querySelector('h1')?.textContent)).toBe(area.linkLabel ?? area.title);
      expect(mainText(site(slug), href)).toContain(area.lead);
      expect(mainText(site(slug), href)).toContain(`Samverkansområde ${i + 1} av 5`);
    }
    const parties = [...doc.querySelectorAll('main h2')].find((h) => squash(h.textContent) === 'Undertecknande parter')!.nextElementSibling!;
    const agreement = seed.agreements.find((a) => a.data.slug === 'vagen-in')!.data;
    expect([...parties.querySelectorAll('li')].map((li) => squash(li.textContent))).toEqual([
      ...agreement.parties.map((p) => organisation(p).name),
      'Samtliga länets kommuner',
    ]);
  });
});

describe('lättläst (webbriktlinjer R12)', () => {
  const easyReads = seed.pages.map((p) => p.data).filter((p) => p.easyToRead);

  it.each(['vastmanland', 'varmland', 'dalarna'])('%s: three lättläst pages, each marked and linked both ways with its standard page', (slug) => {
    const shown = visibleOn(slug, seed.pages).filter((p) => p.easyToRead === true);
    expect(shown.map((p) => p.standardPath).sort()).toEqual(['/', '/kontakt/', '/sidor/lansstyrelsernas-integrationsuppdrag/']);
    for (const page of easyReads) {
      const url = `/lattlast/${page.slug}/`;
      if (!shown.some((p) => p.slug === page.slug)) {
        expect(fileFor(site(slug), url), `${slug} ${url}`).toBeUndefined();
        continue;
      }
      const doc = dom(site(slug), url);
      expect(squash(doc.querySelector('main .easy-read-mark')?.textContent)).toBe('Lättläst');
      expect(squash(doc.querySelector('main h1')?.textContent)).toBe(page.title);
      expect([...doc.querySelectorAll('main a')].map((a) => a.getAttribute('href'))).toContain(page.standardPath);
      const standard = dom(site(slug), page.standardPath!);
      const link = standard.querySelector('.easy-read-link a');
      expect(link?.getAttribute('href'), `${slug} ${page.standardPath}`).toBe(url);
      expect(squash(link?.textContent)).toBe(`Lättläst: ${page.title}`);
    }
  });

  it('keeps lättläst pages out of the ordinary pages and the menu', () => {
    for (const slug of ['vastmanland', 'varmland', 'dalarna']) {
      const start = dom(site(slug), '/');
      const links = [...start.querySelectorAll('a')].map((a) => a.getAttribute('href'));
      for (const page of easyReads) expect(links, slug).not.toContain(`/sidor/${page.slug}/`);
      expect(fileFor(site(slug), `/sidor/${easyReads[0]!.slug}/`)).toBeUndefined();
    }
  });

  it.each(['vastmanland', 'varmland', 'dalarna'])('%s: Swedish only: no lättläst page under /<code>/, and the "Lättläst" link on Swedish pages alone', (slug) => {
    const shown = visibleOn(slug, seed.pages).filter((p) => p.easyToRead === true);
    for (const code of countyLanguages(countyBySlug(slug)!).filter((c) => c !== 'sv')) {
      expect(pagesOf(site(slug), code).filter((url) => url.includes('/lattlast/')), `${slug} ${code}`).toEqual([]);
      for (const page of shown) {
        const doc = dom(site(slug), localizedPath(code, page.standardPath!));
        expect(doc.querySelector('.easy-read-link'), `${slug} ${code} ${page.standardPath}`).toBeNull();
      }
    }
  });
});

describe('a county without a published accessibility statement', () => {
  it('says so on /tillganglighet/, and still links the contact page and DIGG\'s form', async () => {
    const documents = built().cms.strapi.documents('api::accessibility-statement.accessibility-statement');
    const statement = await documents.findFirst({ filters: { owner: { slug: { $eq: 'varmland' } } } } as never);
    await documents.unpublish({ documentId: statement!.documentId } as never);
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lansportalen-no-statement-'));
    try {
      await buildSite('varmland', { cmsUrl: built().cms.url, outDir });
      const page = pageDom({ ...site('varmland'), dir: outDir }, '/tillganglighet/');
      const main = squash(page.querySelector('main')?.textContent);
      expect(main).toContain('Länsstyrelsen Värmland har ännu inte publicerat någon tillgänglighetsredogörelse för den här webbplatsen.');
      const hrefs = [...page.querySelectorAll('main a')].map((a) => a.getAttribute('href'));
      expect(hrefs).toEqual(expect.arrayContaining(['/kontakt/', 'https://www.digg.se/tdosanmalan']));
    } finally {
      await documents.publish({ documentId: statement!.documentId } as never);
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  }, 300_000);
});

describe('the demo translations (issue 12, demo-translations.json)', () => {
  const counties = ['vastmanland', 'varmland', 'dalarna'];
  const translation = (collection: string, slug: string, locale: string) =>
    seed.translations.find((t) => t.collection === collection && t.data.slug === slug && t.data.locale === locale)?.data;
  /** The entries a start page shows by name: strategies, agreements, councils, pages and articles seen on the county's site. */
  const startEntries = (county: string) =>
    (['strategies', 'agreements', 'councils', 'articles', 'pages'] as const).flatMap((collection) =>
      visibleOn(county, seed[collection] as { data: { slug: string; owner: string | null; sharedWith: string[]; shownOnAllSites: boolean; easyToRead?: boolean } }[])
        .filter((d) => !d.easyToRead)
        .map((d) => ({ collection, slug: d.slug })),
    );

  it.each(counties)('%s: the start page in English and Arabic names every entry in that language, none in Swedish', (county) => {
    for (const code of ['en', 'ar'] as const) {
      const doc = dom(site(county), `/${code}/`);
      if (code === 'ar') expect(doc.documentElement.getAttribute('dir')).toBe('rtl');
      expect([...doc.querySelectorAll('main [lang="sv"], .alerts [lang="sv"]')].map((e) => squash(e.textContent)), `${county} ${code}`).toEqual([]);
      const main = squash(doc.querySelector('main')?.textContent);
      for (const { collection, slug } of startEntries(county)) {
        const data = translation(collection, slug, code);
        expect(data, `${county} ${code} ${collection} ${slug}`).toBeDefined();
        expect(main, `${county} ${code} ${slug}`).toContain(String(data!['title'] ?? data!['name']));
      }
    }
    // A language of the county's without the demo translations: the same entries in Swedish, marked.
    const other = countyLanguages(countyBySlug(county)!).find((code) => !['sv', 'en', 'ar'].includes(code))!;
    expect(dom(site(county), `/${other}/`).querySelectorAll('main [lang="sv"]').length, `${county} ${other}`).toBeGreaterThan(0);
  });

  it.each(counties)('%s: the national mandate in English and Arabic, without the notice; with it in a language without a translation', (county) => {
    const slug = 'lansstyrelsernas-integrationsuppdrag';
    for (const code of ['en', 'ar'] as const) {
      const doc = dom(site(county), `/${code}/sidor/${slug}/`);
      expect(doc.querySelector('.fallback-notice'), code).toBeNull();
      expect(doc.querySelector('main [lang]'), code).toBeNull();
      const data = translation('pages', slug, code)!;
      expect(squash(doc.querySelector('main h1')?.textContent)).toBe(data['title']);
      const items = [...doc.querySelectorAll('main li')].map((li) => squash(li.textContent));
      expect(items).toEqual((data['body'] as [string, { list: string[] }])[1].list);
    }
    const other = countyLanguages(countyBySlug(county)!).find((code) => !['sv', 'en', 'ar'].includes(code))!;
    const fallback = dom(site(county), localizedPath(other, `/sidor/${slug}/`));
    expect(fallback.querySelector('.fallback-notice + div')?.getAttribute('lang'), other).toBe('sv');
  });

  it.each(counties)('%s: /ar/kontakt/ gives the contacts\' titles and units in Arabic, and their addresses as in Swedish', (county) => {
    const arabic = dom(site(county), '/ar/kontakt/');
    const swedish = dom(site(county), '/kontakt/');
    const text = squash(arabic.querySelector('main')?.textContent);
    const hrefs = (doc: typeof arabic) => [...doc.querySelectorAll('main a')].map((a) => a.getAttribute('href')).sort();
    expect(hrefs(arabic)).toEqual(hrefs(swedish));
    const contacts = visibleOn(county, seed.contacts);
    for (const contact of contacts) {
      const data = translation('contacts', contact.slug, 'ar')!;
      expect(text).toContain(String(data['name']));
      for (const field of ['title', 'unit'] as const) {
        if (contact[field]) {
          expect(text, `${contact.slug} ${field}`).toContain(String(data[field]));
          expect(text, `${contact.slug} ${field}`).not.toContain(contact[field]);
        }
      }
    }
  });
});
