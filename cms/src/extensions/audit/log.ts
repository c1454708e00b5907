/**
 * The audit log: every admin action that changes something is appended to a hash chain
 * (chain.ts) in a plain table. Content actions come from the document middleware in
 * history/recording.ts; here are the admin's own events: logins, failed logins, roles, users,
 * and every other change made through the admin API (settings: webhooks, tokens, layouts, …).
 * Appends are serialized: in the caller's transaction if there is one (so a rolled-back action
 * leaves no record), on PostgreSQL behind a transaction-scoped advisory lock (so that two CMS
 * instances never give two records the same predecessor); SQLite has one writer connection.
 */
import type { Core } from '@strapi/strapi';
import { AUDIT_TABLE, GENESIS, toRow, type AuditFields, type AuditRow } from './chain';
import { createTableOnce } from './tables';
import { NATIONAL_ROLE_CODE, editorCountyOf } from '../admin/county-editors';

/** pg_advisory_xact_lock key of the audit chain (any constant that no other lock in the app uses). */
const AUDIT_LOCK = 0x4c50_4155; // "LPAU"

export interface Actor {
  id: number | null;
  email: string | null;
  roles: { code: string }[];
}

export type AuditEntry = Omit<AuditFields, 'seq' | 'at' | 'actorId' | 'actorEmail' | 'role' | 'details'> & {
  actor: Actor;
  details?: Record<string, unknown>;
};

type Knex = Core.Strapi['db']['connection'];

export async function ensureAuditTable(strapi: Core.Strapi): Promise<void> {
  await createTableOnce(strapi, AUDIT_TABLE, (table) => {
    table.increments('id');
    table.integer('seq').notNullable().unique();
    table.string('at', 32).notNullable();
    table.integer('actor_id');
    table.string('actor_email');
    table.string('role');
    table.string('county');
    table.string('uid');
    table.string('document_id');
    table.string('locale');
    table.string('action').notNullable();
    table.text('details').notNullable();
    table.string('prev_hash', 64).notNullable();
    table.string('hash', 64).notNullable();
    table.index(['county']);
    table.index(['uid', 'document_id']);
  });
}

/** Serializes `write` with every other append, in the current transaction if there is one. */
async function withChainLock<T>(strapi: Core.Strapi, write: (trx: Knex) => Promise<T>): Promise<T> {
  return strapi.db.transaction(async ({ trx }) => {
    if (strapi.db.dialect.client === 'postgres') await trx.raw('SELECT pg_advisory_xact_lock(?)', [AUDIT_LOCK]);
    return write(trx as unknown as Knex);
  });
}

const roleOf = (actor: Actor): string | null => (actor.roles.length ? actor.roles.map((r) => r.code).sort().join(',') : null);

export async function appendAudit(strapi: Core.Strapi, entry: AuditEntry): Promise<void> {
  await withChainLock(strapi, async (trx) => {
    const last = (await trx(AUDIT_TABLE).orderBy('seq', 'desc').first('seq', 'hash')) as Pick<AuditRow, 'seq' | 'hash'> | undefined;
    const fields: AuditFields = {
      seq: Number(last?.seq ?? 0) + 1,
      at: new Date().toISOString(),
      actorId: entry.actor.id,
      actorEmail: entry.actor.email,
      role: roleOf(entry.actor),
      county: entry.county,
      uid: entry.uid,
      documentId: entry.documentId,
      locale: entry.locale,
      action: entry.action,
      details: entry.details ?? {},
    };
    await trx(AUDIT_TABLE).insert(toRow(fields, last?.hash ?? GENESIS));
  });
}

interface AdminUserLike {
  id?: number;
  email?: string;
  roles?: { code: string }[];
}

/** The admin user behind the current request, or null (seed, jobs, the public API). */
export function currentActor(strapi: Core.Strapi): Actor | null {
  const state = strapi.requestContext.get()?.state as { route?: { info?: { type?: string } }; user?: AdminUserLike } | undefined;
  if (state?.route?.info?.type !== 'admin' || !state.user?.id) return null;
  return { id: state.user.id, email: state.user.email ?? null, roles: state.user.roles ?? [] };
}

async function actorById(strapi: Core.Strapi, id: number | undefined): Promise<Actor> {
  const user = id
    ? ((await strapi.db.query('admin::user').findOne({ where: { id }, populate: { roles: { select: ['code'] } } })) as AdminUserLike | null)
    : null;
  return { id: user?.id ?? null, email: user?.email ?? null, roles: user?.roles ?? [] };
}

/** The county a national or county editor acts for: their county, or null (national, super admin). */
export const countyOfActor = (actor: Actor): string | null => editorCountyOf(actor.roles) ?? null;
export const isNational = (actor: Actor): boolean =>
  actor.roles.some((r) => r.code === NATIONAL_ROLE_CODE || r.code === 'strapi-super-admin');

/** Logins, failed logins and changes of roles, permissions and users, from the admin's event hub. */
export function registerAdminAudit(strapi: Core.Strapi): void {
  const record = (action: string, actor: Actor, details: Record<string, unknown>, county = countyOfActor(actor)) =>
    appendAudit(strapi, { actor, county, uid: null, documentId: null, locale: null, action, details }).catch((error: unknown) =>
      strapi.log.error(`Audit log: could not record ${action}: ${String(error)}`),
    );
  const hub = strapi.eventHub;

  hub.on('admin.auth.success', async ({ user, provider }: { user: AdminUserLike; provider: string }) => {
    await record('login', await actorById(strapi, user.id), { provider });
  });
  hub.on('admin.auth.error', async ({ error, provider }: { error: Error; provider: string }) => {
    const body = strapi.requestContext.get()?.request.body as { email?: unknown } | undefined;
    const email = typeof body?.email === 'string' ? body.email.slice(0, 255) : null;
    await record('login-failed', { id: null, email, roles: [] }, { provider, reason: error.message }, null);
  });
  hub.on('admin.logout', async ({ user }: { user: AdminUserLike }) => {
    await record('logout', await actorById(strapi, user?.id), {});
  });

  // Boot-time syncing (county-editors.ts) has no admin actor and is configuration, not an action.
  const summary = (item: unknown) => {
    const { id, code, email, action, subject } = (item ?? {}) as Record<string, unknown>;
    return { id, code, email, action, subject };
  };
  for (const event of ['role.create', 'role.update', 'role.delete', 'user.create', 'user.update', 'user.delete', 'permission.create', 'permission.update', 'permission.delete']) {
    hub.on(event, async (payload: Record<string, unknown>) => {
      const actor = currentActor(strapi);
      if (!actor) return;
      const details = Object.fromEntries(
        Object.entries(payload).map(([key, value]) => [key, Array.isArray(value) ? value.map(summary) : summary(value)]),
      );
      await record(event, actor, details);
    });
  }
}

/** Admin API writes already recorded elsewhere (documents, auth, users, roles) or that change nothing. */
const RECORDED_ELSEWHERE = [
  /^\/content-manager\/(collection-types|single-types|relations|uid)\//,
  /^\/admin\/(login|logout|renew-token|access-token|register|register-admin|forgot-password|reset-password)$/,
  /^\/admin\/(users|roles)(\/|$)/,
  /^\/lansportalen\//,
];

interface KoaLike {
  method: string;
  path: string;
  status: number;
  state: { route?: { info?: { type?: string } } };
}

/** Any other successful admin write is a settings change: recorded with its method and path. */
export function registerSettingsAudit(strapi: Core.Strapi): void {
  strapi.server.use(async (ctx: KoaLike, next: () => Promise<void>) => {
    await next();
    if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(ctx.method) || ctx.status >= 400) return;
    if (ctx.state.route?.info?.type !== 'admin' || RECORDED_ELSEWHERE.some((pattern) => pattern.test(ctx.path))) return;
    const actor = currentActor(strapi);
    if (!actor) return;
    await appendAudit(strapi, { actor, county: countyOfActor(actor), uid: null, documentId: null, locale: null, action: 'settings', details: { method: ctx.method, path: ctx.path } });
  });
}
