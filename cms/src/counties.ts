/** Keeps the CMS's county records in line with the single county list in shared/counties.json. */
import type { Core } from '@strapi/strapi';
import { counties } from '@lansportalen/shared/counties';

/** Creates missing counties, updates changed ones, and returns slug → documentId. */
export async function syncCounties(strapi: Core.Strapi): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const documents = strapi.documents('api::county.county');
  for (const { slug, name, board, siteUrl } of counties) {
    const data = { slug, name, board, siteUrl } as never;
    const existing = await documents.findFirst({ filters: { slug: { $eq: slug } } });
    if (!existing) {
      const created = await documents.create({ data });
      ids.set(slug, created.documentId);
      continue;
    }
    if (existing['name'] !== name || existing['board'] !== board || existing['siteUrl'] !== siteUrl) {
      await documents.update({ documentId: existing.documentId, data });
    }
    ids.set(slug, existing.documentId);
  }
  return ids;
}
