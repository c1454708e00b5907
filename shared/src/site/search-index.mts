/** The Pagefind index of a built site (runs offline, from the npm package). */
import * as pagefind from 'pagefind';

export async function writeSearchIndex(outDir: string): Promise<number> {
  const { index, errors } = await pagefind.createIndex({ forceLanguage: 'sv' });
  if (!index) throw new Error(`Pagefind: ${errors.join('; ')}`);
  const added = await index.addDirectory({ path: outDir });
  if (added.errors.length) throw new Error(`Pagefind: ${added.errors.join('; ')}`);
  await index.writeFiles({ outputPath: `${outDir}/pagefind` });
  await pagefind.close();
  return added.page_count;
}
