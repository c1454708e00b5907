/**
 * Answering a share request in the admin panel. The receiving county's editors change the
 * `state` of a share (Delning) to `accepterad` or `avböjd`; nothing else about a share can be
 * changed, because the server keeps the rows in line with the entries (federation/shares.ts).
 * RBAC (county-editors.ts) already limits editors to `state` of shares to their county; this
 * middleware is the server-side guarantee, records who decided and when, and has the receiving
 * county's site rebuilt. Only the server creates and deletes shares: an admin user other than
 * the super admin cannot, whatever their role says (Strapi's default "Editor" role, for one).
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { SHARE_UID } from '../federation/visibility';
import { adminUser, isServerWrite, isSuperAdmin } from '../federation/shares';
import { changeWithRenders } from '../publication/render-queue';
import { editorRoleCode } from './county-editors';

// Refusals are PolicyErrors: Strapi answers any other ForbiddenError with a bare "Forbidden",
// and an editor should read why.

/** Fields the server sets; a request may send their current values back (the admin form does). */
const SERVER_FIELDS = new Set(['decidedAt', 'decidedBy', 'updatedBy', 'updatedAt', 'createdBy', 'createdAt']);

interface Share {
  contentType: string;
  entryDocumentId: string;
  state: string;
  to: { slug: string } | null;
  [field: string]: unknown;
}

/** True when `value` for `field` would leave the share as it is (a key that is no attribute, such as `id`, is ignored). */
function unchanged(strapi: Core.Strapi, field: string, value: unknown, share: Share): boolean {
  const attribute = strapi.contentType(SHARE_UID as never).attributes[field] as { type: string } | undefined;
  if (!attribute) return true;
  if (attribute.type !== 'relation') return value === share[field] || (value == null && share[field] == null);
  // The admin form sends relations as { connect: [], disconnect: [] } when they did not change.
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  return ['connect', 'disconnect', 'set'].every((op) => {
    const ops = (value as Record<string, unknown>)[op];
    return ops === undefined || (Array.isArray(ops) && ops.length === 0);
  });
}

export function registerShareDecisions(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    if (context.uid !== SHARE_UID || isServerWrite() || context.action.startsWith('find') || context.action === 'count') return next();
    const user = adminUser(strapi);
    if (context.action !== 'update') {
      if (user && !isSuperAdmin(user)) throw new errors.PolicyError('Delningar skapas och tas bort av Länsportalen, inte av redaktörer.');
      return next();
    }
    const params = context.params as { documentId: string; data?: Record<string, unknown> };
    const share = (await strapi.db.query(SHARE_UID as never).findOne({
      where: { documentId: params.documentId },
      populate: { to: { select: ['slug'] } },
    })) as Share | null;
    if (!share) return next();

    const county = share.to?.slug;
    if (user && !isSuperAdmin(user) && !(county && (user.roles ?? []).some((r) => r.code === editorRoleCode(county)))) {
      throw new errors.PolicyError('Bara redaktörer i det mottagande länet kan besvara en delning.');
    }
    const data: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(params.data ?? {})) {
      if (field === 'state' || field === 'updatedBy') data[field] = value;
      else if (!SERVER_FIELDS.has(field) && !unchanged(strapi, field, value, share)) {
        throw new errors.ValidationError(`En delning kan bara besvaras: fältet ${field} kan inte ändras, bara state.`);
      }
    }
    const decided = data.state !== undefined && data.state !== share.state;
    if (decided) {
      const open = data.state === 'begärd';
      data.decidedAt = open ? null : new Date();
      data.decidedBy = open ? null : (user?.email ?? 'system');
    }
    context.params = { ...params, data };
    return changeWithRenders(strapi, async () => ({
      result: await next(),
      slugs: decided && county ? [county] : [],
      reason: `share ${String(data.state)} ${share.contentType} ${share.entryDocumentId}`,
    }));
  });
}

const labels: Record<string, string> = {
  entryTitle: 'Innehåll',
  contentType: 'Innehållstyp',
  entryDocumentId: 'Innehållets id',
  from: 'Från (tomt = nationellt)',
  to: 'Till',
  state: 'Svar',
  decidedAt: 'Besvarad',
  decidedBy: 'Besvarad av',
};

interface Configuration {
  settings: Record<string, unknown>;
  metadatas: Record<string, { edit: Record<string, unknown>; list: Record<string, unknown> }>;
  layouts: { list: string[]; edit: unknown };
}

/** Swedish labels, the list columns an editor needs, and every field but `state` read-only. */
export async function configureShareLayout(strapi: Core.Strapi): Promise<void> {
  const service = strapi.plugin('content-manager').service('content-types') as {
    findContentType: (uid: string) => unknown;
    findConfiguration: (contentType: unknown) => Promise<Configuration>;
    updateConfiguration: (contentType: unknown, configuration: Configuration) => Promise<unknown>;
  };
  const contentType = service.findContentType(SHARE_UID);
  const current = await service.findConfiguration(contentType);
  const metadatas = { ...current.metadatas };
  for (const [field, label] of Object.entries(labels)) {
    const relation = field === 'from' || field === 'to' ? { mainField: 'name' } : {};
    metadatas[field] = {
      edit: { ...current.metadatas[field]?.edit, ...relation, label, editable: field === 'state' },
      list: { ...current.metadatas[field]?.list, ...relation, label },
    };
  }
  await service.updateConfiguration(contentType, {
    settings: { ...current.settings, mainField: 'entryTitle', defaultSortBy: 'updatedAt', defaultSortOrder: 'DESC' },
    metadatas,
    layouts: { ...current.layouts, list: ['entryTitle', 'from', 'to', 'state', 'decidedAt'] },
  });
}
