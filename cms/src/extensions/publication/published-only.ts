/**
 * Drafts never reach the public. Every content-API request (REST and GraphQL, including the
 * federated countySite query) reads D&P content through the document service; this middleware
 * pins those reads to the published version unless the request carries a preview credential
 * (an admin-issued API token, or the preview secret: see preview.ts). Asking for drafts without
 * one is refused with 403.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { requestHasPreviewSecret } from './preview';

const READ_ACTIONS = new Set(['findMany', 'findOne', 'findFirst', 'count']);

interface RequestState {
  route?: { info?: { type?: string } };
  auth?: { strategy?: { name?: string } };
}

function hasPreviewCredential(strapi: Core.Strapi, state: RequestState): boolean {
  return state.auth?.strategy?.name === 'api-token' || requestHasPreviewSecret(strapi);
}

export function registerPublishedOnly(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    const request = strapi.requestContext.get();
    const state = request?.state as RequestState | undefined;
    if (state?.route?.info?.type !== 'content-api') return next();
    if (!context.contentType?.options?.draftAndPublish || !READ_ACTIONS.has(context.action)) return next();
    if (hasPreviewCredential(strapi, state)) return next();

    const params = context.params as { status?: string } | undefined;
    if (params?.status === 'draft') {
      throw new errors.ForbiddenError('Drafts are not public: ask for published content, or use a preview token.');
    }
    context.params = { ...params, status: 'published' };
    return next();
  });
}
