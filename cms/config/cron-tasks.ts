import type { Core } from '@strapi/strapi';
import { pruneHistory } from '../src/extensions/history/versions';
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
  /** Every night: versions older than HISTORY_RETENTION_DAYS (if set) are deleted. */
  historyRetention: {
    task: async ({ strapi }: { strapi: Core.Strapi }) => {
      await pruneHistory(strapi, strapi.config.get<number>('lansportalen.history.retentionDays'));
    },
    options: { rule: '30 3 * * *' },
  },
};
