/**
 * Dates, times and numbers as residents read them, in the page's language (Intl) and always in
 * Swedish time (stockholm-time.ts): "25 maj 2023" in Swedish, "25 May 2023" in English.
 */
import { countyBySlug } from '../counties';
import { SOURCE_LANGUAGE, type LanguageCode } from '../languages';
import { stockholmDate, stockholmInstant, stockholmIso, stockholmZone } from '../stockholm-time';
import { ui } from './ui';

const formats = new Map<string, Intl.DateTimeFormat>();
const format = (language: LanguageCode, kind: 'date' | 'time'): Intl.DateTimeFormat => {
  const key = `${language} ${kind}`;
  let made = formats.get(key);
  if (!made) {
    const locale = language === SOURCE_LANGUAGE ? 'sv-SE' : language;
    const options: Intl.DateTimeFormatOptions =
      kind === 'date' ? { day: 'numeric', month: 'long', year: 'numeric' } : { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
    made = new Intl.DateTimeFormat(locale, { ...options, timeZone: stockholmZone });
    formats.set(key, made);
  }
  return made;
};

/** "25 maj 2023" ("25 May 2023" in English), from a Swedish calendar date ("2023-05-25") or an instant (ISO date-time). */
export function formatDate(value: string, language: LanguageCode = SOURCE_LANGUAGE): string {
  return format(language, 'date').format(/^\d{4}-\d{2}-\d{2}$/.test(value) ? stockholmInstant(value) : new Date(value));
}

/** "09.00" Swedish style, "09:00" in English. */
export function formatTime(value: string, language: LanguageCode = SOURCE_LANGUAGE): string {
  const time = format(language, 'time').format(new Date(value));
  return language === SOURCE_LANGUAGE ? time.replace(':', '.') : time;
}

/** "25 maj 2023 kl. 09.00–15.00", or the date alone for all-day events. */
export function eventWhen(e: { startsAt: string; endsAt: string | null; allDay: boolean | null }, language: LanguageCode = SOURCE_LANGUAGE): string {
  const day = formatDate(e.startsAt, language);
  if (e.allDay) return day;
  return ui(language).eventTime(day, formatTime(e.startsAt, language), e.endsAt ? formatTime(e.endsAt, language) : null);
}

/**
 * An event's time for machines (`<time datetime>`, JSON-LD): the Swedish date of an all-day event
 * ("2023-05-25"), else the instant with Sweden's offset at it ("2023-05-25T09:00:00+02:00").
 */
export const eventDateTime = (iso: string, allDay: boolean | null): string => (allDay ? stockholmDate(iso) : stockholmIso(iso));

/** "2021–2026" with an en dash. */
export const period = (start: number | null, end: number | null) => (start && end ? `${start}–${end}` : String(start ?? end ?? ''));

/** "tel:" link target: digits and a leading + only ("010-224 73 21" → "+46102247321"). */
export function telHref(phone: string): string {
  const digits = phone.replace(/\(.*?\)/g, '').replace(/[^\d+]/g, '');
  return `tel:${digits.startsWith('0') ? `+46${digits.slice(1)}` : digits}`;
}

/**
 * The page's canonical URL: the site of the entry's `canonicalOwner` (shared content's owner, a
 * local version's source's owner), else this site; this site too when the owner's site does not
 * offer the page's language.
 */
export function canonicalFor(path: string, siteUrl: string, owner: { slug: string; siteUrl: string } | null | undefined, language: LanguageCode): string {
  const offered = language === SOURCE_LANGUAGE || (owner && countyBySlug(owner.slug)?.languages.includes(language));
  return new URL(path, `${((offered && owner?.siteUrl) || siteUrl).replace(/\/$/, '')}/`).href;
}

