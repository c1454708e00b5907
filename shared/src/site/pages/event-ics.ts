import type { APIRoute, GetStaticPaths } from 'astro';
import { localizedPath } from '../../routes';
import { loadEvents } from '../data';
import { eventToIcs } from '../ics';
import type { Event } from '../schemas';
import { pageLanguage } from '../ui';

export const getStaticPaths = (async ({ routePattern }) => {
  const site = await loadEvents(pageLanguage(routePattern));
  return site.events.map((event) => ({ params: { slug: event.slug }, props: { event } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props, site, url, routePattern }) => {
  const event = (props as { event: Event }).event;
  const page = new URL(localizedPath(pageLanguage(routePattern), `/evenemang/${event.slug}/`), site ?? url).href;
  return new Response(eventToIcs(event, page, new URL(page).host), {
    headers: { 'content-type': 'text/calendar; charset=utf-8' },
  });
};
