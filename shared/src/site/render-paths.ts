/**
 * The start of one on-demand render of the site (only in the publisher's server bundle, never in a
 * static build): forgets the previous render's query answers, asks the CMS every site query once,
 * and answers every path of the site with the file a static build writes for it, from the same
 * routes the integration injects (`countySiteRoutes`: each route in each language of the county)
 * and the pages' own getStaticPaths, asked with the route's pattern (a page's language), with a
 * digest of each path's props (render-reads.ts). A failed query answers 500
 * with its message (the county, the query and the field).
 */
import { createHash } from 'node:crypto';
import type { APIRoute, GetStaticPaths, GetStaticPathsOptions } from 'astro';
import { county } from 'virtual:lansportalen/site';
import { countyLanguages } from '../counties';
import { countySiteRoutes } from '../routes';
import type { RenderPath } from './on-demand';
import { forgetSiteQueries } from './query-cache';
import { startSiteQueries } from './site-queries';

const pageModules = import.meta.glob<{ getStaticPaths?: GetStaticPaths }>('./pages/*.{astro,ts}');

async function pathsOf(route: ReturnType<typeof countySiteRoutes>[number]): Promise<RenderPath[]> {
  const isPage = route.page.endsWith('.astro');
  const folder = (pathname: string) => pathname.replace(/^\/|\/$/g, '');
  const fileOf = (pathname: string) => (!isPage ? pathname.slice(1) : pathname === '/404' ? '404.html' : folder(pathname) ? `${folder(pathname)}/index.html` : 'index.html');
  const urlOf = (pathname: string) => (isPage && !pathname.endsWith('/') ? `${pathname}/` : pathname);
  const status = route.pattern.endsWith('/404') ? 404 : 200;
  if (!route.pattern.includes('[')) return [{ url: urlOf(route.pattern), file: fileOf(route.pattern), status }];
  const { getStaticPaths } = await pageModules[`./pages/${route.page}`]!();
  // No page paginates: its getStaticPaths reads only the route's pattern.
  const entries = (await getStaticPaths!({ routePattern: route.pattern } as GetStaticPathsOptions)) as { params: Record<string, string>; props: unknown }[];
  return entries.map(({ params, props }) => {
    const fill = (encode: (value: string) => string) => route.pattern.replace(/\[(\w+)\]/g, (_, name: string) => encode(params[name]!));
    const digest = createHash('sha256').update(JSON.stringify(props)).digest('base64url');
    return { url: urlOf(fill(encodeURIComponent)), file: fileOf(fill((value) => value)), status, props: digest };
  });
}

export const GET: APIRoute = async () => {
  forgetSiteQueries(county.slug);
  try {
    await startSiteQueries(county.slug, countyLanguages(county));
    const paths = (await Promise.all(countySiteRoutes(county).map(pathsOf))).flat();
    return Response.json(paths);
  } catch (error) {
    return new Response((error as Error).message, { status: 500, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
};
