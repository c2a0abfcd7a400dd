import { describe, expect, it } from 'vitest';
import { approveRecord, type IncidentPolicy, type SiteRecord } from '../../src/core/incident.js';
import { advanceWithMaintenance, signatureDefaces } from '../../src/core/maintenance.js';
import type { ActiveMaintenance } from '../../src/core/maintenance-windows.js';
import type { CheckResult, Signal, Verdict } from '../../src/core/types.js';

/*
 * Who is paged while a site is in maintenance, and after: an agency's redesign pages nobody and ends
 * in one request to approve the new page; a defacement with a signature pages as always.
 */

const policy: IncidentPolicy = { reminderHours: 4, closeAfterCleanChecks: 2, unreachableAfterMinutes: 30 };
const context = { agency: 'Ministry of Health', evidence: {} };
const start = Date.parse('2026-12-12T13:00:00.000Z');
const window: ActiveMaintenance = { from: '2026-12-12T13:00:00.000Z', until: '2026-12-12T16:00:00.000Z', reason: 'weekly CMS deploy' };

const REPLACED: Signal = { detector: 'content-replacement', kind: 'replacement', score: 0.85, summary: '90% of the visible text is gone', evidence: {} };
const CLAIM: Signal = { detector: 'defacer-phrases', kind: 'signature', score: 0.95, summary: 'defacer phrase "hacked by" added', evidence: {} };
const NEWS_FLAG: Signal = { detector: 'national-flag', kind: 'signature', score: 0.2, summary: 'a flag in a news photo', evidence: {} };

/** What a check found: the redesign (content replaced), a defacement (a claim), an edit, or nothing. */
type Seen = 'redesign' | 'claim' | 'edit' | 'same' | 'down';

function check(seen: Seen, minutes: number): CheckResult {
  const verdicts: Record<Seen, Verdict> = { redesign: 'defaced', claim: 'defaced', edit: 'changed', same: 'unchanged', down: 'unreachable' };
  const signals: Record<Seen, Signal[]> = { redesign: [REPLACED, NEWS_FLAG], claim: [CLAIM, REPLACED], edit: [], same: [], down: [] };
  return {
    site: 'moh-home',
    url: 'https://moh.example.go.jp/',
    verdict: verdicts[seen],
    score: seen === 'claim' || seen === 'redesign' ? 0.9 : 0.1,
    signals: signals[seen],
    reason: seen,
    checkedAt: new Date(start + minutes * 60_000).toISOString(),
    durationMs: 1,
  };
}

/** Checks in order (minutes from the window's start; in the window until minute 180), with the kinds of every event. */
function run(checks: Array<[Seen, number]>, record: SiteRecord = { site: 'moh-home' }): { record: SiteRecord; kinds: string[] } {
  const kinds: string[] = [];
  for (const [seen, minute] of checks) {
    const step = advanceWithMaintenance(record, check(seen, minute), policy, context, minute < 180 ? window : undefined);
    record = step.record;
    kinds.push(...step.events.map((event) => event.kind));
  }
  return { record, kinds };
}

describe('signatureDefaces', () => {
  it('is true for a defaced verdict that its signature signals alone reach, not for a replaced page with a weak signature', () => {
    expect(signatureDefaces(check('claim', 0))).toBe(true);
    expect(signatureDefaces(check('redesign', 0))).toBe(false);
    expect(signatureDefaces({ ...check('edit', 0), signals: [CLAIM] })).toBe(false);
    expect(signatureDefaces({ ...check('claim', 0), signals: [{ ...CLAIM, evidence: { code: 'DETECTOR_FAILED' } }] })).toBe(false);
  });
});

describe('checks in a maintenance window', () => {
  it('record a redesign and edits, page nobody and feed no digest', () => {
    const { record, kinds } = run([
      ['edit', 0],
      ['redesign', 30],
      ['redesign', 60],
    ]);
    expect(kinds).toEqual([]);
    expect(record).toMatchObject({ lastVerdict: 'defaced', lastReason: 'redesign', maintenance: { state: 'in', ...window } });
    expect(record.incident).toBeUndefined();
  });

  it('still open an incident and page for a defacement signature', () => {
    const { record, kinds } = run([
      ['redesign', 0],
      ['claim', 30],
      ['claim', 60],
    ]);
    expect(kinds).toEqual(['defaced']);
    expect(record.incident).toMatchObject({ status: 'open', defacedChecks: 2 });
  });

  it('send no unreachable notice while the work lasts, and one after it if the site is still down', () => {
    expect(
      run([
        ['down', 0],
        ['down', 60],
        ['down', 120],
      ]).kinds,
    ).toEqual([]);
    expect(
      run([
        ['down', 0],
        ['down', 120],
        ['down', 185],
        ['same', 190],
      ]).kinds,
    ).toEqual(['unreachable', 'reachable']);
  });

  it('leave an incident opened before the window to its own rules', () => {
    const opened = advanceWithMaintenance({ site: 'moh-home' }, check('claim', -60), policy, context, undefined).record;
    const { record, kinds } = run(
      [
        ['redesign', 0],
        ['same', 30],
        ['same', 60],
      ],
      opened,
    );
    expect(kinds).toEqual(['restored']);
    expect(record.incident?.status).toBe('restored');
  });
});

describe('after a maintenance window', () => {
  it('asks once to approve a page that changed, instead of a DEFACED alert, and stays quiet until it is approved', () => {
    const { record, kinds } = run([
      ['redesign', 60],
      ['redesign', 185],
      ['redesign', 190],
      ['edit', 300],
    ]);
    expect(kinds).toEqual(['approval-request']);
    expect(record.incident).toBeUndefined();
    expect(record.maintenance).toMatchObject({ state: 'awaiting-approval', askedAt: check('redesign', 185).checkedAt, reason: 'weekly CMS deploy' });

    // Approved: the page is the baseline, and the rules are the usual ones again.
    const approved = approveRecord(record, check('same', 310).checkedAt).record;
    expect(approved.maintenance).toBeUndefined();
    expect(run([['redesign', 320]], approved).kinds).toEqual(['defaced']);
  });

  it('asks the same for an ordinary change', () => {
    expect(
      run([
        ['edit', 60],
        ['edit', 200],
      ]).kinds,
    ).toEqual(['approval-request']);
  });

  it('says nothing when the page is back to its baseline, and the usual rules apply from then', () => {
    const { record, kinds } = run([
      ['redesign', 60],
      ['same', 200],
    ]);
    expect(kinds).toEqual([]);
    expect(record.maintenance).toBeUndefined();
    expect(run([['redesign', 210]], record).kinds).toEqual(['defaced']);
  });

  it('waits for the first check that loads to decide', () => {
    expect(
      run([
        ['redesign', 60],
        ['down', 185],
        ['redesign', 200],
      ]).kinds,
    ).toEqual(['approval-request']);
  });

  it('pages a defacement signature while the page waits for approval', () => {
    const { kinds, record } = run([
      ['redesign', 60],
      ['redesign', 200],
      ['claim', 260],
    ]);
    expect(kinds).toEqual(['approval-request', 'defaced']);
    expect(record.maintenance?.state).toBe('awaiting-approval');
  });
});
