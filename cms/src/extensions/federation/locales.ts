/**
 * Languages in the content model (Strapi's i18n plugin). The locales are the languages the county
 * list offers (shared/counties.json, codes and names in shared/src/languages.ts), Swedish the
 * default and the source. Every federated type is localized; a translation is a locale of a
 * Swedish document, never a document of its own:
 * - a document starts in Swedish: the content manager cannot create (or clone) one in another language;
 * - what decides where and by whom an entry is shown is the document's, not the language's:
 *   every translation carries its Swedish version's `owner`, `sharedWith` and `slug` (Strapi keeps
 *   relations and UID fields per locale, so the server copies them after each write; the scalar
 *   fields `shownOnAllSites` and the local-version fields are non-localized and Strapi syncs them).
 *   The RBAC conditions and the federation rule therefore judge a translation as its document.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { portalLanguages } from '@lansportalen/shared/counties';
import { SOURCE_LANGUAGE, languages } from '@lansportalen/shared/languages';
import { federatedCollections } from './visibility';

const LOCALE_UID = 'plugin::i18n.locale';
/** The localized content types: every federated one. */
export const localizedUids: ReadonlySet<string> = new Set<string>(federatedCollections.map((c) => c.uid));

interface LocaleRow {
  id: number;
  code: string;
}

/**
 * Makes the CMS's locales the county list's languages, Swedish the default. A locale no county
 * offers any more is removed only while no entry is written in it (removing it would delete its
 * translations); on the first boot this removes the English default the plugin creates. When the
 * default changes to Swedish, the entries written before (all Swedish) move to it once.
 */
export async function syncLocales(strapi: Core.Strapi): Promise<void> {
  const service = strapi.plugin('i18n').service('locales') as {
    create(locale: { code: string; name: string }): Promise<unknown>;
    getDefaultLocale(): Promise<string | null>;
    setDefaultLocale(locale: { code: string }): Promise<unknown>;
  };
  const wanted = portalLanguages();
  const existing = (await strapi.db.query(LOCALE_UID as never).findMany({ select: ['id', 'code'] })) as LocaleRow[];
  for (const code of wanted) {
    if (!existing.some((l) => l.code === code)) await service.create({ code, name: `${languages[code].name} (${code})` });
  }
  const previous = await service.getDefaultLocale();
  if (previous !== SOURCE_LANGUAGE) {
    await service.setDefaultLocale({ code: SOURCE_LANGUAGE });
    for (const uid of localizedUids) {
      await strapi.db.query(uid as never).updateMany({ where: { $or: [{ locale: null }, { locale: previous }] }, data: { locale: SOURCE_LANGUAGE } });
    }
  }
  for (const locale of existing.filter((l) => !(wanted as string[]).includes(l.code))) {
    let used = 0;
    for (const uid of localizedUids) used += await strapi.db.query(uid as never).count({ where: { locale: locale.code } });
    if (used === 0) await strapi.db.query(LOCALE_UID as never).delete({ where: { id: locale.id } });
  }
}

interface Version {
  id: number;
  locale: string | null;
  publishedAt: string | null;
  slug?: string | null;
  owner: { id: number } | null;
  sharedWith?: { id: number }[];
}

/** Gives every translation of a document its Swedish version's owner, sharing and slug (same status). */
export async function alignTranslations(strapi: Core.Strapi, uid: string, documentId: string): Promise<void> {
  // Most documents are Swedish only: one cheap count spares the rest.
  if ((await strapi.db.query(uid as never).count({ where: { documentId, locale: { $ne: SOURCE_LANGUAGE } } })) === 0) return;
  const shared = 'sharedWith' in (strapi.getModel(uid as never) as unknown as { attributes: object }).attributes;
  const versions = (await strapi.db.query(uid as never).findMany({
    where: { documentId },
    select: ['id', 'locale', 'publishedAt', 'slug'],
    populate: { owner: { select: ['id'] }, ...(shared ? { sharedWith: { select: ['id'] } } : {}) },
  })) as Version[];
  const swedish = (published: boolean) =>
    versions.find((v) => v.locale === SOURCE_LANGUAGE && (v.publishedAt !== null) === published) ??
    versions.find((v) => v.locale === SOURCE_LANGUAGE && v.publishedAt === null);
  const ids = (list: { id: number }[] | undefined) => (list ?? []).map((c) => c.id).sort((a, b) => a - b);
  for (const version of versions.filter((v) => v.locale !== SOURCE_LANGUAGE)) {
    const source = swedish(version.publishedAt !== null);
    if (!source) continue;
    const same =
      version.slug === source.slug &&
      (version.owner?.id ?? null) === (source.owner?.id ?? null) &&
      (!shared || JSON.stringify(ids(version.sharedWith)) === JSON.stringify(ids(source.sharedWith)));
    if (same) continue;
    await strapi.db.query(uid as never).update({
      where: { id: version.id },
      data: { slug: source.slug, owner: source.owner?.id ?? null, ...(shared ? { sharedWith: ids(source.sharedWith) } : {}) },
    });
  }
}

const WRITES = new Set(['create', 'update', 'clone', 'publish', 'unpublish', 'discardDraft']);

interface RouteState {
  route?: { info?: { pluginName?: string } };
}

export function registerLocaleRules(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    if (!localizedUids.has(context.uid) || !WRITES.has(context.action)) return next();
    const params = context.params as { locale?: unknown; documentId?: string };
    const state = strapi.requestContext.get()?.state as RouteState | undefined;
    const inContentManager = state?.route?.info?.pluginName === 'content-manager';
    const creates = context.action === 'create' || context.action === 'clone';
    if (creates && inContentManager && params.locale != null && params.locale !== SOURCE_LANGUAGE) {
      throw new errors.ValidationError('En post skrivs först på svenska. Öppna den svenska posten och lägg till en översättning där.');
    }
    const result = await next();
    const written = (result as { documentId?: string } | null)?.documentId ?? params.documentId;
    if (written) await alignTranslations(strapi, context.uid, written);
    return result;
  });
}
