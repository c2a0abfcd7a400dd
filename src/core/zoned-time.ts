/**
 * Wall-clock time in an IANA time zone, both ways: the local date and time of an instant, and the
 * instant of a local date and time. Pure (Intl only); maintenance windows are written in an agency's
 * local time ("every Saturday at 22:00 in Asia/Tokyo") and checked against instants.
 */

export interface LocalDate {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
}

export interface LocalTime extends LocalDate {
  hour: number;
  minute: number;
  second: number;
}

const MINUTE_MS = 60_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The local date and time of an instant (ms since the epoch) in `timeZone`. */
export function localTimeOf(instant: number, timeZone: string): LocalTime {
  const parts: Record<string, number> = {};
  for (const part of formatterOf(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return { year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0, hour: parts.hour ?? 0, minute: parts.minute ?? 0, second: parts.second ?? 0 };
}

function asUtc(local: LocalTime): number {
  return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
}

/** How far `timeZone` is ahead of UTC at an instant, in ms. */
function offsetAt(instant: number, timeZone: string): number {
  const whole = instant - (((instant % 1000) + 1000) % 1000);
  return asUtc(localTimeOf(whole, timeZone)) - whole;
}

/**
 * The instant a local date and time names in `timeZone`, or undefined when the clocks skip it (a
 * daylight-saving gap). In a repeated hour, one of the two instants.
 */
export function instantOf(local: LocalTime, timeZone: string): number | undefined {
  const wall = asUtc(local);
  let instant = wall - offsetAt(wall, timeZone);
  // Once more from the first guess: the offset may differ on the other side of a change.
  instant = wall - offsetAt(instant, timeZone);
  return asUtc(localTimeOf(instant, timeZone)) === wall ? instant : undefined;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 0 = Sunday … 6 = Saturday, as cron counts. */
export function weekdayOf(date: LocalDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

/** The calendar date `days` after (or before, when negative) `date`. */
export function addDays(date: LocalDate, days: number): LocalDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * An ISO 8601 date or date-time as written in a config file: `2026-12-20`, `2026-12-20T22:00`,
 * `2026-12-20T22:00:00+09:00`, `2026-12-20T13:00Z`. Without an offset it is local time in `timeZone`.
 * Undefined when it is not such a date, names a day or time that does not exist, or falls in a
 * daylight-saving gap of the zone.
 */
export function parseDateTime(text: string, timeZone: string): number | undefined {
  const match = DATE_TIME.exec(text.trim());
  if (match === null) return undefined;
  const [, year, month, day, hour = '0', minute = '0', second = '0', offset] = match;
  const local: LocalTime = { year: Number(year), month: Number(month), day: Number(day), hour: Number(hour), minute: Number(minute), second: Number(second) };
  if (local.month < 1 || local.month > 12 || local.day < 1 || local.day > daysInMonth(local.year, local.month)) return undefined;
  if (local.hour > 23 || local.minute > 59 || local.second > 59) return undefined;
  if (offset === undefined) return instantOf(local, timeZone);
  if (offset.toUpperCase() === 'Z') return asUtc(local);
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
  if (offsetMinutes > 18 * 60) return undefined;
  return asUtc(local) - sign * offsetMinutes * MINUTE_MS;
}

const DURATION = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$/i;

/** `3h`, `90m`, `1h30m`, `2d` → milliseconds; undefined for anything else (or nothing). */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  const match = DURATION.exec(trimmed);
  if (match === null || trimmed === '') return undefined;
  const [, days = '0', hours = '0', minutes = '0'] = match;
  return ((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * MINUTE_MS;
}
