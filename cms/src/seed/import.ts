/**
 * Writes a validated seed set into the CMS, published. Records are matched by slug (a statement
 * by its county): one that exists already is left exactly as it is, so a second run changes nothing.
 * Then the translations: each a locale of its Swedish document, published when that is, and left
 * as it is once that locale exists.
 */
import type { Core, UID } from '@strapi/strapi';
import { SOURCE_LANGUAGE } from '@lansportalen/shared/languages';
import { toBlocks } from './rich-text';
import { identityOf, references, type SeedRecord, type SeedSet } from './load';
import { translatedRecord, translationName, type TranslationRecord } from './translations';
import type { RichText, SeedCollection } from './schema';

/** Import order (targets before the records that point to them) and content type of each collection. */
const targets: [SeedCollection, UID.ContentType][] = [
  ['organisations', 'api::organisation.organisation'],
  ['contacts', 'api::contact.contact'],
  ['strategies', 'api::strategy.strategy'],
  ['agreements', 'api::agreement.agreement'],
  ['collaborationAreas', 'api::collaboration-area.collaboration-area'],
  ['projects', 'api::project.project'],
  ['policyDocuments', 'api::policy-document.policy-document'],
  ['councils', 'api::council.council'],
  ['networks', 'api::network.network'],
  ['events', 'api::event.event'],
  ['alerts', 'api::alert.alert'],
  ['articles', 'api::article.article'],
  ['pages', 'api::page.page'],
  ['accessibilityStatements', 'api::accessibility-statement.accessibility-statement'],
];

const richTextFields: Partial<Record<SeedCollection, string[]>> = {
  strategies: ['summary'],
  agreements: ['body', 'declarationOfIntent', 'principles', 'office.description'],
  collaborationAreas: ['body'],
  projects: ['purpose'],
  policyDocuments: ['summary'],
  councils: ['description', 'successorNote', 'preparationGroup.description'],
  events: ['body'],
  articles: ['body'],
  pages: ['body'],
  accessibilityStatements: ['intro', 'exemptions'],
};

export interface SeedResult {
  created: number;
  unchanged: number;
}

type Data = Record<string, unknown>;

/** Applies `fn` to the value at a dotted path, when there is one. */
function update(data: Data, dotted: string, fn: (value: unknown) => unknown): void {
  const keys = dotted.split('.');
  const last = keys.pop() as string;
  const holder = keys.reduce<Data | undefined>((obj, key) => obj?.[key] as Data | undefined, data);
  if (holder && holder[last] !== undefined) holder[last] = fn(holder[last]);
}

export async function importSeed(
  strapi: Core.Strapi,
  set: SeedSet,
  countyIds: ReadonlyMap<string, string>,
): Promise<SeedResult> {
  const ids = new Map<SeedCollection, Map<string, string>>();
  const result: SeedResult = { created: 0, unchanged: 0 };
  const countyId = (slug: string) => countyIds.get(slug) as string;

  for (const [collection, uid] of targets) {
    const known = new Map<string, string>();
    ids.set(collection, known);
    for (const record of set[collection] as SeedRecord[]) {
      const { field, value } = identityOf(collection, record.data);
      const filter = field === 'owner' ? { owner: { slug: { $eq: value } } } : { slug: { $eq: value } };
      const existing = await strapi.documents(uid).findFirst({ filters: filter } as never);
      if (existing) {
        known.set(value, existing.documentId);
        result.unchanged += 1;
        continue;
      }
      const data = toCmsData(collection, record.data as Data, ids, countyId);
      try {
        const created = await strapi.documents(uid).create({ data, status: 'published' } as never);
        known.set(value, created.documentId);
        result.created += 1;
      } catch (error) {
        const details = (error as { details?: unknown }).details;
        throw new Error(
          `${record.file}: ${collection}[${record.index}] (${field === 'owner' ? `county ${value}` : value}) was refused by the CMS: ${(error as Error).message}` +
            (details ? ` ${JSON.stringify(details)}` : ''),
        );
      }
    }
  }
  // In import order too: a translation's relations point to the translations of their targets.
  const order = (t: TranslationRecord) => targets.findIndex(([c]) => c === t.collection);
  for (const translation of [...set.translations].sort((a, b) => order(a) - order(b))) {
    await importTranslation(strapi, translation, set, ids, countyId, result);
  }
  return result;
}

type Ids = Map<SeedCollection, Map<string, string>>;

/** A seed record as the CMS takes it: rich text in blocks, slugs of other records and counties as their ids. */
function toCmsData(collection: SeedCollection, record: Data, ids: Ids, countyId: (slug: string) => string): Data {
  const data = structuredClone(record);
  for (const field of richTextFields[collection] ?? []) update(data, field, (v) => toBlocks(v as RichText));
  for (const [field, target] of Object.entries(references[collection] ?? {})) {
    const lookup = (slug: unknown) => ids.get(target)?.get(slug as string);
    update(data, field, (v) => (Array.isArray(v) ? v.map(lookup) : lookup(v)));
  }
  if ('owner' in data) data.owner = data.owner ? countyId(data.owner as string) : null;
  if ('sharedWith' in data) data.sharedWith = (data.sharedWith as string[]).map(countyId);
  if (collection === 'organisations' && data.county) data.county = countyId(data.county as string);
  if (collection === 'strategies') {
    update(data, 'goalAreas', (areas) =>
      (areas as { goals: { title: string; subGoals: string[] }[] }[]).map((area) => ({
        ...area,
        goals: area.goals.map((goal) => ({ ...goal, subGoals: goal.subGoals.map((title) => ({ title })) })),
      })),
    );
  }
  return data;
}

/** Writes one translation as a locale of its Swedish document, unless that locale exists already. */
async function importTranslation(strapi: Core.Strapi, translation: TranslationRecord, set: SeedSet, ids: Ids, countyId: (slug: string) => string, result: SeedResult) {
  const { collection, data: { slug, locale } } = translation;
  const uid = targets.find(([c]) => c === collection)![1];
  const documentId = ids.get(collection)!.get(slug)!;
  const documents = strapi.documents(uid);
  if (await documents.findFirst({ filters: { documentId: { $eq: documentId } }, locale } as never)) {
    result.unchanged += 1;
    return;
  }
  const swedish = (set[collection] as SeedRecord[]).find((r) => identityOf(collection, r.data).value === slug)!.data as Data;
  const record = translatedRecord(swedish, translation, Object.keys(references[collection] ?? {}));
  const published = await documents.findFirst({ filters: { documentId: { $eq: documentId } }, locale: SOURCE_LANGUAGE, status: 'published' } as never);
  try {
    await documents.update({ documentId, locale, data: toCmsData(collection, record, ids, countyId) } as never);
    if (published) await documents.publish({ documentId, locale } as never);
    result.created += 1;
  } catch (error) {
    const details = (error as { details?: unknown }).details;
    throw new Error(
      `${translation.file}: ${translationName(translation)} was refused by the CMS: ${(error as Error).message}` + (details ? ` ${JSON.stringify(details)}` : ''),
    );
  }
}

export const seededTypes = targets.map(([, uid]) => uid);
