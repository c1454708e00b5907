/**
 * Media per county. The media library has a root folder per county (named after it) and one
 * national root folder, created at boot from the county list like the editor roles. A file or
 * folder belongs to the county whose root folder it is under; everything else (the national
 * folder, the library's root, any other root folder) is national.
 * - A county editor reads, uses, replaces and deletes their county's files and reads and uses
 *   national ones; a national editor does all of it with national files only.
 * - The RBAC conditions "Media i <län>" and "Nationell media" say that on the upload plugin's
 *   permissions (county-editors.ts grants them); media-guard.ts asks this file for the routes
 *   the conditions do not reach (folders, bulk actions, where an upload lands).
 */
import type { Core } from '@strapi/strapi';
import { counties } from '@lansportalen/shared/counties';
import { ownerFor } from './ownership';

export const FILE_UID = 'plugin::upload.file';
export const FOLDER_UID = 'plugin::upload.folder';
export const NATIONAL_FOLDER_NAME = 'Nationellt';
export const MEDIA_READ = 'plugin::upload.read';
export const MEDIA_UPDATE = 'plugin::upload.assets.update';

interface Folder {
  id: number;
  name: string;
  path: string;
}

const isRoot = (folder: Folder) => /^\/[^/]+$/.test(folder.path);
const inTree = (root: Folder, path: string) => path === root.path || path.startsWith(`${root.path}/`);

/** The root folder of each county's media, by county slug (the oldest root folder with its name). */
function countyRoots(folders: Folder[]): Map<string, Folder> {
  const roots = folders.filter(isRoot).sort((a, b) => a.id - b.id);
  const found = new Map<string, Folder>();
  for (const county of counties) {
    const root = roots.find((folder) => folder.name === county.name);
    if (root) found.set(county.slug, root);
  }
  return found;
}

const allFolders = async (strapi: Core.Strapi): Promise<Folder[]> =>
  (await strapi.db.query(FOLDER_UID).findMany({ select: ['id', 'name', 'path'] })) as Folder[];

/** Creates the missing county and national root folders. */
export async function syncMediaFolders(strapi: Core.Strapi): Promise<void> {
  const folders = await allFolders(strapi);
  const roots = countyRoots(folders);
  const wanted = counties.filter((c) => !roots.has(c.slug)).map((c) => c.name);
  if (!folders.some((f) => isRoot(f) && f.name === NATIONAL_FOLDER_NAME)) wanted.push(NATIONAL_FOLDER_NAME);
  const service = strapi.plugin('upload').service('folder') as { create: (data: { name: string; parent: null }) => Promise<unknown> };
  for (const name of wanted) await service.create({ name, parent: null });
}

/** What one admin user may do with media, by folder path ('/' is the library's root). */
export interface MediaScope {
  /** The county whose media the user owns, or null for a national editor. */
  county: string | null;
  /** The folder an upload that names no folder lands in. */
  home: Folder | undefined;
  /** Root folders the user may not rename, move or delete (they are synced at boot). */
  fixed: Set<number>;
  readable(path: string): boolean;
  writable(path: string): boolean;
}

/** The media scope of an admin user, or undefined when no county rule applies (super admin, other roles). */
export async function mediaScopeOf(strapi: Core.Strapi, roles: { code: string }[]): Promise<MediaScope | undefined> {
  const county = ownerFor(roles);
  if (county === undefined) return undefined;
  const folders = await allFolders(strapi);
  const roots = countyRoots(folders);
  const national = (path: string) => ![...roots.values()].some((root) => inTree(root, path));
  const own = county === null ? undefined : roots.get(county);
  const writable = own ? (path: string) => inTree(own, path) : county === null ? national : () => false;
  return {
    county,
    home: county === null ? folders.find((f) => isRoot(f) && f.name === NATIONAL_FOLDER_NAME) : own,
    fixed: new Set(folders.filter((f) => isRoot(f) && (f.name === NATIONAL_FOLDER_NAME || [...roots.values()].includes(f))).map((f) => f.id)),
    readable: (path) => writable(path) || national(path),
    writable,
  };
}

/** The folder paths of `slug`'s media, or (null) of every county's media. */
async function countyPaths(strapi: Core.Strapi, slug: string | null): Promise<string[]> {
  const folders = await allFolders(strapi);
  const roots = [...countyRoots(folders).entries()].filter(([s]) => slug === null || s === slug).map(([, root]) => root);
  return folders.filter((f) => roots.some((root) => inTree(root, f.path))).map((f) => f.path);
}

export const mediaCondition = (slug: string | null) => `api::media-${slug ?? 'national'}`;

/** RBAC conditions on files: "Media i <län>" per county and "Nationell media". */
export function mediaConditions(strapi: Core.Strapi) {
  return [
    ...counties.map((county) => ({
      displayName: `Media i ${county.name}`,
      name: `media-${county.slug}`,
      category: 'Media',
      handler: async () => ({ folderPath: { $in: await countyPaths(strapi, county.slug) } }),
    })),
    {
      displayName: 'Nationell media',
      name: 'media-national',
      category: 'Media',
      handler: async () => ({ folderPath: { $nin: await countyPaths(strapi, null) } }),
    },
  ];
}

/** The upload plugin's permissions of an editor whose own media is `own`'s (null: national). */
export function mediaPermissions(own: string | null) {
  const readable = own === null ? [mediaCondition(null)] : [mediaCondition(own), mediaCondition(null)];
  return [
    { action: MEDIA_READ, conditions: readable },
    { action: 'plugin::upload.assets.create', conditions: [] },
    { action: 'plugin::upload.assets.download', conditions: readable },
    { action: 'plugin::upload.assets.copy-link', conditions: readable },
    { action: MEDIA_UPDATE, conditions: [mediaCondition(own)] },
  ];
}
