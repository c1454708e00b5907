/**
 * The start of one on-demand render of the site (only in the publisher's server bundle, never in a
 * static build): forgets the previous render's query answers, asks the CMS every site query once,
 * and answers every path of the site with the file a static build writes for it, from the same
 * routes (shared/src/routes.ts) and the pages' own getStaticPaths. A failed query answers 500
 * with its message (the county, the query and the field).
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { county } from 'virtual:lansportalen/site';
import { siteRoutes } from '../routes';
import type { RenderPath } from './on-demand';
import { forgetSiteQueries } from './query-cache';
import { startSiteQueries } from './site-queries';

const pageModules = import.meta.glob<{ getStaticPaths?: GetStaticPaths }>('./pages/*.{astro,ts}');

async function pathsOf(route: (typeof siteRoutes)[number]): Promise<RenderPath[]> {
  const isPage = route.page.endsWith('.astro');
  const fileOf = (pathname: string) => (!isPage ? pathname.slice(1) : pathname === '/404' ? '404.html' : `${pathname.slice(1)}${pathname === '/' ? '' : '/'}index.html`);
  const urlOf = (pathname: string) => (isPage && !pathname.endsWith('/') ? `${pathname}/` : pathname);
  if (!route.pattern.includes('[')) return [{ url: urlOf(route.pattern), file: fileOf(route.pattern) }];
  const { getStaticPaths } = await pageModules[`./pages/${route.page}`]!();
  const entries = (await getStaticPaths!({} as never)) as { params: Record<string, string> }[];
  return entries.map(({ params }) => {
    const fill = (encode: (value: string) => string) => route.pattern.replace(/\[(\w+)\]/g, (_, name: string) => encode(params[name]!));
    return { url: urlOf(fill(encodeURIComponent)), file: fileOf(fill((value) => value)) };
  });
}

export const GET: APIRoute = async () => {
  forgetSiteQueries(county.slug);
  try {
    await startSiteQueries(county.slug);
    const paths = (await Promise.all(siteRoutes.map(pathsOf))).flat();
    return Response.json(paths);
  } catch (error) {
    return new Response((error as Error).message, { status: 500, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
};
