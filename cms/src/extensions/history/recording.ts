/**
 * One document middleware records what happens to content, in the same transaction as the
 * change (so a rolled-back action leaves neither a version nor an audit record):
 * - a version of every federated entry after each save, publish, unpublish, discard, clone and
 *   before each delete (versions.ts), whoever made it (the seed and jobs too);
 * - an audit record (audit/log.ts) of each of these made by an admin user, and of the shares
 *   they request and answer (api::share.share: `accept`/`decline`).
 * Register it last, so that it sees the parameters the other middlewares settled on.
 */
import type { Core } from '@strapi/strapi';
import { SHARE_UID, federatedCollections } from '../federation/visibility';
import { appendAudit, currentActor, type Actor } from '../audit/log';
import { HISTORY_TABLE, changedFields, loadSnapshot, versionLocale, type Snapshot, type VersionRow } from './versions';

const federatedUids = new Set<string>(federatedCollections.map((c) => c.uid));
const ACTIONS = new Set(['create', 'update', 'clone', 'publish', 'unpublish', 'discardDraft', 'delete']);

/** The slug of the county an entry (or share) belongs to, through one of its county relations. */
async function countyOf(strapi: Core.Strapi, uid: string, documentId: string, field: string): Promise<string | null> {
  const row = (await strapi.db.query(uid as never).findOne({
    where: { documentId },
    populate: { [field]: { select: ['slug'] } },
  })) as Record<string, { slug?: string } | null> | null;
  return row?.[field]?.slug ?? null;
}

type Knex = Core.Strapi['db']['connection'];

async function latestVersion(knex: Knex, uid: string, documentId: string): Promise<VersionRow | undefined> {
  return knex(HISTORY_TABLE).where({ uid, document_id: documentId }).orderBy('id', 'desc').first() as Promise<VersionRow | undefined>;
}

async function storeVersion(
  trx: Knex,
  version: { uid: string; documentId: string; locale: string | null; status: 'draft' | 'published'; action: string; county: string | null },
  actor: Actor | null,
  data: Snapshot,
): Promise<string[]> {
  const previous = await latestVersion(trx, version.uid, version.documentId);
  const changed = changedFields(previous ? (JSON.parse(previous.data) as Snapshot) : null, data);
  await trx(HISTORY_TABLE).insert({
    uid: version.uid,
    document_id: version.documentId,
    locale: version.locale,
    status: version.status,
    action: version.action,
    county: version.county,
    actor_id: actor?.id ?? null,
    actor_email: actor?.email ?? null,
    created_at: new Date().toISOString(),
    changed_fields: JSON.stringify(changed),
    data: JSON.stringify(data),
  });
  return changed;
}

function shareAction(action: string, data: { state?: unknown } | undefined): string {
  if (action !== 'update') return action;
  if (data?.state === 'accepterad') return 'accept';
  if (data?.state === 'avböjd') return 'decline';
  return action;
}

export function registerRecording(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    const federated = federatedUids.has(context.uid);
    if ((!federated && context.uid !== SHARE_UID) || !ACTIONS.has(context.action)) return next();
    // Strapi's publish route saves the draft first: its version and record are the publish's.
    const url = strapi.requestContext.get()?.request.url.split('?')[0] ?? '';
    if (federated && context.action === 'update' && url.endsWith('/actions/publish')) return next();
    const actor = currentActor(strapi);
    if (!federated && !actor) return next();

    // strapi.db.transaction reuses the caller's transaction (e.g. the content manager's publish).
    return strapi.db.transaction(async ({ trx }) => {
      const params = context.params as { documentId?: string; locale?: string | null; data?: { state?: unknown } };
      const countyField = federated ? 'owner' : context.action === 'update' ? 'to' : 'from';
      const before =
        context.action === 'delete' && params.documentId
          ? {
              county: await countyOf(strapi, context.uid, params.documentId, countyField),
              snapshot: federated ? await loadSnapshot(strapi, context.uid, params.documentId, 'draft', versionLocale(strapi, context.uid, params.locale)) : null,
            }
          : null;
      const result = await next();
      const written = result as { documentId?: string; locale?: string | null } | null;
      // A clone's documentId parameter is its source: the version and record are the copy's.
      const documentId = context.action === 'create' || context.action === 'clone' ? written?.documentId : params.documentId;
      if (!documentId) return result;
      const locale = versionLocale(strapi, context.uid, params.locale, written?.locale);
      const county = before ? before.county : await countyOf(strapi, context.uid, documentId, countyField);

      let changed: string[] | undefined;
      if (federated) {
        const status = context.action === 'publish' ? 'published' : 'draft';
        const snapshot = before ? before.snapshot : await loadSnapshot(strapi, context.uid, documentId, status, locale);
        if (snapshot) {
          changed = await storeVersion(trx as unknown as Knex, { uid: context.uid, documentId, locale, status, action: context.action, county }, actor, snapshot);
        }
      }
      if (actor) {
        const action = federated ? context.action : shareAction(context.action, params.data);
        await appendAudit(strapi, { actor, county, uid: context.uid, documentId, locale, action, details: changed ? { changedFields: changed } : {} });
      }
      return result;
    });
  });
}
