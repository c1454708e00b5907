/**
 * Admin API of the revision history and the audit log (admin JWT, like the content manager):
 *   GET  /lansportalen/history/:uid/:documentId          versions of an entry, newest first
 *   GET  /lansportalen/history/versions/:id               one version, with its document
 *   GET  /lansportalen/history/versions/:id/compare/:other field by field
 *   POST /lansportalen/history/versions/:id/restore       the version as the entry's new draft
 *   GET  /lansportalen/audit-records?county=&action=&uid=&documentId=&page=&pageSize=
 * An editor sees the history of the entries they may read (Strapi's permission engine, as in
 * entry-guard.ts); of a deleted entry, only the national editors or the county that owned it.
 * The national role (and the super admin) reads the whole audit log, a county editor the
 * records about their county.
 */
import type { Core, UID } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { federatedCollections } from '../federation/visibility';
import { READ, UPDATE, forbidden, permissionFilters, relationWrites } from '../admin/entry-guard';
import { AUDIT_TABLE, type AuditRow } from '../audit/chain';
import { countyOfActor, isNational, type Actor } from '../audit/log';
import { adminRoutes, type Ctx } from '../admin-routes';
import { HISTORY_TABLE, compare, toInput, type Snapshot, type VersionRow } from './versions';

const federatedUids = new Set<string>(federatedCollections.map((c) => c.uid));
const CREATE = 'plugin::content-manager.explorer.create';

const actorOf = (ctx: Ctx): Actor => ({ id: ctx.state.user.id, email: ctx.state.user.email, roles: ctx.state.user.roles ?? [] });
const notFound = () => new errors.NotFoundError('Versionen finns inte.');
const denied = () => new errors.PolicyError('Du får inte läsa historiken för den här posten.');

/** May the user of `ctx` read (or, with UPDATE, edit) this entry? A deleted entry falls back on its last known county. */
export async function mayAccess(strapi: Core.Strapi, ctx: Ctx, uid: string, documentId: string, action = READ): Promise<boolean> {
  if (!federatedUids.has(uid)) return false;
  const exists = await strapi.db.query(uid as never).findOne({ where: { documentId }, select: ['id'] });
  if (exists) {
    const filters = permissionFilters(strapi, ctx.state.userAbility, uid, action, { documentId: { $eq: documentId } });
    return Boolean(filters) && (await strapi.documents(uid as UID.ContentType).count({ filters, status: 'draft' } as never)) > 0;
  }
  const actor = actorOf(ctx);
  if (isNational(actor)) return true;
  const last = (await strapi.db.connection(HISTORY_TABLE).where({ uid, document_id: documentId }).orderBy('id', 'desc').first('county')) as
    | { county: string | null }
    | undefined;
  return Boolean(last?.county) && last?.county === countyOfActor(actor);
}

const summary = (row: VersionRow) => ({
  id: row.id,
  uid: row.uid,
  documentId: row.document_id,
  locale: row.locale,
  status: row.status,
  action: row.action,
  county: row.county,
  actor: { id: row.actor_id, email: row.actor_email },
  createdAt: row.created_at,
  changedFields: JSON.parse(row.changed_fields) as string[],
});
const full = (row: VersionRow) => ({ ...summary(row), data: JSON.parse(row.data) as Snapshot });

async function readableVersion(strapi: Core.Strapi, ctx: Ctx, id: string): Promise<VersionRow> {
  const row = /^\d+$/.test(id) ? ((await strapi.db.connection(HISTORY_TABLE).where({ id: Number(id) }).first()) as VersionRow | undefined) : undefined;
  if (!row) throw notFound();
  if (!(await mayAccess(strapi, ctx, row.uid, row.document_id))) throw denied();
  return row;
}

async function restore(strapi: Core.Strapi, ctx: Ctx, row: VersionRow) {
  const ability = ctx.state.userAbility;
  const exists = await strapi.db.query(row.uid as never).findOne({ where: { documentId: row.document_id }, select: ['id'] });
  if (exists ? !(await mayAccess(strapi, ctx, row.uid, row.document_id, UPDATE)) : !ability.can(CREATE, row.uid)) {
    throw new errors.PolicyError('Du får inte återställa den här posten.');
  }
  const data = toInput(strapi, row.uid, JSON.parse(row.data) as Snapshot);
  // The same relation rule as the content manager: only entries the editor may read, two-way ones edit.
  for (const write of relationWrites(strapi, row.uid, data)) {
    if (!federatedUids.has(write.target)) continue;
    const refused = await forbidden(strapi, ability, write.target, write.refs, write.twoWay ? UPDATE : READ);
    if (refused.length) throw new errors.PolicyError(`Fältet "${write.path}" pekar på ${refused.join(', ')}, som du inte får använda.`);
  }
  const documents = strapi.documents(row.uid as UID.ContentType);
  const locale = row.locale ?? undefined;
  const result = exists
    ? await documents.update({ documentId: row.document_id, locale, data } as never)
    : await documents.create({ locale, data } as never);
  return { documentId: (result as { documentId: string }).documentId, restoredFrom: row.id };
}

const MAX_PAGE_SIZE = 100;

function page(query: Record<string, unknown>) {
  const pageNumber = Math.max(1, Number(query.page) || 1);
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Number(query.pageSize) || 25));
  return { pageNumber, pageSize };
}

async function auditRecords(strapi: Core.Strapi, ctx: Ctx) {
  const actor = actorOf(ctx);
  const own = countyOfActor(actor);
  const wanted = typeof ctx.query.county === 'string' ? ctx.query.county : undefined;
  if (!isNational(actor) && (!own || (wanted !== undefined && wanted !== own))) {
    throw new errors.PolicyError('Du får bara läsa loggen för ditt eget län.');
  }
  const county = isNational(actor) ? wanted : own;
  const filters: Record<string, string> = {};
  if (county) filters.county = county;
  for (const [param, column] of [['action', 'action'], ['uid', 'uid'], ['documentId', 'document_id'], ['actorEmail', 'actor_email']] as const) {
    if (typeof ctx.query[param] === 'string') filters[column] = ctx.query[param] as string;
  }
  const { pageNumber, pageSize } = page(ctx.query);
  const base = () => strapi.db.connection(AUDIT_TABLE).where(filters);
  const [{ total }] = (await base().count({ total: '*' })) as [{ total: number | string }];
  const rows = (await base().orderBy('seq', 'desc').limit(pageSize).offset((pageNumber - 1) * pageSize)) as AuditRow[];
  return {
    data: rows.map((r) => ({ ...r, details: JSON.parse(r.details) as unknown })),
    meta: { pagination: { page: pageNumber, pageSize, total: Number(total) } },
  };
}

/** Registers the routes; call in register(). */
export function registerHistoryRoutes(strapi: Core.Strapi): void {
  adminRoutes(strapi, [
    {
      method: 'GET',
      path: '/history/versions/:id',
      handler: async (ctx) => ({ data: full(await readableVersion(strapi, ctx, ctx.params.id!)) }),
    },
    {
      method: 'GET',
      path: '/history/versions/:id/compare/:other',
      handler: async (ctx) => {
        const a = await readableVersion(strapi, ctx, ctx.params.id!);
        const b = await readableVersion(strapi, ctx, ctx.params.other!);
        if (a.uid !== b.uid) throw new errors.ValidationError('Versionerna gäller olika innehållstyper.');
        return { data: { from: summary(a), to: summary(b), fields: compare(JSON.parse(a.data) as Snapshot, JSON.parse(b.data) as Snapshot) } };
      },
    },
    {
      method: 'POST',
      path: '/history/versions/:id/restore',
      handler: async (ctx) => ({ data: await restore(strapi, ctx, await readableVersion(strapi, ctx, ctx.params.id!)) }),
    },
    {
      method: 'GET',
      path: '/history/:uid/:documentId',
      handler: async (ctx) => {
        const { uid, documentId } = ctx.params as { uid: string; documentId: string };
        if (!(await mayAccess(strapi, ctx, uid, documentId))) throw denied();
        const rows = (await strapi.db.connection(HISTORY_TABLE).where({ uid, document_id: documentId }).orderBy('id', 'desc')) as VersionRow[];
        return { data: rows.map(summary) };
      },
    },
    { method: 'GET', path: '/audit-records', handler: (ctx) => auditRecords(strapi, ctx) },
  ]);
}
