import type { Core } from '@strapi/strapi';
import { alertTimer } from '../src/extensions/publication/site-rebuilds';

let check: (() => Promise<string[]>) | undefined;

export default {
  /** Every minute: rebuild the sites whose alerts started or expired. */
  alertWindows: {
    task: async ({ strapi }: { strapi: Core.Strapi }) => {
      check ??= alertTimer(strapi);
      await check();
    },
    options: { rule: '* * * * *' },
  },
};
