/**
 * The publish archive's storage: two plain tables (like the audit log and the history, nothing in
 * Strapi's APIs reaches them), append-only, never pruned.
 * - `lansportalen_archive_content`: the published document (as the history stores it, JSON) of
 *   each publish, and the last published one at each unpublish and delete, with the county sites
 *   that showed it.
 * - `lansportalen_archive_pages`: per county site, the HTML of each page a render changed (by
 *   hash), and a tombstone (`removed`) when a page disappeared.
 * With ARCHIVE_DIR, a page's HTML is a file named by its hash in that folder (`ab/abcdef….html`,
 * written once, shared by every page and render with the same HTML) and the row's `html` is null.
 * A snapshot at a moment T takes, per entry and per page, the latest record at or before T.
 * Plain knex, no Strapi: the CMS (routes.ts) and `npm run archive` (scripts/archive.ts) share it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { sha256 } from '@lansportalen/shared/archive';

export const ARCHIVE_CONTENT_TABLE = 'lansportalen_archive_content';
export const ARCHIVE_PAGES_TABLE = 'lansportalen_archive_pages';

export type ContentAction = 'publish' | 'unpublish' | 'delete';

export interface ContentRow {
  id: number;
  at: string;
  uid: string;
  document_id: string;
  locale: string | null;
  action: ContentAction;
  /** The county sites showing the entry, as `,dalarna,varmland,` (so that LIKE '%,slug,%' finds one). */
  counties: string;
  data: string;
}

export interface PageRow {
  id: number;
  at: string;
  county: string;
  path: string;
  action: 'render' | 'removed';
  hash: string | null;
  html: string | null;
}

export function contentTable(table: Knex.CreateTableBuilder): void {
  table.increments('id');
  table.string('at', 32).notNullable();
  table.string('uid').notNullable();
  table.string('document_id').notNullable();
  table.string('locale');
  table.string('action', 16).notNullable();
  table.text('counties').notNullable();
  table.text('data', 'longtext').notNullable();
  table.index(['uid', 'document_id']);
  table.index(['at']);
}

export function pagesTable(table: Knex.CreateTableBuilder): void {
  table.increments('id');
  table.string('at', 32).notNullable();
  table.string('county').notNullable();
  table.string('path', 1024).notNullable();
  table.string('action', 16).notNullable();
  table.string('hash', 64);
  table.text('html', 'longtext');
  table.index(['county', 'path']);
  table.index(['county', 'at']);
}

export const countiesColumn = (slugs: string[]) => `,${[...slugs].sort().join(',')},`;

export interface Snapshot {
  county: string;
  at: string;
  pages: { path: string; hash: string; since: string; id: number }[];
  content: { uid: string; documentId: string; locale: string | null; since: string; id: number }[];
}

/** The newest record per key (at or before `at`): ids of a subquery, so that one query answers. */
const newest = (knex: Knex, table: string, at: string, key: string[], where: Record<string, string> = {}) =>
  knex(table).max('id').where(where).andWhere('at', '<=', at).groupBy(key);

/** The pages of a county site and the content it showed, as they were at `at` (ISO 8601, UTC). */
export async function snapshotAt(knex: Knex, county: string, at: string): Promise<Snapshot> {
  const pages = (await knex(ARCHIVE_PAGES_TABLE)
    .select('id', 'path', 'hash', 'at')
    .whereIn('id', newest(knex, ARCHIVE_PAGES_TABLE, at, ['path'], { county }))
    .andWhere({ action: 'render' })
    .orderBy('path')) as Pick<PageRow, 'id' | 'path' | 'hash' | 'at'>[];
  const content = (await knex(ARCHIVE_CONTENT_TABLE)
    .select('id', 'uid', 'document_id', 'locale', 'at')
    .whereIn('id', newest(knex, ARCHIVE_CONTENT_TABLE, at, ['uid', 'document_id', 'locale']))
    .andWhere({ action: 'publish' })
    .andWhere('counties', 'like', `%,${county},%`)
    .orderBy(['uid', 'document_id', 'locale'])) as Pick<ContentRow, 'id' | 'uid' | 'document_id' | 'locale' | 'at'>[];
  return {
    county,
    at,
    pages: pages.map((p) => ({ id: Number(p.id), path: p.path, hash: p.hash!, since: p.at })),
    content: content.map((c) => ({ id: Number(c.id), uid: c.uid, documentId: c.document_id, locale: c.locale, since: c.at })),
  };
}

/** One page of a snapshot, with its HTML, or undefined if the site had no such page then. */
export async function pageAt(knex: Knex, county: string, at: string, path: string): Promise<PageRow | undefined> {
  const row = (await knex(ARCHIVE_PAGES_TABLE).where({ county, path }).andWhere('at', '<=', at).orderBy('id', 'desc').first()) as PageRow | undefined;
  return row?.action === 'render' ? row : undefined;
}

export async function contentRow(knex: Knex, id: number): Promise<ContentRow | undefined> {
  return (await knex(ARCHIVE_CONTENT_TABLE).where({ id }).first()) as ContentRow | undefined;
}

/** Where a page body with this hash lives in the archive folder. */
const bodyFile = (dir: string, hash: string) => path.join(dir, hash.slice(0, 2), `${hash}.html`);

/** A page's HTML: in its row, or (stored with ARCHIVE_DIR) in the archive folder. */
export function bodyOf(row: Pick<PageRow, 'html' | 'hash'>, dir: string): string {
  if (row.html !== null || !row.hash) return row.html ?? '';
  if (!dir) throw new Error(`the page with hash ${row.hash} is stored in a folder: set ARCHIVE_DIR`);
  return fs.readFileSync(bodyFile(dir, row.hash), 'utf8');
}

export async function htmlOf(knex: Knex, id: number, dir: string): Promise<string> {
  const row = (await knex(ARCHIVE_PAGES_TABLE).where({ id }).first('html', 'hash')) as Pick<PageRow, 'html' | 'hash'> | undefined;
  return row ? bodyOf(row, dir) : '';
}

/** Writes a body into the archive folder once (by way of a temporary file, so a reader never sees half of it). */
function storeBody(dir: string, hash: string, html: string): void {
  const file = bodyFile(dir, hash);
  if (fs.existsSync(file)) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(temporary, html);
  fs.renameSync(temporary, file);
}

/** The latest record of every page the archive holds for a county (rendered or removed). */
async function latestPages(knex: Knex, county: string): Promise<Map<string, Pick<PageRow, 'path' | 'action' | 'hash'>>> {
  const rows = (await knex(ARCHIVE_PAGES_TABLE)
    .select('path', 'action', 'hash')
    .whereIn('id', knex(ARCHIVE_PAGES_TABLE).max('id').where({ county }).groupBy('path'))) as Pick<PageRow, 'path' | 'action' | 'hash'>[];
  return new Map(rows.map((r) => [r.path, r]));
}

export interface PageBatch {
  /** ARCHIVE_DIR, or empty for the database. */
  dir: string;
  county: string;
  at: string;
  pages: { path: string; html: string }[];
  removed: string[];
  present?: string[];
}

/**
 * Appends a render's pages: a page whose hash equals the archive's latest for its path is skipped
 * (a publisher that restarted sends every page again), a removed page gets a tombstone, and with
 * `present` every page the archive still holds that is not present is ended too.
 */
export async function appendPages(knex: Knex, batch: PageBatch): Promise<{ stored: number; removed: number }> {
  return knex.transaction(async (trx) => {
    const latest = await latestPages(trx, batch.county);
    const rows: Omit<PageRow, 'id'>[] = [];
    for (const page of batch.pages) {
      const hash = sha256(page.html);
      const last = latest.get(page.path);
      if (last?.action === 'render' && last.hash === hash) continue;
      if (batch.dir) storeBody(batch.dir, hash, page.html);
      rows.push({ at: batch.at, county: batch.county, path: page.path, action: 'render', hash, html: batch.dir ? null : page.html });
    }
    const stored = rows.length;
    const present = batch.present ? new Set(batch.present) : undefined;
    const gone = new Set(batch.removed);
    if (present) for (const path of latest.keys()) if (!present.has(path)) gone.add(path);
    for (const path of gone) {
      if (latest.get(path)?.action !== 'render') continue;
      rows.push({ at: batch.at, county: batch.county, path, action: 'removed', hash: null, html: null });
    }
    // Small chunks: SQLite allows at most 999 bound values per statement.
    for (let i = 0; i < rows.length; i += 100) await trx(ARCHIVE_PAGES_TABLE).insert(rows.slice(i, i + 100));
    return { stored, removed: rows.length - stored };
  });
}
