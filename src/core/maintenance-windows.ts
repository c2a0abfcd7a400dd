/**
 * When a site is in maintenance: windows that recur (a cron start and a duration, in a time zone)
 * or happen once (from, until), and what is in effect at an instant when several overlap. Pure.
 */
import { addDays, daysInMonth, instantOf, type LocalDate, localTimeOf, weekdayOf } from './zoned-time.js';

/** A day-of-week entry: a weekday (0 = Sunday), its nth in the month (`1#2`), or its last (`5L`). */
export type CronWeekday = number | { weekday: number; nth: number } | { weekday: number; last: true };

/** A 5-field cron expression, each field spelt out (as node-cron parses it). */
export interface MaintenanceCron {
  minutes: readonly number[];
  hours: readonly number[];
  /** Days 1–31, or `L` for the last day of the month. */
  daysOfMonth: readonly (number | 'L')[];
  months: readonly number[];
  daysOfWeek: readonly CronWeekday[];
}

interface WindowBase {
  reason: string;
  /** Where it was declared: the targets file, or `command` for one started by `defacewatch maintenance`. */
  source: string;
  /** Who started it by hand. */
  by?: string;
}

export interface RecurringWindow extends WindowBase {
  kind: 'recurring';
  /** The cron as written, for people. */
  expression: string;
  cron: MaintenanceCron;
  durationMs: number;
  timeZone: string;
}

export interface OneOffWindow extends WindowBase {
  kind: 'once';
  /** ms since the epoch; the window ends just before `until`. */
  from: number;
  until: number;
}

export type MaintenanceWindow = RecurringWindow | OneOffWindow;

/** One time a window is open: from `from` up to (not including) `until`. */
export interface Occurrence {
  from: number;
  until: number;
  window: MaintenanceWindow;
}

/** What is in effect at an instant: overlapping and back-to-back windows joined into one span. */
export interface ActiveMaintenance {
  from: string;
  until: string;
  /** The reasons of the windows joined, in order, without repeats. */
  reason: string;
}

const DAY_MS = 86_400_000;
/** Overlapping windows chained further than this are cut: a span is never longer than 60 windows. */
const MAX_CHAINED = 60;

function dayMatches(cron: MaintenanceCron, date: LocalDate): boolean {
  if (!cron.months.includes(date.month)) return false;
  const last = daysInMonth(date.year, date.month);
  if (!cron.daysOfMonth.some((value) => value === date.day || (value === 'L' && date.day === last))) return false;
  const weekday = weekdayOf(date);
  // node-cron requires both day fields to match (unlike classic cron's "either"): the same rule as `schedule`.
  return cron.daysOfWeek.some((value) => {
    if (typeof value === 'number') return value === weekday;
    if (value.weekday !== weekday) return false;
    return 'nth' in value ? Math.ceil(date.day / 7) === value.nth : date.day + 7 > last;
  });
}

/** The starts of a recurring window on one local day, earliest first (a time the clocks skip has none). */
function startsOn(window: RecurringWindow, date: LocalDate): number[] {
  if (!dayMatches(window.cron, date)) return [];
  const starts: number[] = [];
  for (const hour of [...window.cron.hours].sort((a, b) => a - b)) {
    for (const minute of [...window.cron.minutes].sort((a, b) => a - b)) {
      const instant = instantOf({ ...date, hour, minute, second: 0 }, window.timeZone);
      if (instant !== undefined) starts.push(instant);
    }
  }
  return starts;
}

/** The occurrence of a window that covers `at`, if any. */
export function occurrenceAt(window: MaintenanceWindow, at: number): Occurrence | undefined {
  if (window.kind === 'once') return window.from <= at && at < window.until ? { from: window.from, until: window.until, window } : undefined;
  const today = localTimeOf(at, window.timeZone);
  // Every local day on which a start still covering `at` may lie, latest first (one more for the zone's offset).
  const days = Math.ceil(window.durationMs / DAY_MS) + 1;
  for (let back = 0; back <= days; back++) {
    const starts = startsOn(window, addDays(today, -back)).reverse();
    const start = starts.find((instant) => instant <= at);
    // Every start is as long: when the latest one before `at` has ended, so have all earlier ones.
    if (start !== undefined) return at < start + window.durationMs ? { from: start, until: start + window.durationMs, window } : undefined;
  }
  return undefined;
}

/** The first occurrence of a window starting after `after`, looking `horizonDays` ahead. */
export function nextOccurrence(window: MaintenanceWindow, after: number, horizonDays = 366): Occurrence | undefined {
  if (window.kind === 'once') return window.from > after ? { from: window.from, until: window.until, window } : undefined;
  const today = localTimeOf(after, window.timeZone);
  for (let ahead = 0; ahead <= horizonDays; ahead++) {
    const start = startsOn(window, addDays(today, ahead)).find((instant) => instant > after);
    if (start !== undefined) return { from: start, until: start + window.durationMs, window };
  }
  return undefined;
}

/**
 * The maintenance in effect at `at`: every window covering it, joined with those that cover the end
 * of the span so far (back to back or overlapping), so `until` is when checks page as usual again.
 */
export function maintenanceAt(windows: readonly MaintenanceWindow[], at: number): ActiveMaintenance | undefined {
  let covering = windows.map((window) => occurrenceAt(window, at)).filter((o): o is Occurrence => o !== undefined);
  if (covering.length === 0) return undefined;
  const from = Math.min(...covering.map((o) => o.from));
  const reasons: string[] = [];
  let until = at;
  for (let step = 0; step < MAX_CHAINED && covering.length > 0; step++) {
    for (const o of covering) if (!reasons.includes(o.window.reason)) reasons.push(o.window.reason);
    const end = Math.max(...covering.map((o) => o.until));
    if (end <= until) break;
    until = end;
    covering = windows.map((window) => occurrenceAt(window, until)).filter((o): o is Occurrence => o !== undefined);
  }
  return { from: new Date(from).toISOString(), until: new Date(until).toISOString(), reason: reasons.join('; ') };
}
