import cron from 'node-cron';
import { z } from 'zod';
import type { CronWeekday, MaintenanceCron, MaintenanceWindow } from '../core/maintenance-windows.js';
import { parseDateTime, parseDuration } from '../core/zoned-time.js';
import { isTimeZone } from './fields.js';

/**
 * Maintenance windows in an agency file, for the agency (all its sites) or one site: a cron start
 * with a duration, or fixed dates, in the window's time zone (default the agency's). While one is
 * open, ordinary changes page nobody (core/maintenance.ts).
 */

/** A recurring window lasts at most a week: longer planned work is written with from/until. */
export const MAX_RECURRING_MS = 7 * 86_400_000;
const DURATION_EXAMPLE = 'write it like "3h", "90m", "1h30m" or "2d"';
const DATE_EXAMPLE = 'write it like "2026-12-20T22:00", or with an offset "2026-12-20T22:00+09:00"';
const SHAPE = 'give either "cron" with "duration", or "from" with "until"';
const SUPPORTED_DAYS = 'use numbers, ranges, lists, steps, "L", "5L" (last Friday) or "1#2" (second Monday)';

export const maintenanceWindowSchema = z
  .strictObject({
    cron: z
      .string()
      .optional()
      .describe('When each window starts: cron with 5 fields (minute hour day month weekday) in the window\'s time zone, e.g. "0 22 * * 6". Give "duration" with it.'),
    duration: z.string().optional().describe('How long each window of "cron" lasts, e.g. "3h", "90m", "1h30m" (at most 7 days).'),
    from: z.string().optional().describe('Start of a one-off window, an ISO date-time such as "2026-12-20T22:00"; without an offset it is in the window\'s time zone.'),
    until: z.string().optional().describe('End of a one-off window (checks page as usual again from then), like "from".'),
    timezone: z
      .string()
      .refine(isTimeZone, { message: 'not an IANA time zone (e.g. "Asia/Bangkok")' })
      .optional()
      .describe("IANA time zone of the cron and of dates without an offset; default: the agency's timezone."),
    reason: z
      .string()
      .trim()
      .min(1, { message: 'say why, e.g. "monthly CMS upgrade" (it is shown in status and in the message asking to approve the new page)' })
      .describe('Why the site is in maintenance, shown in `defacewatch status` and in the message asking to approve the new page.'),
  })
  .superRefine((window, ctx) => {
    const recurring = window.cron !== undefined;
    const oneOff = window.from !== undefined || window.until !== undefined;
    if (recurring === oneOff) ctx.addIssue({ code: 'custom', message: recurring ? `${SHAPE}, not both` : SHAPE });
    if (window.cron !== undefined) {
      const problem = cronProblem(window.cron);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', path: ['cron'], message: problem });
      if (window.duration === undefined) ctx.addIssue({ code: 'custom', path: ['duration'], message: 'is required with "cron": how long each window lasts, e.g. "3h"' });
    } else if (window.duration !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['duration'], message: 'goes with "cron"; a window with "from" ends at "until"' });
    }
    if (window.duration !== undefined) {
      const problem = durationProblem(window.duration, MAX_RECURRING_MS, 'for longer work, write a window with "from" and "until"');
      if (problem !== undefined) ctx.addIssue({ code: 'custom', path: ['duration'], message: problem });
    }
    if (oneOff) {
      for (const key of ['from', 'until'] as const) {
        const value = window[key];
        if (value === undefined) ctx.addIssue({ code: 'custom', path: [key], message: `is required with "${key === 'from' ? 'until' : 'from'}" (${DATE_EXAMPLE})` });
        else if (parseDateTime(value, 'UTC') === undefined) ctx.addIssue({ code: 'custom', path: [key], message: `"${value}" is not a date-time (${DATE_EXAMPLE})` });
      }
    }
  })
  .describe('A maintenance window: while it is open, ordinary changes page nobody; a defacement signature still does.');

export type MaintenanceWindowConfig = z.output<typeof maintenanceWindowSchema>;

/** What is wrong with a duration (`--for` or `duration:`), or undefined when it is fine. */
export function durationProblem(text: string, maxMs: number, longer: string): string | undefined {
  const ms = parseDuration(text);
  if (ms === undefined) return `"${text}" is not a duration (${DURATION_EXAMPLE})`;
  if (ms < 60_000) return `"${text}" is shorter than a minute (${DURATION_EXAMPLE})`;
  if (ms > maxMs) return `"${text}" is longer than ${Math.round(maxMs / 86_400_000)} days (${longer})`;
  return undefined;
}

function cronProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/).length;
  if (fields !== 5) return `"${expression}" has ${fields} fields (a window starts on a minute: use 5 fields, minute hour day month weekday, e.g. "0 22 * * 6")`;
  const result = cron.validateDetailed(expression);
  if (!result.valid) return `"${expression}" is not a valid cron expression (${result.errors.map((e) => `${e.field}: ${e.message}`).join('; ')})`;
  const parsed = cron.parse(expression);
  const unsupported =
    parsed.dayOfMonth.find((value) => typeof value === 'string' && value !== 'L') ??
    parsed.dayOfWeek.find((value) => typeof value === 'string' && weekdayToken(value) === undefined);
  return unsupported === undefined ? undefined : `"${expression}": "${String(unsupported)}" is not supported in a maintenance window (${SUPPORTED_DAYS})`;
}

/** A day-of-week token as the window rules read it: `5L` or `1#2`; undefined for others. */
function weekdayToken(token: string): CronWeekday | undefined {
  const last = /^([0-7])L$/i.exec(token);
  if (last) return { weekday: Number(last[1]) % 7, last: true };
  const nth = /^([0-7])#([1-5])$/.exec(token);
  if (nth) return { weekday: Number(nth[1]) % 7, nth: Number(nth[2]) };
  return undefined;
}

/** A validated 5-field cron, spelt out for the window rules. */
function maintenanceCron(expression: string): MaintenanceCron {
  const parsed = cron.parse(expression);
  // `L` is the only word the schema lets into the day of the month.
  const daysOfMonth = parsed.dayOfMonth.map((value) => (typeof value === 'number' ? value : 'L'));
  const daysOfWeek = parsed.dayOfWeek.map((value): CronWeekday => {
    if (typeof value === 'number') return value % 7;
    const token = weekdayToken(value);
    // The schema refused every other token before a window is built.
    if (token === undefined) throw new Error(`unsupported day-of-week token "${value}" in "${expression}"`);
    return token;
  });
  return { minutes: parsed.minute, hours: parsed.hour, daysOfMonth, months: parsed.month, daysOfWeek };
}

/**
 * The windows of a site as the rules read them: its agency's, then its own. `timeZone` is the
 * agency's; `source` names the file they come from. Only for windows the schema accepted.
 */
export function maintenanceWindowsOf(windows: readonly MaintenanceWindowConfig[], timeZone: string, source: string): MaintenanceWindow[] {
  return windows.map((window): MaintenanceWindow => {
    const zone = window.timezone ?? timeZone;
    if (window.cron !== undefined) {
      return {
        kind: 'recurring',
        expression: window.cron,
        cron: maintenanceCron(window.cron),
        durationMs: parseDuration(window.duration ?? '') ?? 0,
        timeZone: zone,
        reason: window.reason,
        source,
      };
    }
    return { kind: 'once', from: parseDateTime(window.from ?? '', zone) ?? 0, until: parseDateTime(window.until ?? '', zone) ?? 0, reason: window.reason, source };
  });
}

/**
 * The problems of one-off windows that only the agency's time zone shows: an end not after its
 * start, or a local time the clocks skip. `index` is the window's place in its list.
 */
export function windowOrderProblems(windows: readonly MaintenanceWindowConfig[], timeZone: string): Array<{ index: number; key: 'from' | 'until'; message: string }> {
  const problems: Array<{ index: number; key: 'from' | 'until'; message: string }> = [];
  windows.forEach((window, index) => {
    if (window.from === undefined || window.until === undefined) return;
    const zone = window.timezone ?? timeZone;
    const written = { from: window.from, until: window.until };
    const instants = { from: parseDateTime(written.from, zone), until: parseDateTime(written.until, zone) };
    for (const key of ['from', 'until'] as const) {
      // A value that is no date-time at all is the window schema's to report.
      if (instants[key] === undefined && parseDateTime(written[key], 'UTC') !== undefined)
        problems.push({ index, key, message: `"${written[key]}" does not exist in ${zone} (the clocks skip it; pick another time)` });
    }
    if (instants.from !== undefined && instants.until !== undefined && instants.until <= instants.from)
      problems.push({ index, key: 'until', message: `"${written.until}" is not after "from" ("${written.from}")` });
  });
  return problems;
}
