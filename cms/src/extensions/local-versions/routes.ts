/**
 * Admin API of local versions (admin JWT, like the content manager):
 *   GET  /lansportalen/local-versions/:uid/:documentId       the entry as a local version (its source's
 *        changes since its base) or as a possible source (the editor's county's local version of it)
 *   POST /lansportalen/local-versions/:uid/:documentId       a local version of this source, as a draft
 *   POST /lansportalen/local-versions/:uid/:documentId/take  "Ta in ändringen": the source's changed fields into the draft
 *   POST /lansportalen/local-versions/:uid/:documentId/keep  "Behåll min version": the change seen, the draft kept
 * Only a county editor creates one, of an entry they may read (Strapi's permission engine, as in
 * entry-guard.ts) that is not their county's own nor itself a local version; one per source and
 * county. Taking and keeping need the right to edit the local version; reading the source's
 * changes needs the right to read the source (it may have been unshared since).
 */
import type { Core, UID } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { federatedCollections } from '../federation/visibility';
import { READ, UPDATE, forbidden, relationWrites } from '../admin/entry-guard';
import { ownerFor } from '../admin/ownership';
import { adminRoutes, type Ctx } from '../admin-routes';
import { mayAccess } from '../history/routes';
import { loadSnapshot, toInput, type Snapshot } from '../history/versions';
import { copiedFields, findLocalVersion, pick, setLink, sourceChanges, type LocalVersion } from './links';

const federatedUids = new Set<string>(federatedCollections.map((c) => c.uid));
const denied = () => new errors.PolicyError('Du får inte läsa eller ändra den här posten.');

/** The route's content type and entry, when the editor may `action` the entry. */
async function entryOf(strapi: Core.Strapi, ctx: Ctx, action = READ): Promise<{ uid: UID.ContentType; documentId: string }> {
  const { uid, documentId } = ctx.params as { uid: string; documentId: string };
  if (!federatedUids.has(uid) || !(await mayAccess(strapi, ctx, uid, documentId, action))) throw denied();
  return { uid: uid as UID.ContentType, documentId };
}

/** Document service input from snapshot fields, without references to entries the editor may not read. */
async function readableInput(strapi: Core.Strapi, ctx: Ctx, uid: string, snapshot: Snapshot): Promise<Record<string, unknown>> {
  const data = toInput(strapi, uid, snapshot);
  for (const write of relationWrites(strapi, uid, data)) {
    if (!federatedUids.has(write.target)) continue;
    const refused = new Set(await forbidden(strapi, ctx.state.userAbility, write.target, write.refs, READ));
    if (refused.size === 0) continue;
    const value = data[write.path] as { set?: { documentId: string }[] } | undefined;
    if (!value?.set) throw new errors.PolicyError(`Fältet "${write.path}" pekar på poster som du inte får läsa.`);
    data[write.path] = { set: value.set.filter((ref) => !refused.has(ref.documentId)) };
  }
  return data;
}

/** The source's current published version, when it exists and the editor may still read it. */
async function readableSource(strapi: Core.Strapi, ctx: Ctx, uid: string, local: LocalVersion): Promise<Snapshot | null> {
  if (!(await mayAccess(strapi, ctx, uid, local.localVersionOf))) return null;
  return loadSnapshot(strapi, uid, local.localVersionOf, 'published');
}

async function status(strapi: Core.Strapi, ctx: Ctx) {
  const { uid, documentId } = await entryOf(strapi, ctx);
  const local = await findLocalVersion(strapi, uid, { documentId });
  if (local) {
    const current = await readableSource(strapi, ctx, uid, local);
    const source = { documentId: local.localVersionOf, slug: local.localVersionOfSlug, readable: current !== null };
    const changes = sourceChanges(strapi, uid, local.localVersionBase, current);
    return { localVersion: { documentId, state: local.localVersionState, source, changes }, source: null };
  }
  const county = ownerFor(ctx.state.user.roles ?? []);
  const entry = (await strapi.db.query(uid as never).findOne({
    where: { documentId, publishedAt: { $notNull: true } },
    select: ['id'],
    populate: { owner: { select: ['slug'] } },
  })) as { owner: { slug: string } | null } | null;
  const mine = typeof county === 'string' ? await findLocalVersion(strapi, uid, { localVersionOf: documentId, owner: { slug: county } }) : null;
  const mayCreate = typeof county === 'string' && entry !== null && entry.owner?.slug !== county && !mine;
  return { localVersion: null, source: { mayCreate, localVersion: mine?.documentId ?? null } };
}

async function create(strapi: Core.Strapi, ctx: Ctx) {
  const county = ownerFor(ctx.state.user.roles ?? []);
  if (typeof county !== 'string') throw new errors.PolicyError('Bara en länsredaktör kan skapa en lokal version.');
  const { uid, documentId } = await entryOf(strapi, ctx);
  const source = (await strapi.db.query(uid as never).findOne({
    where: { documentId, publishedAt: { $notNull: true } },
    populate: { owner: { select: ['slug'] } },
  })) as { localVersionOf: string | null; owner: { slug: string } | null } | null;
  if (!source) throw new errors.ValidationError('Originalet är inte publicerat.');
  if (source.localVersionOf) throw new errors.ValidationError('Posten är själv en lokal version.');
  if (source.owner?.slug === county) throw new errors.ValidationError('Posten är ditt läns egen: ändra den direkt.');
  const existing = await findLocalVersion(strapi, uid, { localVersionOf: documentId, owner: { slug: county } });
  if (existing) throw new errors.ValidationError('Ditt län har redan en lokal version av posten.', { documentId: existing.documentId });

  const snapshot = (await loadSnapshot(strapi, uid, documentId, 'published'))!;
  const data = await readableInput(strapi, ctx, uid, pick(snapshot, copiedFields(strapi, uid)));
  const link = { localVersionOf: documentId, localVersionOfSlug: snapshot.slug, localVersionBase: snapshot, localVersionState: 'aktuell' };
  // Its own address in the admin (slugs are unique among published entries); the site shows it at the source's.
  const created = await strapi.documents(uid).create({ data: { ...data, slug: `${String(snapshot.slug)}-${county}`, ...link } } as never);
  return { documentId: (created as { documentId: string }).documentId, localVersionOf: documentId };
}

/** The local version of the route, which the editor may edit, and its source's current version. */
async function editableLocal(strapi: Core.Strapi, ctx: Ctx) {
  const { uid, documentId } = await entryOf(strapi, ctx, UPDATE);
  const local = await findLocalVersion(strapi, uid, { documentId });
  if (!local) throw new errors.ValidationError('Posten är ingen lokal version.');
  const current = await readableSource(strapi, ctx, uid, local);
  if (!current) throw new errors.ValidationError('Originalet är avpublicerat, borttaget eller inte längre delat med ditt län.');
  return { uid, documentId, local, current };
}

async function take(strapi: Core.Strapi, ctx: Ctx) {
  const { uid, documentId, local, current } = await editableLocal(strapi, ctx);
  const changes = sourceChanges(strapi, uid, local.localVersionBase, current);
  if (changes.length > 0) {
    const data = await readableInput(strapi, ctx, uid, Object.fromEntries(changes.map((c) => [c.field, c.to])));
    await strapi.documents(uid).update({ documentId, data } as never);
  }
  await setLink(strapi, uid, documentId, { localVersionBase: current, localVersionState: 'aktuell', localVersionOfSlug: current.slug });
  return { documentId, taken: changes.map((c) => c.field) };
}

async function keep(strapi: Core.Strapi, ctx: Ctx) {
  const { uid, documentId, current } = await editableLocal(strapi, ctx);
  await setLink(strapi, uid, documentId, { localVersionBase: current, localVersionState: 'aktuell', localVersionOfSlug: current.slug });
  return { documentId, kept: true };
}

/** Registers the routes; call in register(). */
export function registerLocalVersionRoutes(strapi: Core.Strapi): void {
  const handle = (run: (strapi: Core.Strapi, ctx: Ctx) => Promise<unknown>) => async (ctx: Ctx) => ({ data: await run(strapi, ctx) });
  const path = '/local-versions/:uid/:documentId';
  adminRoutes(strapi, [
    { method: 'GET', path, handler: handle(status) },
    { method: 'POST', path, handler: handle(create) },
    { method: 'POST', path: `${path}/take`, handler: handle(take) },
    { method: 'POST', path: `${path}/keep`, handler: handle(keep) },
  ]);
}
