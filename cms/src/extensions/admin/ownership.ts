/**
 * An entry created (or cloned) by a county editor is owned by that county, whatever the request
 * says; a national editor's entries are national. An editor's update never changes the owner.
 * A clone starts unshared: sharing is the owner's decision, made again for the copy. Only a
 * national editor sets `shownOnAllSites`.
 * (RBAC already denies editors the `owner` field; this is the server-side guarantee.)
 * A county-only type (the accessibility statement) has one entry per county: an editor whose
 * county has one already edits it, and cannot create or clone a second.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { counties } from '@lansportalen/shared/counties';
import { countyOnlyTypes, editableOwnedUids, federatedCollections } from '../federation/visibility';
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

/** A county-only type holds one entry per county (national: none): refuse a second one. */
async function refuseSecond(strapi: Core.Strapi, uid: string, countyDocumentId: string | null): Promise<void> {
  if (!countyOnlyTypes.includes(uid as never)) return;
  const owner = countyDocumentId ? { owner: { documentId: { $eq: countyDocumentId } } } : { owner: { id: { $null: true } } };
  const existing = await strapi.documents(uid as never).count({ filters: owner, status: 'draft' } as never);
  if (existing > 0) {
    const name = (strapi.getModel(uid as never) as { info: { displayName: string } }).info.displayName;
    throw new errors.ValidationError(`Länet har redan en post av typen ${name}. Öppna och redigera den i stället för att skapa en ny.`);
  }
}

export function registerOwnershipRule(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    if (!editableOwnedUids.has(context.uid) || !['create', 'update', 'clone'].includes(context.action)) return next();
    const state = strapi.requestContext.get()?.state as AdminState | undefined;
    if (state?.route?.info?.type !== 'admin' || !state.user) return next();
    const owner = ownerFor(state.user.roles ?? []);
    if (owner === undefined) return next();

    const params = context.params as { data?: Record<string, unknown> };
    const data = { ...params.data };
    delete data.owner;
    const federated = federatedUids.has(context.uid);
    if (federated && context.action === 'clone') data.sharedWith = { set: [] };
    // `shownOnAllSites` is the national editors' alone (county editors have no field permission on
    // it either); a clone would otherwise copy it from its source.
    if (owner !== null) delete data.shownOnAllSites;
    if (federated && owner !== null && context.action === 'clone') data.shownOnAllSites = false;
    if (context.action !== 'update') {
      const county = owner && (await strapi.documents('api::county.county').findFirst({ filters: { slug: { $eq: owner } } }));
      await refuseSecond(strapi, context.uid, county ? county.documentId : null);
      data.owner = county ? { set: [{ documentId: county.documentId }] } : null;
    }
    context.params = { ...params, data };
    return next();
  });
}

