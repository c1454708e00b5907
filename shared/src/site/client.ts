/**
 * The sites' GraphQL client. Queries are .graphql documents; the fragments they use are appended
 * from fragments.graphql. Every response is parsed with zod: a malformed or missing field fails
 * the build with the county, the query and the field path named.
 */
import { z } from 'zod';
import { droppableLinks, dropLinks, warningPrefix } from './link-url';
import fragments from './queries/fragments.graphql?raw';
import { PREVIEW_SECRET_HEADER, PREVIEW_SECRET_NAME } from '../preview';
import { cmsUrl } from './cms-url';

export class CmsDataError extends Error {
  override name = 'CmsDataError';
}


/** A preview render (PREVIEW_SECRET set: only the publisher's preview renderers have it) shows the latest drafts; it is never published. */
const previewSecret = (): string | undefined => process.env[PREVIEW_SECRET_NAME] || undefined;
export const isPreview = (): boolean => Boolean(previewSecret());

const fragmentDefinitions = new Map(
  [...fragments.matchAll(/fragment\s+(\w+)\s+on\s+\w+\s*\{/g)].map((match) => {
    // A fragment runs from its keyword to the next fragment (or the end of the file).
    const start = match.index;
    const next = fragments.indexOf('\nfragment ', start + 1);
    return [match[1]!, fragments.slice(start, next === -1 ? undefined : next).trim()];
  }),
);

/** The document plus every fragment it spreads, transitively, and no others. */
export function withFragments(document: string): string {
  const used = new Set<string>();
  const pending = [document];
  while (pending.length) {
    for (const [, name] of pending.pop()!.matchAll(/\.\.\.\s*(\w+)/g)) {
      if (used.has(name!) || name === 'on') continue;
      const definition = fragmentDefinitions.get(name!);
      if (!definition) throw new Error(`GraphQL fragment ${name} is not defined in fragments.graphql`);
      used.add(name!);
      pending.push(definition);
    }
  }
  return [document, ...[...used].map((name) => fragmentDefinitions.get(name)!)].join('\n\n');
}

export function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)),
    '',
  );
}

export interface QueryRequest<S extends z.ZodType> {
  county: string;
  name: string;
  document: string;
  schema: S;
  variables?: Record<string, unknown>;
}

export async function query<S extends z.ZodType>({ county, name, document, schema, variables }: QueryRequest<S>): Promise<z.infer<S>> {
  const where = `[${county}] query ${name}`;
  const url = `${cmsUrl()}/graphql`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        // Never the CMS's public answer cache: a render reads what the database holds now.
        'cache-control': 'no-cache',
        ...(isPreview() ? { [PREVIEW_SECRET_HEADER]: previewSecret()! } : {}),
      },
      body: JSON.stringify({ query: withFragments(document), variables: { county, preview: isPreview(), ...variables } }),
    });
  } catch (error) {
    throw new CmsDataError(`${where}: the CMS at ${url} did not answer (${(error as Error).message}); start it, or set CMS_URL`);
  }
  const body = (await response.json().catch(() => ({}))) as { data?: unknown; errors?: { message: string }[] };
  if (body.errors?.length) throw new CmsDataError(`${where}: the CMS refused it: ${body.errors.map((e) => e.message).join('; ')}`);
  let parsed = schema.safeParse(body.data);
  const refusedLinks = parsed.success ? undefined : droppableLinks(parsed.error.issues);
  if (refusedLinks) {
    // Only links were refused: the page is built without them, and the build says which.
    const data = structuredClone(body.data);
    for (const dropped of dropLinks(data, refusedLinks, formatIssuePath)) console.warn(`${warningPrefix}[${county}] ${dropped}`);
    parsed = schema.safeParse(data);
  }
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${formatIssuePath(issue.path) || '(response)'}: ${issue.message}`);
    throw new CmsDataError(`${where}: unexpected data from the CMS\n${lines.join('\n')}`);
  }
  return parsed.data;
}
