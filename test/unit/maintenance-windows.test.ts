import { describe, expect, it } from 'vitest';
import { maintenanceWindowsOf, type MaintenanceWindowConfig } from '../../src/config/maintenance.js';
import { maintenanceAt, nextOccurrence, occurrenceAt, type MaintenanceWindow } from '../../src/core/maintenance-windows.js';
import { parseDateTime, parseDuration } from '../../src/core/zoned-time.js';

/*
 * When a site is in maintenance, from windows as an agency writes them: times in the agency's own
 * zone, windows that run past midnight, fixed dates with or without an offset, and windows that
 * overlap or follow each other.
 */

const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

function windows(configs: MaintenanceWindowConfig[], timeZone = 'Asia/Tokyo'): MaintenanceWindow[] {
  return maintenanceWindowsOf(configs, timeZone, 'targets/moh.yaml');
}

function coveredSpan(list: MaintenanceWindow[], when: string): { from?: string | undefined; until?: string | undefined } {
  const occurrence = occurrenceAt(list[0]!, at(when));
  return occurrence === undefined ? {} : { from: iso(occurrence.from), until: iso(occurrence.until) };
}

describe('a recurring window (cron start and duration)', () => {
  // Saturdays 22:00 to Sundays 01:00 in Tokyo (UTC+9, no daylight saving): 13:00Z to 16:00Z.
  const weekly = windows([{ cron: '0 22 * * 6', duration: '3h', reason: 'weekly CMS deploy' }]);

  it('covers the hours after its start, past midnight into the next day, in the agency time zone', () => {
    // 2026-12-12 is a Saturday.
    const expected = { from: '2026-12-12T13:00:00.000Z', until: '2026-12-12T16:00:00.000Z' };
    expect(coveredSpan(weekly, '2026-12-12T13:00:00Z')).toEqual(expected); // 22:00 JST Saturday, its first minute
    expect(coveredSpan(weekly, '2026-12-12T15:30:00Z')).toEqual(expected); // 00:30 JST Sunday
    expect(coveredSpan(weekly, '2026-12-12T15:59:59Z')).toEqual(expected);
  });

  it('does not cover the minute before it starts, its end, or the other days', () => {
    expect(coveredSpan(weekly, '2026-12-12T12:59:59Z')).toEqual({}); // 21:59 JST Saturday
    expect(coveredSpan(weekly, '2026-12-12T16:00:00Z')).toEqual({}); // 01:00 JST Sunday: over
    expect(coveredSpan(weekly, '2026-12-11T13:30:00Z')).toEqual({}); // 22:30 JST Friday
    // 22:30 on Saturday in UTC is Sunday morning in Tokyo: not in the window.
    expect(coveredSpan(weekly, '2026-12-12T22:30:00Z')).toEqual({});
  });

  it('reads the window in its own time zone when it names one (Asia/Bangkok, UTC+7)', () => {
    const nightly = windows([{ cron: '30 23 * * *', duration: '90m', timezone: 'Asia/Bangkok', reason: 'backup' }]);
    // 00:15 in Bangkok on the 9th is inside the window that opened at 23:30 on the 8th (16:30Z).
    expect(coveredSpan(nightly, '2026-12-08T17:15:00Z')).toEqual({ from: '2026-12-08T16:30:00.000Z', until: '2026-12-08T18:00:00.000Z' });
    expect(coveredSpan(nightly, '2026-12-08T18:00:00Z')).toEqual({});
    expect(coveredSpan(nightly, '2026-12-08T16:29:00Z')).toEqual({});
  });

  it('finds its next start, also for the last day, the last Friday and the second Monday of a month', () => {
    expect(iso(nextOccurrence(weekly[0]!, at('2026-12-08T00:00:00Z'))?.from)).toBe('2026-12-12T13:00:00.000Z');
    const [lastDay, lastFriday, secondMonday] = windows(
      [
        { cron: '0 2 L * *', duration: '1h', reason: 'month end' },
        { cron: '0 2 * * 5L', duration: '1h', reason: 'last Friday' },
        { cron: '0 2 * * 1#2', duration: '1h', reason: 'second Monday' },
      ],
      'Asia/Bangkok',
    );
    // December 2026: the 31st is a Thursday, the last Friday the 25th, the second Monday the 14th (02:00 in Bangkok is 19:00Z the day before).
    expect(iso(nextOccurrence(lastDay!, at('2026-12-08T00:00:00Z'))?.from)).toBe('2026-12-30T19:00:00.000Z');
    expect(iso(nextOccurrence(lastFriday!, at('2026-12-08T00:00:00Z'))?.from)).toBe('2026-12-24T19:00:00.000Z');
    expect(iso(nextOccurrence(secondMonday!, at('2026-12-08T00:00:00Z'))?.from)).toBe('2026-12-13T19:00:00.000Z');
  });

  it('has no start at a local time the clocks skip (daylight saving in New York)', () => {
    // 2027-03-14, 02:30 does not exist in New York; the next 02:30 is on the 15th.
    const [early] = windows([{ cron: '30 2 * * *', duration: '1h', timezone: 'America/New_York', reason: 'batch' }]);
    expect(iso(nextOccurrence(early!, at('2027-03-14T05:00:00Z'))?.from)).toBe('2027-03-15T06:30:00.000Z');
  });
});

describe('a one-off window (from, until)', () => {
  it('reads dates without an offset in the agency time zone, and dates with one as written', () => {
    const [local, offset, utc] = windows([
      { from: '2026-12-20T22:00', until: '2026-12-21T06:00', reason: 'redesign' },
      { from: '2026-12-20T22:00+07:00', until: '2026-12-21T06:00+07:00', reason: 'redesign' },
      { from: '2026-12-20T13:00Z', until: '2026-12-20', reason: 'x' },
    ]);
    expect(local).toMatchObject({ kind: 'once', from: at('2026-12-20T13:00:00Z'), until: at('2026-12-20T21:00:00Z') });
    expect(offset).toMatchObject({ from: at('2026-12-20T15:00:00Z'), until: at('2026-12-20T23:00:00Z') });
    // A date alone is its local midnight.
    expect(utc).toMatchObject({ from: at('2026-12-20T13:00:00Z'), until: at('2026-12-19T15:00:00Z') });
    expect(occurrenceAt(local!, at('2026-12-20T12:59:59Z'))).toBeUndefined();
    expect(occurrenceAt(local!, at('2026-12-20T13:00:00Z'))).toBeDefined();
    expect(occurrenceAt(local!, at('2026-12-20T21:00:00Z'))).toBeUndefined();
  });
});

describe('overlapping and back-to-back windows', () => {
  const list = windows([
    { cron: '0 22 * * 6', duration: '3h', reason: 'weekly CMS deploy' }, // Saturday 22:00 – Sunday 01:00 JST
    { from: '2026-12-13T00:30', until: '2026-12-13T03:00', reason: 'database migration' }, // Sunday 00:30 – 03:00 JST
    { from: '2026-12-13T03:00', until: '2026-12-13T04:00', reason: 'database migration' }, // right after it
    { from: '2026-12-12T23:00', until: '2026-12-12T23:30', reason: 'inside the weekly one' },
  ]);

  it('joins them into one span until the last one ends, naming each reason once', () => {
    expect(maintenanceAt(list, at('2026-12-12T13:30:00Z'))).toEqual({
      from: '2026-12-12T13:00:00.000Z',
      until: '2026-12-12T19:00:00.000Z', // 04:00 JST Sunday
      reason: 'weekly CMS deploy; database migration',
    });
    expect(maintenanceAt(list, at('2026-12-12T14:10:00Z'))).toEqual({
      from: '2026-12-12T13:00:00.000Z',
      until: '2026-12-12T19:00:00.000Z',
      reason: 'weekly CMS deploy; inside the weekly one; database migration',
    });
  });

  it('starts the span at the earliest window covering the moment, and ends with the last one', () => {
    expect(maintenanceAt(list, at('2026-12-12T18:30:00Z'))).toEqual({
      from: '2026-12-12T18:00:00.000Z',
      until: '2026-12-12T19:00:00.000Z',
      reason: 'database migration',
    });
    expect(maintenanceAt(list, at('2026-12-12T19:00:00Z'))).toBeUndefined();
    expect(maintenanceAt([], at('2026-12-12T13:30:00Z'))).toBeUndefined();
  });
});

describe('dates and durations as written', () => {
  it('parses ISO dates and date-times, refusing days and times that do not exist', () => {
    expect(parseDateTime('2026-12-20T22:00:30', 'Asia/Tokyo')).toBe(at('2026-12-20T13:00:30Z'));
    expect(parseDateTime('2026-12-20 22:00', 'UTC')).toBe(at('2026-12-20T22:00:00Z'));
    expect(parseDateTime('2026-12-20T22:00-0530', 'UTC')).toBe(at('2026-12-21T03:30:00Z'));
    for (const bad of ['2026-13-01', '2026-02-30', '2026-12-20T24:00', '20 Dec 2026', '2026-12-20T22:00+25:00', '']) {
      expect(parseDateTime(bad, 'UTC'), bad).toBeUndefined();
    }
  });

  it('parses durations in days, hours and minutes', () => {
    expect(parseDuration('3h')).toBe(3 * 3_600_000);
    expect(parseDuration('1h30m')).toBe(90 * 60_000);
    expect(parseDuration('2d')).toBe(2 * 86_400_000);
    for (const bad of ['', '3', '3 hours', 'h', '1.5h', '-2h']) expect(parseDuration(bad), bad).toBeUndefined();
  });
});
