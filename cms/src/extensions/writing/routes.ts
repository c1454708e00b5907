/**
 * The writing checks in the admin panel's edit view (cms/src/admin/writing-checks-panel.tsx):
 *   GET /lansportalen/writing-checks/:uid/:documentId   the checks of the entry's latest draft
 * for an editor who may read the entry (the same rule as its history).
 */
import type { Core, UID } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { adminRoutes } from '../admin-routes';
import { mayAccess } from '../history/routes';
import { checkDocument } from './entry-text';

export function registerWritingCheckRoutes(strapi: Core.Strapi): void {
  adminRoutes(strapi, [
    {
      method: 'GET',
      path: '/writing-checks/:uid/:documentId',
      handler: async (ctx) => {
        const { uid, documentId } = ctx.params as { uid: string; documentId: string };
        if (!(await mayAccess(strapi, ctx, uid, documentId))) {
          throw new errors.PolicyError('Du får inte läsa den här posten.');
        }
        return { data: await checkDocument(strapi, uid as UID.ContentType, documentId) };
      },
    },
  ]);
}
