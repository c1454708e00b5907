/**
 * The archive's content side: a document middleware that appends, in the change's own
 * transaction, the published document of each publish (with the county sites showing it after
 * the publish) and, at each unpublish and delete, the document that was published until then
 * (with the county sites that showed it). Federated types and organisations (shown on every site).
 */
import type { Core, UID } from '@strapi/strapi';
import { counties } from '@lansportalen/shared/counties';
import { createTableOnce } from '../audit/tables';
import { countiesShowing, editableOwnedUids } from '../federation/visibility';
import { loadSnapshot, versionLocale } from '../history/versions';
import { ARCHIVE_CONTENT_TABLE, ARCHIVE_PAGES_TABLE, contentTable, countiesColumn, pagesTable, type ContentAction } from './store';

const ORGANISATION = 'api::organisation.organisation';
// Everything a county site shows from the CMS: federated and county-only entries, and organisations.
const archivedUids = new Set<string>([...editableOwnedUids, ORGANISATION]);
const REMOVALS = new Set(['unpublish', 'delete']);

type Knex = Core.Strapi['db']['connection'];

export async function ensureArchiveTables(strapi: Core.Strapi): Promise<void> {
  await createTableOnce(strapi, ARCHIVE_CONTENT_TABLE, contentTable);
  await createTableOnce(strapi, ARCHIVE_PAGES_TABLE, pagesTable);
}

const showing = (strapi: Core.Strapi, uid: string, documentId: string): Promise<string[]> =>
  uid === ORGANISATION
    ? Promise.resolve(counties.map((c) => c.slug))
    : countiesShowing(strapi, uid as UID.ContentType, { documentId: { $eq: documentId } });

interface Published {
  data: Record<string, unknown>;
  counties: string[];
}

async function published(strapi: Core.Strapi, uid: string, documentId: string, locale: string | null): Promise<Published | null> {
  const data = await loadSnapshot(strapi, uid, documentId, 'published', locale);
  return data ? { data, counties: await showing(strapi, uid, documentId) } : null;
}

export function registerContentArchive(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    const params = context.params as { documentId?: string; locale?: string | null; status?: string };
    const createdPublished = context.action === 'create' && params.status === 'published';
    const removal = REMOVALS.has(context.action);
    if (!archivedUids.has(context.uid) || !(context.action === 'publish' || createdPublished || removal)) return next();

    return strapi.db.transaction(async ({ trx }) => {
      const locale = versionLocale(strapi, context.uid, params.locale);
      // What was public until now: kept at an unpublish or delete (an entry never published leaves nothing).
      const before = removal && params.documentId ? await published(strapi, context.uid, params.documentId, locale) : null;
      const result = await next();
      const written = result as { documentId?: string; locale?: string | null } | null;
      const documentId = createdPublished ? written?.documentId : params.documentId;
      if (!documentId) return result;
      const recordLocale = removal ? locale : versionLocale(strapi, context.uid, params.locale, written?.locale);
      const record = removal ? before : await published(strapi, context.uid, documentId, recordLocale);
      if (!record) return result;
      await (trx as unknown as Knex)(ARCHIVE_CONTENT_TABLE).insert({
        at: new Date().toISOString(),
        uid: context.uid,
        document_id: documentId,
        locale: recordLocale,
        action: (createdPublished ? 'publish' : context.action) as ContentAction,
        counties: countiesColumn(record.counties),
        data: JSON.stringify(record.data),
      });
      return result;
    });
  });
}
