/** Swedish formatting of dates, times and labels, as residents read them, in Swedish time (stockholm-time.ts). */
import { DIGG_REPORTING_URL } from '../accessibility';
import { stockholmDate, stockholmInstant, stockholmIso, stockholmZone } from '../stockholm-time';

const dateFormat = new Intl.DateTimeFormat('sv-SE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: stockholmZone });
const timeFormat = new Intl.DateTimeFormat('sv-SE', { hour: '2-digit', minute: '2-digit', timeZone: stockholmZone });

/** "25 maj 2023", from a Swedish calendar date ("2023-05-25") or an instant (ISO date-time). */
export function swedishDate(value: string): string {
  return dateFormat.format(/^\d{4}-\d{2}-\d{2}$/.test(value) ? stockholmInstant(value) : new Date(value));
}

/** "09.00", Swedish style. */
export function swedishTime(value: string): string {
  return timeFormat.format(new Date(value)).replace(':', '.');
}

/** "25 maj 2023 kl. 09.00–15.00", or the date alone for all-day events. */
export function eventWhen(e: { startsAt: string; endsAt: string | null; allDay: boolean | null }): string {
  const day = swedishDate(e.startsAt);
  if (e.allDay) return day;
  const end = e.endsAt ? `–${swedishTime(e.endsAt)}` : '';
  return `${day} kl. ${swedishTime(e.startsAt)}${end}`;
}

/**
 * An event's time for machines (`<time datetime>`, JSON-LD): the Swedish date of an all-day event
 * ("2023-05-25"), else the instant with Sweden's offset at it ("2023-05-25T09:00:00+02:00").
 */
export const eventDateTime = (iso: string, allDay: boolean | null): string => (allDay ? stockholmDate(iso) : stockholmIso(iso));

/** "2021–2026" with an en dash. */
export const period = (start: number | null, end: number | null) => (start && end ? `${start}–${end}` : String(start ?? end ?? ''));

export const eventStatusLabel = { scheduled: 'Planerat', cancelled: 'Inställt', postponed: 'Uppskjutet' } as const;
export const projectStatusLabel = { planned: 'Planerat', ongoing: 'Pågående', completed: 'Avslutat' } as const;
export const organisationKindLabel = {
  municipality: 'Kommuner',
  region: 'Region',
  agency: 'Myndigheter',
  civil_society: 'Civilsamhället',
  faith_community: 'Trossamfund',
  business: 'Näringslivet',
  education: 'Utbildning och folkbildning',
} as const;

/** "tel:" link target: digits and a leading + only ("010-224 73 21" → "+46102247321"). */
export function telHref(phone: string): string {
  const digits = phone.replace(/\(.*?\)/g, '').replace(/[^\d+]/g, '');
  return `tel:${digits.startsWith('0') ? `+46${digits.slice(1)}` : digits}`;
}

/** The page's canonical URL: the site of the entry's `canonicalOwner` (shared content's owner, a local version's source's owner), else this site. */
export function canonicalFor(path: string, siteUrl: string, owner: { siteUrl: string } | null | undefined): string {
  return new URL(path, `${(owner?.siteUrl ?? siteUrl).replace(/\/$/, '')}/`).href;
}

/** The accessibility statement's wording (DIGG's template for lagen om tillgänglighet till digital offentlig service). */
export const accessibility = {
  /** Shown when a statement gives none. */
  reportingUrl: DIGG_REPORTING_URL,
  compliance: { helt_forenlig: 'helt förenlig', delvis_forenlig: 'delvis förenlig', inte_forenlig: 'inte förenlig' },
  reason: {
    brist_i_forenlighet: 'Bristande förenlighet med lagkraven',
    oskaligt_betungande_anpassning: 'Oskäligt betungande anpassning',
    utanfor_lagens_tillampningsomrade: 'Innehåll som inte omfattas av lagens tillämpningsområde',
  },
  method: {
    sjalvskattning: 'Vi har gjort en självskattning (intern granskning) av webbplatsen.',
    extern_granskning: 'Webbplatsen har granskats av en extern part.',
  },
} as const;
