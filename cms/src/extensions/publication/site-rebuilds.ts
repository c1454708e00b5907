/**
 * Publish to live: when an entry is published, unpublished or deleted, ask for renders of the
 * county sites that show it (render-queue.ts), by the federation rule (`countiesShowing` in
 * federation/visibility.ts), before and after the change, and of the counties whose local
 * versions of the entry move with it (local-versions/canonical.ts). A minute-by-minute task does
 * the same for alerts that start or expire.
 */
import type { Core, UID } from '@strapi/strapi';
import { counties } from '@lansportalen/shared/counties';
import { countiesShowing, editableOwnedUids, federatedCollections } from '../federation/visibility';
import { followersBefore, followersChanged } from '../local-versions/canonical';
import { changeWithRenders, rendersWanted, requestRenders } from './render-queue';

const allSlugs = () => counties.map((c) => c.slug);
const ACTIONS = new Set(['publish', 'unpublish', 'delete']);
const federatedUids = new Set<string>(federatedCollections.map((c) => c.uid));

const publishedVisibility = (strapi: Core.Strapi, uid: UID.ContentType, documentId: string) =>
  countiesShowing(strapi, uid, { documentId: { $eq: documentId } });

export function registerSiteRebuilds(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    const params = context.params as { documentId?: string; status?: string };
    // create({ status: 'published' }) publishes without passing through the publish action.
    const createdPublished = context.action === 'create' && params.status === 'published';
    if (!rendersWanted(strapi) || !(ACTIONS.has(context.action) || createdPublished)) return next();
    const organisation = context.uid === 'api::organisation.organisation';
    if (!editableOwnedUids.has(context.uid) && !organisation) return next();

    return changeWithRenders(strapi, async () => {
      if (createdPublished) {
        const created = await next();
        const { documentId } = created as { documentId: string };
        const slugs = organisation ? allSlugs() : await publishedVisibility(strapi, context.uid, documentId);
        return { result: created, slugs, reason: `create ${context.uid} ${documentId}` };
      }
      const documentId = params.documentId;
      // Organisations appear on every site that lists members or parties.
      const before = organisation ? allSlugs() : documentId ? await publishedVisibility(strapi, context.uid, documentId) : [];
      // A source's local versions follow its address and canonical owner (local-versions/canonical.ts).
      const followers = documentId && federatedUids.has(context.uid) ? await followersBefore(strapi, context.uid, documentId) : null;
      const result = await next();
      const after = context.action === 'publish' && documentId && !organisation ? await publishedVisibility(strapi, context.uid, documentId) : [];
      const followed = followers ? await followersChanged(strapi, context.uid, followers) : [];
      return { result, slugs: [...new Set([...before, ...after, ...followed])], reason: `${context.action} ${context.uid} ${documentId ?? ''}`.trim() };
    });
  });
}

/** The counties whose sites show an alert that started or ended within (since, now]. */
const alertChanges = (strapi: Core.Strapi, since: Date, now: Date) =>
  countiesShowing(strapi, 'api::alert.alert', {
    $or: [{ validFrom: { $gt: since, $lte: now } }, { validUntil: { $gt: since, $lte: now } }],
  });

const ALERT_REASON = 'alert started or expired';
/** Names this job's PostgreSQL advisory lock (any constant unused by other jobs). */
const ALERT_LOCK = 4_723_101;
const coveredUntil = (strapi: Core.Strapi) => strapi.store({ type: 'plugin', name: 'lansportalen', key: 'alerts-covered-until' });

/**
 * On PostgreSQL several CMS processes share the database: the run takes a transaction-level
 * advisory lock (a busy lock means another process is running it: skip) and reads and writes the
 * end of the last covered window in the core store under that lock, so windows never overlap nor
 * leave gaps, whichever process runs. Render jobs in PostgreSQL commit with the window.
 */
function sharedAlertRun(strapi: Core.Strapi, since: Date) {
  return (): Promise<string[]> =>
    changeWithRenders(strapi, async () =>
      strapi.db.transaction(async ({ trx }) => {
        const { rows } = (await trx.raw('select pg_try_advisory_xact_lock(?) as locked', [ALERT_LOCK])) as { rows: { locked: boolean }[] };
        if (!rows[0]?.locked) return { result: [], slugs: [], reason: ALERT_REASON };
        const now = new Date();
        const stored = (await coveredUntil(strapi).get({})) as string | null;
        const changed = await alertChanges(strapi, stored ? new Date(stored) : since, now);
        await coveredUntil(strapi).set({ value: now.toISOString() });
        return { result: changed, slugs: changed, reason: ALERT_REASON };
      }),
    );
}

/**
 * Alerts that started or ended since the last run: their sites must change without anyone acting.
 * One process (SQLite): the window lives in memory, from `since` (the boot). PostgreSQL: shared.
 */
export function alertTimer(strapi: Core.Strapi, since = new Date()) {
  if (strapi.db.dialect.client === 'postgres') return sharedAlertRun(strapi, since);
  let last = since;
  return async () => {
    const now = new Date();
    const slugs = await alertChanges(strapi, last, now);
    last = now;
    await requestRenders(strapi, slugs, ALERT_REASON);
    return slugs;
  };
}
