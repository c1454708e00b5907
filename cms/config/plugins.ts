import path from 'node:path';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { Core } from '@strapi/strapi';
import { graphqlProtection } from '../src/extensions/graphql/protection';
import { limits } from '../src/limits';
import { secret } from '../src/secrets';

const allowedMediaTypes = ['image/*', 'application/pdf', 'text/plain'];

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Plugin => {
  const production = env('NODE_ENV', 'development') === 'production';
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
          ...graphqlProtection(production),
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
