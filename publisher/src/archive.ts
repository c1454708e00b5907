/**
 * Sends each successful render's changed pages to the CMS's publish archive
 * (@lansportalen/shared/archive): the HTML files of the new render compared by hash with the
 * previous render's; on a site's first render in this process (or after a send failed) every page
 * goes, with the full list of paths, and the CMS skips what it already holds and ends what is gone.
 * The CMS is the archive's only writer, so any number of CMS instances share one archive.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ARCHIVE_BATCH_BYTES, ARCHIVE_ROUTE, ARCHIVE_TOKEN_HEADER, archiveToken, sha256, type ArchiveBatch } from '@lansportalen/shared/archive';

/** Every .html file under `dir`, by its path relative to it (with /). */
function htmlFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.html')) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, full).split(path.sep).join('/'), full);
  }
  return files;
}

const hashes = (files: Map<string, string>) => new Map([...files].map(([p, full]) => [p, sha256(fs.readFileSync(full, 'utf8'))]));

export interface ArchiveSenderOptions {
  cmsUrl: string;
  previewSecret: string;
  log: (message: string) => void;
}

export function createArchiveSender(options: ArchiveSenderOptions) {
  const url = `${options.cmsUrl}/api${ARCHIVE_ROUTE}`;
  const token = archiveToken(options.previewSecret);
  /** Sites whose previous render the archive has whole. */
  const inSync = new Set<string>();

  async function post(batch: ArchiveBatch): Promise<void> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [ARCHIVE_TOKEN_HEADER]: token },
      body: JSON.stringify(batch),
    });
    if (!response.ok) throw new Error(`${response.status} ${(await response.text()).slice(0, 300)}`);
  }

  return {
    /** Archives a render that just went live; never throws (the site is live either way). */
    async send(slug: string, outDir: string, previousDir: string | undefined, renderedAt: Date): Promise<void> {
      try {
        const files = htmlFiles(outDir);
        const whole = !inSync.has(slug) || !previousDir;
        const before = whole ? new Map<string, string>() : hashes(htmlFiles(previousDir));
        inSync.delete(slug);
        const base = { county: slug, renderedAt: renderedAt.toISOString(), removed: [] as string[] };
        let batch: ArchiveBatch['pages'] = [];
        let bytes = 0;
        let sent = 0;
        for (const [pagePath, full] of files) {
          const html = fs.readFileSync(full, 'utf8');
          if (before.get(pagePath) === sha256(html)) continue;
          if (bytes + html.length > ARCHIVE_BATCH_BYTES && batch.length) {
            await post({ ...base, pages: batch });
            batch = [];
            bytes = 0;
          }
          batch.push({ path: pagePath, html });
          bytes += html.length;
          sent += 1;
        }
        const removed = [...before.keys()].filter((p) => !files.has(p));
        await post({ ...base, pages: batch, removed, ...(whole ? { present: [...files.keys()] } : {}) });
        inSync.add(slug);
        options.log(`${slug}: archived ${sent} changed and ${removed.length} removed pages`);
      } catch (error) {
        options.log(`${slug}: archiving the render FAILED (the next render sends every page): ${(error as Error).message}`);
      }
    },
  };
}
