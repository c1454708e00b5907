/**
 * Local versions of shared content: a county's own copy of an entry it may read (a national or
 * shared one), shown on its own site instead of the source (federation/visibility.ts). A local
 * version is an ordinary entry of the same type, owned by the county, never shared, linked to its
 * source by fields only the server writes (`LOCAL_VERSION_FIELDS`):
 * - `localVersionOf`: the source's documentId; `localVersionOfSlug`: the source's address;
 * - `localVersionBase`: the source's published version the local version is based on (a snapshot
 *   as in the revision history, so that pruning the history loses nothing);
 * - `localVersionState`: `aktuell`, or what happened to the source since: `ändrad` (the owner
 *   published a change), `avpublicerad`, `borttagen`.
 * This file keeps the links true: the content manager never writes them (nor shares a local
 * version), and a publish, unpublish or delete of a source marks its local versions (and records
 * it in the audit log when an admin user did it). The site keeps showing the local version.
 */
import type { Core, UID } from '@strapi/strapi';
import { LOCAL_VERSION_FIELDS, federatedCollections } from '../federation/visibility';
import { appendAudit, currentActor } from '../audit/log';
import { compare, loadSnapshot, type Snapshot } from '../history/versions';

const federatedUids = new Set<string>(federatedCollections.map((c) => c.uid));
export type LocalVersionState = 'aktuell' | 'ändrad' | 'avpublicerad' | 'borttagen';

/** Fields of its own that an entry never takes from a source: owner, sharing, address, link. */
const OWN_FIELDS = new Set<string>(['owner', 'sharedWith', 'shownOnAllSites', 'slug', ...LOCAL_VERSION_FIELDS]);

/**
 * The fields a local version takes from its source: everything an editor writes, except its own
 * fields and two-way relations (writing one side of those would change the source's other entry).
 */
export function copiedFields(strapi: Core.Strapi, uid: string): string[] {
  const attributes = (strapi.getModel(uid as never) as unknown as { attributes: Record<string, Record<string, unknown>> }).attributes;
  return Object.entries(attributes)
    .filter(([name, a]) => !OWN_FIELDS.has(name) && !(a.type === 'relation' && (a.inversedBy || a.mappedBy)))
    .map(([name]) => name);
}

export const pick = (snapshot: Snapshot | null, fields: readonly string[]): Snapshot =>
  Object.fromEntries(fields.filter((f) => snapshot && f in snapshot).map((f) => [f, snapshot![f]]));

/** What the source's owner changed since `base`, field by field (copied fields only). */
export function sourceChanges(strapi: Core.Strapi, uid: string, base: Snapshot | null, current: Snapshot | null) {
  if (!base || !current) return [];
  const fields = copiedFields(strapi, uid);
  return compare(pick(base, fields), pick(current, fields));
}

export interface LocalVersion {
  id: number;
  documentId: string;
  localVersionOf: string;
  localVersionOfSlug: string | null;
  localVersionBase: Snapshot | null;
  localVersionState: LocalVersionState | null;
  owner: { slug: string } | null;
}

/** The local version with this documentId (its draft row), or null when the entry is none. */
export async function findLocalVersion(strapi: Core.Strapi, uid: string, where: Record<string, unknown>): Promise<LocalVersion | null> {
  return (await strapi.db.query(uid as never).findOne({
    where: { localVersionOf: { $notNull: true }, publishedAt: { $null: true }, ...where },
    populate: { owner: { select: ['slug'] } },
  })) as LocalVersion | null;
}

/** Writes link fields on every row (draft and published) of a local version: no new version, no render. */
export async function setLink(strapi: Core.Strapi, uid: string, documentId: string, data: Partial<Record<(typeof LOCAL_VERSION_FIELDS)[number], unknown>>) {
  await strapi.db.query(uid as never).updateMany({ where: { documentId }, data } as never);
}

const AUDIT_ACTIONS: Record<string, string> = { publish: 'source-changed', unpublish: 'source-unpublished', delete: 'source-deleted' };

/** After a publish, unpublish or delete of a source: the state of each of its local versions. */
async function markLocalVersions(strapi: Core.Strapi, uid: UID.ContentType, source: string, action: string): Promise<void> {
  const locals = (await strapi.db.query(uid as never).findMany({
    where: { localVersionOf: source, publishedAt: { $null: true } },
    populate: { owner: { select: ['slug'] } },
  })) as LocalVersion[];
  if (locals.length === 0) return;
  const current = action === 'publish' ? await loadSnapshot(strapi, uid, source, 'published') : null;
  const stillThere = action === 'delete' && (await strapi.db.query(uid as never).findOne({ where: { documentId: source }, select: ['id'] }));
  if (action === 'delete' && stillThere) return;
  const actor = currentActor(strapi);
  for (const local of locals) {
    const changes = sourceChanges(strapi, uid, local.localVersionBase, current);
    const state: LocalVersionState =
      action === 'unpublish' ? 'avpublicerad' : action === 'delete' ? 'borttagen' : changes.length > 0 ? 'ändrad' : 'aktuell';
    const slug = typeof current?.slug === 'string' ? { localVersionOfSlug: current.slug } : {};
    await setLink(strapi, uid, local.documentId, { localVersionState: state, ...slug });
    if (actor && state !== 'aktuell') {
      const details = { source, changedFields: changes.map((c) => c.field) };
      await appendAudit(strapi, { actor, county: local.owner?.slug ?? null, uid, documentId: local.documentId, locale: null, action: AUDIT_ACTIONS[action]!, details });
    }
  }
}

interface RequestState {
  route?: { info?: { pluginName?: string } };
}

/** Registers the two document middlewares; call in register(). */
export function registerLocalVersionLinks(strapi: Core.Strapi): void {
  // The content manager (every user, the super admin too) never writes the links; a copy of a
  // local version is an ordinary entry; a local version is never shared.
  strapi.documents.use(async (context, next) => {
    if (!federatedUids.has(context.uid) || !['create', 'update', 'clone'].includes(context.action)) return next();
    const state = strapi.requestContext.get()?.state as RequestState | undefined;
    if (state?.route?.info?.pluginName !== 'content-manager') return next();
    const params = context.params as { documentId?: string; data?: Record<string, unknown> };
    const data = { ...params.data };
    for (const field of LOCAL_VERSION_FIELDS) {
      if (context.action === 'clone') data[field] = null;
      else delete data[field];
    }
    if (context.action === 'update' && params.documentId && (await findLocalVersion(strapi, context.uid, { documentId: params.documentId }))) {
      data.sharedWith = { set: [] };
      data.shownOnAllSites = false;
    }
    context.params = { ...params, data } as never;
    return next();
  });

  strapi.documents.use(async (context, next) => {
    if (!federatedUids.has(context.uid) || !(context.action in AUDIT_ACTIONS)) return next();
    const result = await next();
    const documentId = (context.params as { documentId?: string }).documentId;
    if (documentId) await markLocalVersions(strapi, context.uid, documentId, context.action);
    return result;
  });
}
