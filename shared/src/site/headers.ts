/**
 * The HTTP headers of a county site, in one place: the local site server (publisher/src/server.ts)
 * sends them, and every build writes them to `_headers` (the Netlify / Cloudflare Pages format)
 * for a CDN. See docs/decisions.md, "Site server and security headers".
 */
import fs from 'node:fs';
import path from 'node:path';
import { publicCmsUrl } from './cms-url';

/**
 * No inline script or style anywhere: scripts and stylesheets come from the site itself
 * (Astro's /_astro/ bundles, Pagefind's /pagefind/). JSON-LD is data and is not governed by
 * script-src. 'wasm-unsafe-eval' lets Pagefind (search page) compile its WebAssembly; it allows
 * no JavaScript eval. Forms post to the site itself (search) and to the CMS (feedback).
 */
const contentSecurityPolicy = () => [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  `form-action 'self' ${new URL(publicCmsUrl()).origin}`,
  "frame-ancestors 'none'",
].join('; ');

/** Sent with every response of a site. */
export const securityHeaders = (): Readonly<Record<string, string>> => ({
  'Content-Security-Policy': contentSecurityPolicy(),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'X-Frame-Options': 'DENY',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
});

/** Astro's bundles carry a content hash in their names: cached for a year, never revalidated. */
export const immutableCache = 'public, max-age=31536000, immutable';
/** Everything else (HTML, sitemap, feeds, Pagefind's entry files) is revalidated on every use. */
export const revalidateCache = 'no-cache';

/** Header rules by path pattern ("/*" = every path), in `_headers` order. */
const headerRules = (): readonly { pattern: string; headers: Readonly<Record<string, string>> }[] => [
  { pattern: '/*', headers: securityHeaders() },
  { pattern: '/_astro/*', headers: { 'Cache-Control': immutableCache } },
];

/** Whether a `_headers` pattern matches a URL path ("*" at the end matches any rest). */
const matches = (pattern: string, pathname: string) =>
  pattern.endsWith('*') ? pathname.startsWith(pattern.slice(0, -1)) : pathname === pattern;

/**
 * Every header a response for `pathname` gets: the matching rules, then Cache-Control
 * (revalidate unless a rule says otherwise, as the CDNs do by default).
 */
export function headersFor(pathname: string): Record<string, string> {
  const out: Record<string, string> = { 'Cache-Control': revalidateCache };
  for (const rule of headerRules()) if (matches(rule.pattern, pathname)) Object.assign(out, rule.headers);
  return out;
}

/** The rules as a `_headers` file (https://docs.netlify.com/routing/headers/, Cloudflare Pages' is the same). */
export function headersFile(): string {
  const lines = ['# Written by the build from shared/src/site/headers.ts; do not edit.'];
  for (const rule of headerRules()) lines.push(rule.pattern, ...Object.entries(rule.headers).map(([name, value]) => `  ${name}: ${value}`));
  return `${lines.join('\n')}\n`;
}

export function writeHeadersFile(outDir: string): void {
  fs.writeFileSync(path.join(outDir, '_headers'), headersFile());
}
