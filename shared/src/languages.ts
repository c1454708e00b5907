/**
 * The languages the county sites can be read in: one table, the single source of truth for each
 * language's code, its name in itself (for a language menu) and its writing direction. Swedish is
 * the default and the source: every entry is written in Swedish first, and a translation is made
 * of a Swedish entry. Which languages a county's site offers is said in shared/counties.json
 * (`languages`); adding a language to the portal is a row here. The codes are the ones Strapi's
 * i18n plugin accepts (its ISO locale list): Dari is `fa-AF` (Persian of Afghanistan; the list
 * has no `prs`), Persian `fa`.
 */
export const SOURCE_LANGUAGE = 'sv';

export const languages = {
  sv: { name: 'Svenska', dir: 'ltr' },
  en: { name: 'English', dir: 'ltr' },
  ar: { name: 'العربية', dir: 'rtl' },
  uk: { name: 'Українська', dir: 'ltr' },
  so: { name: 'Soomaali', dir: 'ltr' },
  ti: { name: 'ትግርኛ', dir: 'ltr' },
  'fa-AF': { name: 'دری', dir: 'rtl' },
  fa: { name: 'فارسی', dir: 'rtl' },
} as const satisfies Record<string, { name: string; dir: 'ltr' | 'rtl' }>;

export type LanguageCode = keyof typeof languages;

export const languageCodes = Object.keys(languages) as [LanguageCode, ...LanguageCode[]];

/** The languages a translation can be made in: all but the source. */
export const translationCodes = languageCodes.filter((code) => code !== SOURCE_LANGUAGE) as [LanguageCode, ...LanguageCode[]];

export const isLanguageCode = (code: string): code is LanguageCode => code in languages;
