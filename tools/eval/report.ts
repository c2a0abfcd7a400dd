import { SPLITS, type CaseGroup, type Split } from './case-format.js';
import { acceptanceOf, percent, ratesOf, type CaseOutcome } from './score.js';

/** Plain-text report of an evaluation: per class, per site, the rates of each split, every miss. */

const GROUP_ORDER: Record<CaseGroup, number> = { visible: 0, stealth: 1, benign: 2 };
const SPLIT_ORDER = (s: Split): number => SPLITS.indexOf(s);

/** A plain-text table; the first `left` columns are left-aligned, the rest (numbers) right-aligned. */
function table(header: string[], rows: string[][], left = 1): string {
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const fmt = (cells: string[]): string =>
    cells
      .map((c, i) => {
        const pad = (widths[i] ?? 0) - displayWidth(c);
        return i < left ? c + ' '.repeat(pad) : ' '.repeat(pad) + c;
      })
      .join('  ')
      .trimEnd();
  return [fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt)].join('\n');
}

function displayWidth(s: string): number {
  return [...s].length;
}

function counts(outcomes: readonly CaseOutcome[]): Record<string, number> {
  const out: Record<string, number> = { defaced: 0, changed: 0, unchanged: 0, other: 0 };
  for (const o of outcomes) {
    const key = o.verdict in out && o.verdict !== 'other' ? o.verdict : 'other';
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

function byKey<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
  return map;
}

export function classTable(outcomes: readonly CaseOutcome[]): string {
  const groups = [...byKey(outcomes, (o) => `${o.split}\u0000${o.class}\u0000${o.expect}`).values()].sort((a, b) => {
    const [x, y] = [a[0]!, b[0]!];
    return (
      SPLIT_ORDER(x.split) - SPLIT_ORDER(y.split) || GROUP_ORDER[x.group] - GROUP_ORDER[y.group] || x.class.localeCompare(y.class) || x.expect.localeCompare(y.expect)
    );
  });
  const rows = groups.map((list) => {
    const c = counts(list);
    const first = list[0]!;
    return [
      first.split,
      first.class,
      first.expect,
      String(list.length),
      `${list.filter((o) => o.pass).length}/${list.length}`,
      String(c.defaced),
      String(c.changed),
      String(c.unchanged),
      String(c.other),
    ];
  });
  return table(['split', 'class', 'expect', 'cases', 'pass', 'defaced', 'changed', 'unchanged', 'other'], rows, 3);
}

export function siteTable(outcomes: readonly CaseOutcome[]): string {
  const rows = [...byKey(outcomes, (o) => `${o.site}\u0000${o.split}`).values()].map((list) => {
    const r = ratesOf(list);
    return [
      list[0]!.site,
      list[0]!.split,
      String(list.length),
      `${r.truePositive.hits}/${r.truePositive.total}`,
      `${r.stealthSeen.hits}/${r.stealthSeen.total}`,
      `${r.falseAlarm.hits}/${r.falseAlarm.total}`,
      `${r.benignMet.hits}/${r.benignMet.total}`,
      `${r.quiet.hits}/${r.quiet.total}`,
      `${list.filter((o) => o.pass).length}/${list.length}`,
    ];
  });
  return table(['site', 'split', 'cases', 'defaced caught', 'stealth seen', 'false alarms', 'benign met', 'quiet', 'pass'], rows, 2);
}

export function ratesBlock(outcomes: readonly CaseOutcome[]): string {
  const r = ratesOf(outcomes);
  const line = (label: string, hits: number, total: number, p: string): string => `${label.padEnd(44)} ${p.padStart(6)}  (${hits}/${total})`;
  return [
    line('TPR, visible defacements called defaced', r.truePositive.hits, r.truePositive.total, percent(r.truePositive)),
    line('false-alarm rate, benign cases called defaced', r.falseAlarm.hits, r.falseAlarm.total, percent(r.falseAlarm)),
    line('stealth injections at least changed', r.stealthSeen.hits, r.stealthSeen.total, percent(r.stealthSeen)),
    line('benign expectations met', r.benignMet.hits, r.benignMet.total, percent(r.benignMet)),
    line('quiet rate, known dynamics called unchanged', r.quiet.hits, r.quiet.total, percent(r.quiet)),
    line('no usable verdict (unreachable / no result)', r.broken.hits, r.broken.total, percent(r.broken)),
  ].join('\n');
}

export function missList(outcomes: readonly CaseOutcome[]): string {
  const misses = outcomes
    .filter((o) => !o.pass)
    .sort(
      (a, b) => SPLIT_ORDER(a.split) - SPLIT_ORDER(b.split) || GROUP_ORDER[a.group] - GROUP_ORDER[b.group] || a.class.localeCompare(b.class) || a.id.localeCompare(b.id),
    );
  if (misses.length === 0) return 'no misses';
  return misses
    .map((o) => {
      const score = o.score === null ? '' : ` ${o.score.toFixed(2)}`;
      return `- ${o.site}/${o.name} [${o.split}, ${o.class}${o.dynamics ? ', dynamics' : ''}] expected ${o.expect}, got ${o.verdict}${score}: ${o.reason}`;
    })
    .join('\n');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(0)} s`;
}

/** The whole report. */
export function formatReport(outcomes: readonly CaseOutcome[], timings: { baselineMs: number; checkMs: number; totalMs: number }, concurrency: number): string {
  const acceptance = acceptanceOf(outcomes);
  return [
    `## Per class (${outcomes.length} cases)`,
    classTable(outcomes),
    '',
    '## Per site',
    siteTable(outcomes),
    '',
    ...SPLITS.flatMap((split) => {
      const part = outcomes.filter((o) => o.split === split);
      return part.length === 0 ? [] : [`## Rates, ${split} split (${part.length} cases)`, ratesBlock(part), ''];
    }),
    `## Misses (${outcomes.filter((o) => !o.pass).length})`,
    missList(outcomes),
    '',
    `Run time: baseline ${seconds(timings.baselineMs)}, check ${seconds(timings.checkMs)}, total ${seconds(timings.totalMs)} (concurrency ${concurrency}).`,
    acceptance.met ? 'ACCEPTANCE MET' : `ACCEPTANCE NOT MET: ${acceptance.unmet.join('; ')}`,
    '',
  ].join('\n');
}
