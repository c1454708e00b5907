/**
 * Consent for sharing. An owner's `sharedWith` is a request; the receiving county answers it.
 * A document-service middleware keeps one share row (api::share.share) per entry and county
 * named in `sharedWith` of any version (draft or published) of a federated entry:
 * a county added → a row `begärd` (asked); a county no version names any more → its row deleted.
 * Changes that do not come from an admin user (seed, scripts, API tokens) or that come from the
 * super admin are trusted: their new rows are `accepterad` at once.
 * The federation rule (visibility.ts) shows shared content only where a row is `accepterad`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { SOURCE_LANGUAGE } from '@lansportalen/shared/languages';
import type { Core, UID } from '@strapi/strapi';
import { SHARE_UID, federatedCollections, type ShareState } from './visibility';

const federatedUids = new Set<string>(federatedCollections.map((c) => c.uid));
const serverWrites = new AsyncLocalStorage<true>();

/** True while this module writes share rows, even inside an editor's request. */
export const isServerWrite = () => serverWrites.getStore() === true;
const SYNCED_ACTIONS = new Set(['create', 'update', 'publish', 'unpublish', 'discardDraft', 'delete', 'clone']);

interface County {
  id: number;
  documentId: string;
  slug: string;
}
interface Version {
  title?: string;
  name?: string;
  slug?: string;
  publishedAt: string | null;
  /** Localized types only (federation/locales.ts); a translation's owner and sharing are its Swedish version's. */
  locale?: string | null;
  owner: County | null;
  sharedWith: County[];
}
interface ShareRow {
  documentId: string;
  entryTitle: string | null;
  from: { slug: string } | null;
  to: { slug: string } | null;
}

interface AdminState {
  route?: { info?: { type?: string } };
  user?: { email?: string; roles?: { code: string }[] };
}

/** The admin user behind the current request, when the request comes from the admin panel. */
export function adminUser(strapi: Core.Strapi): AdminState['user'] | undefined {
  const state = strapi.requestContext.get()?.state as AdminState | undefined;
  return state?.route?.info?.type === 'admin' ? state.user : undefined;
}

export const isSuperAdmin = (user: AdminState['user']) => (user?.roles ?? []).some((r) => r.code === 'strapi-super-admin');

/** The state a new share starts in: asked when an editor shares, accepted when the system or the super admin does. */
function initialState(strapi: Core.Strapi): ShareState {
  const user = adminUser(strapi);
  return !user || isSuperAdmin(user) ? 'accepterad' : 'begärd';
}

/** Brings the share rows of one entry in line with `sharedWith` of its versions. */
export async function syncShares(strapi: Core.Strapi, uid: UID.ContentType, documentId: string): Promise<void> {
  const versions = (await strapi.db.query(uid).findMany({
    where: { documentId },
    populate: { owner: { select: ['id', 'documentId', 'slug'] }, sharedWith: { select: ['id', 'documentId', 'slug'] } },
  })) as Version[];
  // The Swedish draft names the entry in the admin's share list.
  const drafts = versions.filter((v) => v.publishedAt === null);
  const latest = drafts.find((v) => (v.locale ?? SOURCE_LANGUAGE) === SOURCE_LANGUAGE) ?? drafts[0] ?? versions[0];
  const owner = latest?.owner ?? null;
  const wanted = new Map<string, County>();
  for (const county of versions.flatMap((v) => v.sharedWith)) if (county.slug !== owner?.slug) wanted.set(county.slug, county);
  const title = latest ? (latest.title ?? latest.name ?? latest.slug ?? documentId) : null;

  const rows = (await strapi.db.query(SHARE_UID as never).findMany({
    where: { contentType: uid, entryDocumentId: documentId },
    populate: { from: { select: ['slug'] }, to: { select: ['slug'] } },
  })) as ShareRow[];
  const shares = strapi.documents(SHARE_UID as never);
  for (const row of rows) {
    if (!row.to || !wanted.has(row.to.slug)) {
      await shares.delete({ documentId: row.documentId } as never);
      continue;
    }
    wanted.delete(row.to.slug);
    // Owner and title are the entry's; they are copied for the admin list, not decided.
    if (row.entryTitle !== title || row.from?.slug !== owner?.slug) {
      await strapi.db.query(SHARE_UID as never).update({
        where: { documentId: row.documentId },
        data: { entryTitle: title, from: owner?.id ?? null },
      } as never);
    }
  }
  const state = initialState(strapi);
  for (const county of wanted.values()) {
    await shares.create({
      data: { contentType: uid, entryDocumentId: documentId, entryTitle: title, from: owner?.documentId ?? null, to: county.documentId, state },
    } as never);
  }
}

export function registerShareSync(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    if (!federatedUids.has(context.uid) || !SYNCED_ACTIONS.has(context.action)) return next();
    const result = await next();
    // A clone's params name its source; create and clone return the new document.
    const created = context.action === 'create' || context.action === 'clone';
    const documentId = created ? (result as { documentId?: string } | null)?.documentId : (context.params as { documentId?: string }).documentId;
    if (documentId) await serverWrites.run(true, () => syncShares(strapi, context.uid, documentId));
    return result;
  });
}
