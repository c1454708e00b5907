import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';
import { loadNews } from '../data';
import { stockholmInstant } from '../../stockholm-time';

/** The county's news as RSS 2.0, written by @astrojs/rss; a shared article links to its owner's site. */
export const GET: APIRoute = async ({ site }) => {
  const news = await loadNews();
  return rss({
    title: `Nyheter från ${news.county.board}`,
    description: `Nyheter om integration i ${news.county.name}`,
    site: site!,
    customData: '<language>sv-SE</language>',
    items: news.articles.map((a) => ({
      title: a.title,
      link: new URL(`/nyheter/${a.slug}/`, a.owner?.siteUrl ?? site!).href,
      // A publishing date is a Swedish calendar date: the feed gives the start of that day in Sweden.
      pubDate: a.publishedDate ? stockholmInstant(a.publishedDate) : new Date(a.publishedAt ?? a.updatedAt),
      description: a.lead,
    })),
  });
};
