/** The publisher's live county sites against a test CMS, rebuilt on its notifications as `npm start` does. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLiveSites } from '@lansportalen/publisher';
import type { TestCms } from './cms';

export type LiveSites = Awaited<ReturnType<typeof createLiveSites>> & { stop(): Promise<void> };

export async function startLiveSites(cms: TestCms): Promise<LiveSites> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'live-sites-'));
  const live = await createLiveSites({ cmsUrl: cms.url, sitePort: () => 0, buildRoot: (s) => path.join(root, s), debounceMs: 300, log: () => {} });
  Object.assign(process.env, live.cmsEnv);
  cms.strapi.config.set('lansportalen.siteRebuild', { url: live.cmsEnv.SITE_REBUILD_URL, secret: live.cmsEnv.SITE_REBUILD_SECRET });
  await live.start();
  return Object.assign(live, {
    async stop() {
      await live.close();
      fs.rmSync(root, { recursive: true, force: true });
    },
  });
}
