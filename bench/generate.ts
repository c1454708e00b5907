/** Generated content for benchmarks: `perCounty` published entries per county, spread over four types. */
import type { Core } from '@strapi/strapi';
import { counties } from '@lansportalen/shared/counties';

const paragraph = (text: string) => [{ type: 'paragraph', children: [{ type: 'text', text }] }];

export async function generateEntries(strapi: Core.Strapi, perCounty: number): Promise<number> {
  const countyIds = new Map(
    (await strapi.documents('api::county.county').findMany({})).map((c) => [c['slug'] as string, c.documentId]),
  );
  let created = 0;
  const day = 24 * 3600 * 1000;
  await strapi.db.transaction(async () => {
    for (const county of counties) {
      const owner = countyIds.get(county.slug);
      for (let i = 0; i < perCounty; i += 1) {
        const n = `${county.slug}-${i}`;
        const kind = i % 4;
        const [uid, data] =
          kind === 0
            ? ['api::article.article', { title: `Nyhet ${n}`, slug: `nyhet-${n}`, lead: `Ingress ${n}.`, body: paragraph(`Brödtext ${n}.`), publishedDate: new Date(Date.UTC(2024, 0, 1) + i * day).toISOString().slice(0, 10) }]
            : kind === 1
              ? ['api::event.event', { title: `Evenemang ${n}`, slug: `evenemang-${n}`, kind: 'seminar', startsAt: new Date(Date.UTC(2026, 0, 1) + i * day).toISOString(), eventStatus: i % 20 === 1 ? 'cancelled' : 'scheduled' }]
              : kind === 2
                ? ['api::page.page', { title: `Sida ${n}`, slug: `sida-${n}`, body: paragraph(`Innehåll ${n}.`), order: i }]
                : ['api::contact.contact', { name: `Kontakt ${n}`, slug: `kontakt-${n}`, kind: 'person', email: `kontakt.${i}@example.se` }];
        // Every tenth entry is national and shown on all sites; every seventh is shared with one more county.
        const federation =
          i % 10 === 0
            ? { owner: null, shownOnAllSites: true }
            : { owner, sharedWith: i % 7 === 0 ? [countyIds.get(counties[(counties.indexOf(county) + 1) % counties.length]!.slug)] : [] };
        await strapi.documents(uid as 'api::page.page').create({ data: { ...data, ...federation }, status: 'published' } as never);
        created += 1;
      }
    }
  });
  return created;
}
