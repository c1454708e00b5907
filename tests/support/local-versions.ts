/**
 * What the two local-version suites share (local-versions.test.ts through the admin API,
 * local-version-browser.test.ts in Chromium): the national mandate Värmland adapts, and a CMS
 * booted with the editors who take part.
 */
import { createEditor } from './admin';
import { bootCms, type TestCms } from './cms';

export const PAGE = 'api::page.page';
/** The national page Värmland makes its local version of. */
export const MANDATE = 'lansstyrelsernas-integrationsuppdrag';
/** The admin e-mail of a county's editor (or the national editor's: `national`). */
export const editorEmail = (who: string) => `redaktor.${who}@example.se`;

export const documentIdOf = async (cms: TestCms, slug: string) =>
  ((await cms.strapi.db.query(PAGE as never).findOne({ where: { slug }, select: ['documentId'] })) as { documentId: string }).documentId;

/** Boots the CMS with one editor per county named (or `national`): their admin tokens, and the mandate's documentId. */
export async function bootWithEditors(editors: string[]): Promise<{ cms: TestCms; tokens: Map<string, string>; mandate: string }> {
  const cms = await bootCms();
  const tokens = new Map<string, string>();
  for (const who of editors) tokens.set(who, await createEditor(cms, `lansportalen-editor-${who}`, editorEmail(who)));
  return { cms, tokens, mandate: await documentIdOf(cms, MANDATE) };
}
