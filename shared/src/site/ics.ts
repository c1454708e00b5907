/** An iCalendar (RFC 5545) file for one event. */
import type { Event } from './schemas';

const escape = (value: string) => value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
const stamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const day = (iso: string) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date(iso))
    .replace(/-/g, '');

/** Folds lines longer than 75 octets, as the standard asks. */
function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  for (const char of line) {
    if (Buffer.byteLength(current + char, 'utf8') > (parts.length ? 74 : 75)) {
      parts.push(current);
      current = '';
    }
    current += char;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

export function eventToIcs(event: Event, url: string, host: string): string {
  const cancelled = event.eventStatus === 'cancelled';
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:-//Länsportalen//${host}//SV`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${event.slug}@${host}`,
    `DTSTAMP:${stamp(new Date().toISOString())}`,
    ...(event.allDay
      ? [`DTSTART;VALUE=DATE:${day(event.startsAt)}`]
      : [`DTSTART:${stamp(event.startsAt)}`, ...(event.endsAt ? [`DTEND:${stamp(event.endsAt)}`] : [])]),
    `SUMMARY:${escape(cancelled ? `INSTÄLLT: ${event.title}` : event.title)}`,
    ...(event.lead ? [`DESCRIPTION:${escape(event.lead)}`] : []),
    ...(event.location && !cancelled ? [`LOCATION:${escape(event.location)}`] : []),
    `STATUS:${cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    `URL:${url}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
