/**
 * Drafts never reach the public. Every content type gets a never-published draft, a published
 * entry gets unpublished changes, and a published council links to a draft organisation; then an
 * anonymous visitor tries every route we could think of. The marker UTKAST must never appear.
 * Translations too: a never-published translation and a published one with unpublished changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootCms, type TestCms } from './support/cms';

const MARK = 'UTKAST';
const blocks = [{ type: 'paragraph', children: [{ type: 'text', text: `${MARK} text` }] }];

/** Each draft-and-publish type: REST path, GraphQL list field, its label field, and the least valid data. */
const types = [
  { uid: 'organisation', rest: 'organisations', gql: 'organisations', label: 'name', data: { kind: 'business' } },
  { uid: 'contact', rest: 'contacts', gql: 'contacts', label: 'name', data: { kind: 'person' } },
  { uid: 'strategy', rest: 'strategies', gql: 'strategies', label: 'title', data: { periodStart: 2030, periodEnd: 2035 } },
  { uid: 'agreement', rest: 'agreements', gql: 'agreements', label: 'title', data: {} },
  { uid: 'collaboration-area', rest: 'collaboration-areas', gql: 'collaborationAreas', label: 'title', data: { lead: MARK } },
  { uid: 'project', rest: 'projects', gql: 'projects', label: 'title', data: { purpose: blocks } },
  { uid: 'policy-document', rest: 'policy-documents', gql: 'policyDocuments', label: 'title', data: {} },
  { uid: 'council', rest: 'councils', gql: 'councils', label: 'name', data: {} },
  { uid: 'network', rest: 'networks', gql: 'networks', label: 'name', data: { audience: MARK, purpose: MARK } },
  { uid: 'event', rest: 'events', gql: 'events', label: 'title', data: { startsAt: '2030-01-01T10:00:00Z' } },
  { uid: 'alert', rest: 'alerts', gql: 'alerts', label: 'title', data: { body: MARK, validFrom: '2020-01-01T00:00:00Z' } },
  { uid: 'article', rest: 'articles', gql: 'articles', label: 'title', data: { lead: MARK, body: blocks } },
  { uid: 'page', rest: 'pages', gql: 'pages', label: 'title', data: { body: blocks } },
  {
    uid: 'accessibility-statement',
    rest: 'accessibility-statements',
    gql: 'accessibilityStatements',
    label: 'service',
    // Newer than the seed's, so a site that read drafts would pick it.
    data: { intro: blocks, assessedOn: '2030-01-01', lastUpdatedOn: '2030-01-01' },
  },
] as const;
const STATEMENT_UID = 'api::accessibility-statement.accessibility-statement';

let cms: TestCms;
const draftIds = new Map<string, string>();
let attempts = 0;

function expectNoDraft(where: string, payload: unknown): void {
  attempts += 1;
  expect(JSON.stringify(payload ?? null), where).not.toContain(MARK);
}

beforeAll(async () => {
  cms = await bootCms();
  const docs = (uid: string) => cms.strapi.documents(`api::${uid}.${uid}` as never);
  const vastmanland = await cms.strapi.documents('api::county.county').findFirst({ filters: { slug: 'vastmanland' } } as never);
  for (const type of types) {
    const attributes = cms.strapi.contentType(`api::${type.uid}.${type.uid}` as never).attributes;
    // Shown on every site; a county-only type (the statement) owned by Västmanland.
    const federation = 'shownOnAllSites' in attributes ? { shownOnAllSites: true } : 'owner' in attributes ? { owner: vastmanland!.documentId } : {};
    const slug = 'slug' in attributes ? { slug: `utkast-${type.uid}` } : {};
    const draft = await docs(type.uid).create({ data: { [type.label]: `${MARK} ${type.uid}`, ...slug, ...type.data, ...federation } } as never);
    draftIds.set(type.uid, draft.documentId);
  }
  // Dalarna's published accessibility statement with unpublished changes.
  const dalarna = await cms.strapi.documents(STATEMENT_UID as never).findFirst({ filters: { owner: { slug: 'dalarna' } } } as never);
  await cms.strapi.documents(STATEMENT_UID as never).update({ documentId: dalarna!.documentId, data: { service: `${MARK} Dalarna` } } as never);
  // A published entry with unpublished changes.
  const [agreement] = await docs('agreement').findMany({ filters: { slug: 'vagen-in' } } as never);
  await docs('agreement').update({ documentId: agreement!.documentId, data: { title: `${MARK} Vägen in` } } as never);
  // A published council linked to a never-published organisation.
  const [council] = await docs('council').findMany({ filters: { slug: 'integrationsradet' } } as never);
  await docs('council').update({
    documentId: council!.documentId,
    data: { members: { connect: [draftIds.get('organisation')] } },
  } as never);
  await docs('council').publish({ documentId: council!.documentId } as never);
});

afterAll(async () => {
  console.log(`${attempts} anonymous attempts to read drafts, none served one`);
  await cms?.stop();
});

describe.each(types.map((t) => [t.uid, t] as const))('drafts of %s', (uid, type) => {
  it('are not in the GraphQL list, and asking for them is refused', async () => {
    const list = await cms.graphql(`{ ${type.gql}(pagination: { limit: 100 }) { ${type.label} } }`);
    expect(list.errors).toBeUndefined();
    expectNoDraft(`${type.gql}`, list);
    for (const args of ['status: DRAFT', `filters: { ${type.label}: { eq: "utkast-x" } }, status: DRAFT`]) {
      const asked = await cms.graphql(`{ ${type.gql}(${args}) { ${type.label} } }`);
      expectNoDraft(`${type.gql}(${args})`, asked.data);
      expect(asked.errors?.[0]?.extensions?.code, `${type.gql}(${args})`).toBe('FORBIDDEN');
    }
    for (const args of ['status: DRAFT, hasPublishedVersion: false', 'publicationFilter: NEVER_PUBLISHED']) {
      const asked = await cms.graphql(`{ ${type.gql}(${args}) { ${type.label} } }`);
      expectNoDraft(`${type.gql}(${args})`, asked.data);
      expect(asked.errors?.[0]?.extensions?.code, `${type.gql}(${args})`).toBe('BAD_USER_INPUT');
    }
  });

  it('are not served by documentId over GraphQL', async () => {
    const single = type.gql.replace(/ies$/, 'y').replace(/s$/, '');
    const byId = await cms.graphql(`query($id: ID!) { ${single}(documentId: $id) { ${type.label} } }`, { id: draftIds.get(uid) });
    expectNoDraft(`${single}(documentId)`, byId);
    expect(byId.data?.[single] ?? null).toBeNull();
    const asDraft = await cms.graphql(`query($id: ID!) { ${single}(documentId: $id, status: DRAFT) { ${type.label} } }`, {
      id: draftIds.get(uid),
    });
    expectNoDraft(`${single}(documentId, status: DRAFT)`, asDraft);
  });

  it('are not served over REST, whatever the query string says', async () => {
    const id = draftIds.get(uid);
    const probes = [
      [`/api/${type.rest}?pagination[pageSize]=100`, 200],
      [`/api/${type.rest}?status=draft`, 403],
      [`/api/${type.rest}?status=draft&populate=*`, 403],
      [`/api/${type.rest}?hasPublishedVersion=false`, 400],
      [`/api/${type.rest}?publicationFilter=never-published`, 400],
      [`/api/${type.rest}?filters[${type.label}][$contains]=${MARK}`, 200],
      [`/api/${type.rest}/${id}`, 404],
      [`/api/${type.rest}/${id}?status=draft`, 403],
    ] as const;
    for (const [path, status] of probes) {
      const response = await cms.rest(path);
      expectNoDraft(path, response.body);
      expect(response.status, path).toBe(status);
    }
  });
});

describe('draft translations', () => {
  const MANDATE = 'lansstyrelsernas-integrationsuppdrag';
  let mandate: string;
  beforeAll(async () => {
    // The national mandate (published, shown on every site): a never-published English
    // translation, and a published Arabic one with unpublished changes.
    const pages = cms.strapi.documents('api::page.page' as never);
    mandate = (await pages.findFirst({ filters: { slug: MANDATE } } as never))!.documentId;
    // Without the seed's English demo translation first.
    await pages.delete({ documentId: mandate, locale: 'en' } as never);
    await pages.update({ documentId: mandate, locale: 'en', data: { title: `${MARK} in English`, body: blocks } } as never);
    await pages.update({ documentId: mandate, locale: 'ar', data: { title: 'مهمة الاندماج' } } as never);
    await pages.publish({ documentId: mandate, locale: 'ar' } as never);
    await pages.update({ documentId: mandate, locale: 'ar', data: { title: `${MARK} ar`, body: blocks } } as never);
  });

  it('are not in any county site in their language: the published translation or the Swedish entry is', async () => {
    for (const slug of ['vastmanland', 'varmland', 'dalarna']) {
      for (const locale of ['en', 'ar']) {
        const site = await cms.graphql<{ countySite: { pages: { title: string; isFallback: boolean }[] } }>(
          `{ countySite(slug: "${slug}", locale: "${locale}") { pages(slug: "${MANDATE}") { title body locale isFallback } } }`,
        );
        expect(site.errors).toBeUndefined();
        expectNoDraft(`countySite(${slug}, ${locale})`, site);
        expect(site.data!.countySite.pages[0], `${slug} ${locale}`).toMatchObject(
          locale === 'en' ? { title: 'Länsstyrelsernas integrationsuppdrag', isFallback: true } : { title: 'مهمة الاندماج', isFallback: false },
        );
      }
    }
    const preview = await cms.graphql(`{ countySite(slug: "dalarna", preview: true, locale: "en") { pages { title } } }`);
    expectNoDraft('countySite(preview: true) without the preview secret', preview);
    expect(preview.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('are not served over GraphQL or REST in any locale', async () => {
    for (const locale of ['en', 'ar']) {
      const list = await cms.graphql(`{ pages(locale: "${locale}") { title body } }`);
      expectNoDraft(`pages(locale: ${locale})`, list);
      const single = await cms.graphql(`query($id: ID!) { page(documentId: $id, locale: "${locale}") { title } }`, { id: mandate });
      expectNoDraft(`page(documentId, locale: ${locale})`, single);
      const asked = await cms.graphql(`{ pages(locale: "${locale}", status: DRAFT) { title } }`);
      expectNoDraft(`pages(locale: ${locale}, status: DRAFT)`, asked);
      expect(asked.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const localizations = await cms.graphql(`{ pages(filters: { slug: { eq: "${MANDATE}" } }) { title localizations { title } } }`);
      expectNoDraft('pages.localizations', localizations);
    }
    const probes = [
      ['/api/pages?locale=en', 200],
      ['/api/pages?locale=ar&populate=*', 200],
      ['/api/pages?locale=*', 200],
      [`/api/pages/${mandate}?locale=en`, 404],
      [`/api/pages/${mandate}?locale=ar`, 200],
      [`/api/pages/${mandate}?locale=en&status=draft`, 403],
      ['/api/pages?locale=ar&status=draft', 403],
      [`/api/pages?filters[slug][$eq]=${MANDATE}&populate[localizations]=true`, 200],
    ] as const;
    for (const [path, status] of probes) {
      const response = await cms.rest(path);
      expectNoDraft(path, response.body);
      expect(response.status, path).toBe(status);
    }
  });
});

describe('drafts reached another way', () => {
  it('are not in any county site', async () => {
    const lists = types.filter((t) => !['organisation', 'accessibility-statement'].includes(t.uid)).map((t) => `${t.gql} { ${t.label} }`);
    const fields = [...lists, 'accessibilityStatement { service intro lastUpdatedOn }'];
    for (const slug of ['vastmanland', 'varmland', 'dalarna']) {
      const site = await cms.graphql<{ countySite: { accessibilityStatement: { service: string } } }>(`{ countySite(slug: "${slug}") { ${fields.join(' ')} } }`);
      expect(site.errors).toBeUndefined();
      expectNoDraft(`countySite(${slug})`, site);
      expect(JSON.stringify(site)).toContain(slug === 'dalarna' ? 'Vägen in' : 'Länsstyrelsernas integrationsuppdrag');
      // The published statement, not the newer draft nor the unpublished edit.
      expect(site.data!.countySite.accessibilityStatement.service).toMatch(/^Länsstyrelsen \S+ webbplats om integration/);
    }
  });

  it('are not reached through the relations of a published entry', async () => {
    const members = `members(pagination: { limit: 100 }) { name }`;
    const viaList = await cms.graphql(`{ councils { name ${members} } }`);
    expectNoDraft('councils.members', viaList);
    expect(JSON.stringify(viaList)).toContain('Arboga kommun');
    const viaSite = await cms.graphql(`{ countySite(slug: "vastmanland") { councils { ${members} } } }`);
    expectNoDraft('countySite.councils.members', viaSite);
    const viaRest = await cms.rest('/api/councils?populate=*');
    expectNoDraft('/api/councils?populate=*', viaRest.body);
    const deep = await cms.rest('/api/agreements?populate[collaborationAreas][populate]=*&populate[parties]=true');
    expectNoDraft('/api/agreements deep populate', deep.body);
    expect(JSON.stringify(deep.body)).toContain('Vägen in');
  });

  it('are not served to a self-registered account, because sign-up is closed', async () => {
    const response = await fetch(`${cms.url}/api/auth/local/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'angripare', email: 'angripare@example.com', password: 'Hemligt123!' }),
    });
    attempts += 1;
    expect(response.status).not.toBe(200);
    expect(JSON.stringify(await response.json())).not.toContain('jwt');
  });

  it('are not served with a forged bearer token', async () => {
    const response = await cms.rest('/api/pages?status=draft', { authorization: 'Bearer forged-token' });
    expectNoDraft('forged token', response.body);
    expect(response.status).toBe(401);
  });
});
