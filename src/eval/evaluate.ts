import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { startCorpusServer, type CorpusServer } from './corpus-server.js';
import { allCases, type Corpus, type CorpusCase } from './load-corpus.js';
import { resolveCli, runCli, type CliResult } from './run-cli.js';
import { outcomeOf, type CaseOutcome, type CheckLine } from './score.js';

/**
 * One evaluation of the corpus through the real CLI: serve every case URL with its base site,
 * `defacewatch baseline`, switch every case URL to the case, `defacewatch check --json`, and match
 * each JSON line to its case.
 */

export interface EvaluateOptions {
  corpus: Corpus;
  /** Pages the CLI loads at once (its `--concurrency`). */
  concurrency: number;
  /** Path of the built CLI (default dist/cli/main.js). */
  cli?: string;
  /** Called as the run goes. */
  onProgress?: (event: ProgressEvent) => void;
  /** Keep the temporary workspace (targets, baselines, evidence pictures) and say where it is. */
  keepWorkspace?: boolean;
  signal?: AbortSignal;
}

export type ProgressEvent =
  | { phase: 'baseline' | 'check'; kind: 'start'; total: number }
  | { phase: 'baseline' | 'check'; kind: 'item'; done: number; total: number; id: string; verdict?: string }
  | { phase: 'baseline' | 'check'; kind: 'end'; ms: number };

export interface Evaluation {
  outcomes: CaseOutcome[];
  timings: { baselineMs: number; checkMs: number; totalMs: number };
  concurrency: number;
  /** Set when the workspace was kept. */
  workspace?: string;
}

/** Generous: a capture takes 3–10 s; each phase gets a minute per page in sequence, plus start-up. */
const PER_PAGE_BUDGET_MS = 60_000;

export async function evaluate(options: EvaluateOptions): Promise<Evaluation> {
  const started = performance.now();
  const cli = await resolveCli(options.cli);
  const cases = allCases(options.corpus);
  if (cases.length === 0) throw new Error('the corpus (after filters) has no cases');
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  const timeoutMs = 120_000 + Math.ceil(cases.length / concurrency) * PER_PAGE_BUDGET_MS;
  const progress = options.onProgress ?? (() => undefined);

  const server = await startCorpusServer(options.corpus);
  const workspace = await mkdtemp(path.join(tmpdir(), 'dw-eval-'));
  try {
    await writeTargets(workspace, cases, server);
    const common = ['--concurrency', String(concurrency), '--allow-private'];

    // 1. Baselines of the base site, under every case's URL.
    server.setMode('base');
    let t = performance.now();
    let done = 0;
    progress({ phase: 'baseline', kind: 'start', total: cases.length });
    const baseline = await runCli(['baseline', ...common], {
      cli,
      cwd: workspace,
      timeoutMs,
      signal: options.signal,
      onLine: (line) => {
        const id = /^(\S+): baseline stored$/.exec(line)?.[1];
        if (id) progress({ phase: 'baseline', kind: 'item', done: ++done, total: cases.length, id });
      },
    });
    expectExit('baseline', baseline, [0, 3]);
    const baselineMs = performance.now() - t;
    progress({ phase: 'baseline', kind: 'end', ms: baselineMs });

    // 2. The cases, checked against those baselines.
    server.setMode('case');
    t = performance.now();
    done = 0;
    const lines = new Map<string, CheckLine>();
    progress({ phase: 'check', kind: 'start', total: cases.length });
    const check = await runCli(['check', '--json', ...common], {
      cli,
      cwd: workspace,
      timeoutMs,
      signal: options.signal,
      onLine: (line) => {
        const parsed = parseCheckLine(line);
        lines.set(parsed.site, parsed);
        progress({ phase: 'check', kind: 'item', done: ++done, total: cases.length, id: parsed.site, verdict: parsed.verdict });
      },
    });
    expectExit('check', check, [0, 1, 2]);
    const checkMs = performance.now() - t;
    progress({ phase: 'check', kind: 'end', ms: checkMs });

    const outcomes = cases.map((c) =>
      outcomeOf(c, lines.get(c.id), errorFor(c.id, check.stderr) ?? errorFor(c.id, baseline.stderr)),
    );
    return {
      outcomes,
      timings: { baselineMs, checkMs, totalMs: performance.now() - started },
      concurrency,
      ...(options.keepWorkspace ? { workspace } : {}),
    };
  } finally {
    await server.close();
    if (!options.keepWorkspace) await rm(workspace, { recursive: true, force: true });
  }
}

/** One agency file with one site per case, all on the loopback corpus server. */
async function writeTargets(workspace: string, cases: readonly CorpusCase[], server: CorpusServer): Promise<void> {
  await mkdir(path.join(workspace, 'targets'));
  const agency = {
    agency: 'defacewatch evaluation corpus',
    contacts: ['soc@corpus.example.invalid'],
    timezone: 'Asia/Tokyo',
    allowPrivateNetworks: true,
    sites: cases.map((c) => ({ id: c.id, url: server.urlOf(c), sector: c.sector })),
  };
  await writeFile(path.join(workspace, 'targets', 'corpus.yaml'), stringify(agency));
}

function parseCheckLine(line: string): CheckLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new Error(`check --json printed a line that is not JSON: ${line.slice(0, 200)}`);
  }
  const v = value as Partial<CheckLine>;
  if (typeof v.site !== 'string' || typeof v.verdict !== 'string' || !Array.isArray(v.signals)) {
    throw new Error(`check --json printed a line without site/verdict/signals: ${line.slice(0, 200)}`);
  }
  return value as CheckLine;
}

function expectExit(command: string, run: CliResult, allowed: readonly number[]): void {
  if (run.code !== null && allowed.includes(run.code)) return;
  const why = run.signal ? `was stopped by ${run.signal} (timeout?)` : `exited with ${String(run.code)}`;
  const tail = run.stderr.trim().split('\n').slice(-15).join('\n');
  throw new Error(`defacewatch ${command} ${why}; last lines of its stderr:\n${tail}`);
}

/** The CLI's error line naming a site (`error CODE: <id>: …`), if any. */
function errorFor(id: string, stderr: string): string | undefined {
  return stderr
    .split('\n')
    .find((l) => l.includes(`${id}:`) && /error|fail/i.test(l))
    ?.trim();
}
