/** Tables of our own (the audit log, the history), created with knex: Strapi leaves tables it did not create alone. */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';

/** Creates the table unless it exists; two instances booting at once both succeed. */
export async function createTableOnce(strapi: Core.Strapi, name: string, build: (table: Knex.CreateTableBuilder) => void): Promise<void> {
  const schema = strapi.db.connection.schema;
  if (await schema.hasTable(name)) return;
  await schema.createTable(name, build).catch(async (error: unknown) => {
    // Another instance created it at the same moment.
    if (!(await schema.hasTable(name))) throw error;
  });
}
