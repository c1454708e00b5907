/**
 * The site benchmark (part of `npm run bench`): with the seed plus 1,000 generated entries per
 * county in a throwaway database, build one county site and then all of them. Prints pages per
 * second, build seconds for all sites against one, gzipped bytes per page (median, max), and
 * publish-to-live seconds: from the publish call until one county site serves the change (the
 * median of BENCH_PUBLISHES, default 10), and for a national alert until all sites show it; and
 * the draft preview of an article: its first request (the county's preview renderer started with
 * the sites, as the service and npm start start it), a repeated one, and the first after the draft changed. Ends with issue 10's figures
 * beside their goals (goals.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { counties } from '@lansportalen/shared/counties';
import { previewLink, previewTokens } from '@lansportalen/shared/preview';
import { buildAllSites, buildSite, createLiveSites } from '@lansportalen/publisher';
import { bootCms, cmsDir } from '../tests/support/cms';
import { compileStrapi } from '../tests/support/strapi';
import { generateEntries } from './generate';
import { atLeast, atMost, printGoals } from './goals';
import { writeResults } from './results';

const PER_COUNTY = Number(process.env.BENCH_ENTRIES ?? 1000);

function htmlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html')).map((f) => path.join(dir, f));
}


const PUBLISH_SAMPLES = Number(process.env.BENCH_PUBLISHES ?? 10);
const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? 0;

/** Seconds from `act` until every URL serves a page containing `text`. */
async function untilServed(urls: string[], text: string, act: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await act();
  for (const url of urls) {
    while (!(await (await fetch(url)).text()).includes(text)) await new Promise((r) => setTimeout(r, 100));
  }
  return (performance.now() - started) / 1000;
}

interface PreviewTimes {
  first: number;
  repeated: number;
  changed: number;
}

/** Milliseconds of draft preview requests for one article's link, each checked to show `title`'s draft. */
async function measurePreview(cms: Awaited<ReturnType<typeof bootCms>>, live: Awaited<ReturnType<typeof createLiveSites>>, slug: string, documentId: string): Promise<PreviewTimes> {
  const articles = cms.strapi.documents('api::article.article');
  const token = previewTokens(live.cmsEnv.PREVIEW_SECRET).issue({ county: slug, uid: 'api::article.article', documentId, status: 'draft', path: `/nyheter/nyhet-${slug}-4/` });
  const link = previewLink(live.siteUrl(slug), `/nyheter/nyhet-${slug}-4/`, token);
  const timed = async (title: string) => {
    await articles.update({ documentId, data: { title } } as never);
    const started = performance.now();
    const html = await (await fetch(link)).text();
    if (!html.includes(title)) throw new Error(`The draft preview did not show "${title}"`);
    return performance.now() - started;
  };
  const first = await timed('Utkast ett');
  const repeated = await timed('Utkast ett');
  return { first, repeated, changed: await timed('Utkast två') };
}

/**
 * Publish to live, with the sites served and rebuilt as `npm start` does: an article of the first
 * county changed and published PUBLISH_SAMPLES times (each timed until its page shows it), then a
 * national alert shown on all sites (timed until every site's start page shows it).
 */
async function measurePublishToLive(cms: Awaited<ReturnType<typeof bootCms>>, root: string): Promise<{ article: number[]; alert: number; preview: PreviewTimes }> {
  const slug = counties[0]!.slug;
  // As the service and npm start run it: the preview renderers started with the sites.
  const renders: string[] = [];
  const live = await createLiveSites({ cmsUrl: cms.url, sitePort: () => 0, buildRoot: (s) => path.join(root, s), log: (line) => line.includes(': rendered ') && renders.push(line), warmPreviews: true });
  Object.assign(process.env, live.cmsEnv);
  cms.strapi.config.set('lansportalen.siteRebuild', { url: live.cmsEnv.SITE_REBUILD_URL, secret: live.cmsEnv.SITE_REBUILD_SECRET });
  await live.start();
  // The first preview is measured as an editor meets it after start-up: with the renderers warm.
  await live.previewsWarm();
  try {
    const articles = cms.strapi.documents('api::article.article');
    const article = await articles.findFirst({ filters: { slug: `nyhet-${slug}-4` } } as never);
    const preview = await measurePreview(cms, live, slug, article!.documentId);
    const samples: number[] = [];
    for (let i = 0; i < PUBLISH_SAMPLES; i += 1) {
      const title = `Uppdaterad nyhet ${Date.now()}`;
      await articles.update({ documentId: article!.documentId, data: { title } } as never);
      samples.push(await untilServed([`${live.siteUrl(slug)}/nyheter/nyhet-${slug}-4/`], title, () => articles.publish({ documentId: article!.documentId } as never)));
      await live.idle();
    }
    const alerts = cms.strapi.documents('api::alert.alert');
    const title = `Brandrisk ${Date.now()}`;
    const alert = await alerts.create({
      data: { title, slug: `brandrisk-${Date.now()}`, body: 'Eldningsförbud i hela länet.', severity: 'warning', validFrom: new Date(Date.now() - 60_000).toISOString(), shownOnAllSites: true },
    } as never);
    const seconds = await untilServed(counties.map((c) => `${live.siteUrl(c.slug)}/`), title, () => alerts.publish({ documentId: alert.documentId } as never));
    await live.idle();
    // Where a render's time goes: the last article's render, then the alert's, one line per site.
    console.log(`Renders of the last article publish and of the alert:\n${renders.slice(-(1 + counties.length)).join('\n')}`);
    return { article: samples, alert: seconds, preview };
  } finally {
    cms.strapi.config.set('lansportalen.siteRebuild', { url: '', secret: '' });
    await live.close();
  }
}

async function main(): Promise<void> {
  await compileStrapi({ appDir: cmsDir });
  const cms = await bootCms({ env: { STRAPI_LOG_LEVEL: 'error' } });
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-sites-'));
  try {
    const created = await generateEntries(cms.strapi, PER_COUNTY);
    console.log(`Generated ${created} entries (${PER_COUNTY} per county).`);

    const one = counties[0]!.slug;
    const single = await buildSite(one, { cmsUrl: cms.url, outDir: path.join(out, 'single', one) });
    const singlePages = htmlFiles(single.outDir).length;
    const started = performance.now();
    const all = await buildAllSites({ cmsUrl: cms.url, outRoot: path.join(out, 'all') });
    const allSeconds = (performance.now() - started) / 1000;

    const rows = all.map((site) => {
      const sizes = htmlFiles(site.outDir).map((file) => zlib.gzipSync(fs.readFileSync(file)).length);
      return {
        site: site.slug,
        pages: sizes.length,
        'build s': +site.seconds.toFixed(1),
        'pages/s': +(sizes.length / site.seconds).toFixed(1),
        'gzip median B': median(sizes),
        'gzip max B': Math.max(...sizes),
      };
    });
    const summary = {
      'one site (s)': +single.seconds.toFixed(1),
      'one site pages': singlePages,
      'one site pages/s': +(singlePages / single.seconds).toFixed(1),
      'all sites (s)': +allSeconds.toFixed(1),
      'all/one': +(allSeconds / single.seconds).toFixed(2),
    };
    const publishToLive = await measurePublishToLive(cms, path.join(out, 'live'));
    const { preview } = publishToLive;
    Object.assign(summary, {
      'publish→live p50 (s)': +median(publishToLive.article).toFixed(1),
      'alert→live, all sites (s)': +publishToLive.alert.toFixed(1),
      'preview first/repeated/changed (ms)': [preview.first, preview.repeated, preview.changed].map((ms) => ms.toFixed(0)).join(' / '),
    });
    console.log(`\nSite builds, ${PER_COUNTY} generated entries per county:`);
    console.table(rows);
    console.table([summary]);
    const goals = [
      atMost(`publish-to-live, one article, p50 of ${publishToLive.article.length} (s)`, median(publishToLive.article), 3),
      atMost('publish-to-live, an alert on all three sites (s)', publishToLive.alert, 10),
      atMost('draft preview, first request (s)', preview.first / 1000, 1),
      atMost('draft preview, first request of a changed draft (s)', preview.changed / 1000, 1),
      atLeast('full build, pages/s, one site', singlePages / single.seconds, 200),
      atMost('all sites ÷ one site, build time', allSeconds / single.seconds, 2),
    ];
    printGoals('Sites', goals);
    writeResults('sites', { perCounty: PER_COUNTY, rows, summary, goals });
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
    await cms.stop();
  }
}

await main();
