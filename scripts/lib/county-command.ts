/**
 * `npm run county:add` and `npm run county:remove` (scripts/county.ts), as a function the tests
 * can call on a throwaway copy of the repository. Returns the exit code.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  CountyInputError,
  FileTransaction,
  buildShared,
  countiesFile,
  npmInstall,
  planAdd,
  planRemove,
  siteFolder,
  siteLinked,
} from './county-files';
import { describeOwned, missingSqliteFile, ownedEntries, withCms, type OwnedEntries } from './county-cms';

/** Where a test makes the command fail, to prove that a failure leaves everything as it was. */
export type FaultPoint = 'after-counties-json' | 'after-first-site-file' | 'after-site-folder' | 'after-build' | 'after-install';

export interface CountyCommandOptions {
  repoDir: string;
  log?: (line: string) => void;
  error?: (line: string) => void;
  /** Instead of booting the CMS: what the county owns there (tests). */
  ownedEntries?: (slug: string) => Promise<OwnedEntries[]>;
  /** Instead of `npm install` (tests: never in a copy whose node_modules is shared). */
  install?: () => void;
  /** Tests: throw at this point. */
  faultAt?: FaultPoint;
}

export const usage = `Usage:
  npm run county:add -- --slug <slug> --name "<Name> län" [--board "Länsstyrelsen <Name>"]
                        [--site-url <http://host:port>] [--primary <#rrggbb>] [--accent <#rrggbb>] [--no-install]
  npm run county:remove -- --slug <slug> [--force] [--no-install]

See docs/adding-a-county.md.`;

const addOptions = {
  slug: { type: 'string' },
  name: { type: 'string' },
  board: { type: 'string' },
  'site-url': { type: 'string' },
  primary: { type: 'string' },
  accent: { type: 'string' },
  'no-install': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const removeOptions = {
  slug: { type: 'string' },
  force: { type: 'boolean' },
  'no-install': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function runCountyCommand(argv: readonly string[], options: CountyCommandOptions): Promise<number> {
  const log = options.log ?? ((line: string) => console.log(line));
  const error = options.error ?? ((line: string) => console.error(line));
  const [command, ...rest] = argv;
  try {
    if (command === 'add') return await add(rest, options, log);
    if (command === 'remove') return await remove(rest, options, log);
    error(command ? `Unknown command "${command}": add or remove.\n\n${usage}` : usage);
    return 2;
  } catch (failure) {
    if (failure instanceof CountyInputError) {
      error(`Nothing was changed:\n${failure.problems.map((p) => `  ${p}`).join('\n')}`);
      return 1;
    }
    const { code, message } = failure as { code?: string; message: string };
    if (code?.startsWith('ERR_PARSE_ARGS')) {
      error(`${message}\n\n${usage}`);
      return 2;
    }
    error(message);
    return 1;
  }
}

function fault(options: CountyCommandOptions, point: FaultPoint): void {
  if (options.faultAt === point) throw new Error(`injected failure ${point}`);
}

/**
 * Runs the writes, then the shared build and npm install; if any of it fails, every file is put
 * back and shared/dist rebuilt from the restored list.
 */
async function transact(
  options: CountyCommandOptions,
  after: { install: boolean; listChanged: boolean },
  write: (tx: FileTransaction) => void,
): Promise<void> {
  const { repoDir } = options;
  const tx = new FileTransaction(repoDir);
  let built = false;
  try {
    write(tx);
    if (after.install) {
      tx.keep('package-lock.json');
      built = after.listChanged; // npm install's postinstall rebuilds shared/dist
      (options.install ?? (() => npmInstall(repoDir)))();
      fault(options, 'after-install');
    } else if (after.listChanged) {
      built = true;
      buildShared(repoDir);
      fault(options, 'after-build');
    }
    tx.commit();
  } catch (failure) {
    const leftovers = tx.rollback();
    if (built) {
      try {
        buildShared(repoDir);
      } catch (rebuild) {
        leftovers.push((rebuild as Error).message);
      }
    }
    const note = leftovers.length
      ? `\nRestoring failed too, check by hand (git status):\n${leftovers.join('\n')}`
      : `\nEverything was put back as it was.`;
    throw new Error(`${(failure as Error).message}${note}`);
  }
}

async function add(argv: string[], options: CountyCommandOptions, log: (line: string) => void): Promise<number> {
  const { values } = parseArgs({ args: argv, options: addOptions, strict: true, allowPositionals: false });
  if (values.help) {
    log(usage);
    return 0;
  }
  const { 'no-install': noInstall, help: _help, ...input } = values;
  const { repoDir } = options;
  const plan = planAdd(repoDir, input);
  const { county } = plan;
  const folder = `${siteFolder(county.slug)}/`;

  if (plan.kind === 'unchanged') {
    const missing = Object.keys(plan.missingFiles);
    const link = !noInstall && !siteLinked(repoDir, county.slug);
    if (!missing.length && !link) {
      log(`${county.name} (${county.slug}) is already in ${countiesFile} with ${folder}: nothing changed.`);
      return 0;
    }
    await transact(options, { install: link, listChanged: false }, (tx) => tx.addFiles(siteFolder(county.slug), plan.missingFiles));
    log(`${county.name} (${county.slug}) is already in ${countiesFile}.`);
    if (missing.length) log(`  ${folder} was missing ${missing.join(', ')}: written.`);
    if (link) log(`  npm install: linked ${folder} as a workspace.`);
    return 0;
  }

  await transact(options, { install: !noInstall, listChanged: true }, (tx) => {
    tx.writeFile(countiesFile, plan.listText);
    fault(options, 'after-counties-json');
    let first = true;
    tx.createFolder(siteFolder(county.slug), plan.files, () => {
      if (first) fault(options, 'after-first-site-file');
      first = false;
    });
    fault(options, 'after-site-folder');
  });

  log(`Added ${county.name} (${county.slug}):`);
  log(`  ${countiesFile}  board "${county.board}", site ${county.siteUrl}, colours ${county.colors.primary} (primary) and ${county.colors.accent} (accent)`);
  log(`  ${folder.padEnd(countiesFile.length)}  ${Object.keys(plan.files).join(', ')}`);
  log(noInstall ? '  (npm install skipped: run it to link the new workspace)' : '  npm install: linked as a workspace, package-lock.json updated');
  log('');
  log(`On its next boot the CMS creates the county record and its editor role. Then:`);
  const build = `npm run build -- --county ${county.slug}`;
  log(`  ${'npm start'.padEnd(build.length)}  # the CMS and every site, ${county.name} on ${county.siteUrl}`);
  log(`  ${build}  # only this site`);
  log(`See docs/adding-a-county.md.`);
  return 0;
}

async function remove(argv: string[], options: CountyCommandOptions, log: (line: string) => void): Promise<number> {
  const { values } = parseArgs({ args: argv, options: removeOptions, strict: true, allowPositionals: false });
  if (values.help) {
    log(usage);
    return 0;
  }
  const { repoDir } = options;
  const plan = planRemove(repoDir, { slug: values.slug });
  const { county } = plan;

  const cmsDir = path.join(repoDir, 'cms');
  const noDatabase = options.ownedEntries ? undefined : missingSqliteFile(cmsDir);
  if (!values.force && noDatabase) {
    log(`No CMS database at ${noDatabase.startsWith(repoDir) ? path.relative(repoDir, noDatabase) : noDatabase} yet: the CMS holds nothing of ${county.name}.`);
  } else if (!values.force) {
    log(`Looking in the CMS for content that ${county.name} owns (the configured database, drafts included)…`);
    const owned = options.ownedEntries
      ? await options.ownedEntries(county.slug)
      : await withCms(cmsDir, (strapi) => ownedEntries(strapi, county.slug));
    if (owned.length) {
      throw new CountyInputError([
        `--slug "${county.slug}": the CMS still holds content that ${county.name} owns: ${describeOwned(owned)}. ` +
          `Delete it or give it another owner in the admin panel first, or pass --force to remove the county anyway ` +
          `(its content then stays in the CMS, owned by a county without a site).`,
      ]);
    }
  }

  await transact(options, { install: !values['no-install'], listChanged: true }, (tx) => {
    tx.writeFile(countiesFile, plan.listText);
    fault(options, 'after-counties-json');
    if (plan.hasSiteFolder) tx.removeFolder(siteFolder(county.slug));
    fault(options, 'after-site-folder');
  });

  log(`Removed ${county.name} (${county.slug}) from ${countiesFile}${plan.hasSiteFolder ? ` and deleted ${siteFolder(county.slug)}/` : ''}.`);
  if (values['no-install']) log('  (npm install skipped: run it to unlink the workspace)');
  log(`The CMS keeps its county record and editor role (nothing is deleted from the database); delete them in the admin panel if they should go.`);
  return 0;
}
