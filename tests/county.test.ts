/**
 * `npm run county:add` / `county:remove`, always on a throwaway copy of this repository (its files
 * as git sees them, sharing this repository's installed packages), never on the repository itself.
 * First the validation, idempotence and all-or-nothing writes (the command run in this process);
 * then the issue's end-to-end case: add a fourth county, boot that copy's CMS, build its site.
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countyListSchema, counties } from '@lansportalen/shared/counties';
import { contrastRatio, formatRatio } from '../shared/src/contrast';
import { runCountyCommand, type CountyCommandOptions } from '../scripts/lib/county-command';
import {
  colorPalette,
  defaultBoard,
  defaultColors,
  defaultSiteUrl,
  formatCountyList,
  siteFiles,
} from '../scripts/lib/county-files';
import { bootCms, type TestCms } from './support/cms';
import { createThrowawayDatabase, type ThrowawayDatabase } from './support/database';
import { htmlFiles } from './support/sites';
import { compileStrapi } from './support/strapi';

const repoDir = path.resolve(import.meta.dirname, '..');

/**
 * A throwaway copy of the repository: the working tree's files that git tracks or would track
 * (node_modules, dist, .env, databases left out). node_modules is a folder of links to this
 * repository's packages, except @lansportalen/*, which link to the copy's own workspaces, so that
 * the copy's CMS and sites read the copy's county list. Never run `npm install` in it.
 */
function copyRepository(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lansportalen-copy-'));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoDir })
    .toString()
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    const from = path.join(repoDir, file);
    if (!fs.existsSync(from) || !fs.statSync(from).isFile()) continue;
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.copyFileSync(from, path.join(dir, file));
  }
  const modules = path.join(repoDir, 'node_modules');
  fs.mkdirSync(path.join(dir, 'node_modules/@lansportalen'), { recursive: true });
  for (const entry of fs.readdirSync(modules)) {
    if (entry === '@lansportalen' || (entry.startsWith('.') && entry !== '.bin')) continue;
    fs.symlinkSync(path.join(modules, entry), path.join(dir, 'node_modules', entry));
  }
  // The root package.json's workspaces, with "sites/*" expanded to the copy's folders.
  const { workspaces: patterns } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { workspaces: string[] };
  const workspaces = patterns.flatMap((pattern) =>
    pattern.endsWith('/*') ? fs.readdirSync(path.join(dir, pattern.slice(0, -2))).map((s) => `${pattern.slice(0, -2)}/${s}`) : [pattern],
  );
  for (const workspace of workspaces) {
    const manifest = path.join(dir, workspace, 'package.json');
    if (!fs.existsSync(manifest)) continue;
    const { name } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name: string };
    fs.symlinkSync(path.join('../..', workspace), path.join(dir, 'node_modules', name));
  }
  // What `npm install` would have built: the CMS's view of the county list.
  fs.cpSync(path.join(repoDir, 'shared/dist'), path.join(dir, 'shared/dist'), { recursive: true });
  return dir;
}

/** Every file the commands may touch, as bytes: counties.json, shared/dist's copy, package-lock.json, sites/. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const add = (relative: string) => {
    const file = path.join(dir, relative);
    if (fs.existsSync(file)) files[relative] = fs.readFileSync(file).toString('base64');
  };
  add('shared/counties.json');
  add('shared/dist/counties.json');
  add('package-lock.json');
  for (const entry of fs.readdirSync(path.join(dir, 'sites'), { recursive: true }) as string[]) {
    if (/(^|\/)(node_modules|dist|\.astro|\.live)(\/|$)/.test(entry)) continue;
    if (fs.statSync(path.join(dir, 'sites', entry)).isFile()) add(path.join('sites', entry));
  }
  // Anything the commands left next to their targets (staging or set-aside folders).
  for (const entry of fs.readdirSync(dir)) if (entry.includes('.county-')) files[entry] = 'leftover';
  return files;
}

describe('county:add and county:remove: validation, idempotence, all or nothing', () => {
  let copy: string;
  let pristine: Record<string, string>;
  let pristineList: string;

  /** The command, in this process, on the copy; npm install would touch the shared node_modules, so it is refused. */
  async function run(argv: string[], options: Partial<CountyCommandOptions> = {}) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCountyCommand(argv, {
      repoDir: copy,
      log: (line) => out.push(line),
      error: (line) => err.push(line),
      install: () => {
        throw new Error('npm install must not run in a copy that shares node_modules');
      },
      ownedEntries: async () => [],
      ...options,
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  /** Puts the copy back as it was after a test that changed it. */
  function reset(): void {
    fs.writeFileSync(path.join(copy, 'shared/counties.json'), Buffer.from(pristine['shared/counties.json']!, 'base64'));
    fs.writeFileSync(path.join(copy, 'shared/dist/counties.json'), Buffer.from(pristine['shared/dist/counties.json']!, 'base64'));
    for (const slug of fs.readdirSync(path.join(copy, 'sites'))) {
      if (!counties.some((c) => c.slug === slug) && fs.statSync(path.join(copy, 'sites', slug)).isDirectory()) {
        fs.rmSync(path.join(copy, 'sites', slug), { recursive: true, force: true });
      }
    }
    expect(snapshot(copy)).toEqual(pristine);
  }

  beforeAll(() => {
    copy = copyRepository();
    pristine = snapshot(copy);
    pristineList = fs.readFileSync(path.join(copy, 'shared/counties.json'), 'utf8');
  });
  afterAll(() => {
    if (copy) fs.rmSync(copy, { recursive: true, force: true });
  });

  const gavleborg = ['add', '--slug', 'gavleborg', '--name', 'Gävleborgs län', '--no-install'];

  describe('refuses, names the option and its value, and writes nothing', () => {
    const cases: [what: string, argv: string[], message: string][] = [
      ['a slug with a space and å', ['--slug', 'Gävle borg', '--name', 'Gävleborgs län'], '--slug "Gävle borg": a slug is lower-case a–z, digits and dashes'],
      ['an upper-case slug', ['--slug', 'Gavleborg', '--name', 'Gävleborgs län'], '--slug "Gavleborg": a slug is lower-case a–z, digits and dashes'],
      ['no slug', ['--name', 'Gävleborgs län'], '--slug is required'],
      ['no name', ['--slug', 'gavleborg'], '--name is required'],
      ['an empty name', ['--slug', 'gavleborg', '--name', ''], '--name "": a county needs a name'],
      ['a name of spaces', ['--slug', 'gavleborg', '--name', '   '], '--name "   ": a county needs a name'],
      ['a name with markup', ['--slug', 'gavleborg', '--name', 'Gävleborg <b>'], '--name "Gävleborg <b>": a name is letters, spaces and dashes'],
      [
        'an existing slug with another name',
        ['--slug', 'dalarna', '--name', 'Gävleborgs län'],
        '--slug "dalarna": Dalarnas län is already in shared/counties.json with other values: --name "Gävleborgs län" (listed: "Dalarnas län")',
      ],
      ['an existing name under another slug', ['--slug', 'dalarna2', '--name', 'Dalarnas län'], '--name "Dalarnas län": already the name of "dalarna" in shared/counties.json'],
      ['an existing name in other case', ['--slug', 'dalarna2', '--name', 'DALARNAS LÄN'], '--name "DALARNAS LÄN": already the name of "dalarna"'],
      [
        'an existing county board',
        ['--slug', 'dalarna2', '--name', 'Stora Dalarnas län', '--board', 'Länsstyrelsen Dalarna'],
        '--board "Länsstyrelsen Dalarna": already the county board of "dalarna"',
      ],
      [
        'a primary too light for white text',
        ['--slug', 'gavleborg', '--name', 'Gävleborgs län', '--primary', '#777777'],
        '--primary #777777: contrast with white text is 4.48:1, WCAG AA needs 4.5:1',
      ],
      [
        'an accent too dark for #1a1a1a text',
        ['--slug', 'gavleborg', '--name', 'Gävleborgs län', '--accent', '#777777'],
        '--accent #777777: contrast with #1a1a1a text is 3.89:1, WCAG AA needs 4.5:1',
      ],
      ['a colour that is no #rrggbb', ['--slug', 'gavleborg', '--name', 'Gävleborgs län', '--primary', 'red'], '--primary red: a colour is #rrggbb'],
      ['a site URL with a path', ['--slug', 'gavleborg', '--name', 'Gävleborgs län', '--site-url', 'https://example.se/gavleborg'], '--site-url https://example.se/gavleborg: a site URL is only an origin'],
      ['a site URL that is not http', ['--slug', 'gavleborg', '--name', 'Gävleborgs län', '--site-url', 'ftp://example.se'], '--site-url ftp://example.se: a site URL is http(s)://host[:port]'],
      ["another county's site URL", ['--slug', 'gavleborg', '--name', 'Gävleborgs län', '--site-url', 'http://127.0.0.1:4323/'], '--site-url http://127.0.0.1:4323: already the site of "dalarna"'],
    ];
    it.each(cases)('%s', async (_what, argv, message) => {
      const result = await run(['add', ...argv, '--no-install']);
      expect(result.code).toBe(1);
      expect(result.err).toContain('Nothing was changed');
      expect(result.err).toContain(message);
      expect(snapshot(copy)).toEqual(pristine);
    });

    it('every problem at once', async () => {
      const result = await run(['add', '--slug', 'Gävle borg', '--name', '', '--primary', '#777777', '--accent', '#777777', '--no-install']);
      expect(result.code).toBe(1);
      expect(result.err.split('\n').filter((l) => l.startsWith('  --'))).toHaveLength(4);
      expect(snapshot(copy)).toEqual(pristine);
    });

    it('a folder sites/<slug>/ that is not in the list', async () => {
      fs.mkdirSync(path.join(copy, 'sites/gavleborg'));
      try {
        const result = await run(gavleborg);
        expect(result.code).toBe(1);
        expect(result.err).toContain('--slug "gavleborg": sites/gavleborg/ exists already but "gavleborg" is not in shared/counties.json');
        expect(fs.readFileSync(path.join(copy, 'shared/counties.json'), 'utf8')).toBe(pristineList);
      } finally {
        fs.rmdirSync(path.join(copy, 'sites/gavleborg'));
      }
    });

    it('an unknown option, with the usage (exit 2)', async () => {
      const result = await run([...gavleborg, '--colour', 'blue']);
      expect(result.code).toBe(2);
      expect(result.err).toContain("Unknown option '--colour'");
      expect(result.err).toContain('npm run county:add');
      expect(snapshot(copy)).toEqual(pristine);
    });

    it('an unknown command', async () => {
      expect((await run(['rename', '--slug', 'dalarna'])).code).toBe(2);
    });
  });

  it('adds a county: its entry (Swedish letters as typed), its site folder, the CMS’s copy of the list', async () => {
    const result = await run(gavleborg);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toContain('Added Gävleborgs län (gavleborg)');

    const text = fs.readFileSync(path.join(copy, 'shared/counties.json'), 'utf8');
    expect(text.startsWith(pristineList.replace(/\n\]\n$/, ''))).toBe(true); // the existing entries untouched
    expect(text).toContain('"name": "Gävleborgs län"'); // UTF-8 as typed, not \u00e4 nor "Gavleborgs"
    const list = countyListSchema.parse(JSON.parse(text));
    expect(list.at(-1)).toEqual({
      slug: 'gavleborg',
      name: 'Gävleborgs län',
      board: 'Länsstyrelsen Gävleborg',
      siteUrl: 'http://127.0.0.1:4324',
      colors: defaultColors(counties, 'gavleborg'),
      languages: [],
    });
    // The CMS reads the compiled list: rebuilt.
    expect(JSON.parse(fs.readFileSync(path.join(copy, 'shared/dist/counties.json'), 'utf8'))).toEqual(list);
    // The site folder is what every county's is, with its slug.
    const dir = path.join(copy, 'sites/gavleborg');
    expect(fs.readdirSync(dir).sort()).toEqual(['astro.config.ts', 'package.json', 'tsconfig.json']);
    expect(fs.readFileSync(path.join(dir, 'astro.config.ts'), 'utf8')).toContain("countySite({ county: 'gavleborg' })");
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).name).toBe('@lansportalen/site-gavleborg');

    // Twice: nothing changes, and it says so.
    const before = snapshot(copy);
    const again = await run(gavleborg);
    expect(again.code).toBe(0);
    expect(again.out).toContain('Gävleborgs län (gavleborg) is already in shared/counties.json with sites/gavleborg/: nothing changed.');
    const explicit = await run([...gavleborg, '--board', 'Länsstyrelsen Gävleborg', '--site-url', 'http://127.0.0.1:4324', '--primary', list.at(-1)!.colors.primary.toUpperCase()]);
    expect(explicit.out).toContain('nothing changed');
    expect(snapshot(copy)).toEqual(before);

    // Same slug, another name or colour: refused.
    const renamed = await run(['add', '--slug', 'gavleborg', '--name', 'Gävleborg', '--no-install']);
    expect(renamed.code).toBe(1);
    expect(renamed.err).toContain('--slug "gavleborg": Gävleborgs län is already in shared/counties.json with other values: --name "Gävleborg"');
    const recoloured = await run([...gavleborg, '--primary', '#000000']);
    expect(recoloured.err).toContain('--primary "#000000" (listed:');
    expect(snapshot(copy)).toEqual(before);

    // The next county gets the next port and other colours.
    expect(defaultSiteUrl(list)).toBe('http://127.0.0.1:4325');
    expect(defaultColors(list, 'orebro')).not.toEqual(list.at(-1)!.colors);

    // A name in decomposed Unicode (as macOS may type it) is stored composed.
    const decomposed = await run(['add', '--slug', 'orebro', '--name', 'O\u0308rebro  län', '--no-install']);
    expect(decomposed.code).toBe(0);
    const orebro = countyListSchema.parse(JSON.parse(fs.readFileSync(path.join(copy, 'shared/counties.json'), 'utf8'))).at(-1)!;
    expect(orebro.name).toBe('Örebro län');
    expect(orebro.name).toBe(orebro.name.normalize('NFC'));
    expect(orebro.board).toBe('Länsstyrelsen Örebro');
    expect(orebro.siteUrl).toBe('http://127.0.0.1:4325');
    reset();
  });

  it.each(['after-counties-json', 'after-first-site-file', 'after-site-folder', 'after-build'] as const)(
    'add: a failure %s leaves counties.json, shared/dist and sites/ byte-identical',
    async (faultAt) => {
      const result = await run(gavleborg, { faultAt });
      expect(result.code).toBe(1);
      expect(result.err).toContain(`injected failure ${faultAt}`);
      expect(result.err).toContain('Everything was put back as it was.');
      expect(snapshot(copy)).toEqual(pristine);
    },
  );

  it('add: a failing npm install puts package-lock.json back too', async () => {
    const result = await run(['add', '--slug', 'gavleborg', '--name', 'Gävleborgs län'], {
      install: () => {
        fs.appendFileSync(path.join(copy, 'package-lock.json'), '\n');
        throw new Error('npm install failed (exit 1)');
      },
    });
    expect(result.code).toBe(1);
    expect(result.err).toContain('npm install failed');
    expect(snapshot(copy)).toEqual(pristine);
  });

  it('remove: refuses an unknown county, and one the CMS holds content of unless --force; undoes add exactly', async () => {
    const unknown = await run(['remove', '--slug', 'gavleborg', '--no-install']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('--slug "gavleborg": no such county in shared/counties.json; the counties are vastmanland, varmland, dalarna');
    expect((await run(['remove', '--slug', 'Gävleborg'])).err).toContain('--slug "Gävleborg": a slug is lower-case');

    expect((await run(gavleborg)).code).toBe(0);
    const added = snapshot(copy);
    const owned = async () => [{ field: 'alerts', count: 2, examples: ['Eldningsförbud', 'Översvämning'] }];
    const refused = await run(['remove', '--slug', 'gavleborg', '--no-install'], { ownedEntries: owned });
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('--slug "gavleborg": the CMS still holds content that Gävleborgs län owns: alerts (2): “Eldningsförbud”, “Översvämning”');
    expect(refused.err).toContain('--force');
    expect(snapshot(copy)).toEqual(added);

    const failed = await run(['remove', '--slug', 'gavleborg', '--no-install', '--force'], { faultAt: 'after-site-folder' });
    expect(failed.code).toBe(1);
    expect(snapshot(copy)).toEqual(added);

    fs.mkdirSync(path.join(copy, 'sites/gavleborg/dist'));
    fs.writeFileSync(path.join(copy, 'sites/gavleborg/dist/index.html'), 'built');
    const forced = await run(['remove', '--slug', 'gavleborg', '--no-install', '--force'], { ownedEntries: owned });
    expect(forced.code).toBe(0);
    expect(forced.out).toContain('Removed Gävleborgs län (gavleborg) from shared/counties.json and deleted sites/gavleborg/');
    expect(fs.existsSync(path.join(copy, 'sites/gavleborg'))).toBe(false);
    expect(snapshot(copy)).toEqual(pristine);
  });

  it('counties.json itself is checked for contrast', () => {
    const entry = { ...counties[0]!, colors: { primary: '#777777', accent: '#1a1a1a' } };
    const result = countyListSchema.safeParse([entry]);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['0.colors.primary', '#777777: contrast with white text is 4.48:1, WCAG AA needs 4.5:1'],
      ['0.colors.accent', '#1a1a1a: contrast with #1a1a1a text is 1.00:1, WCAG AA needs 4.5:1'],
    ]);
  });

  it('defaults: county board from the name, palette within AA, the site template is what sites/ holds', () => {
    expect(defaultBoard('Gävleborgs län')).toBe('Länsstyrelsen Gävleborg');
    expect(defaultBoard('Dalarnas län')).toBe('Länsstyrelsen Dalarna');
    expect(defaultBoard('Västra Götalands län')).toBe('Länsstyrelsen Västra Götaland');
    expect(defaultBoard('Skåne län')).toBe('Länsstyrelsen Skåne');
    expect(defaultBoard('Gotland')).toBe('Länsstyrelsen Gotland');
    for (const county of counties) expect(defaultBoard(county.name)).toBe(county.board);

    for (const { primary, accent } of colorPalette) {
      expect(contrastRatio(primary, '#ffffff')).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(accent, '#1a1a1a')).toBeGreaterThanOrEqual(4.5);
    }
    const crowded = colorPalette.map((colors, i) => ({ ...counties[0]!, slug: `c${i}`, colors }));
    const beyond = defaultColors(crowded, 'gavleborg');
    expect(contrastRatio(beyond.primary, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(beyond.accent, '#1a1a1a')).toBeGreaterThanOrEqual(4.5);
    expect(formatRatio(4.4999)).toBe('4.49:1');

    // Generated, yet byte for byte what the existing counties' folders hold.
    for (const county of counties) {
      for (const [file, content] of Object.entries(siteFiles(repoDir, county.slug))) {
        expect(fs.readFileSync(path.join(repoDir, 'sites', county.slug, file), 'utf8'), `sites/${county.slug}/${file}`).toBe(content);
      }
    }
    // Rewriting the list keeps its layout.
    expect(formatCountyList(JSON.parse(pristineList))).toBe(pristineList);
  });
});

describe('end to end: a fourth county, from the command to its built site', () => {
  const execFileAsync = promisify(execFile);
  const alertTitle = 'Eldningsförbud i hela Gävleborgs län';
  let copy: string;
  let database: ThrowawayDatabase;
  let cms: TestCms | undefined;
  let out: string;
  let listBefore: string;
  let commandOutput: string;
  let countyRecord: { name: string; board: string } | undefined;
  let roleExists = false;
  const seconds: Record<string, number> = {};

  /** `npm run <script> -- <args>` in the copy, asynchronously (the CMS in this process keeps answering). */
  async function npmRun(script: string, args: string[], env: Record<string, string> = {}) {
    const started = performance.now();
    try {
      const { stdout, stderr } = await execFileAsync('npm', ['run', '--silent', script, '--', ...args], {
        cwd: copy,
        env: { ...process.env, ...env },
        maxBuffer: 64 * 1024 * 1024,
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
      return { code, stdout, stderr };
    } finally {
      seconds[`${script} ${args.slice(0, 2).join(' ')}`] = Math.round((performance.now() - started) / 100) / 10;
    }
  }
  const page = (slug: string, urlPath: string) => fs.readFileSync(path.join(out, slug, urlPath, 'index.html'), 'utf8');

  beforeAll(async () => {
    const started = performance.now();
    copy = copyRepository();
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'lansportalen-county-sites-'));
    listBefore = fs.readFileSync(path.join(copy, 'shared/counties.json'), 'utf8');

    const added = await npmRun('county:add', ['--slug', 'gavleborg', '--name', 'Gävleborgs län', '--no-install']);
    expect(added.stderr.replace(/^npm warn.*\n/gm, '')).toBe('');
    expect(added.code).toBe(0);
    commandOutput = added.stdout;

    let t = performance.now();
    await compileStrapi({ appDir: path.join(copy, 'cms') });
    seconds['compile the copy’s CMS'] = Math.round((performance.now() - t) / 100) / 10;
    // The database outlives this CMS: county:remove looks into it afterwards.
    const real = await createThrowawayDatabase();
    database = real;
    t = performance.now();
    cms = await bootCms({ appDir: path.join(copy, 'cms'), database: { env: real.env, drop: async () => {} } });
    seconds['boot and seed'] = Math.round((performance.now() - t) / 100) / 10;

    const county = await cms.strapi.documents('api::county.county').findFirst({ filters: { slug: { $eq: 'gavleborg' } } });
    countyRecord = county ? { name: String(county['name']), board: String(county['board']) } : undefined;
    roleExists = Boolean(await cms.strapi.db.query('admin::role').findOne({ where: { code: 'lansportalen-editor-gavleborg' } }));
    await cms.strapi.documents('api::alert.alert').create({
      data: {
        title: alertTitle,
        slug: 'eldningsforbud-gavleborg',
        body: 'Det råder eldningsförbud i hela länet.',
        severity: 'danger',
        validFrom: new Date(Date.now() - 24 * 3600 * 1000).toISOString(),
        owner: { set: [{ documentId: county!.documentId }] },
        shownOnAllSites: false,
      } as never,
      status: 'published',
    });

    for (const slug of ['gavleborg', 'dalarna']) {
      const built = await npmRun('build', ['--county', slug, '--out', out], { CMS_URL: cms.url });
      if (built.code !== 0) throw new Error(`npm run build -- --county ${slug} failed:\n${built.stdout}\n${built.stderr}`);
    }
    await cms.stop();
    cms = undefined;
    seconds['all of beforeAll'] = Math.round((performance.now() - started) / 100) / 10;
  }, 300_000);

  afterAll(async () => {
    console.log(`county end to end, seconds: ${JSON.stringify(seconds)}`);
    await cms?.stop();
    await database?.drop();
    for (const dir of [copy, out]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('county:add adds the county to the list and prints what it did', () => {
    expect(commandOutput).toContain('Added Gävleborgs län (gavleborg)');
    const list = countyListSchema.parse(JSON.parse(fs.readFileSync(path.join(copy, 'shared/counties.json'), 'utf8')));
    expect(list.map((c) => c.slug)).toEqual([...counties.map((c) => c.slug), 'gavleborg']);
  });

  it('the CMS created the county record and its editor role on boot', () => {
    expect(countyRecord).toEqual({ name: 'Gävleborgs län', board: 'Länsstyrelsen Gävleborg' });
    expect(roleExists).toBe(true);
  });

  it('the new site names its county on every page', () => {
    const pages = htmlFiles(path.join(out, 'gavleborg'));
    expect(pages.length).toBeGreaterThan(5);
    for (const file of pages) {
      const html = fs.readFileSync(path.join(out, 'gavleborg', file), 'utf8');
      expect(html, file).toContain('Gävleborgs län');
      expect(html, file).toContain('Länsstyrelsen Gävleborg');
    }
    expect(page('gavleborg', '')).toContain('<link rel="canonical" href="http://127.0.0.1:4324/"');
  });

  it('the new site shows the national shared pages and its own alert', () => {
    expect(page('gavleborg', 'sidor/lansstyrelsernas-integrationsuppdrag')).toContain('Länsstyrelsernas integrationsuppdrag');
    expect(page('gavleborg', 'sidor/integrationspolitikens-fokusomraden')).toContain('Integrationspolitikens fokusområden');
    expect(page('gavleborg', '')).toContain('href="/sidor/lansstyrelsernas-integrationsuppdrag/"');
    for (const urlPath of ['', 'sidor/lansstyrelsernas-integrationsuppdrag']) expect(page('gavleborg', urlPath)).toContain(alertTitle);
  });

  it("an existing site still names its own county and shows none of the new county's alert", () => {
    expect(page('dalarna', '')).toContain('Dalarnas län');
    for (const file of htmlFiles(path.join(out, 'dalarna'))) {
      expect(fs.readFileSync(path.join(out, 'dalarna', file), 'utf8'), file).not.toContain(alertTitle);
    }
  });

  it('county:remove refuses while the CMS holds its alert, then with --force restores the list byte for byte', async () => {
    const refused = await npmRun('county:remove', ['--slug', 'gavleborg', '--no-install'], database.env);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(`--slug "gavleborg": the CMS still holds content that Gävleborgs län owns: alerts (1): “${alertTitle}”`);
    expect(fs.existsSync(path.join(copy, 'sites/gavleborg/astro.config.ts'))).toBe(true);

    const forced = await npmRun('county:remove', ['--slug', 'gavleborg', '--no-install', '--force'], database.env);
    expect(forced.code, forced.stderr).toBe(0);
    expect(fs.readFileSync(path.join(copy, 'shared/counties.json'), 'utf8')).toBe(listBefore);
    expect(fs.existsSync(path.join(copy, 'sites/gavleborg'))).toBe(false);
  }, 120_000);
});
