import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';
import { countyBySlug } from '../../counties';
import { SOURCE_LANGUAGE } from '../../languages';
import { localizedPath } from '../../routes';
import { loadNews } from '../data';
import { stockholmInstant } from '../../stockholm-time';
import { pageLanguage, ui } from '../ui';

/**
 * The county's news as RSS 2.0 in the route's language, written by @astrojs/rss; a shared article
 * links to its owner's site (in Swedish when that site does not offer the language).
 */
export const GET: APIRoute = async ({ site, routePattern }) => {
  const language = pageLanguage(routePattern);
  const t = ui(language);
  const news = await loadNews(language);
  const offers = (owner: { slug: string } | null) => !owner || language === SOURCE_LANGUAGE || Boolean(countyBySlug(owner.slug)?.languages.includes(language));
  const articlePath = (slug: string, owner: { slug: string } | null) => localizedPath(offers(owner) ? language : SOURCE_LANGUAGE, `/nyheter/${slug}/`);
  return rss({
    title: t.rssTitle(news.county.board),
    description: t.rssDescription(news.county.name),
    site: site!,
    customData: `<language>${language === SOURCE_LANGUAGE ? 'sv-SE' : language}</language>`,
    items: news.articles.map((a) => ({
      title: a.title,
      link: new URL(articlePath(a.slug, a.owner), a.owner?.siteUrl ?? site!).href,
      // A publishing date is a Swedish calendar date: the feed gives the start of that day in Sweden.
      pubDate: a.publishedDate ? stockholmInstant(a.publishedDate) : new Date(a.publishedAt ?? a.updatedAt),
      description: a.lead,
    })),
  });
};
