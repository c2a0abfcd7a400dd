import { describe, expect, it } from 'vitest';
import { acknowledgeRecord, advanceSite, approveRecord, type IncidentPolicy, type SiteRecord } from '../../src/core/incident.js';
import type { CheckResult, Verdict } from '../../src/core/types.js';

const policy: IncidentPolicy = { reminderHours: 4, closeAfterCleanChecks: 2, unreachableAfterMinutes: 30 };
const context = { agency: 'Ministry of Health', evidence: {} };
const start = Date.parse('2026-11-25T03:00:00.000Z');

function check(verdict: Verdict, minutes: number): CheckResult {
  return {
    site: 'moh-home',
    url: 'https://moh.example.go.jp/',
    verdict,
    score: verdict === 'defaced' ? 0.97 : 0.1,
    signals: [],
    reason: verdict === 'defaced' ? 'PRC flag 180x120 px at (40,210)' : 'nothing',
    checkedAt: new Date(start + minutes * 60_000).toISOString(),
    durationMs: 1,
  };
}

/** Runs checks through the machine and returns the kinds of every event, in order. */
function run(verdicts: Array<[Verdict, number]>, record: SiteRecord = { site: 'moh-home' }): { record: SiteRecord; kinds: string[] } {
  const kinds: string[] = [];
  for (const [verdict, minute] of verdicts) {
    const step = advanceSite(record, check(verdict, minute), policy, context);
    record = step.record;
    kinds.push(...step.events.map((event) => event.kind));
  }
  return { record, kinds };
}

describe('the incident state machine', () => {
  it('opens one incident on the first defaced check and stays quiet on the next ten', () => {
    const { record, kinds } = run(Array.from({ length: 11 }, (_, i) => ['defaced', i * 5] as [Verdict, number]));
    expect(kinds).toEqual(['defaced']);
    expect(record.incident).toMatchObject({ status: 'open', defacedChecks: 11, id: 'moh-home-20261125T030000Z' });
  });

  it('sends a reminder every reminderHours while open, and none once acknowledged', () => {
    const checks: Array<[Verdict, number]> = Array.from({ length: 9 * 12 + 1 }, (_, i) => ['defaced', i * 5]);
    const { kinds } = run(checks);
    expect(kinds).toEqual(['defaced', 'reminder', 'reminder']);

    const opened = run([['defaced', 0]]).record;
    const acked = acknowledgeRecord(opened, new Date(start + 60_000).toISOString())!;
    expect(
      run(
        [
          ['defaced', 5 * 60],
          ['defaced', 9 * 60],
        ],
        acked,
      ).kinds,
    ).toEqual([]);
  });

  it('closes as restored only after the configured number of clean checks in a row (no flapping storm)', () => {
    expect(
      run([
        ['defaced', 0],
        ['unchanged', 5],
        ['defaced', 10],
        ['unchanged', 15],
        ['defaced', 20],
      ]).kinds,
    ).toEqual(['defaced']);
    const { record, kinds } = run([
      ['defaced', 0],
      ['unchanged', 5],
      ['changed', 10],
      ['unchanged', 15],
    ]);
    expect(kinds).toEqual(['defaced', 'restored']);
    expect(record.incident).toMatchObject({ status: 'restored', closedAt: check('changed', 10).checkedAt });
    // A new defacement after it closed opens a new incident.
    expect(run([['defaced', 20]], record).kinds).toEqual(['defaced']);
  });

  it('does not count unreachable checks as clean', () => {
    expect(
      run([
        ['defaced', 0],
        ['unreachable', 5],
        ['unreachable', 10],
        ['unchanged', 15],
      ]).kinds,
    ).toEqual(['defaced']);
  });

  it('closes as approved on approval, and approving a quiet site tells nobody', () => {
    const opened = run([['defaced', 0]]).record;
    const approved = approveRecord(opened, new Date(start + 3_600_000).toISOString());
    expect(approved.events.map((event) => event.kind)).toEqual(['approved']);
    expect(approved.record.incident?.status).toBe('approved');
    expect(approveRecord({ site: 'moh-home' }, new Date(start).toISOString()).events).toEqual([]);
  });

  it('reports a site unreachable once, after unreachableAfterMinutes, says when it is back, and again only after it came back', () => {
    const down: Array<[Verdict, number]> = [0, 10, 20, 30, 40, 50].map((m) => ['unreachable', m]);
    expect(run(down).kinds).toEqual(['unreachable']);
    expect(run([...down, ['unchanged', 60], ['unreachable', 70], ['unreachable', 100]]).kinds).toEqual(['unreachable', 'reachable', 'unreachable']);
    // A short outage nobody was told about ends quietly.
    expect(
      run([
        ['unreachable', 0],
        ['unreachable', 10],
        ['unchanged', 20],
      ]).kinds,
    ).toEqual([]);
  });

  it('sends changed verdicts to the digest, not to people', () => {
    expect(
      run([
        ['changed', 0],
        ['changed', 5],
      ]).kinds,
    ).toEqual(['changed', 'changed']);
  });
});
