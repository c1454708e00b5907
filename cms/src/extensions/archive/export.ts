/**
 * The archive's open export format: a county site as it was at a moment, as a dated folder tree
 * of plain files (documented in docs/decisions.md):
 *   <out>/<county>/<at>/manifest.json                       what is where (format, version, moment, hashes)
 *   <out>/<county>/<at>/pages/<path>                        each page's HTML, in the site's own layout
 *   <out>/<county>/<at>/content/<type>/<documentId>.json    each published document the site showed
 * `<at>` is the moment in UTC without colons (2026-05-25T120000.000Z); `<type>` is the content
 * type's uid without colons (api.page.page); a localized document's file ends in .<locale>.json.
 * Used by `npm run archive` (scripts/archive.ts). Plain knex, no Strapi.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { pagePath } from '@lansportalen/shared/archive';
import { contentRow, htmlOf, snapshotAt } from './store';

export const EXPORT_FORMAT = { name: 'lansportalen-publish-archive', version: 1 } as const;

export const folderMoment = (at: string) => at.replace(/:/g, '');
const typeFolder = (uid: string) => uid.replace('::', '.');

export interface ExportResult {
  dir: string;
  pages: number;
  content: number;
}

/** `archiveDir`: ARCHIVE_DIR, where pages stored as files are (empty: every page is in the database). */
export async function exportSnapshot(knex: Knex, county: string, at: string, out: string, archiveDir: string): Promise<ExportResult> {
  const snapshot = await snapshotAt(knex, county, at);
  const dir = path.join(out, county, folderMoment(at));
  fs.rmSync(dir, { recursive: true, force: true });
  const write = (relative: string, text: string) => {
    const file = path.join(dir, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  };
  const pages = [];
  for (const page of snapshot.pages) {
    const file = `pages/${pagePath.parse(page.path)}`;
    write(file, await htmlOf(knex, page.id, archiveDir));
    pages.push({ path: page.path, file, sha256: page.hash, since: page.since });
  }
  const content = [];
  for (const entry of snapshot.content) {
    const row = (await contentRow(knex, entry.id))!;
    const file = `content/${typeFolder(entry.uid)}/${entry.documentId}${entry.locale ? `.${entry.locale}` : ''}.json`;
    const document = { uid: entry.uid, documentId: entry.documentId, locale: entry.locale, publishedSince: entry.since, data: JSON.parse(row.data) as unknown };
    write(file, `${JSON.stringify(document, null, 2)}\n`);
    content.push({ uid: entry.uid, documentId: entry.documentId, locale: entry.locale, file, since: entry.since });
  }
  const manifest = {
    format: EXPORT_FORMAT.name,
    version: EXPORT_FORMAT.version,
    county,
    at,
    exportedAt: new Date().toISOString(),
    description:
      'The county site as it was published at `at`: pages/ holds each page\'s HTML in the site\'s path layout, ' +
      'content/ each published document the site showed (JSON); `since` is when that version became public.',
    pages,
    content,
  };
  write('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  return { dir, pages: pages.length, content: content.length };
}
