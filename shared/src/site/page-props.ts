/**
 * A page's props both ways it is rendered: prerendered (`astro build`), Astro passes the props of
 * the page's getStaticPaths entry; on demand (the publisher's server bundle, output 'server'),
 * Astro.props is empty and the page's own getStaticPaths is asked for the entry whose params are
 * the request's (with the route's pattern, from which a page learns its language). One list of
 * pages either way (docs/decisions.md, "One long-lived renderer").
 */
import type { GetStaticPathsOptions } from 'astro';
import { withoutReads } from './render-reads';

interface StaticPath<P> {
  params: Record<string, string | number | undefined>;
  props: P;
}

interface PageContext {
  props: object;
  params: Record<string, string | undefined>;
  routePattern: string;
}

/** The props of the page at `context.params`, or undefined when no entry has those params (a 404). */
export async function pageProps<P extends object>(context: PageContext, getStaticPaths: (options: GetStaticPathsOptions) => Promise<StaticPath<P>[]>): Promise<P | undefined> {
  if (Object.keys(context.props).length) return context.props as P;
  // No page paginates: its getStaticPaths reads only the route's pattern.
  const paths = await withoutReads(() => getStaticPaths({ routePattern: context.routePattern } as GetStaticPathsOptions));
  const wanted = (params: StaticPath<P>['params']) =>
    Object.entries(params).every(([name, value]) => String(value ?? '') === (context.params[name] ?? ''));
  return paths.find((path) => wanted(path.params))?.props;
}

/** What an on-demand page answers for params no entry has. */
export const notFound = () => new Response(null, { status: 404 });
