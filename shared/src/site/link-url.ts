/**
 * Links from the CMS: only https:, http:, mailto:, tel: and paths on the site ("/…", not "//…")
 * may become an href. A refused link in an optional field is dropped (the page shows it as
 * absent) with a warning naming county, type, entry and field; a required one fails the build.
 */
import { z } from 'zod';

/** Starts each warning a build prints about content; publisher/src/renderer.ts passes such lines on. */
export const warningPrefix = 'CMS content warning: ';

const schemes = new Set(['https:', 'http:', 'mailto:', 'tel:']);
const base = new URL('https://site.invalid/');

/**
 * Whether a browser would follow `value` to an allowed scheme or a path on the site. Parsed the
 * way a browser parses an href (WHATWG URL: surrounding spaces and controls, tabs and newlines
 * inside, letter case), so " java\tscript:" is seen as the javascript: URL it is.
 */
export function isAllowedLink(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return false;
  }
  // Relative: only a path from the site's root; "//host" and "/\host" resolve elsewhere and fail here.
  if (url.origin === base.origin) return /^[\0- ]*\//.test(value);
  return schemes.has(url.protocol) && URL.canParse(value);
}

const refused = 'not an allowed link (only https:, http:, mailto:, tel: or a path on the site such as /evenemang/)';

/** A link that the site may drop when refused. */
export const linkUrl = z.string().refine(isAllowedLink, { error: refused, params: { droppableLink: true } });

/** A required absolute http(s) URL (a county's site address): refused means the build fails. */
export const siteAddress = z.url({ protocol: /^https?$/, error: 'not an http(s) URL' });

type Path = readonly PropertyKey[];

/** The refused links among `issues`, if every issue is one; otherwise undefined (the data is wrong elsewhere too). */
export function droppableLinks(issues: readonly z.core.$ZodIssue[]): Path[] | undefined {
  const droppable = (issue: z.core.$ZodIssue) => issue.code === 'custom' && issue.params?.['droppableLink'] === true;
  return issues.length && issues.every(droppable) ? issues.map((issue) => issue.path) : undefined;
}

/**
 * Removes the field at each path from `data` (a GraphQL result) and describes what was dropped:
 * the type (the list under countySite), the entry (its slug or name) and the field within it.
 */
export function dropLinks(data: unknown, paths: Path[], describePath: (path: Path) => string): string[] {
  return paths.map((path) => {
    const parents: unknown[] = [data];
    for (const key of path.slice(0, -1)) parents.push((parents.at(-1) as Record<PropertyKey, unknown>)[key]);
    const holder = parents.at(-1) as Record<PropertyKey, unknown>;
    const value = holder[path.at(-1)!];
    delete holder[path.at(-1)!];
    // path: countySite.<type>[<index>].<field…>, or countySite.<type>.<field…> for a single object.
    const [, type, index] = path;
    const entry = typeof index === 'number' ? (parents[3] as { slug?: string; name?: string }) : undefined;
    const field = describePath(path.slice(typeof index === 'number' ? 3 : 2));
    return `${String(type)} "${entry?.slug ?? entry?.name ?? '?'}", field ${field}: link ${JSON.stringify(value)} dropped, ${refused}`;
  });
}
