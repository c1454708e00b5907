import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counties } from '@lansportalen/shared/counties';
import { bootCms, type TestCms } from './support/cms';
import { expectedOn, seed } from './support/seed-files';

const isEasy = (r: { data: { easyToRead: boolean } }) => r.data.easyToRead;
const fields = {
  pages: seed.pages.filter((r) => !isEasy(r)),
  /** The lättläst pages: `pages(easyToRead: true)`. */
  easyReads: seed.pages.filter(isEasy),
  articles: seed.articles,
  events: seed.events,
  strategies: seed.strategies,
  agreements: seed.agreements,
  collaborationAreas: seed.collaborationAreas,
  projects: seed.projects,
  policyDocuments: seed.policyDocuments,
  councils: seed.councils,
  networks: seed.networks,
  contacts: seed.contacts,
} as const;

const siteQuery = `query Site($slug: String!) {
  countySite(slug: $slug) {
    county { slug name board }
    alerts { slug owner { slug } }
    ${Object.keys(fields)
      .map((field) => `${field}${field === 'easyReads' ? ': pages(easyToRead: true)' : ''} { slug owner { slug } }`)
      .join('\n    ')}
  }
}`;

type Entry = { slug: string; owner: { slug: string } | null };
type Site = Record<string, Entry[]> & { county: { slug: string; name: string; board: string } };

let cms: TestCms;
const sites = new Map<string, Site>();

beforeAll(async () => {
  cms = await bootCms();
  // The seed's alert has expired (a site shows alerts valid now only): make it open-ended.
  const alerts = cms.strapi.documents('api::alert.alert');
  for (const alert of await alerts.findMany({ filters: { validUntil: { $notNull: true } } } as never)) {
    await alerts.update({ documentId: alert.documentId, data: { validUntil: null } } as never);
    await alerts.publish({ documentId: alert.documentId } as never);
  }
  for (const county of counties) {
    const result = await cms.graphql<{ countySite: Site }>(siteQuery, { slug: county.slug });
    expect(result.errors).toBeUndefined();
    sites.set(county.slug, result.data!.countySite);
  }
});
afterAll(() => cms?.stop());

describe.each(counties.map((c) => [c.slug, c] as const))('countySite(%s)', (slug, county) => {
  it('names its county as the county list does', () => {
    expect(sites.get(slug)!.county).toEqual({ slug, name: county.name, board: county.board });
  });

  it.each(Object.entries(fields))('shows exactly its own, shared and national %s', (field, records) => {
    const shown = sites.get(slug)![field]!.map((e) => e.slug).sort();
    expect(shown).toEqual(expectedOn(slug, records));
  });

  it("shows none of another county's own content", () => {
    for (const [field, entries] of Object.entries(sites.get(slug)!)) {
      if (field === 'county') continue;
      for (const entry of entries as Entry[]) {
        if (entry.owner && entry.owner.slug !== slug) {
          const record = (fields as Record<string, { data: unknown }[]>)[field]?.find(
            (r) => (r.data as { slug: string }).slug === entry.slug,
          );
          expect((record?.data as { sharedWith: string[] }).sharedWith, `${field}/${entry.slug}`).toContain(slug);
        }
      }
    }
  });
});

describe('federation facts of the seed', () => {
  it('shows the national mandate and policy focus areas on all three sites, owned by nobody', () => {
    for (const county of counties) {
      const pages = sites.get(county.slug)!.pages!;
      for (const title of ['lansstyrelsernas-integrationsuppdrag', 'integrationspolitikens-fokusomraden']) {
        const page = pages.find((p) => p.slug === title);
        expect(page, `${county.slug}: ${title}`).toBeDefined();
        expect(page!.owner).toBeNull();
      }
    }
  });

  it("keeps Dalarna's agreement on Dalarna's site only and Västmanland's council on Västmanland's", () => {
    expect(sites.get('dalarna')!.agreements!.map((a) => a.slug)).toEqual(['vagen-in']);
    expect(sites.get('vastmanland')!.agreements).toEqual([]);
    expect(sites.get('varmland')!.councils).toEqual([]);
    expect(sites.get('vastmanland')!.councils!.map((c) => c.slug)).toEqual(['integrationsradet']);
  });

  it('shows the fire ban on Västmanland only, while it is valid', () => {
    expect(sites.get('vastmanland')!.alerts!.map((a) => a.slug)).toEqual(['eldningsforbud-i-hela-vastmanlands-lan']);
    expect(sites.get('dalarna')!.alerts).toEqual([]);
    expect(sites.get('varmland')!.alerts).toEqual([]);
  });
});

describe('sharing', () => {
  it('shows a Dalarna alert shared with Värmland on both, with Dalarna as owner, and not on Västmanland', async () => {
    const ids = await cms.strapi.documents('api::county.county').findMany({});
    const id = (slug: string) => ids.find((c) => c['slug'] === slug)!.documentId;
    await cms.strapi.documents('api::alert.alert').create({
      data: {
        title: 'Översvämningsrisk längs Klarälven',
        slug: 'oversvamningsrisk',
        body: 'Höga flöden väntas.',
        severity: 'warning',
        validFrom: '2020-01-01T00:00:00Z',
        owner: id('dalarna'),
        sharedWith: [id('varmland')],
      },
      status: 'published',
    } as never);
    const query = `query($slug: String!) { countySite(slug: $slug) { alerts { slug owner { slug } } } }`;
    for (const [slug, shown] of [['dalarna', true], ['varmland', true], ['vastmanland', false]] as const) {
      const { data } = await cms.graphql<{ countySite: { alerts: Entry[] } }>(query, { slug });
      const alert = data!.countySite.alerts.find((a) => a.slug === 'oversvamningsrisk');
      expect(Boolean(alert), slug).toBe(shown);
      if (alert) expect(alert.owner).toEqual({ slug: 'dalarna' });
    }
  });

  it('hides an alert once its valid-until has passed', async () => {
    await cms.strapi.documents('api::alert.alert').create({
      data: {
        title: 'Gammalt meddelande',
        slug: 'gammalt-meddelande',
        body: 'Gällde förr.',
        severity: 'info',
        validFrom: '2020-01-01T00:00:00Z',
        validUntil: '2020-02-01T00:00:00Z',
        shownOnAllSites: true,
      },
      status: 'published',
    } as never);
    const shown = async () => {
      const { data } = await cms.graphql<{ countySite: { alerts: Entry[] } }>(`{ countySite(slug: "dalarna") { alerts { slug } } }`);
      return data!.countySite.alerts.map((a) => a.slug);
    };
    expect(await shown()).not.toContain('gammalt-meddelande');
    // The same alert, valid until tomorrow, is shown: the window is what hid it.
    const alerts = cms.strapi.documents('api::alert.alert');
    const [old] = await alerts.findMany({ filters: { slug: 'gammalt-meddelande' } } as never);
    await alerts.update({ documentId: old!.documentId, data: { validUntil: new Date(Date.now() + 86_400_000).toISOString() } } as never);
    await alerts.publish({ documentId: old!.documentId } as never);
    expect(await shown()).toContain('gammalt-meddelande');
  });

  it('answers null for a county that does not exist', async () => {
    const { data, errors } = await cms.graphql(`{ countySite(slug: "gotland") { county { name } } }`);
    expect(errors).toBeUndefined();
    expect(data).toEqual({ countySite: null });
  });
});
