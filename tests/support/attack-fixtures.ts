/**
 * Targets for the generated attacker suite, made from the content model itself: for every
 * type a county owns, entries of another county (a draft that was never published, and a published
 * entry with unpublished edits), a national entry, and one of the attacker's own. Secret drafts
 * carry a unique marker in every text field, so any response that contains one has leaked a draft.
 * A type that is never shared (no `sharedWith`: the accessibility statement, feedback) is another
 * county's business altogether: its published version carries the marker too. A type without
 * drafts (feedback) is created as it is, never published. In a localized type, the published
 * entry with unpublished edits has a secret draft translation in every other language; the others
 * have none (an attack may try to add one).
 */
import type { Core } from '@strapi/strapi';

/** A route as Strapi's route tables list it. */
export interface Route {
  method: string;
  path: string;
}

export interface Target {
  documentId: string;
  slug: string;
  /** Present in every text field of the draft; never published. */
  marker?: string;
}

export interface TypeTargets {
  uid: string;
  draftOnly: Target;
  modified: Target;
  national: Target;
  own: Target;
}

type Attributes = Record<string, Record<string, any>>;

let counter = 0;

const attributesOf = (strapi: Core.Strapi, uid: string) => (strapi.getModel(uid as never) as unknown as { attributes: Attributes }).attributes;

/** A valid value for every required attribute, with `text` in every string field (components too). */
export function sampleData(strapi: Core.Strapi, uid: string, text: string, slug: string): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [name, attribute] of Object.entries(attributesOf(strapi, uid))) {
    // Private fields are the server's own (a local version's link to its source): no editor writes them.
    if (attribute.private) continue;
    const value = sampleValue(strapi, name, attribute, text, slug);
    if (value !== undefined) data[name] = value;
  }
  return data;
}

function sampleValue(strapi: Core.Strapi, name: string, attribute: Record<string, any>, text: string, slug: string): unknown {
  // Addresses and site paths (a lättläst page's standardPath) have rules of their own: given only when required.
  if (/(url|path)$/i.test(name)) return attribute.required ? `https://example.se/${text}` : undefined;
  switch (attribute.type) {
    case 'string':
    case 'text':
      return text;
    case 'uid':
      return slug;
    case 'blocks':
      return [{ type: 'paragraph', children: [{ type: 'text', text }] }];
    case 'email':
      return 'test@example.se';
    case 'enumeration':
      return attribute.enum[0];
    case 'datetime':
      return '2030-05-25T10:00:00.000Z';
    case 'date':
      return '2030-05-25';
    case 'integer':
      return 2030;
    case 'boolean':
      return false;
    case 'component':
      if (!attribute.required) return undefined;
      return attribute.repeatable ? [sampleData(strapi, attribute.component, text, slug)] : sampleData(strapi, attribute.component, text, slug);
    default:
      return undefined;
  }
}

/** Every content type a county owns: an `owner` relation to the county, found in the schema. */
export const ownedTypes = (strapi: Core.Strapi): string[] =>
  Object.keys(strapi.contentTypes).filter((uid) => uid.startsWith('api::') && attributesOf(strapi, uid).owner?.target === 'api::county.county');

/** The attribute an editor sees as the entry's name: title, name, or the first required text. */
export function mainField(strapi: Core.Strapi, uid: string): string {
  const attributes = attributesOf(strapi, uid);
  if ('title' in attributes) return 'title';
  if ('name' in attributes) return 'name';
  return Object.keys(attributes).find((name) => ['string', 'text'].includes(attributes[name]!.type) && attributes[name]!.required)!;
}

/** Relation attributes of a type, with their target and whether the other side points back. */
export function relationsOf(strapi: Core.Strapi, uid: string) {
  return Object.entries(attributesOf(strapi, uid))
    .filter(([, a]) => a.type === 'relation' && a.target)
    .map(([name, a]) => ({ name, target: a.target as string, twoWay: Boolean(a.inversedBy || a.mappedBy) }));
}

async function countyId(strapi: Core.Strapi, slug: string) {
  const county = await strapi.documents('api::county.county').findFirst({ filters: { slug: { $eq: slug } } } as never);
  return county!.documentId;
}

/** `attacker`: the attacking editor's county, or null for a national editor (whose own entries are national). */
export async function makeTargets(
  strapi: Core.Strapi,
  uids: string[],
  attacker: string | null,
  victim: string,
  /** Languages besides Swedish: the published entry with unpublished edits gets a secret draft translation in each. */
  locales: readonly string[] = [],
): Promise<TypeTargets[]> {
  const [own, other] = [attacker ? await countyId(strapi, attacker) : null, await countyId(strapi, victim)];
  const make = async (uid: string, owner: string | null, publish: boolean, secret: boolean): Promise<Target> => {
    counter += 1;
    const marker = `HEMLIGT${counter}X`;
    const slug = `${secret ? 'hemligt' : 'mal'}${counter}x`;
    const documents = strapi.documents(uid as never);
    const owned = owner ? { owner: { set: [{ documentId: owner }] } } : {};
    const neverShared = !('sharedWith' in attributesOf(strapi, uid));
    const drafts = Boolean((strapi.getModel(uid as never) as { options?: { draftAndPublish?: boolean } }).options?.draftAndPublish);
    const text = secret && (!publish || neverShared) ? marker : `Mål ${counter}`;
    const created = await documents.create({ data: { ...sampleData(strapi, uid, text, slug), ...owned } } as never);
    if (publish && drafts) {
      await documents.publish({ documentId: created.documentId } as never);
      // The published text is public; the edit made after it is a secret draft.
      if (secret) await documents.update({ documentId: created.documentId, data: { [mainField(strapi, uid)]: marker } } as never);
    }
    // Its translations are drafts that carry the marker too (a localized type only).
    const localized = (strapi.getModel(uid as never) as { pluginOptions?: { i18n?: { localized?: boolean } } }).pluginOptions?.i18n?.localized;
    if (publish && secret && localized) {
      for (const locale of locales) await documents.update({ documentId: created.documentId, locale, data: sampleData(strapi, uid, marker, slug) } as never);
    }
    return { documentId: created.documentId, slug, marker: secret ? marker : undefined };
  };
  const targets: TypeTargets[] = [];
  for (const uid of uids) {
    targets.push({
      uid,
      draftOnly: await make(uid, other, false, true),
      modified: await make(uid, other, true, true),
      national: await make(uid, null, true, false),
      own: await make(uid, own, true, false),
    });
  }
  return targets;
}

/**
 * Every version of every entry that the attacker does not own (national: owner empty), with its relations as
 * document ids: a request that changes any of it has changed another county's (or national) content.
 */
export async function othersContent(strapi: Core.Strapi, uids: string[], attacker: string | null): Promise<Map<string, string>> {
  const all = new Map<string, string>();
  for (const uid of uids) {
    // `localizations` lists every other entry of the locale while the type is not localised.
    const relations = relationsOf(strapi, uid).map((r) => r.name).filter((name) => name !== 'localizations');
    const rows = await strapi.db.query(uid as never).findMany({ populate: relations, orderBy: { id: 'asc' } });
    for (const row of rows as Record<string, any>[]) {
      if ((row.owner?.slug ?? null) === attacker) continue;
      const flat = Object.fromEntries(
        Object.entries(row)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, v]) => [k, relations.includes(k) ? [v ?? []].flat().map((r: any) => r.documentId).sort() : v]),
      );
      all.set(`${uid} ${row.documentId} #${row.id}`, JSON.stringify(flat));
    }
  }
  return all;
}

/** Which versions differ between two `othersContent` snapshots: added, removed or changed. */
export function changedVersions(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  const fieldsChanged = (key: string) => {
    const [a, b] = [JSON.parse(before.get(key)!), JSON.parse(after.get(key)!)] as Record<string, unknown>[];
    return Object.keys({ ...a, ...b }).filter((f) => JSON.stringify(a![f]) !== JSON.stringify(b![f])).map((f) => `${f}: ${JSON.stringify(a![f])} → ${JSON.stringify(b![f])}`);
  };
  return [...keys]
    .filter((key) => before.get(key) !== after.get(key))
    .map((key) => `${key} ${!before.has(key) ? 'added' : !after.has(key) ? 'removed' : `changed (${fieldsChanged(key).join(', ')})`}`);
}
