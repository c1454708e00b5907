/**
 * The media library's routes for county and national editors (media-folders.ts says whose media
 * is whose). The RBAC conditions on the upload plugin's permissions already decide listing,
 * opening, replacing and deleting single files; this route middleware, added at boot to every
 * admin route in the upload plugin's own route table, covers what they do not reach:
 * - where an upload lands: no folder means the editor's own folder ("Dalarnas län", or
 *   "Nationellt" for a national editor); naming a folder the editor may not write is refused;
 * - folders: listing, opening and the folder tree show only readable folders; creating, renaming,
 *   moving and deleting need writable ones, and the synced root folders stay as they are;
 * - bulk delete, bulk move, bulk update and AI metadata: every file and folder named must be
 *   writable, and so must a move's destination.
 * A route this file does not know (an upgrade added it) is refused to editors until it is judged.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { FILE_UID, FOLDER_UID, mediaScopeOf, type MediaScope } from './media-folders';

interface KoaContext {
  state: { user?: { roles?: { code: string }[] } };
  params: Record<string, string | undefined>;
  query: Record<string, unknown>;
  request: { body?: unknown };
  body?: unknown;
}

type Check = (strapi: Core.Strapi, scope: MediaScope, ctx: KoaContext) => Promise<void>;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const bodyOf = (ctx: KoaContext) => (isObject(ctx.request.body) ? ctx.request.body : {});
const ids = (value: unknown): number[] => (Array.isArray(value) ? value : []).map(Number).filter(Number.isInteger);

const refuse = (what: string): never => {
  // A PolicyError (403) keeps its message; Strapi replaces any other ForbiddenError's with "Forbidden".
  throw new errors.PolicyError(what);
};

async function foldersById(strapi: Core.Strapi, list: number[]): Promise<{ id: number; path: string }[]> {
  if (list.length === 0) return [];
  return (await strapi.db.query(FOLDER_UID).findMany({ where: { id: { $in: list } }, select: ['id', 'path'] })) as { id: number; path: string }[];
}

/** Refuses unless every existing folder in `list` (null: the library's root) is writable and, if `fixed` counts, not a synced root. */
async function writableFolders(strapi: Core.Strapi, scope: MediaScope, list: (number | null)[], what: string, fixedToo = false) {
  if (list.includes(null) && !scope.writable('/')) refuse(`Du får inte ${what} mappbibliotekets rot: använd ditt läns mapp.`);
  for (const folder of await foldersById(strapi, list.filter((id): id is number => id !== null))) {
    if (!scope.writable(folder.path)) refuse(`Du får inte ${what} mappen ${folder.id}: den tillhör ett annat län.`);
    if (fixedToo && scope.fixed.has(folder.id)) refuse(`Mappen ${folder.id} är en länsmapp och kan inte ändras eller tas bort.`);
  }
}

async function writableFiles(strapi: Core.Strapi, scope: MediaScope, list: number[]) {
  if (list.length === 0) return;
  const files = (await strapi.db.query(FILE_UID).findMany({ where: { id: { $in: list } }, select: ['id', 'folderPath'] })) as { id: number; folderPath: string }[];
  for (const file of files) if (!scope.writable(file.folderPath)) refuse(`Du får inte ändra filen ${file.id}: den tillhör ett annat län.`);
}

const folderRef = (value: unknown): number | null => (value == null || value === '' ? null : Number(value));

/**
 * The folder of each `fileInfo` of an upload or update (a JSON string, an object, or a list of
 * either). An upload without a folder goes to the editor's own; an update without one keeps its folder.
 */
async function fileInfoFolders(strapi: Core.Strapi, scope: MediaScope, holder: Record<string, unknown>, creating: boolean) {
  if (creating && holder.fileInfo === undefined) holder.fileInfo = {};
  const list = Array.isArray(holder.fileInfo) ? holder.fileInfo : [holder.fileInfo];
  const infos = list.map((item) => (typeof item === 'string' ? (JSON.parse(item) as unknown) : item));
  const named: (number | null)[] = [];
  for (const info of infos) {
    if (!isObject(info)) continue;
    if (creating && folderRef(info.folder) === null) {
      if (!scope.home) refuse('Ditt läns mapp i mediebiblioteket saknas: be en administratör starta om CMS:et.');
      info.folder = scope.home!.id;
    }
    if ('folder' in info) named.push(folderRef(info.folder));
  }
  await writableFolders(strapi, scope, named, 'lägga filer i');
  const back = infos.map((info, i) => (typeof list[i] === 'string' ? JSON.stringify(info) : info));
  holder.fileInfo = Array.isArray(holder.fileInfo) ? back : back[0];
}

async function readableFolderIds(strapi: Core.Strapi, scope: MediaScope): Promise<number[]> {
  const folders = (await strapi.db.query(FOLDER_UID).findMany({ select: ['id', 'path'] })) as { id: number; path: string }[];
  return folders.filter((f) => scope.readable(f.path)).map((f) => f.id);
}

interface TreeNode {
  id: number;
  children?: TreeNode[];
}

const prune = (nodes: TreeNode[], keep: Set<number>): TreeNode[] =>
  nodes.filter((node) => keep.has(node.id)).map((node) => ({ ...node, children: prune(node.children ?? [], keep) }));

const rbac: Check = async () => {};

/** The check of each upload admin route, by handler. */
const CHECKS: Record<string, Check> = {
  // Decided by the RBAC conditions on files (media-folders.ts) or by permissions editors lack.
  'admin-file.find': rbac,
  'admin-file.findOne': rbac,
  'admin-file.destroy': rbac,
  'admin-file.getLatestAIMetadataJob': rbac,
  'admin-file.getAIMetadataPendingCount': rbac,
  'admin-settings.getSettings': rbac,
  'admin-settings.updateSettings': rbac,
  'view-configuration.findViewConfiguration': rbac,
  'view-configuration.updateViewConfiguration': rbac,
  // Uploads, replacements and file updates: the file by RBAC, the folder here.
  'admin-upload.upload': (strapi, scope, ctx) => fileInfoFolders(strapi, scope, bodyOf(ctx), ctx.query.id === undefined),
  'admin-upload.uploadFile': (strapi, scope, ctx) => fileInfoFolders(strapi, scope, bodyOf(ctx), true),
  'admin-upload.updateFileInfo': (strapi, scope, ctx) => fileInfoFolders(strapi, scope, bodyOf(ctx), false),
  'admin-upload.replaceFile': (strapi, scope, ctx) => fileInfoFolders(strapi, scope, bodyOf(ctx), false),
  'admin-upload.bulkUpdateFileInfo': async (strapi, scope, ctx) => {
    const updates = bodyOf(ctx).updates;
    for (const update of Array.isArray(updates) ? updates : []) if (isObject(update)) await fileInfoFolders(strapi, scope, update, false);
  },
  'admin-upload.uploadFromUrls': async (strapi, scope, ctx) => {
    const body = bodyOf(ctx);
    if (folderRef(body.folderId) === null) body.folderId = scope.home?.id ?? refuse('Ditt läns mapp i mediebiblioteket saknas.');
    await writableFolders(strapi, scope, [folderRef(body.folderId)], 'lägga filer i');
  },
  'admin-file.generateAIMetadata': (strapi, scope, ctx) => writableFiles(strapi, scope, ids(bodyOf(ctx).fileIds)),
  'admin-file.createAIMetadataJob': async () => refuse('AI-metadata för hela mediebiblioteket rör alla läns filer: bara en administratör får starta det.'),
  // Folders.
  'admin-folder.find': async (strapi, scope, ctx) => {
    const own = { id: { $in: await readableFolderIds(strapi, scope) } };
    ctx.query.filters = ctx.query.filters === undefined ? own : { $and: [ctx.query.filters, own] };
  },
  'admin-folder.findOne': async (strapi, scope, ctx) => {
    const [folder] = await foldersById(strapi, ids([ctx.params.id]));
    if (folder && !scope.readable(folder.path)) refuse(`Du får inte läsa mappen ${folder.id}: den tillhör ett annat län.`);
  },
  'admin-folder.create': async (strapi, scope, ctx) => {
    const body = bodyOf(ctx);
    if (folderRef(body.parent) === null && scope.county !== null) body.parent = scope.home?.id ?? refuse('Ditt läns mapp i mediebiblioteket saknas.');
    await writableFolders(strapi, scope, [folderRef(body.parent)], 'skapa mappar i');
  },
  'admin-folder.update': async (strapi, scope, ctx) => {
    await writableFolders(strapi, scope, ids([ctx.params.id]), 'ändra', true);
    if ('parent' in bodyOf(ctx)) await writableFolders(strapi, scope, [folderRef(bodyOf(ctx).parent)], 'flytta mappar till');
  },
  'admin-folder.getStructure': rbac, // pruned after the route (guard below)
  'admin-folder-file.deleteMany': async (strapi, scope, ctx) => {
    await writableFiles(strapi, scope, ids(bodyOf(ctx).fileIds));
    await writableFolders(strapi, scope, ids(bodyOf(ctx).folderIds), 'ta bort', true);
  },
  'admin-folder-file.moveMany': async (strapi, scope, ctx) => {
    const body = bodyOf(ctx);
    await writableFiles(strapi, scope, ids(body.fileIds));
    await writableFolders(strapi, scope, ids(body.folderIds), 'flytta', true);
    await writableFolders(strapi, scope, [folderRef(body.destinationFolderId)], 'flytta filer till');
  },
};

interface Route {
  handler?: unknown;
  config?: { middlewares?: unknown[] };
}

async function guard(strapi: Core.Strapi, handler: string, ctx: KoaContext, next: () => Promise<void>): Promise<void> {
  const scope = ctx.state.user && (await mediaScopeOf(strapi, ctx.state.user.roles ?? []));
  if (!scope) return next();
  const check = CHECKS[handler] ?? (() => refuse(`Mediefunktionen ${handler} är inte prövad för redaktörer och är avstängd.`));
  await check(strapi, scope, ctx);
  await next();
  if (handler === 'admin-folder.getStructure' && isObject(ctx.body) && Array.isArray(ctx.body.data)) {
    ctx.body = { ...ctx.body, data: prune(ctx.body.data as TreeNode[], new Set(await readableFolderIds(strapi, scope))) };
  }
}

/** Adds the guard to every admin route of the upload plugin; call in register(), before routes are mounted. */
export function registerMediaGuard(strapi: Core.Strapi): void {
  const routers = strapi.plugin('upload').routes as unknown as Record<string, { type?: string; routes: Route[] }>;
  for (const router of Object.values(routers)) {
    if (router.type !== 'admin') continue;
    for (const route of router.routes ?? []) {
      const handler = String(route.handler);
      const middleware = (ctx: KoaContext, next: () => Promise<void>) => guard(strapi, handler, ctx, next);
      route.config = { ...route.config, middlewares: [...(route.config?.middlewares ?? []), middleware] };
    }
  }
}
