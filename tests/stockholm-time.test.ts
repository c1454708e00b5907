/**
 * Swedish time (@lansportalen/shared/stockholm-time) on its own, no CMS: winter, summer and the two
 * transition days (the last Sunday of March, 02:00 → 03:00; the last Sunday of October, 03:00 →
 * 02:00), a registration deadline in summer, and what the sites build from it (dates and times on
 * the page, JSON-LD, the calendar file) and the seed refusing a winter offset in summer. The
 * process runs in New York time, so that nothing may depend on the machine's time zone.
 */
process.env.TZ = 'America/New_York';

import { describe, expect, it } from 'vitest';
import {
  dayHasPassed,
  stockholmDate,
  stockholmInstant,
  stockholmIso,
  stockholmOffsetMinutes,
  stockholmParts,
} from '@lansportalen/shared/stockholm-time';
import { eventSchema } from '../cms/src/seed/schema';
import { eventDateTime, eventWhen, formatDate, formatTime } from '../shared/src/site/format';
import { eventToIcs } from '../shared/src/site/ics';
import type { Event } from '../shared/src/site/schemas';

const utc = (wallClock: string) => stockholmInstant(wallClock).toISOString();

describe('Stockholm time', () => {
  it('runs in a process whose own zone is not Sweden', () => {
    expect(new Date('2026-01-15T12:00:00Z').getTimezoneOffset()).toBe(300);
  });

  it('is UTC+1 in winter and UTC+2 in summer', () => {
    expect(utc('2026-01-15T12:00')).toBe('2026-01-15T11:00:00.000Z');
    expect(utc('2026-07-01T12:00')).toBe('2026-07-01T10:00:00.000Z');
    expect(stockholmOffsetMinutes('2026-01-15T11:00:00Z')).toBe(60);
    expect(stockholmOffsetMinutes('2026-07-01T10:00:00Z')).toBe(120);
    expect(stockholmIso('2026-07-01T10:00:00.000Z')).toBe('2026-07-01T12:00:00+02:00');
    expect(stockholmIso('2026-01-15T11:00:00Z')).toBe('2026-01-15T12:00:00+01:00');
    expect(stockholmParts('2026-07-01T10:00:00Z')).toEqual({ year: 2026, month: 7, day: 1, hour: 12, minute: 0, second: 0 });
    // A date alone is its midnight in Sweden.
    expect(utc('2026-07-01')).toBe('2026-06-30T22:00:00.000Z');
    expect(utc('2026-12-24')).toBe('2026-12-23T23:00:00.000Z');
  });

  it('skips from 02:00 to 03:00 on the last Sunday of March', () => {
    expect(utc('2026-03-29T01:59')).toBe('2026-03-29T00:59:00.000Z');
    expect(utc('2026-03-29T03:00')).toBe('2026-03-29T01:00:00.000Z');
    // 02:30 does not exist that night: it is read as 03:30 summer time, as a calendar would.
    expect(utc('2026-03-29T02:30')).toBe('2026-03-29T01:30:00.000Z');
    expect(stockholmIso('2026-03-29T00:59:00Z')).toBe('2026-03-29T01:59:00+01:00');
    expect(stockholmIso('2026-03-29T01:00:00Z')).toBe('2026-03-29T03:00:00+02:00');
    // That day has 23 hours.
    expect(Date.parse(utc('2026-03-30')) - Date.parse(utc('2026-03-29'))).toBe(23 * 3_600_000);
  });

  it('goes back from 03:00 to 02:00 on the last Sunday of October', () => {
    expect(utc('2026-10-25T01:59')).toBe('2026-10-24T23:59:00.000Z');
    // 02:30 happens twice: the first (summer time) is taken.
    expect(utc('2026-10-25T02:30')).toBe('2026-10-25T00:30:00.000Z');
    expect(utc('2026-10-25T03:00')).toBe('2026-10-25T02:00:00.000Z');
    expect(stockholmIso('2026-10-25T00:30:00Z')).toBe('2026-10-25T02:30:00+02:00');
    expect(stockholmIso('2026-10-25T01:30:00Z')).toBe('2026-10-25T02:30:00+01:00');
    // That day has 25 hours.
    expect(Date.parse(utc('2026-10-26')) - Date.parse(utc('2026-10-25'))).toBe(25 * 3_600_000);
  });

  it('refuses what is not a date or a time', () => {
    for (const bad of ['2026-02-30', '2026-13-01', '2026-07-01T24:00', '1 juli 2026', '']) expect(() => stockholmInstant(bad), bad).toThrow(RangeError);
    expect(() => stockholmIso('not a time')).toThrow(RangeError);
  });

  it('keeps registration open through the last minute of the deadline day in Swedish summer time', () => {
    // 30 June 23:59:59 in Sweden is 21:59:59 UTC; a fixed +01:00 would have closed it an hour late.
    expect(dayHasPassed('2026-06-30', new Date('2026-06-30T21:59:59Z'))).toBe(false);
    expect(dayHasPassed('2026-06-30', new Date('2026-06-30T22:00:00Z'))).toBe(true);
    expect(dayHasPassed('2026-06-30', new Date('2026-06-30T22:30:00Z'))).toBe(true);
    // In winter the day ends at 23:00 UTC.
    expect(dayHasPassed('2026-01-15', new Date('2026-01-15T22:59:59Z'))).toBe(false);
    expect(dayHasPassed('2026-01-15', new Date('2026-01-15T23:00:00Z'))).toBe(true);
    expect(stockholmDate('2026-06-30T22:00:00Z')).toBe('2026-07-01');
  });
});

describe('what the sites build from Swedish time', () => {
  const event = (over: Partial<Event>): Event =>
    ({ slug: 'dialogmote', title: 'Dialogmöte', eventStatus: 'scheduled', allDay: false, endsAt: null, lead: null, location: 'Västerås', ...over }) as Event;

  it('shows times and dates on the page in Swedish time', () => {
    const summer = event({ startsAt: '2023-05-25T07:00:00.000Z', endsAt: '2023-05-25T13:00:00.000Z' });
    expect(eventWhen(summer)).toBe('25 maj 2023 kl. 09.00–15.00');
    expect(eventWhen(event({ startsAt: '2023-11-28T08:30:00.000Z' }))).toBe('28 november 2023 kl. 09.30');
    // Just after midnight in Sweden is still the day before in UTC.
    expect(formatDate('2026-06-30T22:30:00.000Z')).toBe('1 juli 2026');
    expect(formatTime('2026-03-29T01:00:00.000Z')).toBe('03.00');
    expect(formatDate('2026-10-25')).toBe('25 oktober 2026');
    expect(eventWhen(event({ startsAt: '2023-11-27T23:00:00.000Z', allDay: true }))).toBe('28 november 2023');
  });

  it('writes JSON-LD and <time datetime> with Sweden offset, or the Swedish date of an all-day event', () => {
    expect(eventDateTime('2023-05-25T07:00:00.000Z', false)).toBe('2023-05-25T09:00:00+02:00');
    expect(eventDateTime('2023-11-28T08:30:00.000Z', null)).toBe('2023-11-28T09:30:00+01:00');
    expect(eventDateTime('2023-11-27T23:00:00.000Z', true)).toBe('2023-11-28');
  });

  it('writes calendar files with UTC times, and all-day events on their Swedish dates', () => {
    const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '');
    const summer = unfold(eventToIcs(event({ startsAt: '2023-05-25T07:00:00.000Z', endsAt: '2023-05-25T13:00:00.000Z' }), 'https://x.se/e/', 'x.se'));
    expect(summer).toContain('\r\nDTSTART:20230525T070000Z\r\nDTEND:20230525T130000Z\r\n');
    const winter = unfold(eventToIcs(event({ startsAt: '2026-01-15T11:00:00.000Z' }), 'https://x.se/e/', 'x.se'));
    expect(winter).toContain('\r\nDTSTART:20260115T110000Z\r\n');
    expect(winter).not.toContain('DTEND');
    // Midnight in Sweden on 28 November is 23:00 UTC the day before: the file says the 28th.
    const allDay = unfold(eventToIcs(event({ startsAt: '2023-11-27T23:00:00.000Z', allDay: true }), 'https://x.se/e/', 'x.se'));
    expect(allDay).toContain('\r\nDTSTART;VALUE=DATE:20231128\r\n');
    expect(allDay).not.toContain('DTEND');
    // Two summer days, ending at Swedish midnight: DTEND is the (exclusive) day after the last.
    const twoDays = unfold(eventToIcs(event({ startsAt: '2026-06-30T22:00:00.000Z', endsAt: '2026-07-02T22:00:00.000Z', allDay: true }), 'https://x.se/e/', 'x.se'));
    expect(twoDays).toContain('\r\nDTSTART;VALUE=DATE:20260701\r\nDTEND;VALUE=DATE:20260703\r\n');
    const cancelled = unfold(eventToIcs(event({ startsAt: '2026-01-15T11:00:00.000Z', eventStatus: 'cancelled', title: 'Möte, del 1; Västerås' }), 'https://x.se/e/', 'x.se'));
    expect(cancelled).toContain('\r\nSUMMARY:INSTÄLLT: Möte\\, del 1\\; Västerås\r\n');
    expect(cancelled).toContain('\r\nSTATUS:CANCELLED\r\n');
    expect(cancelled).not.toContain('LOCATION');
    expect(cancelled).toMatch(/^BEGIN:VCALENDAR\r\n[\s\S]*\r\nUID:dialogmote@x\.se\r\n[\s\S]*END:VCALENDAR\r\n$/);
  });

  it('refuses a seed time written with the winter offset in summer, or the summer offset in winter', () => {
    const seedEvent = { slug: 'm', title: 'Möte', kind: 'other', eventStatus: 'scheduled', county: 'vastmanland' };
    const parse = (startsAt: string) => eventSchema.safeParse({ ...seedEvent, startsAt });
    const problems = (startsAt: string) => parse(startsAt).error?.issues.filter((i) => i.path[0] === 'startsAt').map((i) => i.message) ?? [];
    expect(problems('2026-07-01T09:00:00+02:00')).toEqual([]);
    expect(problems('2026-01-15T09:00:00+01:00')).toEqual([]);
    expect(problems('2026-07-01T07:00:00Z')).toEqual([]);
    expect(problems('2026-07-01T09:00:00+01:00')).toEqual(['Swedish time on 2026-07-01 is +02:00, not +01:00 (or write the time in UTC with Z)']);
    expect(problems('2026-01-15T09:00:00+02:00')).toEqual(['Swedish time on 2026-01-15 is +01:00, not +02:00 (or write the time in UTC with Z)']);
    // The second 02:30 of the October night is a Swedish time too.
    expect(problems('2026-10-25T02:30:00+01:00')).toEqual([]);
  });
});
