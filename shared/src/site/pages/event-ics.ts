import type { APIRoute, GetStaticPaths } from 'astro';
import { loadEvents } from '../data';
import { eventToIcs } from '../ics';
import { notFound, pageProps } from '../page-props';

export const getStaticPaths = (async () => {
  const site = await loadEvents();
  return site.events.map((event) => ({ params: { slug: event.slug }, props: { event } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = async (context) => {
  const { site, url } = context;
  const props = await pageProps(context, getStaticPaths);
  if (!props) return notFound();
  const { event } = props;
  const page = new URL(`/evenemang/${event.slug}/`, site ?? url).href;
  return new Response(eventToIcs(event, page, new URL(page).host), {
    headers: { 'content-type': 'text/calendar; charset=utf-8' },
  });
};
