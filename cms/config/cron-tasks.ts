import type { Core } from '@strapi/strapi';
import { alertTimer } from '../src/extensions/publication/site-rebuilds';

/** Created at boot, so that the first run covers the time since the CMS started. */
let check: (() => Promise<string[]>) | undefined;
const bootedAt = new Date();

export default {
  /** Every minute: rebuild the sites whose alerts started or expired. */
  alertWindows: {
    task: async ({ strapi }: { strapi: Core.Strapi }) => {
      check ??= alertTimer(strapi, bootedAt);
      await check();
    },
    options: { rule: '* * * * *' },
  },
};
