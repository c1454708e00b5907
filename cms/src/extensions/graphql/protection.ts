/**
 * What the GraphQL endpoint refuses before running a query, with 400 and a message naming the
 * limit: too many aliases, too costly, too deep or too many directives (graphql-armor), too many
 * tokens (graphql-js's parser: armor's own token check answers 500), all sized in limits.ts; and, for the public, the arguments that tell drafts apart
 * (publication/published-only.ts). Field suggestions ("Did you mean …") are masked in production.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { Core } from '@strapi/strapi';
import { GraphQLError, visit, type DocumentNode } from 'graphql';
import { limits } from '../../limits';
import { PUBLICATION_FILTER_PARAMS, hasPreviewCredential, publicationFilterRefusal } from '../publication/published-only';

function publicationArgument(document: DocumentNode): string | undefined {
  let found: string | undefined;
  const names = new Set<string>(PUBLICATION_FILTER_PARAMS);
  visit(document, {
    Argument(node) {
      if (names.has(node.name.value)) found ??= node.name.value;
    },
  });
  return found;
}

/**
 * Runs for every request, after Apollo's document cache: the answer depends on the request's
 * credentials, so it cannot be a validation rule (a validated document is cached for everyone).
 */
const publicReadsOnly: ApolloServerPlugin<{ state?: object }> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ document, contextValue }) {
        const argument = publicationArgument(document);
        if (!argument || hasPreviewCredential(strapi as Core.Strapi, contextValue.state)) return;
        throw new GraphQLError(publicationFilterRefusal(argument), {
          extensions: { code: 'BAD_USER_INPUT', argument, http: { status: 400 } },
        });
      },
    };
  },
};

export function graphqlProtection(production: boolean) {
  const armor = new ApolloArmor({
    maxAliases: { n: limits.maxAliases },
    costLimit: { maxCost: limits.maxCost },
    maxDepth: { n: limits.depthLimit },
    maxTokens: { enabled: false },
    maxDirectives: { n: limits.maxDirectives },
    blockFieldSuggestion: { enabled: production },
  }).protect();
  return { ...armor, plugins: [...armor.plugins, publicReadsOnly], parseOptions: { maxTokens: limits.maxTokens } };
}
