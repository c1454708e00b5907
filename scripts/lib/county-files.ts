/**
 * What `npm run county:add` and `county:remove` write: the entry in shared/counties.json and the
 * folder sites/<slug>/. Everything is worked out and validated first; the writes then happen in a
 * `FileTransaction`, which puts every file back as it was if a later step fails.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { countyListSchema, countySchema, type County } from '@lansportalen/shared/counties';
import { AA_CONTRAST, colorProblem, contrastRatio, textOn } from '../../shared/src/contrast';

export const countiesFile = 'shared/counties.json';
export const siteFolder = (slug: string) => `sites/${slug}`;

/** An input the command refuses; every problem found, each naming the option and its value. */
export class CountyInputError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

// ---------------------------------------------------------------------------------------------
// The county list

export interface CountyList {
  /** counties.json as it is on disk. */
  text: string;
  /** Its entries as written (unknown keys kept, so a rewrite drops nothing). */
  raw: Record<string, unknown>[];
  /** The same, validated. */
  counties: County[];
}

export function readCountyList(repoDir: string): CountyList {
  const file = path.join(repoDir, countiesFile);
  const text = fs.readFileSync(file, 'utf8');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`${countiesFile} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = countyListSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`${countiesFile} is invalid, fix it first:\n${z.prettifyError(parsed.error)}`);
  return { text, raw: raw as Record<string, unknown>[], counties: parsed.data };
}

/**
 * counties.json in its house style: one key per line, small objects (the colours) and lists of
 * plain values (the languages) on one line,
 * two-space indent, final newline. Existing entries come out byte for byte as they went in.
 */
export function formatCountyList(entries: readonly Record<string, unknown>[]): string {
  const isFlat = (value: object) => Object.values(value).every((v) => v === null || typeof v !== 'object');
  const format = (value: unknown, indent: string): string => {
    if (value === null || typeof value !== 'object') return JSON.stringify(value);
    const inner = `${indent}  `;
    if (Array.isArray(value)) {
      if (value.length === 0) return '[]';
      if (indent.length >= 4 && isFlat(value)) return `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
      return `[\n${value.map((v) => inner + format(v, inner)).join(',\n')}\n${indent}]`;
    }
    const keys = Object.entries(value);
    if (keys.length === 0) return '{}';
    if (indent.length >= 4 && isFlat(value)) return `{ ${keys.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')} }`;
    return `{\n${keys.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${format(v, inner)}`).join(',\n')}\n${indent}}`;
  };
  return `${format(entries, '')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Defaults

/** "Gävleborgs län" → "Länsstyrelsen Gävleborg", "Dalarnas län" → "Länsstyrelsen Dalarna", "Skåne län" → "Länsstyrelsen Skåne". */
export function defaultBoard(name: string): string {
  const match = /^(.+?)\s+län$/iu.exec(name.trim());
  // The genitive -s of "Gävleborgs län"; no county's own name ends in -s.
  const place = match ? match[1]!.replace(/s$/u, '') : name.trim();
  return `Länsstyrelsen ${place}`;
}

const cmsPort = 1337;
const firstSitePort = 4321;

/** http://127.0.0.1:<the port after the highest one in the list>. */
export function defaultSiteUrl(counties: readonly County[]): string {
  const ports = counties.map((c) => Number(new URL(c.siteUrl).port)).filter((p) => p > 0);
  let port = ports.length ? Math.max(...ports) + 1 : firstSitePort;
  while (port === cmsPort || ports.includes(port)) port += 1;
  return `http://127.0.0.1:${port}`;
}

/** Dark primaries (white text ≥ 4.5:1) with light accents (#1a1a1a text ≥ 4.5:1), used in order. */
export const colorPalette: readonly County['colors'][] = [
  { primary: '#5b2a86', accent: '#f7c59f' },
  { primary: '#00546b', accent: '#ffe082' },
  { primary: '#6d3b00', accent: '#b3e5fc' },
  { primary: '#283593', accent: '#ffab91' },
  { primary: '#004d40', accent: '#f8bbd0' },
  { primary: '#6a1b4d', accent: '#c5e1a5' },
  { primary: '#37474f', accent: '#ffe0b2' },
  { primary: '#880e4f', accent: '#fff59d' },
];

/** The first palette pair whose colours no county uses yet; past the palette, a pair from the slug's hue. */
export function defaultColors(counties: readonly County[], slug: string): County['colors'] {
  const used = new Set(counties.flatMap((c) => [c.colors.primary.toLowerCase(), c.colors.accent.toLowerCase()]));
  const free = colorPalette.find((pair) => !used.has(pair.primary) && !used.has(pair.accent));
  if (free) return { ...free };
  const hue = [...slug].reduce((h, ch) => (h * 31 + ch.codePointAt(0)!) % 360, 7);
  let primary = hsl(hue, 0.6, 0.3);
  for (let l = 0.3; contrastRatio(primary, textOn.primary.color) < AA_CONTRAST; l -= 0.02) primary = hsl(hue, 0.6, l);
  let accent = hsl((hue + 180) % 360, 0.85, 0.78);
  for (let l = 0.78; contrastRatio(accent, textOn.accent.color) < AA_CONTRAST; l += 0.02) accent = hsl((hue + 180) % 360, 0.85, l);
  return { primary, accent };
}

function hsl(h: number, s: number, l: number): string {
  const a = s * Math.min(l, 1 - l);
  const channel = (n: number) => {
    const k = (n + h / 30) % 12;
    const value = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(Math.max(0, Math.min(1, value)) * 255).toString(16).padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}

// ---------------------------------------------------------------------------------------------
// The site folder, generated (sites/<slug>/ holds nothing else)

/** The files of sites/<slug>/, relative to it. The Astro version follows shared/package.json. */
export function siteFiles(repoDir: string, slug: string): Record<string, string> {
  const sharedPackage = JSON.parse(fs.readFileSync(path.join(repoDir, 'shared/package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  const astro = sharedPackage.dependencies?.['astro'];
  if (!astro) throw new Error('shared/package.json names no astro version');
  const packageJson = {
    name: `@lansportalen/site-${slug}`,
    version: '0.1.0',
    private: true,
    type: 'module',
    scripts: { build: 'astro build', preview: 'astro preview' },
    dependencies: { '@lansportalen/shared': '*', astro },
  };
  return {
    'package.json': `${JSON.stringify(packageJson, null, 2)}\n`,
    'astro.config.ts': [
      "import { defineConfig } from 'astro/config';",
      "import countySite from '@lansportalen/shared/astro';",
      '',
      'export default defineConfig({',
      `  integrations: [countySite({ county: '${slug}' })],`,
      '});',
      '',
    ].join('\n'),
    'tsconfig.json': `{\n  "extends": "astro/tsconfigs/strict",\n  "include": ["astro.config.ts", "../../shared/src/site"]\n}\n`,
  };
}

// ---------------------------------------------------------------------------------------------
// Input

const slugField = countySchema.shape.slug;
const hexColor = z.string().regex(/^#[0-9a-f]{6}$/i, 'a colour is #rrggbb');
/** Letters of any script (å, ä, ö kept as typed), spaces, dashes, apostrophes, dots. */
const nameLike = /^\p{L}[\p{L}\p{M} .'’-]*$/u;

const text = (what: string) =>
  z
    .string()
    .transform((s) => s.normalize('NFC').trim().replace(/\s+/gu, ' '))
    .pipe(
      z
        .string()
        .min(1, { error: `a county needs ${what}`, abort: true })
        .max(100, { error: `${what} is at most 100 characters`, abort: true })
        .regex(nameLike, `${what} is letters, spaces and dashes`),
    );

const colorOption = (role: 'primary' | 'accent') =>
  z
    .string()
    .trim()
    .pipe(hexColor)
    .transform((c) => c.toLowerCase())
    .superRefine((color, ctx) => {
      const problem = colorProblem(role, color);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });

const siteUrlOption = z
  .url({ protocol: /^https?$/, error: 'a site URL is http(s)://host[:port]' })
  .superRefine((value, ctx) => {
    const url = new URL(value);
    if (url.pathname !== '/' || url.search || url.hash) {
      ctx.addIssue({ code: 'custom', message: 'a site URL is only an origin, with no path: the site is served at its root' });
    }
  })
  .transform((value) => new URL(value).origin);

export const addInputSchema = z.object({
  slug: slugField,
  name: text('a name'),
  board: text('the name of its county board').optional(),
  'site-url': siteUrlOption.optional(),
  primary: colorOption('primary').optional(),
  accent: colorOption('accent').optional(),
});
/** As given on the command line: any option may be missing. */
export type AddInput = { [K in keyof z.input<typeof addInputSchema>]?: string };

export const removeInputSchema = z.object({ slug: slugField });

const optionNames: Record<string, string> = { 'site-url': '--site-url' };

/** zod issues as `--slug "Gävle borg": a slug is lower-case a–z, digits and dashes`. */
export function describeIssues(error: z.ZodError, input: Record<string, unknown>): string[] {
  return error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '');
    const option = optionNames[key] ?? `--${key}`;
    const value = input[key];
    if (value === undefined) return `${option} is required`;
    const shown = key === 'primary' || key === 'accent' || key === 'site-url' ? String(value) : JSON.stringify(value);
    return `${option} ${shown}: ${issue.message}`;
  });
}

/** The same name, whatever the case or Unicode form. */
const sameName = (a: string, b: string) => a.normalize('NFC').toLocaleLowerCase('sv') === b.normalize('NFC').toLocaleLowerCase('sv');

// ---------------------------------------------------------------------------------------------
// Plans

export type AddPlan =
  | { kind: 'unchanged'; county: County; missingFiles: Record<string, string> }
  | { kind: 'add'; county: County; listText: string; files: Record<string, string> };

/** Works out what `add` would write, or throws CountyInputError with every problem. Writes nothing. */
export function planAdd(repoDir: string, input: AddInput): AddPlan {
  const list = readCountyList(repoDir);
  const parsed = addInputSchema.safeParse(input);
  if (!parsed.success) throw new CountyInputError(describeIssues(parsed.error, input));
  const args = parsed.data;
  const existing = list.counties.find((c) => c.slug === args.slug);

  if (existing) {
    // Same command again: what was not given is what the list says; what was given must match.
    const differences: string[] = [];
    const given: [string, string | undefined, string][] = [
      ['--name', args.name, existing.name],
      ['--board', args.board, existing.board],
      ['--site-url', args['site-url'], existing.siteUrl],
      ['--primary', args.primary, existing.colors.primary.toLowerCase()],
      ['--accent', args.accent, existing.colors.accent.toLowerCase()],
    ];
    for (const [option, value, listed] of given) {
      if (value !== undefined && value !== listed) differences.push(`${option} ${JSON.stringify(value)} (listed: ${JSON.stringify(listed)})`);
    }
    if (differences.length) {
      throw new CountyInputError([
        `--slug "${args.slug}": ${existing.name} is already in ${countiesFile} with other values: ${differences.join(', ')}. ` +
          `To change a county, edit ${countiesFile}; to replace it, run county:remove first.`,
      ]);
    }
    const files = siteFiles(repoDir, args.slug);
    const dir = path.join(repoDir, siteFolder(args.slug));
    const missingFiles = Object.fromEntries(Object.entries(files).filter(([file]) => !fs.existsSync(path.join(dir, file))));
    return { kind: 'unchanged', county: existing, missingFiles };
  }

  const problems: string[] = [];
  const sameNamed = list.counties.find((c) => sameName(c.name, args.name));
  if (sameNamed) problems.push(`--name ${JSON.stringify(args.name)}: already the name of "${sameNamed.slug}" in ${countiesFile}`);
  const board = args.board ?? defaultBoard(args.name);
  const sameBoard = list.counties.find((c) => sameName(c.board, board));
  if (sameBoard) problems.push(`--board ${JSON.stringify(board)}: already the county board of "${sameBoard.slug}" in ${countiesFile}`);
  const siteUrl = args['site-url'] ?? defaultSiteUrl(list.counties);
  const sameSite = list.counties.find((c) => new URL(c.siteUrl).origin === siteUrl);
  if (sameSite) problems.push(`--site-url ${siteUrl}: already the site of "${sameSite.slug}" in ${countiesFile}`);
  const { hostname, port } = new URL(siteUrl);
  if (['127.0.0.1', 'localhost'].includes(hostname) && Number(port) === cmsPort) {
    problems.push(`--site-url ${siteUrl}: port ${cmsPort} is the CMS's`);
  }
  const dir = path.join(repoDir, siteFolder(args.slug));
  if (fs.existsSync(dir)) {
    problems.push(`--slug "${args.slug}": ${siteFolder(args.slug)}/ exists already but "${args.slug}" is not in ${countiesFile}; move that folder away or choose another slug`);
  }
  if (problems.length) throw new CountyInputError(problems);

  const defaults = defaultColors(list.counties, args.slug);
  const county: County = {
    slug: args.slug,
    name: args.name,
    board,
    siteUrl,
    colors: { primary: args.primary ?? defaults.primary, accent: args.accent ?? defaults.accent },
    // A new county's site starts in Swedish only; its languages are added to the list by hand.
    languages: [],
  };
  const entries = [...list.raw, county as unknown as Record<string, unknown>];
  const check = countyListSchema.safeParse(entries);
  if (!check.success) throw new CountyInputError([`the new ${countiesFile} would be invalid:\n${z.prettifyError(check.error)}`]);
  return { kind: 'add', county, listText: formatCountyList(entries), files: siteFiles(repoDir, args.slug) };
}

export interface RemovePlan {
  county: County;
  listText: string;
  /** Whether sites/<slug>/ exists to be removed. */
  hasSiteFolder: boolean;
}

/** Works out what `remove` would write, or throws CountyInputError. Writes nothing. */
export function planRemove(repoDir: string, input: { slug?: unknown }): RemovePlan {
  const list = readCountyList(repoDir);
  const parsed = removeInputSchema.safeParse(input);
  if (!parsed.success) throw new CountyInputError(describeIssues(parsed.error, input));
  const { slug } = parsed.data;
  const index = list.counties.findIndex((c) => c.slug === slug);
  if (index < 0) {
    const stray = fs.existsSync(path.join(repoDir, siteFolder(slug))) ? ` (${siteFolder(slug)}/ exists though: delete it by hand)` : '';
    throw new CountyInputError([
      `--slug "${slug}": no such county in ${countiesFile}${stray}; the counties are ${list.counties.map((c) => c.slug).join(', ')}`,
    ]);
  }
  if (list.counties.length === 1) throw new CountyInputError([`--slug "${slug}": the last county in ${countiesFile} cannot be removed`]);
  const entries = list.raw.filter((_, i) => i !== index);
  return {
    county: list.counties[index]!,
    listText: formatCountyList(entries),
    hasSiteFolder: fs.existsSync(path.join(repoDir, siteFolder(slug))),
  };
}

// ---------------------------------------------------------------------------------------------
// Writing, all or nothing

/**
 * Writes files and folders so that `rollback()` puts every one back byte for byte: a file's old
 * content is kept in memory; a new folder is built next to its place and renamed in; a removed
 * folder is renamed aside and only deleted by `commit()`.
 */
export class FileTransaction {
  private undo: (() => void)[] = [];
  private onCommit: (() => void)[] = [];

  constructor(private readonly repoDir: string) {}

  private abs(relative: string): string {
    return path.join(this.repoDir, relative);
  }

  /** Remembers a file as it is now, so that rollback restores it (or deletes it if absent). */
  keep(relative: string): void {
    const file = this.abs(relative);
    const before = fs.existsSync(file) ? fs.readFileSync(file) : undefined;
    this.undo.push(() => (before === undefined ? fs.rmSync(file, { force: true }) : fs.writeFileSync(file, before)));
  }

  /** Replaces a file's content atomically (temporary file, then rename). */
  writeFile(relative: string, content: string): void {
    this.keep(relative);
    const file = this.abs(relative);
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, content);
    fs.renameSync(temporary, file);
  }

  /** Creates a folder that does not exist yet with these files; `onFile` runs after each one. */
  createFolder(relative: string, files: Record<string, string>, onFile: (file: string) => void = () => {}): void {
    const dir = this.abs(relative);
    if (fs.existsSync(dir)) throw new Error(`${relative}/ exists already`);
    const staging = this.abs(`.${path.basename(relative)}.county-add-${process.pid}`);
    this.undo.push(() => {
      fs.rmSync(staging, { recursive: true, force: true });
      fs.rmSync(dir, { recursive: true, force: true });
    });
    fs.mkdirSync(staging, { recursive: true });
    for (const [name, content] of Object.entries(files)) {
      fs.writeFileSync(path.join(staging, name), content);
      onFile(name);
    }
    fs.renameSync(staging, dir);
  }

  /** Adds missing files to an existing folder. */
  addFiles(relative: string, files: Record<string, string>): void {
    fs.mkdirSync(this.abs(relative), { recursive: true });
    for (const [name, content] of Object.entries(files)) this.writeFile(path.join(relative, name), content);
  }

  /** Moves a folder aside; commit() deletes it, rollback() moves it back. */
  removeFolder(relative: string): void {
    const dir = this.abs(relative);
    const aside = this.abs(`.${path.basename(relative)}.county-remove-${process.pid}`);
    fs.renameSync(dir, aside);
    this.undo.push(() => {
      if (fs.existsSync(dir)) fs.rmSync(dir, { recursive: true, force: true });
      fs.renameSync(aside, dir);
    });
    this.onCommit.push(() => fs.rmSync(aside, { recursive: true, force: true }));
  }

  commit(): void {
    for (const step of this.onCommit) step();
    this.undo = [];
    this.onCommit = [];
  }

  /** Undoes every write, newest first; a step that fails does not stop the others. */
  rollback(): string[] {
    const failures: string[] = [];
    for (const step of this.undo.reverse()) {
      try {
        step();
      } catch (error) {
        failures.push((error as Error).message);
      }
    }
    this.undo = [];
    this.onCommit = [];
    return failures;
  }
}

// ---------------------------------------------------------------------------------------------
// After the files: the shared build and npm install

/** What the CMS reads is shared/dist (compiled by `npm install`'s postinstall); rebuild it after a list change. */
export function buildShared(repoDir: string): void {
  const result = spawnSync('npm', ['run', 'build', '--workspace', '@lansportalen/shared'], { cwd: repoDir, encoding: 'utf8' });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}\n${result.stderr ?? ''}`.split('\n').filter((l) => l.trim() && !l.includes('nodedir'));
    throw new Error(`npm run build --workspace @lansportalen/shared failed:\n${output.slice(-20).join('\n')}`);
  }
}

/** `npm install --no-audit --no-fund`: links sites/<slug> as a workspace (or unlinks it) and updates package-lock.json. */
export function npmInstall(repoDir: string): void {
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: repoDir, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm install failed (exit ${result.status ?? result.signal})`);
}

/** Whether node_modules links this county's site workspace. */
export const siteLinked = (repoDir: string, slug: string) =>
  fs.existsSync(path.join(repoDir, 'node_modules/@lansportalen', `site-${slug}`));
