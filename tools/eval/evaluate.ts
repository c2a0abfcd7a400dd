import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { startCorpusServer, type CorpusServer } from './corpus-server.js';
import { allCases, type Corpus, type CorpusCase } from './load-corpus.js';
import { resolveCli, runCli, type CliResult } from './run-cli.js';
import { outcomeOf, type CaseOutcome, type CheckLine } from './score.js';

/**
 * One evaluation of the corpus through the real CLI. Each site gets a few page addresses (slots),
 * about as many as the CLI's concurrency: `defacewatch baseline` captures the base site in every
 * slot once, then rounds follow, each putting the next cases of every site in its slots and running
 * `defacewatch check --json` on them; every JSON line is matched to the case its slot showed. A
 * verdict depends only on the baseline and the page now, so a slot's baseline serves its cases one
 * after another, and baselines cost one pass per slot rather than one per case.
 */

export interface EvaluateOptions {
  corpus: Corpus;
  /** Pages the CLI loads at once (its `--concurrency`), and slots per site. */
  concurrency: number;
  /** Path of the built CLI (default dist/cli/main.js). */
  cli?: string | undefined;
  /** Called as the run goes. */
  onProgress?: (event: ProgressEvent) => void;
  /** Keep the temporary workspace (targets, baselines, evidence pictures under case ids) and say where it is. */
  keepWorkspace?: boolean;
  signal?: AbortSignal | undefined;
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

/** A page address of a site, with the site id the CLI knows it by. */
interface Slot {
  id: string;
  site: string;
  name: string;
  sector: CorpusCase['sector'];
}

/** The slots, and per round the case each slot shows. */
export interface SlotPlan {
  slots: Slot[];
  rounds: Map<Slot, CorpusCase>[];
}

/**
 * Spreads every site's cases over as few rounds as `slotsPerSite` allows, with each site's slots
 * as evenly used as its case count lets (a site of 3 cases gets 3 slots and one round).
 */
export function planSlots(cases: readonly CorpusCase[], slotsPerSite: number): SlotPlan {
  const bySite = new Map<string, CorpusCase[]>();
  for (const c of cases) bySite.set(c.site, [...(bySite.get(c.site) ?? []), c]);
  const roundCount = Math.max(...[...bySite.values()].map((list) => Math.ceil(list.length / slotsPerSite)));
  const slots: Slot[] = [];
  const rounds = Array.from({ length: roundCount }, () => new Map<Slot, CorpusCase>());
  for (const [site, list] of bySite) {
    const siteSlots = Array.from({ length: Math.ceil(list.length / roundCount) }, (_, k) => {
      const name = `slot-${k + 1}`;
      return { id: `${site}--${name}`, site, name, sector: list[0]!.sector };
    });
    slots.push(...siteSlots);
    list.forEach((c, index) => rounds[Math.floor(index / siteSlots.length)]!.set(siteSlots[index % siteSlots.length]!, c));
  }
  return { slots, rounds };
}

/** Generous: a capture takes 3–10 s; each run gets a minute per page in sequence, plus start-up. */
const PER_PAGE_BUDGET_MS = 60_000;

export async function evaluate(options: EvaluateOptions): Promise<Evaluation> {
  const started = performance.now();
  const cli = await resolveCli(options.cli);
  const cases = allCases(options.corpus);
  if (cases.length === 0) throw new Error('the corpus (after filters) has no cases');
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  const plan = planSlots(cases, concurrency);
  const progress = options.onProgress ?? (() => undefined);
  const server = await startCorpusServer(options.corpus);
  const workspace = await mkdtemp(path.join(tmpdir(), 'dw-eval-'));
  const run = (args: string[], pages: number, onLine: (line: string) => void): Promise<CliResult> =>
    runCli([...args, '--concurrency', String(concurrency), '--allow-private'], {
      cli,
      cwd: workspace,
      timeoutMs: 120_000 + Math.ceil(pages / concurrency) * PER_PAGE_BUDGET_MS,
      signal: options.signal,
      onLine,
    });

  try {
    await writeTargets(workspace, plan.slots, server);

    // 1. Baselines of the base site, in every slot.
    let t = performance.now();
    let done = 0;
    progress({ phase: 'baseline', kind: 'start', total: plan.slots.length });
    const baseline = await run(['baseline'], plan.slots.length, (line) => {
      const id = /^(\S+): baseline stored$/.exec(line)?.[1];
      if (id) progress({ phase: 'baseline', kind: 'item', done: ++done, total: plan.slots.length, id });
    });
    expectExit('baseline', baseline, [0, 3]);
    const baselineMs = performance.now() - t;
    progress({ phase: 'baseline', kind: 'end', ms: baselineMs });

    // 2. The cases, round by round, checked against those baselines.
    t = performance.now();
    done = 0;
    const outcomes = new Map<string, CaseOutcome>();
    progress({ phase: 'check', kind: 'start', total: cases.length });
    for (const round of plan.rounds) {
      server.show(new Map([...round].map(([slot, c]) => [server.pathOf(slot.site, slot.name), c])));
      const caseOf = new Map([...round].map(([slot, c]) => [slot.id, c]));
      const lines = new Map<string, CheckLine>();
      const check = await run(['check', '--json', ...[...round.keys()].flatMap((slot) => ['--site', slot.id])], round.size, (line) => {
        const parsed = parseCheckLine(line);
        lines.set(parsed.site, parsed);
        const c = caseOf.get(parsed.site);
        progress({ phase: 'check', kind: 'item', done: ++done, total: cases.length, id: c?.id ?? parsed.site, verdict: parsed.verdict });
      });
      expectExit('check', check, [0, 1, 2]);
      for (const [{ id }, c] of round) {
        outcomes.set(c.id, outcomeOf(c, lines.get(id), errorFor(id, check.stderr) ?? errorFor(id, baseline.stderr)));
      }
      if (options.keepWorkspace) await keepEvidence(workspace, round);
    }
    const checkMs = performance.now() - t;
    progress({ phase: 'check', kind: 'end', ms: checkMs });

    return {
      outcomes: cases.map((c) => outcomes.get(c.id)!),
      timings: { baselineMs, checkMs, totalMs: performance.now() - started },
      concurrency,
      ...(options.keepWorkspace ? { workspace } : {}),
    };
  } finally {
    await server.close();
    if (!options.keepWorkspace) await rm(workspace, { recursive: true, force: true });
  }
}

/** One agency file with one site per slot, all on the loopback corpus server. */
async function writeTargets(workspace: string, slots: readonly Slot[], server: CorpusServer): Promise<void> {
  await mkdir(path.join(workspace, 'targets'));
  const agency = {
    agency: 'defacewatch evaluation corpus',
    contacts: ['soc@corpus.example.invalid'],
    timezone: 'Asia/Tokyo',
    allowPrivateNetworks: true,
    sites: slots.map((s) => ({ id: s.id, url: server.urlOf(s.site, s.name), sector: s.sector })),
  };
  await writeFile(path.join(workspace, 'targets', 'corpus.yaml'), stringify(agency));
}

/** The round's evidence pictures renamed from slot ids to case ids, before the next round overwrites them. */
async function keepEvidence(workspace: string, round: ReadonlyMap<Slot, CorpusCase>): Promise<void> {
  const dir = path.join(workspace, 'data', 'evidence');
  // No evidence folder: no check of the round kept pictures, so there is nothing to rename.
  const files = await readdir(dir).catch(() => [] as string[]);
  for (const [{ id }, c] of round) {
    for (const file of files.filter((f) => f.startsWith(`${id}-`))) {
      await rename(path.join(dir, file), path.join(dir, `${c.id}${file.slice(id.length)}`));
    }
  }
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
