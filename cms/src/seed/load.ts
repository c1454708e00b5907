/**
 * Reads and validates cms/seed/*.json. A bad record fails the whole load with its file and
 * field named, before anything is written. Translations of the records: translations.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { seedFileSchema, type SeedCollection, type SeedFile } from './schema';
import { translationName, translationProblem, translationsSchema, type TranslatableCollection, type TranslationRecord } from './translations';

export class SeedError extends Error {}

export interface SeedRecord<C extends SeedCollection = SeedCollection> {
  file: string;
  index: number;
  data: NonNullable<SeedFile[C]>[number];
}

export type SeedSet = { [C in SeedCollection]: SeedRecord<C>[] } & { translations: TranslationRecord[] };

const fileSchema = seedFileSchema.extend({ translations: translationsSchema.optional() });

/** Fields that hold slugs of other records, per collection, and the collection they point to. */
export const references: Partial<Record<SeedCollection, Record<string, SeedCollection>>> = {
  contacts: { organisation: 'organisations' },
  agreements: { parties: 'organisations', 'office.contacts': 'contacts' },
  collaborationAreas: { agreement: 'agreements' },
  projects: { leadOrganisation: 'organisations', partners: 'organisations' },
  councils: {
    members: 'organisations',
    'preparationGroup.chair': 'contacts',
    strategy: 'strategies',
    membershipContact: 'contacts',
  },
  networks: { convener: 'contacts' },
  events: { contact: 'contacts' },
  articles: { strategy: 'strategies', contacts: 'contacts' },
};

const collections = Object.keys(seedFileSchema.shape).filter((key) => key !== 'about') as SeedCollection[];

/** What identifies a record: its slug, or for the accessibility statement (one per county) its county. */
export function identityOf(collection: SeedCollection, data: object): { field: 'slug' | 'owner'; value: string } {
  const record = data as { slug?: string; owner?: string };
  return collection === 'accessibilityStatements' ? { field: 'owner', value: record.owner! } : { field: 'slug', value: record.slug! };
}

/** The record an issue is about, named by its slug or county (a translation also by its language), when the file gives one: " (dalarna)". */
function recordName(json: unknown, issuePath: readonly PropertyKey[]): string {
  const inTranslations = issuePath[0] === 'translations';
  const [collection, index] = inTranslations ? issuePath.slice(1) : issuePath;
  const holder = (inTranslations ? (json as Record<string, unknown> | null)?.['translations'] : json) as Record<string, unknown[]> | null | undefined;
  const record = holder?.[collection as string]?.[index as number] as { slug?: unknown; owner?: unknown; locale?: unknown } | undefined;
  const name = typeof record?.slug === 'string' ? record.slug : typeof record?.owner === 'string' ? `county ${record.owner}` : undefined;
  const locale = inTranslations && typeof record?.locale === 'string' ? `, ${record.locale}` : '';
  return typeof index === 'number' && name ? ` (${name}${locale})` : '';
}

function emptySet(): SeedSet {
  return { ...Object.fromEntries(collections.map((c) => [c, []])), translations: [] } as unknown as SeedSet;
}

function formatPath(parts: readonly PropertyKey[]): string {
  return parts.reduce<string>(
    (out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)),
    '',
  );
}

function valuesAt(record: unknown, dotted: string): string[] {
  const value = dotted.split('.').reduce<unknown>((obj, key) => (obj as Record<string, unknown> | undefined)?.[key], record);
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? (value as string[]) : [value as string];
}

export function loadSeed(dir: string): SeedSet {
  const set = emptySet();
  const files = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort();
  if (files.length === 0) throw new SeedError(`${dir}: no seed files (*.json) found`);

  for (const name of files) {
    const file = path.join(dir, name);
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      throw new SeedError(`${file}: not valid JSON: ${(error as Error).message}`);
    }
    const parsed = fileSchema.safeParse(json);
    if (!parsed.success) {
      const lines = parsed.error.issues.map((issue) => `  ${formatPath(issue.path) || '(file)'}${recordName(json, issue.path)}: ${issue.message}`);
      throw new SeedError(`${file}: invalid seed data\n${lines.join('\n')}`);
    }
    for (const collection of collections) {
      (parsed.data[collection] ?? []).forEach((data, index) => {
        (set[collection] as SeedRecord[]).push({ file, index, data });
      });
    }
    for (const [collection, list] of Object.entries(parsed.data.translations ?? {})) {
      (list ?? []).forEach((data, index) => {
        set.translations.push({ file, collection: collection as TranslatableCollection, index, data: data as TranslationRecord['data'] });
      });
    }
  }

  checkSlugs(set);
  checkTranslations(set);
  return set;
}

function checkTranslations(set: SeedSet): void {
  const seen = new Set<string>();
  for (const translation of set.translations) {
    const swedish = (set[translation.collection] as SeedRecord[]).find((r) => identityOf(translation.collection, r.data).value === translation.data.slug);
    const problem = translationProblem(translation, swedish?.data as Record<string, unknown> | undefined, seen);
    if (problem) throw new SeedError(`${translation.file}: ${translationName(translation)}: ${problem}`);
  }
}

function checkSlugs(set: SeedSet): void {
  const slugs = new Map<SeedCollection, Set<string>>();
  for (const collection of collections) {
    const seen = new Set<string>();
    for (const record of set[collection] as SeedRecord[]) {
      const { field, value } = identityOf(collection, record.data);
      if (seen.has(value)) {
        throw new SeedError(`${record.file}: ${collection}[${record.index}].${field}: duplicate ${field} "${value}"${field === 'owner' ? ': a county has one' : ''}`);
      }
      seen.add(value);
    }
    slugs.set(collection, seen);
  }
  for (const [collection, fields] of Object.entries(references) as [SeedCollection, Record<string, SeedCollection>][]) {
    for (const record of set[collection] as SeedRecord[]) {
      for (const [field, target] of Object.entries(fields)) {
        for (const slug of valuesAt(record.data, field)) {
          if (!slugs.get(target)?.has(slug)) {
            throw new SeedError(
              `${record.file}: ${collection}[${record.index}].${field}: no ${target} record has the slug "${slug}"`,
            );
          }
        }
      }
    }
  }
}
