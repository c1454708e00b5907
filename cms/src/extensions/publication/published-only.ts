/**
 * The public reads what is published, and only that. Every content-API request (REST and
 * GraphQL, including the federated countySite query) reads D&P content through the document
 * service; this middleware, unless the request carries a preview credential (an admin-issued API
 * token, or the preview secret: see preview.ts):
 * - pins reads to the published version; asking for drafts is refused with 403;
 * - refuses `publicationFilter` / `hasPublishedVersion` with 400: they sort published entries by
 *   the state of their drafts (e.g. `modified`: "has unpublished changes");
 * - shows an alert only inside its validity window.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { requestHasPreviewSecret } from './preview';

const READ_ACTIONS = new Set(['findMany', 'findOne', 'findFirst', 'count']);

/** The document-service parameters that select entries by their draft and publication history. */
export const PUBLICATION_FILTER_PARAMS = ['publicationFilter', 'hasPublishedVersion'] as const;

export function publicationFilterRefusal(param: string): string {
  return `${param} is not available to the public: it tells which entries have unpublished drafts. Public reads return published content only.`;
}

/** An alert is shown from validFrom until (not including) validUntil; without validUntil, until removed. */
export function activeAlertFilter(at: Date) {
  return { $and: [{ validFrom: { $lte: at } }, { $or: [{ validUntil: { $null: true } }, { validUntil: { $gt: at } }] }] };
}

interface RequestState {
  route?: { info?: { type?: string } };
  auth?: { strategy?: { name?: string } };
}

export function hasPreviewCredential(strapi: Core.Strapi, state: RequestState | undefined): boolean {
  return state?.auth?.strategy?.name === 'content-api-token' || requestHasPreviewSecret(strapi);
}

export function registerPublishedOnly(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    const request = strapi.requestContext.get();
    const state = request?.state as RequestState | undefined;
    if (state?.route?.info?.type !== 'content-api') return next();
    if (!context.contentType?.options?.draftAndPublish || !READ_ACTIONS.has(context.action)) return next();
    if (hasPreviewCredential(strapi, state)) return next();

    const params = context.params as ({ status?: string; filters?: object } & Record<string, unknown>) | undefined;
    if (params?.status === 'draft') {
      throw new errors.ForbiddenError('Drafts are not public: ask for published content, or use a preview token.');
    }
    for (const param of PUBLICATION_FILTER_PARAMS) {
      if (params?.[param] !== undefined && params[param] !== null) {
        throw new errors.ValidationError(publicationFilterRefusal(param), { source: 'query', param });
      }
    }
    const pinned: Record<string, unknown> = { ...params, status: 'published' };
    if (context.uid === 'api::alert.alert') {
      const window = activeAlertFilter(new Date());
      pinned.filters = params?.filters ? { $and: [params.filters, window] } : window;
    }
    context.params = pinned as typeof context.params;
    return next();
  });
}
