/**
 * Swedish time: Europe/Stockholm with its daylight saving time, from the time zone data of Node's
 * ICU (Intl), never from the machine's local time zone and never from a hand-written offset.
 * Instants are `Date`s or ISO strings with an offset ("2023-05-25T07:00:00.000Z"); a Swedish
 * calendar date is "YYYY-MM-DD" and a Swedish wall-clock time "YYYY-MM-DDTHH:mm[:ss]".
 */
export const stockholmZone = 'Europe/Stockholm';

export interface StockholmParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const partsFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: stockholmZone,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

const toDate = (instant: Date | string): Date => {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) throw new RangeError(`not an instant: ${String(instant)}`);
  return date;
};
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The date and wall-clock time in Stockholm at an instant. */
export function stockholmParts(instant: Date | string): StockholmParts {
  const values = Object.fromEntries(partsFormat.formatToParts(toDate(instant)).map((p) => [p.type, Number(p.value)]));
  return { year: values.year!, month: values.month!, day: values.day!, hour: values.hour!, minute: values.minute!, second: values.second! };
}

const wallClockMs = (p: StockholmParts) => Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);

/** Stockholm's offset from UTC at an instant, in minutes: 60 in winter, 120 in summer. */
export function stockholmOffsetMinutes(instant: Date | string): number {
  const date = toDate(instant);
  return Math.round((wallClockMs(stockholmParts(date)) - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
}

/** The Swedish calendar date at an instant: "2023-05-25". */
export function stockholmDate(instant: Date | string): string {
  const p = stockholmParts(instant);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** An instant written with Stockholm's offset at it: "2023-05-25T09:00:00+02:00" (for JSON-LD and <time>). */
export function stockholmIso(instant: Date | string): string {
  const p = stockholmParts(instant);
  const offset = stockholmOffsetMinutes(instant);
  const sign = offset < 0 ? '-' : '+';
  const zone = `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return `${stockholmDate(instant)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${zone}`;
}

const wallClockPattern = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * The instant of a Swedish wall-clock time ("2023-05-25T09:00", or a date alone for its midnight).
 * A time that happens twice (the last Sunday of October, 02:00–02:59) is its first, summer-time
 * occurrence; a time that does not exist (the last Sunday of March, 02:00–02:59) is moved forward
 * by the hour the clocks skip, as a calendar would (02:30 → 03:30 summer time).
 */
export function stockholmInstant(wallClock: string): Date {
  const m = wallClockPattern.exec(wallClock);
  if (!m) throw new RangeError(`not a Swedish date or time: ${wallClock}`);
  const [year, month, day, hour = 0, minute = 0, second = 0] = m.slice(1).map((v) => (v === undefined ? undefined : Number(v)));
  const wall = Date.UTC(year!, month! - 1, day!, hour, minute, second);
  const check = new Date(wall);
  if (check.getUTCMonth() !== month! - 1 || check.getUTCDate() !== day || check.getUTCHours() !== hour || check.getUTCMinutes() !== minute) {
    throw new RangeError(`not a Swedish date or time: ${wallClock}`);
  }
  // The offsets a day before and after cover both sides of any transition near this time.
  const offsets = [...new Set([-1, 1].map((days) => stockholmOffsetMinutes(new Date(wall + days * 86_400_000))))];
  const fitting = offsets
    .map((offset) => wall - offset * 60_000)
    .filter((t) => wallClockMs(stockholmParts(new Date(t))) === wall)
    .sort((a, b) => a - b);
  // No fit: the skipped hour, read with the offset before the transition.
  return new Date(fitting[0] ?? wall - offsets[0]! * 60_000);
}

/** Whether a Swedish calendar date ("2023-05-01", e.g. a registration deadline) has ended in Sweden at `now`. */
export const dayHasPassed = (date: string, now: Date = new Date()): boolean => stockholmDate(now) > date;
