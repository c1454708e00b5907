/**
 * `npm run archive -- --county dalarna --at 2026-05-25T12:00:00Z --out DIR`: writes the county
 * site as it was published at that moment into DIR/<county>/<at>/ (HTML pages, the content as
 * JSON and a manifest.json; cms/src/extensions/archive/export.ts). Reads the database the CMS uses
 * (cms/config/database.ts: DATABASE_CLIENT, DATABASE_FILENAME, DATABASE_URL), like audit:verify,
 * and the archive folder (ARCHIVE_DIR) if the CMS stores pages there.
 * Exit 0 when written; 1 for bad arguments; 2 if the database cannot be read.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { counties } from '../shared/src/counties';
import { exportSnapshot } from '../cms/src/extensions/archive/export';
import { ARCHIVE_PAGES_TABLE } from '../cms/src/extensions/archive/store';
import { UsageError, cmsSettings, runCli } from './lib/cms-database';

const slugs = counties.map((c) => c.slug) as [string, ...string[]];
const argsSchema = z.object({
  county: z.enum(slugs, { error: (issue) => `--county: "${String(issue.input ?? '')}" is not a county (one of ${slugs.join(', ')})` }),
  at: z.iso
    .datetime({ offset: true, error: (issue) => `--at: "${String(issue.input ?? '')}" is not a date-time such as 2026-05-25T12:00:00Z` })
    .transform((value) => new Date(value).toISOString()),
  out: z.string({ error: '--out: the folder to write into is missing' }).min(1, '--out: the folder to write into is missing'),
});

runCli('archive', {
  args: () => {
    const { values } = parseArgs({ options: { county: { type: 'string' }, at: { type: 'string' }, out: { type: 'string' } }, strict: true });
    const parsed = argsSchema.safeParse(values);
    if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => i.message).join('\n'));
    return parsed.data;
  },
  run: async (knex, { county, at, out }) => {
    if (!(await knex.schema.hasTable(ARCHIVE_PAGES_TABLE))) {
      console.error('archive: no publish archive in this database yet.');
      return 2;
    }
    const result = await exportSnapshot(knex, county, at, path.resolve(out), (await cmsSettings()).archive.dir);
    console.log(`archive: ${county} at ${at}: ${result.pages} pages and ${result.content} documents written to ${result.dir}`);
    return 0;
  },
});
