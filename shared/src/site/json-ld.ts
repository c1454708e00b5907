/** JSON-LD for a `<script type="application/ld+json">` block. */

const escapes: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/**
 * The JSON text of `value`, with `<`, `>`, `&` and the line separators U+2028/2029 written as
 * \u escapes: the same JSON to a parser, but no "</script>" or "<!--" can end or change the block,
 * whatever the CMS content in it says.
 */
export const jsonLdText = (value: unknown): string => JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => escapes[c]!);
