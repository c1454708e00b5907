/**
 * `npm run build`: builds every county site (or `--county <slug>`) against the CMS at CMS_URL
 * (default http://127.0.0.1:1337), starting the CMS as `npm start` does when none answers there.
 * `--out <dir>` writes each site to <dir>/<slug> instead of sites/<slug>/dist.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { counties } from '@lansportalen/shared/counties';
import { defaultCmsUrl, isUp, startCms } from './lib/cms-process';
import { buildSite } from '@lansportalen/publisher';

const args = z
  .object({
    county: z.enum(counties.map((c) => c.slug) as [string, ...string[]]).optional(),
    out: z.string().optional(),
  })
  .parse(parseArgs({ options: { county: { type: 'string' }, out: { type: 'string' } } }).values);
const cmsUrl = z.url().parse(process.env.CMS_URL ?? defaultCmsUrl).replace(/\/$/, '');

const started = (await isUp(cmsUrl)) ? undefined : await startCms(cmsUrl);
try {
  for (const county of counties.filter((c) => !args.county || c.slug === args.county)) {
    const outDir = args.out ? path.resolve(args.out, county.slug) : undefined;
    const result = await buildSite(county.slug, { cmsUrl, outDir });
    console.log(`${county.name}: built in ${result.seconds.toFixed(1)} s → ${path.relative(process.cwd(), result.outDir)}`);
  }
} finally {
  started?.kill('SIGTERM');
}
