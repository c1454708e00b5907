/**
 * An iCalendar (RFC 5545) file for one event, written by the `ics` package (escaping, line folding,
 * the VCALENDAR frame). Times go in and out as UTC instants ("DTSTART:20230525T070000Z"), so a
 * calendar shows them in its reader's zone and the build machine's zone never matters; an all-day
 * event is its Swedish calendar date(s) ("DTSTART;VALUE=DATE:20230525"), from stockholm-time.ts.
 */
import { createEvents, type DateArray, type EventAttributes } from 'ics';
import type { Event } from './schemas';
import { stockholmParts } from '../stockholm-time';

/** The Swedish calendar date of an instant, `days` later, as `ics` takes a date. */
function swedishDay(iso: string, days = 0): DateArray {
  const { year, month, day } = stockholmParts(iso);
  const date = new Date(Date.UTC(year, month - 1, day + days));
  return [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
}

const isMidnight = (iso: string) => {
  const { hour, minute, second } = stockholmParts(iso);
  return hour === 0 && minute === 0 && second === 0;
};

/** When: the Swedish day(s) of an all-day event (the end is the day after its last), else UTC instants. */
function when(event: Event): Pick<EventAttributes, 'start' | 'startInputType' | 'startOutputType'> & { end?: EventAttributes['start'] } {
  if (event.allDay) {
    const start = swedishDay(event.startsAt);
    // The end date is exclusive: the day after the last, unless the end is that day's midnight. An
    // end equal to the start is left out by `ics`: a one-day event is its DTSTART date alone.
    const end = event.endsAt ? swedishDay(event.endsAt, isMidnight(event.endsAt) ? 0 : 1) : start;
    return { start, end: end.join() > start.join() ? end : start };
  }
  const utc = { startInputType: 'utc', startOutputType: 'utc' } as const;
  return { ...utc, start: Date.parse(event.startsAt), ...(event.endsAt ? { end: Date.parse(event.endsAt) } : {}) };
}

export function eventToIcs(event: Event, url: string, host: string): string {
  const cancelled = event.eventStatus === 'cancelled';
  const attributes = {
    ...when(event),
    productId: `-//Länsportalen//${host}//SV`,
    method: 'PUBLISH',
    uid: `${event.slug}@${host}`,
    title: cancelled ? `INSTÄLLT: ${event.title}` : event.title,
    ...(event.lead ? { description: event.lead } : {}),
    ...(event.location && !cancelled ? { location: event.location } : {}),
    status: cancelled ? 'CANCELLED' : 'CONFIRMED',
    url,
  } as EventAttributes; // a timed event without an end has neither end nor duration, which RFC 5545 allows
  const { error, value } = createEvents([attributes]);
  if (error || !value) throw new Error(`calendar file for event "${event.slug}": ${error?.message ?? 'no output'}`);
  return value;
}
