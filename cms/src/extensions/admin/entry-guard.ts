/**
 * The content manager's side doors, closed in one place. Every route of the content-manager plugin
 * (taken from Strapi's own route table at boot, so a route that an upgrade adds is covered too)
 * gets a route middleware that, for every type a county owns (`ownedUids`: federated, county-only, feedback):
 * - lets a request name only documents the editor may read (`:id`, `?id=`, `?documentId=`,
 *   `documentIds`), and
 *   copy (`:sourceId`: clone, auto-clone) only documents the editor may edit;
 * - lets a request write a relation (connect, set, disconnect or shorthand, in components and
 *   dynamic zones too) only to entries the editor may read, and a two-way relation only to entries
 *   the editor may edit, because writing one side changes the other.
 * A media field (in components too) may use only files the editor may read in the media library.
 * UID checks (`/uid/check-availability`, `/uid/generate`) see only documents the editor may read,
 * so they reveal no other county's draft slugs. The RBAC conditions (county-editors.ts) decide
 * what "may read" and "may edit" mean; this file only asks them, through Strapi's permission engine.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { ownedUids } from '../federation/visibility';
import { FILE_UID, MEDIA_READ } from './media-folders';

export const READ = 'plugin::content-manager.explorer.read';
export const UPDATE = 'plugin::content-manager.explorer.update';

interface Ability {
  can(action: string, subject: string): boolean;
}

interface Ref {
  documentId?: string;
  id?: number;
}

interface RelationWrite {
  path: string;
  target: string;
  twoWay: boolean;
  refs: Ref[];
}

interface KoaContext {
  state: { userAbility?: Ability; user?: unknown; route?: { path?: string } };
  params: Record<string, string | undefined>;
  query: Record<string, unknown>;
  request: { body?: unknown; method?: string };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : value == null ? [] : [value]);

/** The entries a relation value names, in every form the document service accepts. */
export function refsOf(value: unknown): Ref[] {
  if (value == null) return [];
  if (Array.isArray(value)) return value.flatMap(refsOf);
  if (typeof value === 'string') return /^\d+$/.test(value) ? [{ id: Number(value) }] : [{ documentId: value }];
  if (typeof value === 'number') return [{ id: value }];
  if (!isObject(value)) return [];
  if (['connect', 'disconnect', 'set'].some((key) => key in value)) return ['connect', 'disconnect', 'set'].flatMap((key) => refsOf(value[key]));
  if (typeof value.documentId === 'string') return [{ documentId: value.documentId }];
  if (value.id !== undefined) return refsOf(value.id);
  return [];
}

/** Every relation that `data` writes on a content type or component, with its path. */
export function relationWrites(strapi: Core.Strapi, schemaUid: string, data: unknown, prefix = ''): RelationWrite[] {
  const schema = strapi.getModel(schemaUid as never) as { attributes: Record<string, Record<string, any>> } | undefined;
  if (!schema || !isObject(data)) return [];
  return Object.entries(schema.attributes).flatMap(([name, attribute]): RelationWrite[] => {
    if (!(name in data)) return [];
    const value = data[name];
    const path = `${prefix}${name}`;
    if (attribute.type === 'relation' && attribute.target) {
      return [{ path, target: attribute.target, twoWay: Boolean(attribute.inversedBy || attribute.mappedBy), refs: refsOf(value) }];
    }
    if (attribute.type === 'media') return [{ path, target: FILE_UID, twoWay: false, refs: refsOf(value) }];
    if (attribute.type === 'component') {
      return asArray(value).flatMap((item, i) =>
        relationWrites(strapi, attribute.component, item, `${path}${attribute.repeatable ? `[${i}]` : ''}.`),
      );
    }
    if (attribute.type === 'dynamiczone') {
      return asArray(value).flatMap((item, i) =>
        isObject(item) ? relationWrites(strapi, String(item.__component), item, `${path}[${i}].`) : [],
      );
    }
    return [];
  });
}

/** A relation an editor edits in the content manager (not the creator fields or localizations). */
function editableRelation(strapi: Core.Strapi, model: string, field: string): boolean {
  const attribute = (strapi.getModel(model as never) as unknown as { attributes: Record<string, Record<string, any>> }).attributes[field];
  return attribute?.type === 'relation' && typeof attribute.target === 'string' && attribute.target.startsWith('api::') && field !== 'localizations';
}

/** The filters that restrict `model` to what `ability` may do with `action` (null: nothing). */
export function permissionFilters(strapi: Core.Strapi, ability: Ability, model: string, action: string, filters: object = {}) {
  if (!ability.can(action, model)) return null;
  const manager = strapi.service('admin::permission').createPermissionsManager({ ability, model }) as {
    addPermissionsQueryTo(query: object, action: string): { filters?: object | null };
  };
  const { filters: scoped } = manager.addPermissionsQueryTo({ filters }, action);
  return scoped ?? filters;
}

/** The documentIds among `refs` that the editor may not `action` (ids resolved to documents). */
export async function forbidden(strapi: Core.Strapi, ability: Ability, model: string, refs: Ref[], action: string): Promise<string[]> {
  const ids = refs.flatMap((r) => (r.id !== undefined ? [r.id] : []));
  const byId = ids.length
    ? ((await strapi.db.query(model as never).findMany({ where: { id: { $in: ids } }, select: ['documentId'] })) as { documentId: string }[])
    : [];
  const documentIds = [...new Set([...refs.flatMap((r) => (r.documentId ? [r.documentId] : [])), ...byId.map((r) => r.documentId)])];
  if (documentIds.length === 0) return [];
  const filters = permissionFilters(strapi, ability, model, action, { documentId: { $in: documentIds } });
  if (!filters) return documentIds;
  const allowed = await strapi.documents(model as never).findMany({ filters, status: 'draft', fields: ['documentId'] } as never);
  const permitted = new Set(allowed.map((d) => d.documentId));
  // Unknown documents are left to the route, which answers 404 as usual.
  const existing = await strapi.db.query(model as never).findMany({ where: { documentId: { $in: documentIds } }, select: ['documentId'] });
  const known = new Set(existing.map((d: { documentId: string }) => d.documentId));
  return documentIds.filter((id) => known.has(id) && !permitted.has(id));
}

/** The files among `refs` that the editor may not use (another county's media; media-folders.ts). */
async function forbiddenFiles(strapi: Core.Strapi, ability: Ability, refs: Ref[]): Promise<string[]> {
  const ids = refs.flatMap((r) => (r.id !== undefined ? [r.id] : []));
  const documentIds = refs.flatMap((r) => (r.documentId ? [r.documentId] : []));
  if (ids.length + documentIds.length === 0) return [];
  const named = { $or: [{ id: { $in: ids } }, { documentId: { $in: documentIds } }] };
  const existing = (await strapi.db.query(FILE_UID).findMany({ where: named, select: ['id'] })) as { id: number }[];
  const filters = permissionFilters(strapi, ability, FILE_UID, MEDIA_READ, named);
  const allowed = filters ? ((await strapi.db.query(FILE_UID).findMany({ where: filters, select: ['id'] })) as { id: number }[]) : [];
  const permitted = new Set(allowed.map((f) => f.id));
  return existing.filter((f) => !permitted.has(f.id)).map((f) => `fil ${f.id}`);
}

const localized = (strapi: Core.Strapi, model: string) =>
  (strapi.getModel(model as never) as { pluginOptions?: { i18n?: { localized?: boolean } } } | undefined)?.pluginOptions?.i18n?.localized === true;

const ACTION_NAMES: Record<string, string> = { [READ]: 'läsa', [UPDATE]: 'redigera' };

async function guard(strapi: Core.Strapi, owned: ReadonlySet<string>, ctx: KoaContext): Promise<void> {
  const ability = ctx.state.userAbility;
  const body = isObject(ctx.request.body) ? ctx.request.body : {};
  // The i18n plugin's route for non-localized fields names the type and the entry in its body.
  const model = ctx.params.model ?? ctx.params.contentType ?? (typeof body.model === 'string' ? body.model : undefined);
  if (!ability || !model || !owned.has(model)) return;
  // A PolicyError (403) keeps its message; Strapi replaces any other ForbiddenError's with "Forbidden".
  const refuse = (what: string) => {
    throw new errors.PolicyError(what);
  };
  // The single-type routes would take a collection type's first entry as "the" entry.
  if (ctx.state.route?.path?.startsWith('/single-types/')) refuse(`${model} är ingen singeltyp.`);
  const field = ctx.params.targetField;
  if (field !== undefined && !editableRelation(strapi, model, field)) {
    throw new errors.ValidationError(`${model} har inget relationsfält "${field}" som går att redigera.`);
  }

  // A write that names a document changes it in some locale, or adds a translation (a new locale
  // of it, which the content manager checks against create alone): the editor must be able to edit it.
  const writes = ['POST', 'PUT', 'DELETE'].includes(ctx.request.method ?? '');
  const named: [Ref[], string][] = [
    [refsOf(ctx.params.id), writes ? UPDATE : READ],
    [refsOf(body.id), READ],
    [refsOf(ctx.query.id), READ],
    [refsOf(ctx.query.documentId), READ],
    [refsOf(body.documentIds ?? ctx.query.documentIds), READ],
    [refsOf(ctx.params.sourceId), UPDATE],
  ];
  for (const [refs, action] of named) {
    const denied = await forbidden(strapi, ability, model, refs, action);
    if (denied.length) refuse(`Du får inte ${ACTION_NAMES[action]} posten ${denied.join(', ')} (${model}): den tillhör ett annat län.`);
  }
  // A write in a language: the editor's role must write in it (the content manager checks a new
  // translation against create without its locale). The i18n plugin has moved `?locale` into the body.
  if (writes) {
    const checker = strapi.plugin('content-manager').service('permission-checker').create({ userAbility: ability, model }) as {
      cannot: { create(entity: object): boolean };
    };
    const locales = [body.locale ?? ctx.query.locale].flat().filter((l): l is string => typeof l === 'string' && l !== '*');
    const refused = localized(strapi, model) ? locales.filter((locale) => checker.cannot.create({ locale })) : [];
    if (refused.length) refuse(`Du får inte skriva på språket ${refused.join(', ')} (${model}): din roll har inte det språket.`);
  }

  if (ctx.request.method !== 'POST' && ctx.request.method !== 'PUT') return;
  for (const write of relationWrites(strapi, model, body)) {
    if (write.target === FILE_UID) {
      const denied = await forbiddenFiles(strapi, ability, write.refs);
      if (denied.length) refuse(`Fältet "${write.path}" kan inte använda ${denied.join(', ')}: filen tillhör ett annat län.`);
    }
    if (!owned.has(write.target)) continue;
    const action = write.twoWay ? UPDATE : READ;
    const denied = await forbidden(strapi, ability, write.target, write.refs, action);
    if (denied.length) {
      const why = write.twoWay ? 'kopplingen ändrar den andra posten också, och den får du inte redigera' : 'den posten får du inte läsa';
      refuse(`Fältet "${write.path}" kan inte kopplas till ${denied.join(', ')} (${write.target}): ${why}.`);
    }
  }
}

interface Route {
  path: string;
  config?: { middlewares?: unknown[] };
}

/**
 * The routes the guard covers: every content-manager route, and the i18n plugin's routes for the
 * content manager (a document's non-localized fields, "fill in from another locale").
 */
export function guardedRoutes(strapi: Core.Strapi): { plugin: string; route: Route }[] {
  const tableOf = (plugin: string) => Object.values(strapi.plugin(plugin).routes as unknown as Record<string, { routes?: Route[] }>);
  return [
    ...tableOf('content-manager').flatMap((router) => (router.routes ?? []).map((route) => ({ plugin: 'content-manager', route }))),
    ...tableOf('i18n')
      .flatMap((router) => (router.routes ?? []).map((route) => ({ plugin: 'i18n', route })))
      .filter(({ route }) => route.path.startsWith('/content-manager/')),
  ];
}

/** Adds the guard to every route of `guardedRoutes`; call in register(), before routes are mounted. */
export function registerEntryGuard(strapi: Core.Strapi): void {
  const owned = ownedUids(strapi);
  for (const { route } of guardedRoutes(strapi)) {
    route.config = { ...route.config, middlewares: [...(route.config?.middlewares ?? []), (ctx: KoaContext, next: () => Promise<void>) => guard(strapi, owned, ctx).then(next)] };
  }

  // UID checks: only documents the editor may read count as taken.
  strapi.documents.use(async (context, next) => {
    if (!owned.has(context.uid) || !['findMany', 'count'].includes(context.action)) return next();
    const state = strapi.requestContext.get()?.state as { route?: { path?: string; info?: { pluginName?: string } }; userAbility?: Ability } | undefined;
    if (state?.route?.info?.pluginName !== 'content-manager' || !state.route.path?.startsWith('/uid/') || !state.userAbility) return next();
    const params = context.params as { filters?: object };
    const filters = permissionFilters(strapi, state.userAbility, context.uid, READ, params.filters ?? {});
    context.params = { ...params, filters: filters ?? { id: { $null: true } } } as never;
    return next();
  });
}
