/**
 * Publish to live: when an entry is published, unpublished or deleted, tell the site builder
 * (SITE_REBUILD_URL, set by `npm start`) which county sites show it: national and
 * shown-on-all entries → all, otherwise the owner and the counties it is shared with, before and
 * after the change. A minute-by-minute task does the same for alerts that start or expire.
 */
import type { Core, UID } from '@strapi/strapi';
import { counties } from '@lansportalen/shared/counties';
import { federatedCollections } from '../federation/visibility';

const federatedUids = new Set<string>(federatedCollections.map((c) => c.uid));
const allSlugs = () => counties.map((c) => c.slug);
const ACTIONS = new Set(['publish', 'unpublish', 'delete']);

interface Visibility {
  owner?: { slug: string } | null;
  sharedWith?: { slug: string }[];
  shownOnAllSites?: boolean;
}

export function countiesShowing(entry: Visibility | null): string[] {
  if (!entry) return [];
  if (entry.shownOnAllSites) return allSlugs();
  return [...new Set([entry.owner?.slug, ...(entry.sharedWith ?? []).map((c) => c.slug)].filter((s): s is string => !!s))];
}

async function publishedVisibility(strapi: Core.Strapi, uid: UID.ContentType, documentId: string): Promise<string[]> {
  const entry = await strapi.documents(uid).findOne({
    documentId,
    status: 'published',
    populate: { owner: { fields: ['slug'] }, sharedWith: { fields: ['slug'] } },
  } as never);
  return countiesShowing(entry as Visibility | null);
}

/** SITE_REBUILD_URL and SITE_REBUILD_SECRET (config/lansportalen.ts). */
const rebuildTarget = (strapi: Core.Strapi) => strapi.config.get<{ url: string; secret: string }>('lansportalen.siteRebuild');

export function notifySites(strapi: Core.Strapi, slugs: string[], reason: string): void {
  const { url, secret } = rebuildTarget(strapi);
  if (!url || slugs.length === 0) return;
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-rebuild-secret': secret },
    body: JSON.stringify({ counties: slugs, reason }),
  }).catch((error: Error) => strapi.log.warn(`Site rebuild request to ${url} failed: ${error.message}`));
}

export function registerSiteRebuilds(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    const params = context.params as { documentId?: string; status?: string };
    // create({ status: 'published' }) publishes without passing through the publish action.
    const createdPublished = context.action === 'create' && params.status === 'published';
    if (!rebuildTarget(strapi).url || !(ACTIONS.has(context.action) || createdPublished)) return next();
    const organisation = context.uid === 'api::organisation.organisation';
    if (!federatedUids.has(context.uid) && !organisation) return next();
    if (createdPublished) {
      const created = await next();
      const { documentId } = created as { documentId: string };
      const slugs = organisation ? allSlugs() : await publishedVisibility(strapi, context.uid, documentId);
      notifySites(strapi, slugs, `create ${context.uid} ${documentId}`);
      return created;
    }
    const documentId = params.documentId;
    // Organisations appear on every site that lists members or parties.
    const before = organisation ? allSlugs() : documentId ? await publishedVisibility(strapi, context.uid, documentId) : [];
    const result = await next();
    const after = context.action === 'publish' && documentId && !organisation ? await publishedVisibility(strapi, context.uid, documentId) : [];
    notifySites(strapi, [...new Set([...before, ...after])], `${context.action} ${context.uid} ${documentId ?? ''}`.trim());
    return result;
  });
}

/** Alerts that started or ended since the last run: their sites must change without anyone acting. */
export function alertTimer(strapi: Core.Strapi, since = new Date()) {
  let last = since;
  return async () => {
    const now = new Date();
    const alerts = await strapi.documents('api::alert.alert').findMany({
      status: 'published',
      filters: { $or: [{ validFrom: { $gt: last, $lte: now } }, { validUntil: { $gt: last, $lte: now } }] },
      populate: { owner: { fields: ['slug'] }, sharedWith: { fields: ['slug'] } },
    } as never);
    last = now;
    const slugs = [...new Set(alerts.flatMap((a) => countiesShowing(a as Visibility)))];
    notifySites(strapi, slugs, 'alert started or expired');
    return slugs;
  };
}
