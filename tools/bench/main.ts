import { fork } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pLimit from 'p-limit';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../src/capture/browser.js';
import { assess } from '../../src/check/assess.js';
import { baselineSite } from '../../src/check/baseline-site.js';
import { captureSite, checkSite } from '../../src/check/check-site.js';
import { createRuntime, type Runtime } from '../../src/check/runtime.js';
import { silentLogger } from '../../src/log.js';
import { measureCompareCpu, type CompareCpu } from './compare-cpu.js';
import { EDITED_PATH } from './fixture-sites.js';
import { TreeMonitor } from './process-tree.js';

/**
 * `npm run bench`: the cost of a whole check (capture, diff, DOM, detectors, verdict) against
 * fixture sites of realistic weight, next to the floor — a bare playwright-core loop that only loads
 * each page and takes its full-page screenshot the default way — measured in the same run, so
 * machine noise cancels in the ratios. Numbers on stdout; progress on stderr.
 */

const CHECKS_PER_LEVEL = Number(process.env.BENCH_CHECKS ?? 24);
const LEVELS = (process.env.BENCH_CONCURRENCY ?? '1,2,4').split(',').map(Number);
const FLOOR_CHROMIUM = process.env.BENCH_FLOOR_CHROMIUM ?? '/usr/bin/chromium';
const VIEWPORT = { width: 1366, height: 768 };
/** The compare-and-detect step is measured on a page this tall, against this budget of CPU. */
const COMPARE_HEIGHT = 4000;
const COMPARE_BUDGET_MS = 500;
/** The stage medians' name for everything a check does after the capture: decode, diff, evidence, DOM, detect. */
const JUDGE_STAGE = 'compare+detect';
/** Runs of that step with the baseline to decode, and as many with it cached. */
const COMPARE_RUNS = 5;

interface Figures {
  checksPerMinute: number;
  cpuSecondsPerCheck: number;
  peakPssMiB: number;
}

function progress(text: string): void {
  process.stderr.write(`bench: ${text}\n`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** The fixture server is our child process too, but its work is not ours: leave it out. */
const notMeasured: number[] = [];

async function measure(concurrency: number, job: (index: number) => Promise<unknown>): Promise<Figures> {
  const monitor = new TreeMonitor(notMeasured);
  const limit = pLimit(concurrency);
  monitor.start();
  const started = performance.now();
  await Promise.all(Array.from({ length: CHECKS_PER_LEVEL }, (_, i) => limit(() => job(i))));
  const seconds = (performance.now() - started) / 1000;
  const { cpuSeconds, peakPssBytes } = monitor.stop();
  return {
    checksPerMinute: (CHECKS_PER_LEVEL / seconds) * 60,
    cpuSecondsPerCheck: cpuSeconds / CHECKS_PER_LEVEL,
    peakPssMiB: peakPssBytes / 2 ** 20,
  };
}

async function floor(urls: string[], concurrency: number): Promise<Figures> {
  const browser = await chromium.launch({ executablePath: FLOOR_CHROMIUM, args: [...CHROMIUM_ARGS] });
  const shoot = async (url: string) => {
    const context = await browser.newContext({ viewport: VIEWPORT });
    try {
      const page = await context.newPage();
      await page.goto(url, { waitUntil: 'load' });
      await page.screenshot({ fullPage: true });
    } finally {
      await context.close();
    }
  };
  await shoot(urls[0]!); // warm up outside the measurement, as for ours
  try {
    return await measure(concurrency, (i) => shoot(urls[i % urls.length]!));
  } finally {
    await browser.close();
  }
}

/** A whole check that must succeed: an unreachable fixture would make the numbers meaningless. */
async function mustCheck(runtime: Runtime, index: number): Promise<void> {
  const sites = runtime.targets.sites;
  const result = await checkSite(sites[index % sites.length]!, runtime.deps);
  if (result.verdict === 'unreachable') throw new Error(`bench fixture unreachable: ${result.reason}`);
}

async function ours(runtime: Runtime, concurrency: number): Promise<Figures> {
  await mustCheck(runtime, 0); // launches the browser outside the measurement
  return measure(concurrency, (i) => mustCheck(runtime, i));
}

/** One instrumented pass per site: where a check's time goes, stage by stage. */
async function stages(runtime: Runtime): Promise<Record<string, number>> {
  const samples: Record<string, number[]> = {};
  const add = (stage: string, ms: number) => (samples[stage] ??= []).push(ms);
  const launchStarted = performance.now();
  const browser = await chromium.launch({ executablePath: runtime.browserPath, args: [...CHROMIUM_ARGS] });
  add('launch', performance.now() - launchStarted);
  await browser.close();
  for (const site of runtime.targets.sites) {
    const baseline = await runtime.deps.baselines.read(site.id);
    const current = await captureSite(site, runtime.deps, silentLogger());
    for (const [stage, ms] of Object.entries(current.timings)) add(stage, ms);
    const { timings } = await assess(site, baseline, current, runtime.deps);
    add('decode', timings.decode);
    add('diff', timings.diff);
    add('evidence', timings.evidence);
    add('dom', timings.dom);
    add('new images', timings.images);
    add('detect+verdict', timings.detect);
    add(JUDGE_STAGE, timings.decode + timings.diff + timings.evidence + timings.dom + timings.images + timings.detect);
  }
  return Object.fromEntries(Object.entries(samples).map(([stage, values]) => [stage, median(values)]));
}

function compareLine(c: CompareCpu): string {
  const warm = median(c.warmMs);
  const cold = median(c.coldMs);
  return (
    `compare-and-detect CPU, ${c.width}x${c.height} page, baseline vs an edited capture (verdict ${c.verdict}), medians of ${c.warmMs.length}: ` +
    `${warm.toFixed(0)} ms with the baseline decoded once and cached, ${cold.toFixed(0)} ms decoding it too; OCR child processes ${c.childMs.toFixed(0)} ms — ` +
    `${Math.max(warm, cold) <= COMPARE_BUDGET_MS ? 'within' : 'OVER'} the ${COMPARE_BUDGET_MS} ms budget`
  );
}

function row(cells: (string | number)[]): string {
  return cells.map((cell, i) => (typeof cell === 'number' ? cell.toFixed(2) : cell).padStart(i === 0 ? 6 : 12)).join(' ');
}

const fixtures = fork(fileURLToPath(new URL('./fixture-server.js', import.meta.url)), { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
notMeasured.push(fixtures.pid!);
const urls = await new Promise<string[]>((resolve, reject) => {
  fixtures.stdout!.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString()) as string[]));
  fixtures.once('error', reject);
});
const workspace = await mkdtemp(path.join(tmpdir(), 'dw-bench-'));
try {
  await writeFile(
    path.join(workspace, 'bench.yaml'),
    `agency: Bench\ncontacts: [bench@example.org]\nallowPrivateNetworks: true\nsites:\n${urls.map((url, i) => `  - id: site-${i}\n    url: ${url}\n`).join('')}`,
  );
  const newRuntime = () =>
    createRuntime({
      targetsDir: workspace,
      baselinesDir: path.join(workspace, 'baselines'),
      dataDir: path.join(workspace, 'data'),
      allowPrivate: true,
      logger: silentLogger(),
      env: {},
    });
  const runtime = await newRuntime();
  try {
    progress(`baselining ${urls.length} fixture sites`);
    for (const site of runtime.targets.sites) await baselineSite(site, runtime.deps);
    progress('measuring stages');
    const stageMs = await stages(runtime);
    progress(`measuring compare-and-detect on a ${COMPARE_HEIGHT} px page`);
    // A site with a live clock: its volatile area must stay out of the comparison too.
    const clockSite = runtime.targets.sites[1]!;
    const compare = await measureCompareCpu(runtime, clockSite, `${urls[1]!}${EDITED_PATH}`, COMPARE_HEIGHT, COMPARE_RUNS);

    const results: { level: number; floor: Figures; ours: Figures }[] = [];
    await runtime.close();
    for (const level of LEVELS) {
      // Only one browser alive at a time, so each side's memory is its own.
      progress(`concurrency ${level}: floor`);
      const floorFigures = await floor(urls, level);
      progress(`concurrency ${level}: ours`);
      const levelRuntime = await newRuntime();
      try {
        results.push({ level, floor: floorFigures, ours: await ours(levelRuntime, level) });
      } finally {
        await levelRuntime.close();
      }
    }

    process.stdout.write(`defacewatch bench — ${CHECKS_PER_LEVEL} checks per level over ${urls.length} fixture sites\n`);
    process.stdout.write(`ours:  ${runtime.browserPath}, CDP capture; floor: ${FLOOR_CHROMIUM}, page.screenshot({fullPage:true})\n\n`);
    process.stdout.write('stage medians (ms): ');
    process.stdout.write(
      `${Object.entries(stageMs)
        .map(([stage, ms]) => `${stage} ${ms.toFixed(0)}`)
        .join(', ')}\n\n`,
    );
    const judgeMs = stageMs[JUDGE_STAGE] ?? NaN;
    process.stdout.write(
      `compare+detect per check (everything after capture), median over the ${runtime.targets.sites.length} bench pages: ${judgeMs.toFixed(0)} ms (budget ${COMPARE_BUDGET_MS} ms${judgeMs <= COMPARE_BUDGET_MS ? ', met' : ', OVER'})\n`,
    );
    process.stdout.write(`${compareLine(compare)}\n\n`);
    process.stdout.write(`${row(['conc', 'floor/min', 'floor cpu-s', 'floor MiB', 'ours/min', 'ours cpu-s', 'ours MiB', 'cpu ratio', 'thru ratio', 'mem ratio'])}\n`);
    for (const { level, floor: f, ours: o } of results) {
      process.stdout.write(
        `${row([
          String(level),
          f.checksPerMinute,
          f.cpuSecondsPerCheck,
          f.peakPssMiB,
          o.checksPerMinute,
          o.cpuSecondsPerCheck,
          o.peakPssMiB,
          o.cpuSecondsPerCheck / f.cpuSecondsPerCheck,
          o.checksPerMinute / f.checksPerMinute,
          o.peakPssMiB / f.peakPssMiB,
        ])}\n`,
      );
    }
    process.stdout.write('\ntargets: cpu ratio <= 0.6, throughput ratio >= 1.6 at concurrency 2, memory ratio <= 1.2\n');
  } finally {
    await runtime.close();
  }
} finally {
  fixtures.kill();
  await rm(workspace, { recursive: true, force: true });
}
