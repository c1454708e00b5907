/**
 * `npm run audit:verify`: recomputes the audit log's hash chain from the database the CMS uses
 * (the CMS's own database config, cms/config/database.ts: DATABASE_CLIENT, DATABASE_FILENAME,
 * DATABASE_URL). Exit 0 with the number of records; 1 naming the first broken one; 2 if it cannot read.
 */
import { AUDIT_TABLE, GENESIS, firstBreak, type AuditRow } from '../cms/src/extensions/audit/chain';
import { runCli } from './lib/cms-database';

runCli('audit:verify', {
  args: () => undefined,
  run: async (knex) => {
    if (!(await knex.schema.hasTable(AUDIT_TABLE))) {
      console.log('audit:verify: no audit log in this database yet (0 records).');
      return 0;
    }
    const rows = (await knex(AUDIT_TABLE).orderBy('seq', 'asc')) as AuditRow[];
    const broken = firstBreak(rows);
    if (broken) {
      console.error(
        `audit:verify: the chain breaks at record id ${broken.id} (seq ${broken.seq}, ${broken.at}): ${broken.reason} ` +
          `expected ${broken.expected}, stored ${broken.stored}. ${rows.length} records checked.`,
      );
      return 1;
    }
    // The last hash, to keep outside the database: a chain rewritten from some point on no longer ends with it.
    console.log(`audit:verify: ${rows.length} records, chain intact; last hash ${rows.at(-1)?.hash ?? GENESIS}.`);
    return 0;
  },
});
