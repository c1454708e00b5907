import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSeed } from '../cms/src/seed';
import { bootCms, cmsDir, type TestCms } from './support/cms';

let cms: TestCms;
beforeAll(async () => {
  cms = await bootCms();
});
afterAll(() => cms?.stop());

async function site<T>(slug: string, selection: string): Promise<T> {
  const { data, errors } = await cms.graphql<{ countySite: T }>(`query($slug: String!) { countySite(slug: $slug) { ${selection} } }`, {
    slug,
  });
  expect(errors).toBeUndefined();
  return data!.countySite;
}

const countAll = async () => {
  const counts: Record<string, number> = {};
  for (const uid of Object.keys(cms.strapi.contentTypes).filter((u) => u.startsWith('api::'))) {
    counts[uid] = await cms.strapi.db.query(uid as never).count();
  }
  return counts;
};

const text = (blocks: { children: { text?: string; children?: { text: string }[] }[] }[]) =>
  blocks.flatMap((b) => b.children.map((c) => c.text ?? c.children?.map((cc) => cc.text).join('|'))).join('\n');

describe('Västmanland: the integration council (seed 001)', () => {
  it('has its vision, goal, chair, 24 members in page order, and four meetings a year', async () => {
    const { councils } = await site<{ councils: any[] }>(
      'vastmanland',
      `councils { name vision goal chair meetingsPerYear councilStatus successorName
        members(pagination: { limit: 100 }) { name kind }
        membershipContact { email phone }
        preparationGroup { name chair { name } }
        strategy { title } }`,
    );
    const [council] = councils;
    expect(council.name).toBe('Integrationsrådet');
    expect(council.vision).toBe('”Tillsammans möjliggör vi ett jämlikt samhälle för alla i Västmanland.”');
    expect(council.goal).toMatch(/^”Genom samordning och samverkan främjar vi integration i ett jämlikt Västmanland\./);
    expect(council.chair).toBe('Landshövdingen');
    expect(council.meetingsPerYear).toBe(4);
    expect(council.councilStatus).toBe('being_replaced');
    expect(council.successorName).toBe('Råd för social hållbarhet');
    expect(council.members).toHaveLength(24);
    expect(council.members[0]).toEqual({ name: 'Arboga kommun', kind: 'municipality' });
    expect(council.members.at(-1)).toEqual({ name: 'Förbundet Agenda 2030', kind: 'civil_society' });
    expect(council.members.filter((m: any) => m.kind === 'municipality')).toHaveLength(10);
    expect(council.members.map((m: any) => m.name)).toContain('Frikyrkliga samfund genom Ansgarsförsamlingen');
    expect(council.membershipContact.email).toBe('socialhallbarhet.vastmanland@lansstyrelsen.se');
    expect(council.preparationGroup.chair.name).toBe('Pernilla Börjesson');
    expect(council.strategy.title).toBe('Västmanlands integrationsstrategi 2021-2026');
  });

  it('has five networks, each with its convener', async () => {
    const { networks } = await site<{ networks: any[] }>('vastmanland', 'networks { name meetingsPerYear meetingsAtLeast convener { name } }');
    const byName = Object.fromEntries(networks.map((n) => [n.name, n]));
    expect(networks).toHaveLength(5);
    expect(byName['Strategnätverket']).toMatchObject({ meetingsPerYear: 2, meetingsAtLeast: true, convener: { name: 'Johannes Forssén' } });
    expect(byName['Ensamkommande barn-nätverket'].convener.name).toBe('Iman El Awad');
    expect(byName['Nätverket för dig som möter asylsökande och nyanlända'].convener.name).toBe('Ann-Sofie Carlqvist');
    expect(byName['Nätverket för gruppledare i Föräldraskap i Sverige']).toMatchObject({
      meetingsAtLeast: false,
      convener: { name: 'Linda Falk' },
    });
    expect(networks.filter((n) => n.convener.name === 'Johannes Forssén')).toHaveLength(2);
  });
});

describe('Västmanland: dialogue meetings and the fire ban (seed 000)', () => {
  it('has the three cancelled dialogue meetings with their dates, and the registration deadline', async () => {
    const { events } = await site<{ events: any[] }>(
      'vastmanland',
      'events { title kind series eventStatus startsAt registrationDeadline audience image { alt credit } }',
    );
    const meetings = events.filter((e) => e.kind === 'dialogue_meeting');
    expect(meetings.map((e) => [e.title, e.eventStatus, e.startsAt.slice(0, 10)])).toEqual([
      ['Dialogmöte 1 - bosättning och sysselsättning', 'cancelled', '2023-05-24'],
      ['Dialogmöte 2 - utbildning och samhällsorientering', 'cancelled', '2023-09-06'],
      ['Dialogmöte 3 - meningsfull fritid, fysisk och psykisk hälsa', 'cancelled', '2023-11-27'],
    ]);
    const conference = events.find((e) => e.kind === 'conference');
    expect(conference).toMatchObject({
      title: 'Integrera mera – tillsammans möjliggör vi ett jämlikt samhälle!',
      eventStatus: 'cancelled',
      startsAt: '2023-05-25T07:00:00.000Z',
      registrationDeadline: '2023-05-01',
      image: { credit: 'Illustratör: Annefrid Sjöman' },
    });
    expect(conference.audience).toContain('massflyktingar och ensamkommande barn');
  });

  it('has the fire-ban alert, valid from 11 May 17.00 until further notice', async () => {
    const { alerts } = await site<{ alerts: any[] }>('vastmanland', 'alerts { title body severity validFrom validUntil linkLead link { label url } }');
    expect(alerts).toEqual([
      {
        title: 'Eldningsförbud i hela Västmanlands län',
        body: expect.stringContaining('från och med den 11 maj klockan 17.00. Förbudet gäller tills vidare.'),
        severity: 'warning',
        validFrom: '2023-05-11T15:00:00.000Z',
        validUntil: null,
        linkLead: 'Risk för skogsbrand i Västmanlands län',
        link: { label: 'Läs mer på SMHI:s webbplats om aktuellt meddelande.', url: 'https://www.smhi.se/' },
      },
    ]);
  });
});

describe('Västmanland: the strategy and its article (seed 003)', () => {
  it('has the strategy 2021–2026 with its six goal areas and the article with its credit', async () => {
    const result = await site<{ strategies: any[]; articles: any[] }>(
      'vastmanland',
      'strategies { title periodStart periodEnd evaluationPlan goalAreas { title } } articles { title lead body image { alt credit } }',
    );
    const [strategy] = result.strategies;
    expect(strategy).toMatchObject({ periodStart: 2021, periodEnd: 2026 });
    expect(strategy.goalAreas.map((g: any) => g.title)).toEqual([
      'Bosättning',
      'Fysisk och psykisk hälsa',
      'Meningsfull fritid',
      'Samhällsorientering',
      'Sysselsättning',
      'Utbildning',
    ]);
    expect(strategy.evaluationPlan).toMatch(/^Integrationsstrategin kommer årligen att utvärderas/);
    const [article] = result.articles;
    expect(article.title).toBe('Ny integrationsstrategi för länet');
    expect(article.image).toEqual({ alt: 'Siluetter av människor framför ett bostadsområde.', credit: 'Illustration: Annefrid Sjöman.' });
    const body = text(article.body);
    expect(body).toContain('Långsiktigt arbete');
    expect(body).toContain('säger Ulrica Gradin vikarierande landshövding');
  });
});

describe('Värmland (seed 002)', () => {
  it('has the project, the policy statement and two contacts with real addresses', async () => {
    const result = await site<any>(
      'varmland',
      `projects { title projectStatus leadOrganisation { name } link { label } }
       policyDocuments { title periodStart periodEnd document { label } }
       contacts { name unit email phone }`,
    );
    expect(result.projects).toEqual([
      {
        title: 'Samhällsinformation Regional samverkansmodell',
        projectStatus: 'ongoing',
        leadOrganisation: { name: 'Kristinehamns folkhögskola' },
        link: { label: 'Samhällsinformation Regional samverkansmodell (Kristinehamns folkhögskola)' },
      },
    ]);
    expect(result.policyDocuments).toEqual([
      { title: 'Viljeyttring 2010 - 2013', periodStart: 2010, periodEnd: 2013, document: { label: 'Viljeyttring 2010 - 2013 - Ökad etnisk mångfald' } },
    ]);
    expect(result.contacts).toEqual([
      { name: 'Katja Berglund', unit: 'Regional utveckling', email: 'Katja.Berglund@lansstyrelsen.se', phone: '010-2247321' },
      { name: 'Tanja Ekegren', unit: 'Regional utveckling', email: 'Tanja.Ekegren@lansstyrelsen.se', phone: '010-2247326' },
    ]);
    for (const contact of result.contacts) expect(contact.email).not.toMatch(/punkt|snabela/);
  });

  it('shows the national mandate with its four tasks', async () => {
    const { pages } = await site<{ pages: any[] }>('varmland', 'pages { title body }');
    const mandate = pages.find((p) => p.title === 'Länsstyrelsernas integrationsuppdrag');
    expect(mandate.body[1].children).toHaveLength(4);
    expect(pages.find((p) => p.title === 'Integrationspolitikens fokusområden').body[1].children).toHaveLength(6);
  });
});

describe('Dalarna: Vägen in (seed 004)', () => {
  it('has five collaboration areas with their lead sentences, the office, and the signatory parties', async () => {
    const { agreements } = await site<{ agreements: any[] }>(
      'dalarna',
      'agreements { title partiesNote office { name } parties { name } collaborationAreas(sort: "order") { title lead linkLabel } }',
    );
    const [agreement] = agreements;
    expect(agreement.title).toBe('Vägen in');
    expect(agreement.office.name).toBe('Vägen in-kansli');
    expect(agreement.parties.map((p: any) => p.name)).toEqual([
      'Region Dalarna',
      'Länsstyrelsen Dalarna',
      'Arbetsförmedlingen',
      'Högskolan Dalarna',
      'Försäkringskassan',
      'Almi företagspartner',
      'Migrationsverket',
      'Företagarna',
    ]);
    expect(agreement.partiesNote).toBe('samtliga länets kommuner');
    expect(agreement.collaborationAreas.map((a: any) => a.title)).toEqual([
      'Arbete',
      'Språk och utbildning',
      'Hälsa',
      'Bostad',
      'Social sammanhållning och delaktighet',
    ]);
    expect(agreement.collaborationAreas[1]).toEqual({
      title: 'Språk och utbildning',
      lead: 'Språket är nyckeln för att kunna bli delaktig i livet i ett nytt land.',
      linkLabel: 'Vägen till språk och utbildning',
    });
  });
});

describe('the demo accessibility statements (project-written, demo-tillganglighetsredogorelser.json)', () => {
  it('gives each county its own published statement, with the fields as written', async () => {
    const expected = {
      vastmanland: { complianceLevel: 'delvis_forenlig', assessmentMethod: 'sjalvskattning', assessedOn: '2026-05-25', shortcomings: 2 },
      varmland: { complianceLevel: 'helt_forenlig', assessmentMethod: 'extern_granskning', assessedOn: '2026-04-14', shortcomings: 0 },
      dalarna: { complianceLevel: 'delvis_forenlig', assessmentMethod: 'sjalvskattning', assessedOn: '2026-05-04', shortcomings: 2 },
    };
    for (const [slug, facts] of Object.entries(expected)) {
      const { accessibilityStatement: statement } = await site<{ accessibilityStatement: any }>(
        slug,
        'accessibilityStatement { service complianceLevel assessmentMethod assessedOn reportingUrl feedbackEmail owner { slug } shortcomings { reason } }',
      );
      expect(statement.owner.slug).toBe(slug);
      expect(statement).toMatchObject({ complianceLevel: facts.complianceLevel, assessmentMethod: facts.assessmentMethod, assessedOn: facts.assessedOn });
      expect(statement.shortcomings).toHaveLength(facts.shortcomings);
      expect(statement.reportingUrl).toBe('https://www.digg.se/tdosanmalan');
      expect(statement.feedbackEmail).toBe(`${slug}@lansstyrelsen.se`);
    }
  });
});

describe('the demo translations (project-written, demo-translations.json)', () => {
  it('writes each as a locale of its Swedish document, published, owned alike, and marked demo in its language only', async () => {
    const documents = cms.strapi.documents('api::page.page');
    const filters = { slug: { $eq: 'lansstyrelsernas-integrationsuppdrag' } };
    const swedish = (await documents.findFirst({ filters, status: 'published', populate: ['owner'] } as never)) as any;
    expect(swedish).toMatchObject({ locale: 'sv', title: 'Länsstyrelsernas integrationsuppdrag', demo: false, owner: null, shownOnAllSites: true });
    for (const [locale, title] of [['en', "The county administrative boards' integration mandate"], ['ar', 'مهمة الاندماج للمجالس الإدارية للمحافظات']]) {
      const translation = (await documents.findOne({ documentId: swedish.documentId, locale, status: 'published', populate: ['owner'] } as never)) as any;
      expect(translation, locale).toMatchObject({ locale, title, demo: true, owner: null, shownOnAllSites: true, slug: swedish.slug });
      expect(translation.body[1].children, locale).toHaveLength(4);
    }
    // A county's translation is its county's, with the document's relations in the language.
    const council = (await cms.strapi.documents('api::council.council').findFirst({
      filters: { slug: { $eq: 'integrationsradet' } }, locale: 'ar', status: 'published', populate: ['owner', 'members', 'strategy', 'preparationGroup.chair'],
    } as never)) as any;
    expect(council).toMatchObject({ name: 'مجلس الاندماج', demo: true, owner: { slug: 'vastmanland' }, strategy: { title: 'استراتيجية الاندماج في فستمانلاند 2021-2026' } });
    expect(council.members).toHaveLength(24);
    expect(council.preparationGroup.chair.name).toBe('Pernilla Börjesson');
    const { data } = await cms.graphql<any>('{ countySite(slug: "dalarna", locale: "en") { agreements { isFallback title collaborationAreas(sort: "order") { title } } } }');
    expect(data.countySite.agreements).toEqual([
      {
        isFallback: false,
        title: 'Vägen in (The Way In)',
        collaborationAreas: ['Work', 'Language and education', 'Health', 'Housing', 'Social cohesion and participation'].map((title) => ({ title })),
      },
    ]);
  });

  it('names the file, the entry and its language of a bad translation, and writes nothing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bad-translation-'));
    for (const name of fs.readdirSync(path.join(cmsDir, 'seed'))) fs.copyFileSync(path.join(cmsDir, 'seed', name), path.join(dir, name));
    const file = path.join(dir, 'demo-translations.json');
    const good = JSON.parse(fs.readFileSync(file, 'utf8'));
    const write = (edit: (data: any) => void) => {
      const data = structuredClone(good);
      edit(data);
      fs.writeFileSync(file, JSON.stringify(data));
    };
    const before = await countAll();
    write((d) => (d.translations.contacts[2].email = 'x@lansstyrelsen.se'));
    await expect(runSeed(cms.strapi, dir)).rejects.toThrow(
      `${file}: invalid seed data\n  translations.contacts[2].email (pernilla-borjesson, en): not translated: it is the same in every language (not localized in contact)`,
    );
    write((d) => (d.translations.pages[0].locale = 'de'));
    await expect(runSeed(cms.strapi, dir)).rejects.toThrow('translations.pages[0].locale (lansstyrelsernas-integrationsuppdrag, de): a translation is in one of');
    write((d) => (d.translations.pages[0].slug = 'finns-inte'));
    await expect(runSeed(cms.strapi, dir)).rejects.toThrow(
      `${file}: translations.pages[0] (finns-inte, en): no pages record has the slug "finns-inte": a translation is made of a Swedish seed entry`,
    );
    write((d) => delete d.translations.articles[1].body);
    await expect(runSeed(cms.strapi, dir)).rejects.toThrow(
      `${file}: translations.articles[1] (ny-integrationsstrategi-for-lanet, ar): body missing: the Swedish entry has it`,
    );
    write((d) => d.translations.pages.push({ slug: 'lansstyrelsernas-uppdrag', locale: 'en', title: 'x', lead: 'x', body: ['x'] }));
    await expect(runSeed(cms.strapi, dir)).rejects.toThrow('(lansstyrelsernas-uppdrag, en): a lättläst page is Swedish only');
    expect(await countAll()).toEqual(before);
  });
});

describe('seeding', () => {
  it('changes nothing on a second run, and says so', async () => {
    // Every record of every seed file, counted from the files themselves.
    const seedDir = path.join(cmsDir, 'seed');
    const records = fs
      .readdirSync(seedDir)
      .filter((name) => name.endsWith('.json'))
      .flatMap((name) => {
        const { translations = {}, ...lists } = JSON.parse(fs.readFileSync(path.join(seedDir, name), 'utf8')) as Record<string, unknown>;
        return [...Object.values(lists), ...Object.values(translations as Record<string, unknown[]>)];
      })
      .reduce<number>((sum, value) => sum + (Array.isArray(value) ? value.length : 0), 0);
    const before = await countAll();
    const messages: string[] = [];
    const info = cms.strapi.log.info;
    cms.strapi.log.info = ((message: string) => messages.push(message)) as never;
    try {
      expect(await runSeed(cms.strapi)).toEqual({ created: 0, unchanged: records });
    } finally {
      cms.strapi.log.info = info;
    }
    expect(messages).toContain(`Seed: nothing changed, all ${records} entries are already present.`);
    expect(await countAll()).toEqual(before);
  });

  it('names the file and field of a bad record and writes nothing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bad-seed-'));
    for (const name of fs.readdirSync(path.join(cmsDir, 'seed'))) fs.copyFileSync(path.join(cmsDir, 'seed', name), path.join(dir, name));
    const file = path.join(dir, '002-varmland-integration.json');
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    data.contacts[1].email = 'Tanja punkt Ekegren snabela lansstyrelsen punkt se';
    data.contacts.push({ ...data.contacts[0], slug: 'ny-kontakt', name: 'Ny Kontakt' });
    fs.writeFileSync(file, JSON.stringify(data));
    const before = await countAll();
    await expect(runSeed(cms.strapi, dir)).rejects.toThrow(`${file}: invalid seed data\n  contacts[1].email (tanja-ekegren): Invalid email address`);
    data.contacts[1].email = 'tanja.ekegren@lansstyrelsen.se';
    data.contacts[2].organisation = 'finns-inte';
    fs.writeFileSync(file, JSON.stringify(data));
    await expect(runSeed(cms.strapi, dir)).rejects.toThrow(
      `${file}: contacts[2].organisation: no organisations record has the slug "finns-inte"`,
    );
    expect(await countAll()).toEqual(before);
  });

  it('names the file, field and county of a bad accessibility statement, and a second one for a county', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bad-statement-'));
    const file = path.join(dir, 'redogorelser.json');
    const good = JSON.parse(fs.readFileSync(path.join(cmsDir, 'seed', 'demo-tillganglighetsredogorelser.json'), 'utf8')).accessibilityStatements[2];
    const write = (statements: unknown[]) => fs.writeFileSync(file, JSON.stringify({ accessibilityStatements: statements }));
    const before = await countAll();
    write([{ ...good, complianceLevel: 'nästan förenlig' }]);
    await expect(runSeed(cms.strapi, dir)).rejects.toThrow(`${file}: invalid seed data\n  accessibilityStatements[0].complianceLevel (county dalarna): Invalid option`);
    write([{ ...good, lastUpdatedOn: '2020-01-01' }]);
    await expect(runSeed(cms.strapi, dir)).rejects.toThrow('accessibilityStatements[0].lastUpdatedOn (county dalarna): must not be before assessedOn');
    write([{ ...good, reportingUrl: 'javascript:alert(1)' }]);
    await expect(runSeed(cms.strapi, dir)).rejects.toThrow('accessibilityStatements[0].reportingUrl (county dalarna): ');
    write([good, { ...good, service: 'En andra' }]);
    await expect(runSeed(cms.strapi, dir)).rejects.toThrow(`${file}: accessibilityStatements[1].owner: duplicate owner "dalarna": a county has one`);
    expect(await countAll()).toEqual(before);
  });

  it('rolls back everything when the CMS refuses a record part-way', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'refused-seed-'));
    fs.writeFileSync(
      path.join(dir, 'x.json'),
      JSON.stringify({
        organisations: [{ slug: 'ny-organisation', name: 'Ny organisation', kind: 'business' }],
        pages: [{ slug: 'ny-sida', title: 'Ny sida', owner: 'dalarna', order: 1 }],
      }),
    );
    // The CMS refuses the second record (as a validation or database error would), after the first is written.
    // use() returns the middleware's remover (typed as the document service).
    const refuse = cms.strapi.documents.use(async (context, next) => {
      if (context.action === 'create' && (context.params as any).data?.slug === 'ny-sida') throw new Error('refused');
      return next();
    }) as unknown as () => void;
    const before = await countAll();
    try {
      await expect(runSeed(cms.strapi, dir)).rejects.toThrow('x.json: pages[0] (ny-sida) was refused by the CMS: refused');
    } finally {
      refuse();
    }
    expect(await countAll()).toEqual(before);
  });
});
