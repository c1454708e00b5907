import type { APIRoute } from 'astro';
import { loadNews } from '../data';

const escape = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export const GET: APIRoute = async ({ site }) => {
  const news = await loadNews();
  const base = site!.href;
  const items = news.articles.map((a) => {
    const link = new URL(`/nyheter/${a.slug}/`, a.owner?.siteUrl ?? base).href;
    const date = new Date(a.publishedDate ? `${a.publishedDate}T08:00:00Z` : (a.publishedAt ?? a.updatedAt)).toUTCString();
    return `    <item>\n      <title>${escape(a.title)}</title>\n      <link>${link}</link>\n      <guid>${link}</guid>\n      <pubDate>${date}</pubDate>\n      <description>${escape(a.lead)}</description>\n    </item>`;
  });
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>${escape(`Nyheter från ${news.county.board}`)}</title>
    <link>${base}</link>
    <description>${escape(`Nyheter om integration i ${news.county.name}`)}</description>
    <language>sv-SE</language>
${items.join('\n')}
  </channel>
</rss>
`;
  return new Response(xml, { headers: { 'content-type': 'application/rss+xml; charset=utf-8' } });
};
