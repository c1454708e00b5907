/**
 * Every route of a county site, in one place: its pattern, the page that renders it and, for the
 * pages that show one entry (or list one content type), that content type. The site integration
 * injects the routes from here, once in Swedish at the root and once per other language the
 * county offers under `/<code>/` (`localizedRoutes`); the CMS's Preview button finds an entry's
 * page from here.
 */
import { countyLanguages, type County } from './counties';
import { SOURCE_LANGUAGE, languageCodes, type LanguageCode } from './languages';

/** What a route needs of an entry to name its page. */
export interface RoutedEntry {
  slug?: string | null;
  agreement?: { slug?: string | null } | null;
  /** A lättläst page (api::page.page) lives under /lattlast/, the others under /sidor/. */
  easyToRead?: boolean | null;
}

export interface SiteRoute {
  pattern: string;
  /** The file under shared/src/site/pages/ that renders it. */
  page: string;
  /** The content type whose entry (or list) this page shows. */
  uid?: string;
  /** The values of the pattern's [params] for an entry; default: [slug] is the entry's slug. */
  params?: (entry: RoutedEntry) => Record<string, string | null | undefined>;
  /** Not in the sitemap, and marked noindex (the 404 and the thank-you page). */
  unlisted?: true;
  /** Of the entries of `uid`, the ones this route shows (default: all). */
  shows?: (entry: RoutedEntry) => boolean;
  /** Only in Swedish, at the root: never under a language's /<code>/ (the lättläst pages). */
  swedishOnly?: true;
}

/** The lättläst pages' route (webbriktlinjer R12): Swedish in easy words, each the easy version of another page. */
export const EASY_READ_PATTERN = '/lattlast/[slug]';

export const siteRoutes: readonly SiteRoute[] = [
  { pattern: '/', page: 'index.astro', uid: 'api::alert.alert' },
  { pattern: '/strategi/[slug]', page: 'strategy.astro', uid: 'api::strategy.strategy' },
  { pattern: '/overenskommelse/[slug]', page: 'agreement.astro', uid: 'api::agreement.agreement' },
  {
    pattern: '/overenskommelse/[slug]/[area]',
    page: 'collaboration-area.astro',
    uid: 'api::collaboration-area.collaboration-area',
    params: (entry) => ({ slug: entry.agreement?.slug, area: entry.slug }),
  },
  { pattern: '/rad/[slug]', page: 'council.astro', uid: 'api::council.council' },
  { pattern: '/natverk', page: 'networks.astro', uid: 'api::network.network' },
  { pattern: '/projekt', page: 'projects.astro', uid: 'api::project.project' },
  { pattern: '/styrdokument', page: 'policy-documents.astro', uid: 'api::policy-document.policy-document' },
  { pattern: '/sidor/[slug]', page: 'page.astro', uid: 'api::page.page', shows: (entry) => !entry.easyToRead },
  { pattern: EASY_READ_PATTERN, page: 'easy-read.astro', uid: 'api::page.page', shows: (entry) => entry.easyToRead === true, swedishOnly: true },
  { pattern: '/evenemang', page: 'events.astro' },
  { pattern: '/evenemang/[slug]', page: 'event.astro', uid: 'api::event.event' },
  { pattern: '/evenemang/[slug].ics', page: 'event-ics.ts' },
  { pattern: '/nyheter', page: 'news.astro' },
  { pattern: '/nyheter/[slug]', page: 'article.astro', uid: 'api::article.article' },
  { pattern: '/nyheter/rss.xml', page: 'rss.xml.ts' },
  { pattern: '/kontakt', page: 'contacts.astro', uid: 'api::contact.contact' },
  { pattern: '/tillganglighet', page: 'accessibility.astro' },
  { pattern: '/sok', page: 'search.astro' },
  { pattern: '/tack', page: 'thanks.astro', unlisted: true },
  { pattern: '/404', page: '404.astro', unlisted: true },
];

/** The page of an entry on a county site ('/nyheter/x/'), or null when no page shows its content type or a param is missing. */
export function pagePathOf(uid: string, entry: RoutedEntry): string | null {
  const route = siteRoutes.find((r) => r.uid === uid && (r.shows?.(entry) ?? true));
  if (!route) return null;
  const params = route.params?.(entry) ?? { slug: entry.slug };
  let missing = false;
  const filled = route.pattern.replace(/\[(\w+)\]/g, (_, name: string) => {
    const value = params[name];
    if (!value) missing = true;
    return encodeURIComponent(value ?? '');
  });
  if (missing) return null;
  return filled.endsWith('/') ? filled : `${filled}/`;
}

/** A path or route pattern in a language: Swedish at the root, another language under `/<code>/` ('/', 'en' → '/en/'). */
export const localizedPath = (language: LanguageCode, path: string): string =>
  language === SOURCE_LANGUAGE ? path : `/${language}${path === '/' ? '/' : path}`;

/**
 * The language of a path or route pattern, and the path without its language ('/en/kontakt/' → en,
 * '/kontakt/'). Case-insensitive, as language tags are (Astro's route patterns are lower case: '/fa-af/').
 */
export function splitLanguage(path: string): { language: LanguageCode; path: string } {
  const first = (path.split('/')[1] ?? '').toLowerCase();
  const language = languageCodes.find((code) => code !== SOURCE_LANGUAGE && code.toLowerCase() === first);
  return language ? { language, path: path.slice(first.length + 1) || '/' } : { language: SOURCE_LANGUAGE, path };
}

/**
 * Every route of a site offering `languages` (Swedish first): each of `siteRoutes` in each language,
 * but the Swedish-only ones in Swedish alone.
 */
export const localizedRoutes = (languages: readonly LanguageCode[]): (SiteRoute & { language: LanguageCode })[] =>
  languages.flatMap((language) =>
    siteRoutes
      .filter((route) => language === SOURCE_LANGUAGE || !route.swedishOnly)
      .map((route) => ({ ...route, language, pattern: localizedPath(language, route.pattern) })),
  );

/**
 * Whether a path ('/kontakt/', '/sidor/integration/') is a listed HTML page of a county site's
 * route table (not a feed, calendar file or unlisted page): what a lättläst page may be the easy
 * version of. The entry behind a [slug] is not looked up.
 */
export function isPagePath(path: string): boolean {
  return siteRoutes.some((route) => {
    if (route.unlisted || route.pattern === EASY_READ_PATTERN || /\.\w+$/.test(route.pattern)) return false;
    const pattern = route.pattern.replace(/\/$/, '').replace(/\[\w+\]/g, '[^/]+');
    return new RegExp(`^${pattern}/$`).test(path) || (route.pattern === '/' && path === '/');
  });
}

/** The routes of a county's site, in each language it offers: what the integration injects and the on-demand render enumerates (render-paths.ts), so the two cannot differ. */
export const countySiteRoutes = (county: County) => localizedRoutes(countyLanguages(county));
