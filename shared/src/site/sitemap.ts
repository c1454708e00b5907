/** sitemap.xml of a built site: every HTML page but the 404 and the thank-you page. */
import fs from 'node:fs';
import path from 'node:path';

export function writeSitemap(outDir: string, siteUrl: string, pathnames: string[]): void {
  const urls = pathnames
    .filter((p) => !p.startsWith('404') && !p.startsWith('tack') && !p.endsWith('.ics') && !p.endsWith('.xml'))
    .map((p) => new URL(p.endsWith('/') || p === '' ? p : `${p}/`, `${siteUrl}/`).href)
    .sort();
  const body = urls.map((url) => `  <url><loc>${url}</loc></url>`).join('\n');
  fs.writeFileSync(
    path.join(outDir, 'sitemap.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${body}\n</urlset>\n`,
  );
}
