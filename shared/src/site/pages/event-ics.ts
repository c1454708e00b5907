import type { APIRoute, GetStaticPaths } from 'astro';
import { localizedPath } from '../../routes';
import { loadEvents } from '../data';
import { eventToIcs } from '../ics';
import { notFound, pageProps } from '../page-props';
import { pageLanguage } from '../ui';

export const getStaticPaths = (async ({ routePattern }) => {
  const site = await loadEvents(pageLanguage(routePattern));
  return site.events.map((event) => ({ params: { slug: event.slug }, props: { event } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = async (context) => {
  const { site, url, routePattern } = context;
  const props = await pageProps(context, getStaticPaths);
  if (!props) return notFound();
  const { event } = props;
  const page = new URL(localizedPath(pageLanguage(routePattern), `/evenemang/${event.slug}/`), site ?? url).href;
  return new Response(eventToIcs(event, page, new URL(page).host), {
    headers: { 'content-type': 'text/calendar; charset=utf-8' },
  });
};
