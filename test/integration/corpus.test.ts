import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupOf, meetsExpectation, SPLITS, type Split } from '../../tools/eval/case-format.js';
import { evaluate, type Evaluation } from '../../tools/eval/evaluate.js';
import { allCases, loadCorpus } from '../../tools/eval/load-corpus.js';
import { formatReport } from '../../tools/eval/report.js';
import { MIN_QUIET_RATE, ratesBySplit } from '../../tools/eval/score.js';

/**
 * The evaluation corpus as tests: one test per case folder under test/corpus/<site>/<case>/, all
 * answered by one shared run of the real CLI (a `baseline` of four page addresses per site, then
 * `check --json` rounds showing the cases at those addresses, concurrency 4). `npm test` builds dist/
 * first; to run this file alone, `npm run build` before it.
 *
 * To work on a few cases: DW_CORPUS_SITES=ministry-jp DW_CORPUS_CASES=flag-css,recheck npx vitest run test/integration/corpus.test.ts
 * One split only: DW_CORPUS_SPLIT=held-out (or tuning).
 */

const CORPUS_DIR = fileURLToPath(new URL('../corpus', import.meta.url));
const list = (v: string | undefined): string[] =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const split = process.env.DW_CORPUS_SPLIT?.trim() || undefined;
if (split !== undefined && !(SPLITS as readonly string[]).includes(split)) {
  throw new Error(`DW_CORPUS_SPLIT: expected ${SPLITS.join(' or ')}, got "${split}"`);
}
const corpus = await loadCorpus(CORPUS_DIR, {
  sites: list(process.env.DW_CORPUS_SITES),
  cases: list(process.env.DW_CORPUS_CASES),
  ...(split ? { split: split as Split } : {}),
});
const caseCount = corpus.sites.reduce((n, s) => n + s.cases.length, 0);
const filtered = list(process.env.DW_CORPUS_SITES).length + list(process.env.DW_CORPUS_CASES).length > 0 || split !== undefined;

describe('the corpus itself', () => {
  it.skipIf(filtered)('has at least 5 sites, each with 12 visible defacements and 12 benign cases', () => {
    expect(corpus.sites.length).toBeGreaterThanOrEqual(5);
    for (const site of corpus.sites) {
      const groups = site.cases.map((c) => groupOf(c.spec.expect));
      expect(groups.filter((g) => g === 'visible').length, site.name).toBeGreaterThanOrEqual(12);
      expect(groups.filter((g) => g === 'benign').length, site.name).toBeGreaterThanOrEqual(12);
    }
  });

  it.skipIf(filtered)('stays under 5 MB', async () => {
    let bytes = 0;
    for (const entry of await readdir(CORPUS_DIR, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) bytes += (await stat(path.join(entry.parentPath, entry.name))).size;
    }
    expect(bytes).toBeLessThan(5 * 1024 * 1024);
  });
});

describe('every corpus case through the real CLI', () => {
  let evaluation: Evaluation;

  beforeAll(
    async () => {
      evaluation = await evaluate({ corpus, concurrency: 4 });
    },
    // One check per case and five baseline samples per slot, ~4–8 s a page, four at a time on two shared cores, with room to spare.
    Math.max(600_000, caseCount * 10_000),
  );

  // The eval's report (rates per split, every miss) in the test log, so a CI run shows the numbers.
  afterAll(() => {
    if (evaluation) process.stderr.write(`\n${formatReport(evaluation.outcomes, evaluation.timings, evaluation.concurrency)}`);
  });

  // A benign change that is only what the baseline samples already showed must read `unchanged`, or
  // on-call staff learn to ignore `changed`: per split, like every rate the eval reports.
  for (const s of SPLITS) {
    const dynamics = allCases(corpus).filter((c) => c.split === s && c.spec.dynamics);
    it.skipIf(dynamics.length === 0)(`${s} split: known dynamics come back unchanged in at least ${100 * MIN_QUIET_RATE}% of cases`, () => {
      // Known misses are asserted one by one below (each test fails the day it is fixed) and counted by the eval.
      const knownMisses = new Set(dynamics.filter((c) => c.spec.knownMiss).map((c) => c.id));
      const quiet = ratesBySplit(evaluation.outcomes.filter((o) => !knownMisses.has(o.id)))[s]?.quiet;
      const loud = evaluation.outcomes.filter((o) => o.split === s && o.dynamics && o.verdict !== 'unchanged');
      const detail = loud.map((o) => `${o.id}: ${o.verdict}: ${o.reason}`).join('\n');
      expect(quiet?.total).toBe(dynamics.length - knownMisses.size);
      expect(quiet!.hits / quiet!.total, detail).toBeGreaterThanOrEqual(MIN_QUIET_RATE);
    });
  }

  for (const site of corpus.sites) {
    describe(site.name, () => {
      for (const c of site.cases) {
        // A known miss stays visible: the eval counts it, and this test fails as soon as it is fixed.
        const test = c.spec.knownMiss ? it.fails : it;
        const title = `${c.name} (${c.spec.class}) is ${c.spec.expect}${c.spec.knownMiss ? ` — known miss: ${c.spec.knownMiss}` : ''}`;
        test(title, () => {
          const outcome = evaluation.outcomes.find((o) => o.id === c.id);
          expect(outcome, `no outcome for ${c.id}`).toBeDefined();
          const detail = `${c.id}: expected ${c.spec.expect}, got ${outcome!.verdict} (score ${String(outcome!.score)}): ${outcome!.reason}\n  case: ${c.summary}`;
          expect(meetsExpectation(c.spec.expect, outcome!.verdict), detail).toBe(true);
          // Known dynamics must be quiet, not only not defaced: `changed` on them trains people to ignore the word.
          if (c.spec.dynamics) expect(outcome!.verdict, detail).toBe('unchanged');
        });
      }
    });
  }
});
