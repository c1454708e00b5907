import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { z } from 'zod';

/** cms/: config files run from cms/dist/config/ in the CMS, from cms/config/ in `npm run audit:verify`. */
const cmsDir = path.basename(path.dirname(__dirname)) === 'dist' ? path.join(__dirname, '..', '..') : path.join(__dirname, '..');

const clientSchema = z.enum(['sqlite', 'postgres'], {
  error: (issue) => `DATABASE_CLIENT must be "sqlite" or "postgres", not "${String(issue.input)}"`,
});

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Database => {
  const url = env('DATABASE_URL', '');
  const client = clientSchema.parse(env('DATABASE_CLIENT', url ? 'postgres' : 'sqlite'));
  const pool = { min: env.int('DATABASE_POOL_MIN', client === 'sqlite' ? 1 : 2), max: env.int('DATABASE_POOL_MAX', 10) };

  if (client === 'postgres') {
    if (!url) throw new Error('DATABASE_CLIENT=postgres needs DATABASE_URL (postgres://user@host:5432/database)');
    return {
      connection: {
        client: 'postgres',
        // knex accepts a connection string; Strapi's types only describe host/port/user.
        connection: { connectionString: url, schema: env('DATABASE_SCHEMA', 'public') } as never,
        pool,
        acquireConnectionTimeout: env.int('DATABASE_CONNECTION_TIMEOUT', 60000),
      },
    };
  }

  return {
    connection: {
      client: 'sqlite',
      connection: { filename: path.resolve(cmsDir, env('DATABASE_FILENAME', '.tmp/data.db')) },
      useNullAsDefault: true,
    },
  };
};

export default config;
