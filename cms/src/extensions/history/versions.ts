/**
 * Revision history of the federated types: a version is the whole document (every attribute;
 * relations as documentIds, media as file ids, components in full) of the draft or published
 * entry after an action, with who, when, which action and which fields changed since the
 * entry's previous version. Stored in a plain table (like the audit log: nothing in Strapi's
 * APIs reaches it); an admin page can read it through routes.ts.
 */
import type { Core, UID } from '@strapi/strapi';
import { SOURCE_LANGUAGE } from '@lansportalen/shared/languages';
import { canonicalJson } from '../audit/chain';
import { createTableOnce } from '../audit/tables';
import { LOCAL_VERSION_FIELDS } from '../federation/visibility';

export const HISTORY_TABLE = 'lansportalen_history_versions';

type Attribute = Record<string, any>;
type Attributes = Record<string, Attribute>;
export type Snapshot = Record<string, unknown>;

export interface VersionRow {
  id: number;
  uid: string;
  document_id: string;
  locale: string | null;
  status: 'draft' | 'published';
  action: string;
  county: string | null;
  actor_id: number | null;
  actor_email: string | null;
  created_at: string;
  changed_fields: string;
  data: string;
}

export async function ensureHistoryTable(strapi: Core.Strapi): Promise<void> {
  await createTableOnce(strapi, HISTORY_TABLE, (table) => {
    table.increments('id');
    table.string('uid').notNullable();
    table.string('document_id').notNullable();
    table.string('locale');
    table.string('status', 16).notNullable();
    table.string('action').notNullable();
    table.string('county');
    table.integer('actor_id');
    table.string('actor_email');
    table.string('created_at', 32).notNullable();
    table.text('changed_fields').notNullable();
    table.text('data', 'longtext').notNullable();
    table.index(['uid', 'document_id']);
    table.index(['created_at']);
  });
}

/** Attributes Strapi keeps itself, and a local version's links (local-versions/links.ts): not part of what an editor wrote. */
const SYSTEM = new Set(['id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'createdBy', 'updatedBy', 'locale', 'localizations', ...LOCAL_VERSION_FIELDS]);

const attributesOf = (strapi: Core.Strapi, uid: string): Attributes =>
  ((strapi.getModel(uid as never) as unknown as { attributes: Attributes } | undefined)?.attributes ?? {}) as Attributes;

/** What to populate so that a document loads whole. */
function populateFor(strapi: Core.Strapi, uid: string): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(attributesOf(strapi, uid)).flatMap(([name, a]): [string, unknown][] => {
      if (SYSTEM.has(name)) return [];
      if (a.type === 'relation') return [[name, { fields: ['documentId'] }]];
      if (a.type === 'media') return [[name, { fields: ['id'] }]];
      if (a.type === 'component') return [[name, { populate: populateFor(strapi, a.component) }]];
      if (a.type === 'dynamiczone') {
        return [[name, { on: Object.fromEntries((a.components as string[]).map((c) => [c, { populate: populateFor(strapi, c) }])) }]];
      }
      return [];
    }),
  );
}

const ids = (value: unknown, key: 'documentId' | 'id'): unknown =>
  Array.isArray(value) ? value.map((v) => (v as Record<string, unknown>)[key]) : value ? (value as Record<string, unknown>)[key] : null;

/** A loaded document (or component) as a snapshot: editor-written attributes only, references by id. */
function toSnapshot(strapi: Core.Strapi, uid: string, entry: Record<string, unknown>): Snapshot {
  return Object.fromEntries(
    Object.entries(attributesOf(strapi, uid)).flatMap(([name, a]): [string, unknown][] => {
      if (SYSTEM.has(name)) return [];
      const value = entry[name];
      if (a.type === 'relation') return [[name, ids(value, 'documentId') ?? null]];
      if (a.type === 'media') return [[name, ids(value, 'id') ?? null]];
      if (a.type === 'component') {
        const one = (v: unknown) => (v ? toSnapshot(strapi, a.component, v as Record<string, unknown>) : null);
        return [[name, a.repeatable ? ((value as unknown[] | null) ?? []).map(one) : one(value)]];
      }
      if (a.type === 'dynamiczone') {
        const items = (value as { __component: string }[] | null) ?? [];
        return [[name, items.map((item) => ({ __component: item.__component, ...toSnapshot(strapi, item.__component, item) }))]];
      }
      return [[name, value ?? null]];
    }),
  );
}

/**
 * The locale a version is of: only localized types have one (others ignore whatever a caller
 * passed); a call that names none is about the default locale, Swedish, as in the document service.
 */
export function versionLocale(strapi: Core.Strapi, uid: string, ...candidates: unknown[]): string | null {
  const model = strapi.getModel(uid as never) as unknown as { pluginOptions?: { i18n?: { localized?: boolean } } } | undefined;
  if (!model?.pluginOptions?.i18n?.localized) return null;
  return (candidates.find((c) => typeof c === 'string' && c !== '*') as string | undefined) ?? SOURCE_LANGUAGE;
}

/** The draft or published version of a document as a snapshot, or null if there is none. */
export async function loadSnapshot(
  strapi: Core.Strapi,
  uid: string,
  documentId: string,
  status: 'draft' | 'published',
  locale?: string | null,
): Promise<Snapshot | null> {
  const entry = await strapi.documents(uid as UID.ContentType).findOne({
    documentId,
    status,
    ...(locale ? { locale } : {}),
    populate: populateFor(strapi, uid),
  } as never);
  return entry ? toSnapshot(strapi, uid, entry as Record<string, unknown>) : null;
}

/** The top-level fields whose values differ between two snapshots. */
export function changedFields(before: Snapshot | null, after: Snapshot): string[] {
  const names = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after)])].sort();
  return names.filter((name) => canonicalJson(before?.[name] ?? null) !== canonicalJson(after[name] ?? null));
}

/** Field by field: the fields that differ, with both values. */
export function compare(a: Snapshot, b: Snapshot): { field: string; from: unknown; to: unknown }[] {
  return changedFields(a, b).map((field) => ({ field, from: a[field] ?? null, to: b[field] ?? null }));
}

/** A snapshot as document service input: relations by documentId, media by id, components whole. */
export function toInput(strapi: Core.Strapi, uid: string, snapshot: Snapshot): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(attributesOf(strapi, uid)).flatMap(([name, a]): [string, unknown][] => {
      if (SYSTEM.has(name) || !(name in snapshot)) return [];
      const value = snapshot[name];
      if (a.type === 'relation') {
        const list = Array.isArray(value) ? value : value ? [value] : [];
        return [[name, { set: list.map((documentId) => ({ documentId })) }]];
      }
      if (a.type === 'component') {
        const one = (v: unknown) => (v ? toInput(strapi, a.component, v as Snapshot) : null);
        return [[name, a.repeatable ? ((value as unknown[] | null) ?? []).map(one) : one(value)]];
      }
      if (a.type === 'dynamiczone') {
        const items = (value as Snapshot[] | null) ?? [];
        return [[name, items.map((item) => ({ __component: item.__component, ...toInput(strapi, String(item.__component), item) }))]];
      }
      return [[name, value]];
    }),
  );
}

/** Deletes versions older than `days` days (0: keep everything); returns how many. */
export async function pruneHistory(strapi: Core.Strapi, days: number): Promise<number> {
  if (!days) return 0;
  const before = new Date(Date.now() - days * 24 * 60 * 60 * 1000).toISOString();
  return strapi.db.connection(HISTORY_TABLE).where('created_at', '<', before).delete();
}
