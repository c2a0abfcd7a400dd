import { groupOf, meetsExpectation, type CaseGroup, type Expectation } from './case-format.js';

/** The `check --json` line of one site, as the CLI contract defines it. */
export interface CheckLine {
  site: string;
  url: string;
  verdict: string;
  score: number;
  signals: { detector: string; score: number; summary: string }[];
  reason: string;
  checkedAt: string;
  durationMs: number;
}

/** One case and what the check said about it. */
export interface CaseOutcome {
  id: string;
  site: string;
  name: string;
  class: string;
  expect: Expectation;
  group: CaseGroup;
  /** The verdict, or `missing` when the CLI printed no line for the case (its error is in `reason`). */
  verdict: string;
  score: number | null;
  reason: string;
  /** Detector names that gave a signal. */
  detectors: string[];
  durationMs: number | null;
  pass: boolean;
}

export interface Rate {
  hits: number;
  total: number;
}

/** The rates the detection issue is judged on. */
export interface Rates {
  /** Visible defacements called `defaced`. */
  truePositive: Rate;
  /** Benign cases called `defaced`. */
  falseAlarm: Rate;
  /** Stealth injections called at least `changed`. */
  stealthSeen: Rate;
  /** Benign cases whose expectation (`changed` or `not-defaced`) was met. */
  benignMet: Rate;
  /** Cases with no usable verdict (`unreachable`, no line at all). */
  broken: Rate;
}

export interface Acceptance {
  met: boolean;
  /** One line per unmet criterion. */
  unmet: string[];
}

export function outcomeOf(
  c: { id: string; site: string; name: string; spec: { class: string; expect: Expectation } },
  line: CheckLine | undefined,
  error: string | undefined,
): CaseOutcome {
  const verdict = line?.verdict ?? 'missing';
  return {
    id: c.id,
    site: c.site,
    name: c.name,
    class: c.spec.class,
    expect: c.spec.expect,
    group: groupOf(c.spec.expect),
    verdict,
    score: line ? line.score : null,
    reason: line ? line.reason : (error ?? 'the CLI printed no result for this case'),
    detectors: line ? [...new Set(line.signals.filter((s) => s.score > 0).map((s) => s.detector))] : [],
    durationMs: line ? line.durationMs : null,
    pass: meetsExpectation(c.spec.expect, line?.verdict),
  };
}

const rate = (hits: number, total: number): Rate => ({ hits, total });

export function ratesOf(outcomes: readonly CaseOutcome[]): Rates {
  const visible = outcomes.filter((o) => o.group === 'visible');
  const stealth = outcomes.filter((o) => o.group === 'stealth');
  const benign = outcomes.filter((o) => o.group === 'benign');
  return {
    truePositive: rate(visible.filter((o) => o.verdict === 'defaced').length, visible.length),
    falseAlarm: rate(benign.filter((o) => o.verdict === 'defaced').length, benign.length),
    stealthSeen: rate(stealth.filter((o) => o.verdict === 'changed' || o.verdict === 'defaced').length, stealth.length),
    benignMet: rate(benign.filter((o) => o.pass).length, benign.length),
    broken: rate(outcomes.filter((o) => o.verdict === 'missing' || o.verdict === 'unreachable').length, outcomes.length),
  };
}

/** Acceptance: every visible defacement caught, no false alarm, every stealth case seen, every case met. */
export function acceptanceOf(outcomes: readonly CaseOutcome[]): Acceptance {
  const r = ratesOf(outcomes);
  const unmet: string[] = [];
  if (r.truePositive.hits < r.truePositive.total) unmet.push(`true-positive rate ${percent(r.truePositive)} (need 100%)`);
  if (r.falseAlarm.hits > 0) unmet.push(`${r.falseAlarm.hits} false alarm(s) on benign cases (need 0)`);
  if (r.stealthSeen.hits < r.stealthSeen.total) unmet.push(`stealth seen ${percent(r.stealthSeen)} (need 100% at least changed)`);
  if (r.benignMet.hits < r.benignMet.total) unmet.push(`benign expectations met ${percent(r.benignMet)} (need 100%)`);
  if (r.broken.hits > 0) unmet.push(`${r.broken.hits} case(s) without a usable verdict (unreachable or no result)`);
  return { met: unmet.length === 0 && outcomes.length > 0, unmet: outcomes.length === 0 ? ['no cases were run'] : unmet };
}

export function percent(r: Rate): string {
  if (r.total === 0) return 'n/a';
  return `${((100 * r.hits) / r.total).toFixed(1).replace(/\.0$/, '')}%`;
}
