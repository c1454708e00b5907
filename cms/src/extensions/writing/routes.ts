/**
 * The writing checks in the admin panel's edit view (cms/src/admin/writing-checks-panel.tsx):
 *   GET /lansportalen/writing-checks/:uid/:documentId   the checks of the entry's latest draft
 * for an editor who may read the entry (the same rule as its history).
 */
import type { Core, UID } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { mayAccess, type Ctx } from '../history/routes';
import { checkDocument } from './entry-text';

export function registerWritingCheckRoutes(strapi: Core.Strapi): void {
  strapi.server.routes({
    type: 'admin',
    prefix: '/lansportalen',
    routes: [
      {
        method: 'GET',
        path: '/writing-checks/:uid/:documentId',
        handler: async (ctx: Ctx & { body: unknown }) => {
          const { uid, documentId } = ctx.params as { uid: string; documentId: string };
          if (!(await mayAccess(strapi, ctx, uid, documentId))) {
            throw new errors.PolicyError('Du får inte läsa den här posten.');
          }
          ctx.body = { data: await checkDocument(strapi, uid as UID.ContentType, documentId) };
        },
        config: { policies: ['admin::isAuthenticatedAdmin'] },
      },
    ],
  } as never);
}
