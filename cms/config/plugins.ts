import path from 'node:path';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { Core } from '@strapi/strapi';
import { answerCache } from '../src/extensions/graphql/answer-cache';
import { graphqlProtection } from '../src/extensions/graphql/protection';
import { limits } from '../src/limits';
import { secret } from '../src/secrets';

const allowedMediaTypes = ['image/*', 'application/pdf', 'text/plain'];

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Plugin => {
  const production = env('NODE_ENV', 'development') === 'production';
  const protection = graphqlProtection(production);
  // The public answer cache (src/extensions/graphql/answer-cache.ts); 0 turns it off.
  const cache = answerCache(env.int('GRAPHQL_CACHE_SECONDS', 5), () => strapi.db?.connection);
  return {
    'users-permissions': {
      config: {
        jwtSecret: secret('JWT_SECRET'),
        jwtManagement: 'refresh',
        sessions: { httpOnly: true },
      },
    },
    graphql: {
      config: {
        endpoint: '/graphql',
        shadowCRUD: true,
        // Development: the local Apollo Sandbox. Production: no landing page at all (Apollo's
        // production default would still load a script from its CDN).
        landingPage: production ? () => ApolloServerPluginLandingPageDisabled() : true,
        depthLimit: limits.depthLimit,
        defaultLimit: limits.defaultLimit,
        maxLimit: limits.maxLimit,
        // The schema is written to cms/schema.graphql and committed: the sites' queries are
        // validated against it in the tests, so a model change that breaks a site fails CI.
        generateArtifacts: !production && env.bool('GRAPHQL_WRITE_SCHEMA', true),
        artifacts: {
          schema: env('GRAPHQL_SCHEMA_FILE', path.join(__dirname, '..', '..', 'schema.graphql')),
          typegen: false,
        },
        apolloServer: {
          introspection: !production,
          // CORS is strapi::cors's (config/middlewares.ts); the plugin's own would allow any origin.
          cors: false,
          // Concatenated with the plugin's own (its depth limit, its plugins).
          ...protection,
          plugins: [...protection.plugins, cache],
        },
      },
    },
    upload: {
      config: {
        security: { allowedTypes: allowedMediaTypes },
      },
    },
  };
};

export default config;
