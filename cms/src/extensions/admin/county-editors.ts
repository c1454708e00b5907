/**
 * County editors in the admin panel. From the single county list, on every boot:
 * - RBAC conditions per county ("owned by", "shared with") plus "national" and "shown on all sites";
 * - a role "Redaktör <county>" that reads its own, shared and national entries, and creates,
 *   edits, publishes, unpublishes and deletes only entries its county owns;
 * - a role "Nationell redaktör" that does the same for national entries.
 * Admin users cannot carry a county field (strapi/strapi#14424), so the role says the county.
 * Editors get no field permission on `owner`: the ownership rule in ownership.ts sets it; nor on
 * the local-version fields, which the server sets (local-versions.ts). The conditions on entries
 * are the federation rule's predicates (federation/visibility.ts) in their RBAC form.
 * `shownOnAllSites` is the national editors' alone. Shares (Delningar, federation/shares.ts):
 * a county's editors read the shares to and from their county and answer (field `state`) those
 * to it; nobody but the server creates or deletes them. The accessibility statement (a county-only
 * type, federation/visibility.ts): a county's editors read and write their county's only; the
 * national editors have none. Feedback from residents (Återkoppling):
 * a county's editors read the answers given on their county's site, and nothing else of it.
 * Media: each role uses its county's and national files and changes only its own (conditions
 * and folders in media-folders.ts).
 */
import type { Core } from '@strapi/strapi';
import { counties, countyLanguages, portalLanguages, type County } from '@lansportalen/shared/counties';
import { FEEDBACK_UID } from '../../api/feedback/submission';
import { LOCAL_VERSION_FIELDS, SHARE_UID, conditionOf, countyOnlyTypes, federatedCollections, predicates } from '../federation/visibility';
import { localizedUids } from '../federation/locales';
import { mediaConditions, mediaPermissions } from './media-folders';

export const editorRoleCode = (slug: string) => `lansportalen-editor-${slug}`;
export const NATIONAL_ROLE_CODE = 'lansportalen-editor-national';

/** The county whose editor role a user has (the first, if several), or undefined. */
export const editorCountyOf = (roles: { code: string }[]): string | undefined =>
  counties.find((county) => roles.some((role) => role.code === editorRoleCode(county.slug)))?.slug;

const countyShortName = (county: County) => county.board.replace(/^Länsstyrelsen\s+/, '');
const condition = (name: string) => `api::${name}`;

interface Condition {
  displayName: string;
  name: string;
  category: string;
  handler: () => Record<string, unknown>;
}

export async function registerCountyConditions(strapi: Core.Strapi): Promise<void> {
  const conditions: Condition[] = counties.flatMap((county) => [
    {
      displayName: `Ägs av ${county.name}`,
      name: `owned-by-${county.slug}`,
      category: 'Län',
      handler: () => conditionOf(predicates.ownedBy(county.slug)),
    },
    {
      displayName: `Delas med ${county.name}`,
      name: `shared-with-${county.slug}`,
      category: 'Län',
      handler: () => conditionOf(predicates.sharedWith(county.slug)),
    },
    {
      displayName: `Delning till ${county.name}`,
      name: `share-to-${county.slug}`,
      category: 'Län',
      handler: () => ({ 'to.slug': { $eq: county.slug } }),
    },
    {
      displayName: `Delning från ${county.name}`,
      name: `share-from-${county.slug}`,
      category: 'Län',
      handler: () => ({ 'from.slug': { $eq: county.slug } }),
    },
  ]);
  conditions.push(
    { displayName: 'Nationellt innehåll', name: 'national', category: 'Län', handler: () => conditionOf(predicates.national()) },
    { displayName: 'Visas på alla webbplatser', name: 'shown-on-all-sites', category: 'Län', handler: () => conditionOf(predicates.shownOnAllSites()) },
    { displayName: 'Delning från nationellt innehåll', name: 'share-from-national', category: 'Län', handler: () => ({ 'from.id': { $eq: null } }) },
  );
  await strapi.admin!.services.permission!.conditionProvider.registerMany([...conditions, ...mediaConditions(strapi)]);
}

const ACTIONS = {
  create: 'plugin::content-manager.explorer.create',
  read: 'plugin::content-manager.explorer.read',
  update: 'plugin::content-manager.explorer.update',
  delete: 'plugin::content-manager.explorer.delete',
  publish: 'plugin::content-manager.explorer.publish',
};

function fieldsOf(strapi: Core.Strapi, uid: string, except: string[] = []): string[] {
  const contentTypes = strapi.service('admin::content-type') as {
    getNestedFields: (model: unknown, options: { components: unknown }) => string[];
  };
  return contentTypes
    .getNestedFields(strapi.contentType(uid as never), { components: strapi.components })
    .filter((field) => !except.some((name) => field === name || field.startsWith(`${name}.`)));
}

interface Permission {
  action: string;
  subject?: string;
  properties?: { fields?: string[]; locales?: string[] };
  conditions: string[];
}

interface Editor {
  /** The condition of the entries the editor owns. */
  own: string;
  /** Conditions of further entries the editor reads. */
  readable: string[];
  /** Fields the editor may not write (beyond `owner`, which the server sets). */
  locked: string[];
  /** Conditions of the shares the editor reads, and of those the editor answers. */
  shares: { read: string[]; answer: string[] };
  /** The county whose media the editor owns (null: national media; media-folders.ts). */
  media: string | null;
  /** County-only types the editor reads and writes (own entries only). */
  countyOnly: readonly string[];
  /** The languages the editor writes in (their county's; national: all); they read every language. */
  languages: string[];
}

/** Permissions of an editor whose own entries match `own`, and who also reads `readable`. */
function editorPermissions(strapi: Core.Strapi, { own, readable, locked, shares, media, countyOnly, languages }: Editor): Permission[] {
  // County-only types: the editor's own entries only.
  const types = [...federatedCollections.map(({ uid }) => ({ uid: uid as string, alsoReads: readable })), ...countyOnly.map((uid) => ({ uid, alsoReads: [] }))];
  const permissions = types.flatMap(({ uid, alsoReads }): Permission[] => {
    const fields = fieldsOf(strapi, uid, ['owner', ...LOCAL_VERSION_FIELDS, ...locked]);
    // Localized types (federation/locales.ts): the i18n plugin allows no locale unless listed.
    const [reads, writes] = localizedUids.has(uid) ? [{ locales: portalLanguages() }, { locales: languages }] : [{}, {}];
    return [
      { action: ACTIONS.create, subject: uid, properties: { fields, ...writes }, conditions: [] },
      { action: ACTIONS.read, subject: uid, properties: { fields: fieldsOf(strapi, uid), ...reads }, conditions: [own, ...alsoReads] },
      { action: ACTIONS.update, subject: uid, properties: { fields, ...writes }, conditions: [own] },
      { action: ACTIONS.delete, subject: uid, properties: writes, conditions: [own] },
      { action: ACTIONS.publish, subject: uid, properties: writes, conditions: [own] },
    ];
  });
  // Organisations and counties are shared reference data: read them, and add organisations.
  for (const uid of ['api::organisation.organisation', 'api::county.county']) {
    permissions.push({ action: ACTIONS.read, subject: uid, properties: { fields: fieldsOf(strapi, uid) }, conditions: [] });
  }
  permissions.push({
    action: ACTIONS.create,
    subject: 'api::organisation.organisation',
    properties: { fields: fieldsOf(strapi, 'api::organisation.organisation') },
    conditions: [],
  });
  permissions.push({ action: ACTIONS.read, subject: SHARE_UID, properties: { fields: fieldsOf(strapi, SHARE_UID) }, conditions: shares.read });
  if (shares.answer.length > 0) {
    permissions.push({ action: ACTIONS.update, subject: SHARE_UID, properties: { fields: ['state'] }, conditions: shares.answer });
  }
  // Residents' answers to "Hade du nytta av informationen?" on the editor's own county site: read only.
  permissions.push({ action: ACTIONS.read, subject: FEEDBACK_UID, properties: { fields: fieldsOf(strapi, FEEDBACK_UID) }, conditions: [own] });
  permissions.push(...mediaPermissions(media));
  return permissions;
}

async function syncRole(strapi: Core.Strapi, code: string, name: string, description: string, permissions: Permission[]) {
  const roles = strapi.service('admin::role') as {
    findOne: (params: object) => Promise<{ id: number; name: string; description?: string } | null>;
    create: (attributes: object) => Promise<{ id: number }>;
    update: (params: object, attributes: object) => Promise<unknown>;
    assignPermissions: (roleId: number, permissions: unknown[]) => Promise<unknown>;
  };
  let role = await roles.findOne({ code });
  if (!role) role = { ...(await roles.create({ name, code, description })), name };
  else if (role.name !== name || role.description !== description) await roles.update({ id: role.id }, { name, description });
  await roles.assignPermissions(role.id, permissions);
}

export async function syncEditorRoles(strapi: Core.Strapi): Promise<void> {
  for (const county of counties) {
    await syncRole(
      strapi,
      editorRoleCode(county.slug),
      `Redaktör ${countyShortName(county)}`,
      `Skapar, redigerar och publicerar innehåll som ${county.name} äger; läser delat och nationellt innehåll; ` +
        `accepterar eller avböjer innehåll som andra vill visa på ${county.name}s webbplats.`,
      editorPermissions(strapi, {
        own: condition(`owned-by-${county.slug}`),
        readable: [condition(`shared-with-${county.slug}`), condition('national'), condition('shown-on-all-sites')],
        locked: ['shownOnAllSites'],
        shares: {
          read: [condition(`share-to-${county.slug}`), condition(`share-from-${county.slug}`)],
          answer: [condition(`share-to-${county.slug}`)],
        },
        media: county.slug,
        countyOnly: countyOnlyTypes,
        languages: countyLanguages(county),
      }),
    );
  }
  await syncRole(
    strapi,
    NATIONAL_ROLE_CODE,
    'Nationell redaktör',
    'Skapar, redigerar och publicerar nationellt innehåll, gemensamt för alla län, och väljer vad som visas på alla webbplatser.',
    editorPermissions(strapi, {
      own: condition('national'),
      readable: [],
      locked: [],
      shares: { read: [condition('share-from-national')], answer: [] },
      media: null,
      countyOnly: [],
      languages: portalLanguages(),
    }),
  );
}
