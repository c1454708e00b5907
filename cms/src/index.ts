import type { Core } from '@strapi/strapi';
import { syncCounties } from './counties';
import { registerCountyConditions, syncEditorRoles } from './extensions/admin/county-editors';
import { registerEntryGuard } from './extensions/admin/entry-guard';
import { registerOwnershipRule } from './extensions/admin/ownership';
import { registerCountySite } from './extensions/graphql/county-site';
import { registerPublishedOnly } from './extensions/publication/published-only';
import { registerSiteRebuilds } from './extensions/publication/site-rebuilds';
import { applyPublicAccess } from './extensions/users-permissions/public-access';
import { registerUrlValidation } from './extensions/validation/urls';
import { isEmpty, runSeed } from './seed';

export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    registerPublishedOnly(strapi);
    registerCountySite(strapi);
    registerOwnershipRule(strapi);
    registerEntryGuard(strapi);
    registerSiteRebuilds(strapi);
    registerUrlValidation(strapi);
  },

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await syncCounties(strapi);
    await applyPublicAccess(strapi);
    await registerCountyConditions(strapi);
    await syncEditorRoles(strapi);
    if (strapi.config.get<boolean>('lansportalen.seed.onBoot') && (await isEmpty(strapi))) await runSeed(strapi);
  },
};
