/**
 * An entry created (or cloned) by a county editor is owned by that county, whatever the request
 * says; a national editor's entries are national. An editor's update never changes the owner.
 * A clone starts unshared: sharing is the owner's decision, made again for the copy. Only a
 * national editor sets `shownOnAllSites`.
 * (RBAC already denies editors the `owner` field; this is the server-side guarantee.)
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { counties } from '@lansportalen/shared/counties';
import { federatedCollections } from '../federation/visibility';
import { NATIONAL_ROLE_CODE, editorRoleCode } from './county-editors';

const federatedUids = new Set<string>(federatedCollections.map((c) => c.uid));

interface AdminState {
  route?: { info?: { type?: string } };
  user?: { roles?: { code: string }[] };
}

/** The owner every entry this user creates gets: a county slug, null (national), or undefined (no rule: super admin). */
export function ownerFor(roles: { code: string }[]): string | null | undefined {
  const codes = new Set(roles.map((r) => r.code));
  if (codes.has('strapi-super-admin')) return undefined;
  const own = counties.filter((c) => codes.has(editorRoleCode(c.slug)));
  if (own.length === 1) return own[0]!.slug;
  if (own.length === 0 && codes.has(NATIONAL_ROLE_CODE)) return null;
  if (own.length === 0) return undefined;
  throw new errors.ForbiddenError('An editor may edit for one county only: give this user a single county editor role.');
}

export function registerOwnershipRule(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    if (!federatedUids.has(context.uid) || !['create', 'update', 'clone'].includes(context.action)) return next();
    const state = strapi.requestContext.get()?.state as AdminState | undefined;
    if (state?.route?.info?.type !== 'admin' || !state.user) return next();
    const owner = ownerFor(state.user.roles ?? []);
    if (owner === undefined) return next();

    const params = context.params as { data?: Record<string, unknown> };
    const data = { ...params.data };
    delete data.owner;
    if (context.action === 'clone') data.sharedWith = { set: [] };
    // `shownOnAllSites` is the national editors' alone (county editors have no field permission on
    // it either); a clone would otherwise copy it from its source.
    if (owner !== null) delete data.shownOnAllSites;
    if (owner !== null && context.action === 'clone') data.shownOnAllSites = false;
    if (context.action !== 'update') {
      const county = owner && (await strapi.documents('api::county.county').findFirst({ filters: { slug: { $eq: owner } } }));
      data.owner = county ? { set: [{ documentId: county.documentId }] } : null;
    }
    context.params = { ...params, data };
    return next();
  });
}

