import { groupOf, meetsExpectation, SPLITS, type CaseGroup, type Expectation, type Split } from './case-format.js';

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
  split: Split;
  /** A benign case whose only change is dynamics the baseline samples showed. */
  dynamics: boolean;
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
  /** Benign cases of known dynamics only (`dynamics: true`) that came back `unchanged`. */
  quiet: Rate;
  /** Cases with no usable verdict (`unreachable`, no line at all). */
  broken: Rate;
}

export interface Acceptance {
  met: boolean;
  /** One line per unmet criterion. */
  unmet: string[];
}

export function outcomeOf(
  c: { id: string; site: string; name: string; split: Split; spec: { class: string; expect: Expectation; dynamics?: boolean } },
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
    split: c.split,
    dynamics: c.spec.dynamics === true,
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
    quiet: rate(benign.filter((o) => o.dynamics && o.verdict === 'unchanged').length, benign.filter((o) => o.dynamics).length),
    broken: rate(outcomes.filter((o) => o.verdict === 'missing' || o.verdict === 'unreachable').length, outcomes.length),
  };
}

/** The quiet rate each split must reach: known dynamics must not train people to ignore `changed`. */
export const MIN_QUIET_RATE = 0.95;

/**
 * Acceptance, judged on each split on its own: every visible defacement caught, no false alarm,
 * every stealth case seen, every benign expectation met, known dynamics quiet in at least
 * `MIN_QUIET_RATE` of cases, and a usable verdict for every case.
 */
export function acceptanceOf(outcomes: readonly CaseOutcome[]): Acceptance {
  if (outcomes.length === 0) return { met: false, unmet: ['no cases were run'] };
  const unmet: string[] = [];
  for (const split of SPLITS) {
    const part = outcomes.filter((o) => o.split === split);
    if (part.length === 0) continue;
    const r = ratesOf(part);
    const say = (what: string): number => unmet.push(`${split}: ${what}`);
    if (r.truePositive.hits < r.truePositive.total) say(`true-positive rate ${percent(r.truePositive)} (need 100%)`);
    if (r.falseAlarm.hits > 0) say(`${r.falseAlarm.hits} false alarm(s) on benign cases (need 0)`);
    if (r.stealthSeen.hits < r.stealthSeen.total) say(`stealth seen ${percent(r.stealthSeen)} (need 100% at least changed)`);
    if (r.benignMet.hits < r.benignMet.total) say(`benign expectations met ${percent(r.benignMet)} (need 100%)`);
    if (r.quiet.total > 0 && r.quiet.hits < MIN_QUIET_RATE * r.quiet.total) say(`quiet rate ${percent(r.quiet)} (need ${100 * MIN_QUIET_RATE}%)`);
    if (r.broken.hits > 0) say(`${r.broken.hits} case(s) without a usable verdict (unreachable or no result)`);
  }
  return { met: unmet.length === 0, unmet };
}

/** The rates of each split present in the outcomes, in `SPLITS` order. */
export function ratesBySplit(outcomes: readonly CaseOutcome[]): Partial<Record<Split, Rates>> {
  const out: Partial<Record<Split, Rates>> = {};
  for (const split of SPLITS) {
    const part = outcomes.filter((o) => o.split === split);
    if (part.length > 0) out[split] = ratesOf(part);
  }
  return out;
}

export function percent(r: Rate): string {
  if (r.total === 0) return 'n/a';
  return `${((100 * r.hits) / r.total).toFixed(1).replace(/\.0$/, '')}%`;
}
