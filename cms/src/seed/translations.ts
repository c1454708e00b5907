/**
 * Translations in the seed files (`translations`): one record is one language version of a Swedish
 * seed entry, named by its collection and slug. It gives the entry's localized fields in that
 * language and nothing else: what is the document's (slug, owner, sharing, relations, dates) is
 * taken from the Swedish entry, as the CMS does for every translation (federation/locales.ts).
 * The site shows a translation instead of its Swedish entry, whole, so a translation gives every
 * localized field the Swedish entry has; a field left out would be missing in that language.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { portalLanguages } from '@lansportalen/shared/counties';
import { SOURCE_LANGUAGE } from '@lansportalen/shared/languages';
import { federatedCollections } from '../extensions/federation/visibility';
import { seedFileSchema, type SeedCollection } from './schema';

type ContentType = { info: { singularName: string }; attributes: Record<string, { type: string; pluginOptions?: { i18n?: { localized?: boolean } } }> };

/** A content type's schema as its folder holds it: api/<name>/content-types/<name>/schema.json. */
function contentTypeOf(uid: string): ContentType {
  const name = uid.slice(uid.lastIndexOf('.') + 1);
  return JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'api', name, 'content-types', name, 'schema.json'), 'utf8')) as ContentType;
}

/**
 * The localized seed collections: the federated types, every one translatable (the same list as
 * federation/locales.ts), each with its seed record schema and its content type.
 */
const translatable = new Map<SeedCollection, [z.ZodObject, ContentType]>(
  federatedCollections.map(({ field, uid }) => {
    const list = seedFileSchema.shape[field as SeedCollection] as z.ZodOptional<z.ZodArray<z.ZodObject>> | undefined;
    if (!list) throw new Error(`cms/src/seed/schema.ts: no seed collection "${field}" for the federated type ${uid}`);
    return [field as SeedCollection, [list.unwrap().element, contentTypeOf(uid)]];
  }),
);

/** A seed collection that has translations: a federated type's `field`. */
export type TranslatableCollection = SeedCollection;

/** The fields a translation writes: the content type's localized ones that the seed record has, except the mark. */
export function translatedFields(collection: TranslatableCollection): string[] {
  const [record, type] = translatable.get(collection)!;
  return Object.entries(type.attributes)
    .filter(([name, attribute]) => attribute.pluginOptions?.i18n?.localized === true && name !== 'demo' && name in record.shape)
    .map(([name]) => name);
}

const locales = portalLanguages().filter((code) => code !== SOURCE_LANGUAGE) as [string, ...string[]];

function translationSchema(collection: TranslatableCollection) {
  const [record, type] = translatable.get(collection)!;
  const fields = translatedFields(collection);
  const shape = Object.fromEntries(fields.map((name) => [name, (record.shape[name] as z.ZodType).optional()]));
  const known = new Set(['slug', 'locale', 'demo', ...fields]);
  return z
    .looseObject({
      /** The Swedish entry's slug. */
      slug: record.shape['slug'] as z.ZodString,
      locale: z.enum(locales, { message: `a translation is in one of the portal's other languages: ${locales.join(', ')}` }),
      /** Written by the project to show a feature, not by a county board: marked so in the CMS, per language. */
      demo: z.boolean().default(false),
      ...shape,
    })
    .superRefine((value, ctx) => {
      for (const key of Object.keys(value).filter((k) => !known.has(k))) {
        const why = key in type.attributes ? `not translated: it is the same in every language (not localized in ${type.info.singularName})` : `no such field in ${type.info.singularName}`;
        ctx.addIssue({ code: 'custom', path: [key], message: `${why}; a translation gives ${fields.join(', ')}` });
      }
    });
}

export const translationsSchema = z.strictObject(
  Object.fromEntries([...translatable.keys()].map((c) => [c, z.array(translationSchema(c)).optional()])) as Record<
    TranslatableCollection,
    z.ZodOptional<z.ZodArray<ReturnType<typeof translationSchema>>>
  >,
);

export interface TranslationRecord {
  file: string;
  collection: TranslatableCollection;
  index: number;
  data: { slug: string; locale: string; demo: boolean } & Record<string, unknown>;
}

/** How a translation is named in an error: "translations.pages[2] (integration, ar)". */
export const translationName = (t: TranslationRecord) => `translations.${t.collection}[${t.index}] (${t.data.slug}, ${t.data.locale})`;

const hasValue = (value: unknown) => value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);

/**
 * What the loader can only check with every file read: each translation has its Swedish seed entry,
 * is the only one in its language, and gives every localized field that entry has. Returns the problem.
 */
export function translationProblem(translation: TranslationRecord, swedish: Record<string, unknown> | undefined, seen: Set<string>): string | undefined {
  const { collection, data } = translation;
  if (!swedish) return `no ${collection} record has the slug "${data.slug}": a translation is made of a Swedish seed entry`;
  if (swedish['easyToRead'] === true) return 'a lättläst page is Swedish only (webbriktlinjer R12): it has no translations';
  const key = `${collection}/${data.slug}/${data.locale}`;
  if (seen.has(key)) return `a second ${data.locale} translation of ${collection} "${data.slug}"`;
  seen.add(key);
  const missing = translatedFields(collection).filter((field) => hasValue(swedish[field]) && !hasValue(data[field]));
  if (missing.length > 0) {
    return `${missing.join(', ')} missing: the Swedish entry has ${missing.length === 1 ? 'it' : 'them'}, and the site shows the translation instead of the whole entry`;
  }
  return undefined;
}

/**
 * The Swedish seed record with the translation's fields in its place, ready for the import. A
 * component keeps the Swedish entry's relations (`relations`: dotted slug fields such as
 * `preparationGroup.chair`; they are the document's), its text is the translation's.
 */
export function translatedRecord(swedish: Record<string, unknown>, translation: TranslationRecord, relations: string[]): Record<string, unknown> {
  const merged: Record<string, unknown> = structuredClone(swedish);
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  for (const field of translatedFields(translation.collection)) {
    const value = structuredClone(translation.data[field]);
    if (value === undefined) continue;
    const source = merged[field];
    if (isObject(source) && isObject(value)) {
      for (const dotted of relations.filter((r) => r.startsWith(`${field}.`))) value[dotted.slice(field.length + 1)] = source[dotted.slice(field.length + 1)];
    }
    merged[field] = value;
  }
  merged['demo'] = translation.data.demo;
  return merged;
}
