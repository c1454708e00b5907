/**
 * Draft preview. PREVIEW_SECRET is shared by the CMS and the site server (npm start makes one per
 * run; the public never has it). A content-API request that carries it in `x-preview-secret` may
 * read drafts: only the publisher's preview renderers send it, and `countySite(preview: true)` then
 * returns the latest drafts.
 *
 * The admin panel's Preview button asks `previewUrl` for a link. It is given only to an editor who
 * may read that draft (the content manager's own permission check), and it opens the draft's page
 * on the county site the draft belongs to, behind a token (@lansportalen/shared/preview) that binds
 * county, content type, document, status, page, the draft's updatedAt and an expiry.
 */
import crypto from 'node:crypto';
import type { Core, UID } from '@strapi/strapi';
import { counties } from '@lansportalen/shared/counties';
import { PREVIEW_SECRET_HEADER, previewLink, previewTokens } from '@lansportalen/shared/preview';
import { pagePathOf, type RoutedEntry } from '@lansportalen/shared/routes';
import { secret } from '../../secrets';
import { editorCountyOf } from '../admin/county-editors';
import { countiesShowing, federatedCollections } from '../federation/visibility';

const federatedUids = new Set<string>(federatedCollections.map((c) => c.uid));

/** True when the current request carries the preview secret. */
export function requestHasPreviewSecret(strapi: Core.Strapi): boolean {
  const header = strapi.requestContext.get()?.request?.headers?.[PREVIEW_SECRET_HEADER];
  const given = Array.isArray(header) ? header[0] : header;
  const expected = secret('PREVIEW_SECRET');
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

interface AdminState {
  userAbility?: unknown;
  user?: { roles?: { code: string }[] };
}

interface PermissionChecker {
  cannot: { read: (entity?: unknown) => boolean };
  sanitizedQuery: { read: (query: object) => Promise<object> };
}
type PopulateBuilder = (uid: string) => {
  populateFromQuery(query: object): ReturnType<PopulateBuilder>;
  populateDeep(level: number): ReturnType<PopulateBuilder>;
  countRelations(): ReturnType<PopulateBuilder>;
  build(): Promise<object>;
};

/** Whether this editor may read this version, decided as the content manager's findOne decides it. */
async function mayRead(strapi: Core.Strapi, userAbility: unknown, uid: UID.ContentType, documentId: string, status: string): Promise<boolean> {
  const contentManager = strapi.plugin('content-manager');
  const checker = contentManager.service('permission-checker').create({ userAbility, model: uid }) as PermissionChecker;
  if (checker.cannot.read()) return false;
  // Populate what the permission conditions look at (owner, sharedWith), as findOne does.
  const permissionQuery = await checker.sanitizedQuery.read({});
  const populate = await (contentManager.service('populate-builder') as unknown as PopulateBuilder)(uid)
    .populateFromQuery(permissionQuery)
    .populateDeep(Infinity)
    .countRelations()
    .build();
  const version = await contentManager.service('document-manager').findOne(documentId, uid, { populate, status });
  return Boolean(version) && !checker.cannot.read(version);
}

interface RoutingFacts extends RoutedEntry {
  updatedAt?: string | Date | null;
  owner?: { slug: string } | null;
}

/** The site a preview opens on: the owner's; for national content the editor's own site if it shows it, else the first that does. */
async function siteFor(
  strapi: Core.Strapi,
  uid: UID.ContentType,
  entry: RoutingFacts & { documentId: string },
  status: 'draft' | 'published',
  editorCounty: string | undefined,
): Promise<string | undefined> {
  if (entry.owner?.slug) return entry.owner.slug;
  const showing = await countiesShowing(strapi, uid, { documentId: { $eq: entry.documentId } }, status);
  return editorCounty && showing.includes(editorCounty) ? editorCounty : showing[0];
}

export interface PreviewRequest {
  documentId?: string;
  status?: string;
}

/**
 * The Preview button's target, or null (no link) when the request has no admin user who may read
 * the version, or no county site shows it. A published version opens its public page.
 */
export async function previewUrl(
  strapi: Core.Strapi,
  uid: UID.ContentType,
  { documentId, status = 'draft' }: PreviewRequest,
  options: { ttlMinutes?: number } = {},
): Promise<string | null> {
  const state = strapi.requestContext.get()?.state as AdminState | undefined;
  if (!state?.userAbility || !documentId || !federatedUids.has(uid) || (status !== 'draft' && status !== 'published')) return null;
  if (!(await mayRead(strapi, state.userAbility, uid, documentId, status))) return null;

  const hasAgreement = 'agreement' in strapi.contentType(uid).attributes;
  const entry = (await strapi.documents(uid).findOne({
    documentId,
    status,
    populate: { owner: { fields: ['slug'] }, ...(hasAgreement ? { agreement: { fields: ['slug'] } } : {}) },
  } as never)) as (RoutingFacts & { documentId: string }) | null;
  if (!entry) return null;
  const site = await siteFor(strapi, uid, entry, status, editorCountyOf(state.user?.roles ?? []));
  const county = counties.find((c) => c.slug === site);
  const path = pagePathOf(uid, entry);
  if (!county || !path) return null;
  if (status === 'published') return `${county.siteUrl}${path}`;

  const token = previewTokens(secret('PREVIEW_SECRET'), options).issue({
    county: county.slug,
    uid,
    documentId,
    status,
    path,
    updatedAt: entry.updatedAt ? new Date(entry.updatedAt).toISOString() : null,
  });
  return previewLink(county.siteUrl, path, token);
}
