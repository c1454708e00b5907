/**
 * A second CMS process for tests that need two instances on one database (one process holds one
 * global `strapi`): `fork(this file, [appDir], { execArgv: ['--import', 'tsx'] })` with the
 * database in the environment. Boots the compiled CMS, sends {ready}; on each message
 * - {run: 'alertWindows'} runs that cron task once and answers {done} (or {error});
 * - {run: 'publish', uid, steps: [{documentId, lead}]} sets each entry's lead and publishes it, one
 *   after the other, answering {published: lead} after each and {done} at the end (or {error}).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { publishSteps, type PublishStep } from './publish-steps';
import { createStrapi } from './strapi';

type Message = { run: 'alertWindows' } | { run: 'publish'; uid: string; steps: PublishStep[] };

const appDir = process.argv[2]!;
const strapi = createStrapi({ appDir, distDir: path.join(appDir, 'dist') });
await strapi.load();
await strapi.listen();
const { default: tasks } = createRequire(import.meta.url)(path.join(appDir, 'dist/config/cron-tasks.js')) as typeof import('../../cms/config/cron-tasks');

async function run(message: Message): Promise<void> {
  if (message.run === 'alertWindows') return tasks.alertWindows.task({ strapi });
  await publishSteps(strapi.documents(message.uid as never), message.steps, (lead) => process.send!({ published: lead }));
}

process.on('message', (message: Message) => {
  run(message).then(
    () => process.send!({ done: true }),
    (error: Error) => process.send!({ error: error.message }),
  );
});
process.on('disconnect', () => void strapi.destroy().then(() => process.exit(0)));
process.send!({ ready: true });
