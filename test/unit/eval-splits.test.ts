import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allCases, CorpusError, loadCorpus } from '../../tools/eval/load-corpus.js';
import { formatReport } from '../../tools/eval/report.js';
import { acceptanceOf, outcomeOf, ratesBySplit, type CaseOutcome } from '../../tools/eval/score.js';

/** Splits and the quiet rate of the evaluation corpus, on a small corpus written to a temporary folder. */

let dir: string;

async function put(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
  await writeFile(path.join(dir, file), text);
}

const site = (split?: string): string => JSON.stringify({ name: 'X', sector: 'government', languages: ['vi'], ...(split ? { split } : {}) });
const kase = (o: Record<string, unknown>): string => JSON.stringify({ class: 'k', ...o });

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dw-splits-'));
  await put('old-site/site.json', site());
  await put('old-site/base/index.html', '<p>hi</p>');
  await put('old-site/a/case.json', kase({ expect: 'defaced' }));
  await put('old-site/a/README.md', '# a\n');
  await put('old-site/b/case.json', kase({ expect: 'not-defaced', split: 'held-out', dynamics: true }));
  await put('old-site/b/README.md', '# b\n');
  await put('new-site/site.json', site('held-out'));
  await put('new-site/base/index.html', '<p>hi</p>');
  await put('new-site/c/case.json', kase({ expect: 'not-defaced', dynamics: true }));
  await put('new-site/c/README.md', '# c\n');
  await put('new-site/d/case.json', kase({ expect: 'defaced', split: 'tuning' }));
  await put('new-site/d/README.md', '# d\n');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('corpus splits', () => {
  it("a case takes its site's split (default tuning) unless its case.json names another", async () => {
    const corpus = await loadCorpus(dir);
    const splits = Object.fromEntries(allCases(corpus).map((c) => [c.id, c.split]));
    expect(splits).toEqual({
      'new-site--c': 'held-out',
      'new-site--d': 'tuning',
      'old-site--a': 'tuning',
      'old-site--b': 'held-out',
    });
  });

  it('filters by split', async () => {
    const corpus = await loadCorpus(dir, { split: 'held-out' });
    expect(allCases(corpus).map((c) => c.id)).toEqual(['new-site--c', 'old-site--b']);
  });

  it('refuses "dynamics" on a case that is not benign', async () => {
    await put('bad/site.json', site());
    await put('bad/base/index.html', '<p>hi</p>');
    await put('bad/e/case.json', kase({ expect: 'defaced', dynamics: true }));
    await put('bad/e/README.md', '# e\n');
    await expect(loadCorpus(dir, { sites: ['bad'] })).rejects.toThrow(CorpusError);
    await expect(loadCorpus(dir, { sites: ['bad'] })).rejects.toThrow(/dynamics.*benign/);
    await rm(path.join(dir, 'bad'), { recursive: true });
  });
});

describe('rates and acceptance per split', () => {
  const outcome = (id: string, split: 'tuning' | 'held-out', expect: CaseOutcome['expect'], verdict: string, dynamics = false): CaseOutcome =>
    outcomeOf(
      { id, site: 's', name: id, split, spec: { class: 'k', expect, dynamics } },
      { site: id, url: '', verdict, score: 0, signals: [], reason: 'r', checkedAt: '', durationMs: 1 },
      undefined,
    );

  it('counts the quiet rate on dynamics cases only, split by split', () => {
    const outcomes = [
      outcome('t1', 'tuning', 'not-defaced', 'unchanged', true),
      outcome('t2', 'tuning', 'not-defaced', 'changed', true),
      outcome('t3', 'tuning', 'not-defaced', 'changed'),
      outcome('h1', 'held-out', 'not-defaced', 'unchanged', true),
    ];
    const rates = ratesBySplit(outcomes);
    expect(rates.tuning?.quiet).toEqual({ hits: 1, total: 2 });
    expect(rates['held-out']?.quiet).toEqual({ hits: 1, total: 1 });
  });

  it('a miss on the held-out split fails acceptance even when the tuning split is perfect', () => {
    const outcomes = [
      outcome('t1', 'tuning', 'defaced', 'defaced'),
      outcome('t2', 'tuning', 'not-defaced', 'unchanged', true),
      outcome('h1', 'held-out', 'defaced', 'changed'),
      outcome('h2', 'held-out', 'not-defaced', 'unchanged', true),
    ];
    const acceptance = acceptanceOf(outcomes);
    expect(acceptance.met).toBe(false);
    expect(acceptance.unmet).toEqual(['held-out: true-positive rate 0% (need 100%)']);
  });

  it('a loud known dynamic below 95% fails acceptance although every case met its expectation', () => {
    const outcomes = [outcome('t1', 'tuning', 'not-defaced', 'unchanged', true), outcome('t2', 'tuning', 'not-defaced', 'changed', true)];
    expect(outcomes.every((o) => o.pass)).toBe(true);
    expect(acceptanceOf(outcomes).unmet).toEqual(['tuning: quiet rate 50% (need 95%)']);
  });

  it('the report gives each split its own rates', () => {
    const outcomes = [outcome('t1', 'tuning', 'defaced', 'defaced'), outcome('h1', 'held-out', 'not-defaced', 'defaced', true)];
    const report = formatReport(outcomes, { baselineMs: 0, checkMs: 0, totalMs: 0 }, 1);
    expect(report).toContain('## Rates, tuning split (1 cases)');
    expect(report).toContain('## Rates, held-out split (1 cases)');
    expect(report).toMatch(/held-out split[\s\S]*false-alarm rate, benign cases called defaced\s+100%\s+\(1\/1\)/);
    expect(report).toMatch(/quiet rate, known dynamics called unchanged\s+0%\s+\(0\/1\)/);
    expect(report).toContain('ACCEPTANCE NOT MET: held-out: 1 false alarm(s)');
  });
});
