/**
 * The sites' UI strings, one dictionary per language of languages.ts: the type makes every
 * language have every string (a missing language or string fails the type check). Swedish is the
 * source; the others are drafted for the project and to be reviewed by a translator
 * (docs/decisions.md). Also: a page's language from its route, and the `lang`/`dir` of a part
 * in another language than its page.
 */
import { languages, SOURCE_LANGUAGE, type LanguageCode } from '../../languages';
import { localizedPath, splitLanguage } from '../../routes';
import { ar } from './ar';
import { en } from './en';
import { fa } from './fa';
import { faAF } from './fa-AF';
import { so } from './so';
import { sv, type UiStrings } from './sv';
import { ti } from './ti';
import { uk } from './uk';

const dictionary: Record<LanguageCode, UiStrings> = { sv, en, ar, uk, so, ti, 'fa-AF': faAF, fa };

/** The UI strings of a language. */
export const ui = (language: LanguageCode): UiStrings => dictionary[language];

/** The language of a page, from its route pattern (`Astro.routePattern`, getStaticPaths' `routePattern`): '/en/nyheter/[slug]' → en. */
export const pageLanguage = (routePattern: string): LanguageCode => splitLanguage(routePattern).language;

/** `lang` and `dir` for a part in `part`'s language inside a page in `page`'s: none when they are the same. */
export const langAttributes = (part: LanguageCode, page: LanguageCode): { lang?: string; dir?: 'ltr' | 'rtl' } =>
  part === page ? {} : { lang: part, dir: languages[part].dir };

/** The part of a [before, after] pair after its date or link: punctuation follows at once, words after a space. */
export const after = (pair: readonly [string, string]): string => (/^[.,;:!?።،؛]/.test(pair[1]) ? pair[1] : ` ${pair[1]}`);

/** A link from the CMS on a page in `language`: a path on the site goes to that page in the language ('/kontakt/' → '/en/kontakt/'), others stay. */
export const linkIn = (language: LanguageCode, url: string): string =>
  url.startsWith('/') && !url.startsWith('//') && splitLanguage(url).language === SOURCE_LANGUAGE ? localizedPath(language, url) : url;
