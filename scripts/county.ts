/**
 * `npm run county:add -- --slug gavleborg --name "Gävleborgs län"` and
 * `npm run county:remove -- --slug gavleborg`: everything a county needs, in one command.
 * See docs/adding-a-county.md; the work is in lib/county-command.ts.
 */
import { runCountyCommand } from './lib/county-command';
import { repoDir } from '@lansportalen/publisher';

process.exitCode = await runCountyCommand(process.argv.slice(2), { repoDir });
