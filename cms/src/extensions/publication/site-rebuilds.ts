/**
 * Publish to live: when an entry is published, unpublished or deleted, tell the site builder
 * (SITE_REBUILD_URL, set by `npm start`) which county sites show it, by the federation rule
 * (`countiesShowing` in federation/visibility.ts), before and after the change. A
 * minute-by-minute task does the same for alerts that start or expire.
 */
import type { Core, UID } from '@strapi/strapi';
import { counties } from '@lansportalen/shared/counties';
import { countiesShowing, federatedCollections } from '../federation/visibility';

const federatedUids = new Set<string>(federatedCollections.map((c) => c.uid));
const allSlugs = () => counties.map((c) => c.slug);
const ACTIONS = new Set(['publish', 'unpublish', 'delete']);

const publishedVisibility = (strapi: Core.Strapi, uid: UID.ContentType, documentId: string) =>
  countiesShowing(strapi, uid, { documentId: { $eq: documentId } });

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
    const slugs = await countiesShowing(strapi, 'api::alert.alert', {
      $or: [{ validFrom: { $gt: last, $lte: now } }, { validUntil: { $gt: last, $lte: now } }],
    });
    last = now;
    notifySites(strapi, slugs, 'alert started or expired');
    return slugs;
  };
}
