/** The seed files as the tests read them: parsed with the same zod schema as the import. */
import path from 'node:path';
import { loadSeed, type SeedSet } from '../../cms/src/seed/load';
import { cmsDir } from './cms';

export const seed: SeedSet = loadSeed(path.join(cmsDir, 'seed'));

interface Federated {
  slug: string;
  owner: string | null;
  sharedWith: string[];
  shownOnAllSites: boolean;
}

/**
 * The federation rule restated independently of the CMS, to check the CMS against. The seed is
 * imported by the system, so its shares are accepted (docs/decisions.md, consent for sharing).
 */
export function expectedOn(county: string, records: { data: unknown }[]): string[] {
  return records
    .map((r) => r.data as Federated)
    .filter((d) => d.owner === county || d.sharedWith.includes(county) || d.shownOnAllSites)
    .map((d) => d.slug)
    .sort();
}
