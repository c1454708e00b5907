/**
 * Writes a validated seed set into the CMS, published. Records are matched by slug (a statement
 * by its county): one that exists already is left exactly as it is, so a second run changes nothing.
 */
import type { Core, UID } from '@strapi/strapi';
import { toBlocks } from './rich-text';
import { identityOf, references, type SeedRecord, type SeedSet } from './load';
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
      const data = structuredClone(record.data) as Data;
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
  return result;
}

export const seededTypes = targets.map(([, uid]) => uid);
