/**
 * The long-lived renderer (publisher/src/live-renderer.ts): Dalarna's server bundle rendered on
 * demand equals the static `astro build` byte for byte, every file; a second render links every
 * file of the first; a publish renders and changes only the pages that show it, and the result
 * equals a full static build of the changed content. Render times printed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite, startSiteRenderer, type RenderStats, type SiteRenderer } from '@lansportalen/publisher';
import { countyBySlug, countyLanguages } from '@lansportalen/shared/counties';
import { bootCms, type TestCms } from './support/cms';
import { filesIn } from './support/sites';

let cms: TestCms;
let renderer: SiteRenderer;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'on-demand-'));
const dir = (name: string) => path.join(root, name);
const renders: RenderStats[] = [];

async function render(name: string, previous?: string): Promise<RenderStats> {
  const stats = await renderer.render({ outDir: dir(name), previousDir: previous && dir(previous) });
  renders.push(stats);
  console.log(
    `dalarna on demand (${name}): ${stats.pages} pages in ${stats.seconds.toFixed(2)} s = ${(stats.pages / stats.seconds).toFixed(0)} pages/s (queries and pages ${stats.pagesSeconds.toFixed(2)} s); ${stats.written} files written, ${stats.linked} linked`,
  );
  return stats;
}

const inode = (file: string) => fs.statSync(file).ino;
const languages = countyLanguages(countyBySlug('dalarna')!);
/** A URL without its language prefix (/en/kontakt/ -> /kontakt/). */
const languageFree = (url: string) => url.replace(new RegExp(`^/(${languages.join('|')})/`), '/');

beforeAll(async () => {
  cms = await bootCms();
  process.env.CMS_URL = cms.url;
  const started = performance.now();
  renderer = await startSiteRenderer('dalarna', cms.url);
  console.log(`dalarna server bundle built and renderer started in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}, 240_000);
afterAll(async () => {
  renderer?.close();
  await cms?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('the on-demand render', () => {
  it('equals the static build of every file, byte for byte', async () => {
    const built = await buildSite('dalarna', { cmsUrl: cms.url, outDir: dir('static') });
    console.log(`dalarna static astro build: ${built.seconds.toFixed(1)} s`);
    await render('first');
    const staticFiles = filesIn(dir('static'), '');
    const renderedFiles = filesIn(dir('first'), '');
    expect(renderedFiles).toEqual(staticFiles);
    expect(staticFiles.filter((f) => f.endsWith('.html')).length).toBeGreaterThan(15);
    // The site in each of its languages (countySiteRoutes), the lättläst route in Swedish alone.
    for (const code of countyLanguages(countyBySlug('dalarna')!).filter((c) => c !== 'sv')) {
      expect(renderedFiles, code).toContain(`${code}/index.html`);
      expect(renderedFiles.filter((f) => f.startsWith(`${code}/lattlast/`)), code).toEqual([]);
    }
    const differing = staticFiles.filter((f) => !fs.readFileSync(dir(`static/${f}`)).equals(fs.readFileSync(dir(`first/${f}`))));
    expect(differing).toEqual([]);
  }, 120_000);

  it('links every file of the previous render when nothing changed, rendering only the pages that read the clock', async () => {
    const again = await render('second', 'first');
    expect(again.written).toBe(0);
    // The events list sorts by the instant (events.astro): the only page rendered again, in each language.
    expect(again.rendered.map(languageFree).sort()).toEqual(languages.map(() => '/evenemang/'));
    for (const file of ['index.html', 'sitemap-0.xml', 'nyheter/rss.xml', 'index.html.br']) {
      expect(inode(dir(`second/${file}`)), file).toBe(inode(dir(`first/${file}`)));
    }
  });

  it('writes only what a publish changed, from fresh answers of the CMS', async () => {
    const areas = cms.strapi.documents('api::collaboration-area.collaboration-area' as never);
    const [{ documentId }] = (await areas.findMany({ filters: { slug: 'arbete' } } as never)) as unknown as [{ documentId: string }];
    await areas.update({ documentId, data: { lead: 'En ny ingress för Dalarna' } } as never);
    await areas.publish({ documentId } as never);
    const changed = await render('third', 'second');
    const page = 'overenskommelse/vagen-in/arbete/index.html';
    expect(fs.readFileSync(dir(`third/${page}`), 'utf8')).toContain('En ny ingress för Dalarna');
    expect(fs.readFileSync(dir(`second/${page}`), 'utf8')).not.toContain('En ny ingress för Dalarna');
    expect(inode(dir(`third/${page}`))).not.toBe(inode(dir(`second/${page}`)));
    expect(inode(dir('third/tillganglighet/index.html'))).toBe(inode(dir('second/tillganglighet/index.html')));
    // The area's page, its agreement's page and the search index: not the site.
    expect(changed.written).toBeGreaterThan(2);
    expect(changed.written).toBeLessThan(changed.linked);
    // Asked of the bundle: the pages of that agreement (its props hold its areas), in each
    // language (the others show the Swedish fallback), and the events lists; nothing else.
    const asked = new Set(changed.rendered.map(languageFree));
    expect([...asked].filter((url) => url !== '/evenemang/' && !url.startsWith('/overenskommelse/vagen-in/'))).toEqual([]);
    expect(asked).toContain('/overenskommelse/vagen-in/arbete/');
    expect(changed.rendered.length).toBeLessThan(changed.pages / 2);
  });

  it('renders after a publish exactly what a full static build of the changed content writes', async () => {
    const built = await buildSite('dalarna', { cmsUrl: cms.url, outDir: dir('static-after') });
    const staticFiles = filesIn(dir('static-after'), '');
    expect(filesIn(dir('third'), '')).toEqual(staticFiles);
    const differing = staticFiles.filter((f) => !fs.readFileSync(dir(`static-after/${f}`)).equals(fs.readFileSync(dir(`third/${f}`))));
    expect(differing).toEqual([]);
    console.log(`dalarna static build after the publish: ${built.seconds.toFixed(1)} s, ${staticFiles.length} files equal to the partial render's`);
  }, 120_000);
});
