import type { Core } from '@strapi/strapi';
import { syncCounties } from './counties';
import { registerCountyConditions, syncEditorRoles } from './extensions/admin/county-editors';
import { applySwedishLabels } from './extensions/admin/field-labels';
import { registerEntryGuard } from './extensions/admin/entry-guard';
import { ensureArchiveTables, registerContentArchive } from './extensions/archive/content';
import { registerArchiveRoutes } from './extensions/archive/routes';
import { ensureAuditTable, registerAdminAudit, registerSettingsAudit } from './extensions/audit/log';
import { registerRecording } from './extensions/history/recording';
import { registerHistoryRoutes } from './extensions/history/routes';
import { ensureHistoryTable } from './extensions/history/versions';
import { syncMediaFolders } from './extensions/admin/media-folders';
import { registerMediaGuard } from './extensions/admin/media-guard';
import { registerOwnershipRule } from './extensions/admin/ownership';
import { registerLocalVersionLinks } from './extensions/local-versions/links';
import { registerLocalVersionRoutes } from './extensions/local-versions/routes';
import { configureLocalVersionLayouts } from './extensions/local-versions/layout';
import { configureShareLayout, registerShareDecisions } from './extensions/admin/share-decisions';
import { registerShareSync } from './extensions/federation/shares';
import { registerLocaleRules, syncLocales } from './extensions/federation/locales';
import { SHARE_UID, STATEMENT_UID } from './extensions/federation/visibility';
import { DIGG_REPORTING_URL } from '@lansportalen/shared/accessibility';
import { FEEDBACK_UID } from './api/feedback/submission';
import { registerCanonicalOwner } from './extensions/graphql/canonical-owner';
import { registerCountySite } from './extensions/graphql/county-site';
import { registerRelationBatches } from './extensions/graphql/relation-batches';
import { registerPublishedOnly } from './extensions/publication/published-only';
import { startRenderQueue, stopRenderQueue } from './extensions/publication/render-queue';
import { registerSiteRebuilds } from './extensions/publication/site-rebuilds';
import { applyPublicAccess } from './extensions/users-permissions/public-access';
import { registerAltTextRule } from './extensions/validation/alt-texts';
import { registerEasyReadRule } from './extensions/validation/easy-read';
import { registerUrlValidation } from './extensions/validation/urls';
import { registerWritingCheckRoutes } from './extensions/writing/routes';
import { isEmpty, runSeed } from './seed';

export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    registerPublishedOnly(strapi);
    registerCountySite(strapi);
    registerCanonicalOwner(strapi);
    registerOwnershipRule(strapi);
    registerLocalVersionLinks(strapi);
    registerEntryGuard(strapi);
    registerMediaGuard(strapi);
    registerSiteRebuilds(strapi);
    // Outside the share sync too: a publish's archived county sites see the synced shares.
    registerContentArchive(strapi);
    // Inside the rebuild middleware, so that a publish's rebuild targets see the synced shares.
    registerShareSync(strapi);
    // Inside the share sync: a translation's sharing is its Swedish version's before shares are synced.
    registerLocaleRules(strapi);
    registerShareDecisions(strapi);
    registerUrlValidation(strapi);
    registerAltTextRule(strapi);
    registerEasyReadRule(strapi);
    // Last: records the parameters the middlewares above settled on, in the change's transaction.
    registerRecording(strapi);
    registerAdminAudit(strapi);
    registerSettingsAudit(strapi);
    registerHistoryRoutes(strapi);
    registerArchiveRoutes(strapi);
    registerWritingCheckRoutes(strapi);
    registerLocalVersionRoutes(strapi);
    // DIGG's reporting form, prefilled in a new statement: the one address the county sites link to as well.
    Object.assign(strapi.contentType(STATEMENT_UID).attributes.reportingUrl, { default: DIGG_REPORTING_URL });
    // Shares and feedback are the editors' business: not in the public GraphQL API at all.
    for (const uid of [SHARE_UID, FEEDBACK_UID]) strapi.plugin('graphql').service('extension').shadowCRUD(uid).disable();
  },

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    registerRelationBatches(strapi);
    // Before anything writes content (the seed below).
    await ensureAuditTable(strapi);
    await ensureHistoryTable(strapi);
    await ensureArchiveTables(strapi);
    await syncCounties(strapi);
    // Before the editor roles, whose permissions name the locales.
    await syncLocales(strapi);
    await applyPublicAccess(strapi);
    await registerCountyConditions(strapi);
    await syncEditorRoles(strapi);
    await syncMediaFolders(strapi);
    await configureShareLayout(strapi);
    await configureLocalVersionLayouts(strapi);
    await startRenderQueue(strapi);
    await applySwedishLabels(strapi);
    if (strapi.config.get<boolean>('lansportalen.seed.onBoot') && (await isEmpty(strapi))) await runSeed(strapi);
  },

  async destroy() {
    await stopRenderQueue();
  },
};
