import { readFileSync } from 'node:fs';
import type { Snapshot } from '../../src/baselines/store.js';
import { assess } from '../../src/check/assess.js';
import { baselineSite } from '../../src/check/baseline-site.js';
import { captureSite } from '../../src/check/check-site.js';
import type { Runtime } from '../../src/check/runtime.js';
import type { Site } from '../../src/config/load-targets.js';
import { decodePng } from '../../src/compare/png.js';
import { silentLogger } from '../../src/log.js';

/**
 * The compare-and-detect step alone (decode, aligned diff, evidence picture, DOM diff, new pictures,
 * detectors, verdict: `assess`) on one full-page screenshot of a set height, the baseline against a
 * capture of the same site after an edit. CPU is this process's (process.cpuUsage: every thread,
 * sharp's decoders included); OCR, when a check reads a picture, runs in a child process and is
 * not in it. The first run finds the baseline not yet decoded (as the first check after a baseline
 * does); the runs after it find it in the store's cache.
 */

/** Runs that warm the code up before anything is counted. */
const WARM_UP_RUNS = 2;

export interface CompareCpu {
  width: number;
  height: number;
  /** CPU milliseconds of each run with the baseline decoded afresh, and with it cached. */
  coldMs: number[];
  warmMs: number[];
  /** CPU milliseconds of child processes (OCR) over all counted runs, per run. */
  childMs: number;
  verdict: string;
}

/** CPU of waited-for child processes so far, in ms (Linux /proc/self/stat cutime + cstime, 10 ms ticks). */
function childCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

/**
 * Baselines `site` cut at `height` pixels, captures `editedUrl` under the same settings, and runs the
 * compare-and-detect step `runs` times on the pair.
 */
export async function measureCompareCpu(runtime: Runtime, site: Site, editedUrl: string, height: number, runs: number): Promise<CompareCpu> {
  const tall: Site = { ...site, id: `${site.id}-compare-${height}`, maxScreenshotHeight: height };
  await baselineSite(tall, runtime.deps);
  const current = await captureSite({ ...tall, url: editedUrl }, runtime.deps, silentLogger());
  let verdict = '';
  const run = async (fresh: boolean): Promise<number> => {
    const stored = await runtime.deps.baselines.read(tall.id);
    const baseline: Snapshot = fresh ? { ...stored, screenshotImage: () => decodePng(stored.capture.screenshot) } : stored;
    const start = process.cpuUsage();
    const { decision } = await assess(tall, baseline, current, runtime.deps);
    const used = process.cpuUsage(start);
    verdict = decision.verdict;
    return (used.user + used.system) / 1000;
  };
  // Warm-up runs are not counted; then the two kinds alternate, so neither gains from the code
  // warming up further while the other is measured.
  for (let i = 0; i < WARM_UP_RUNS; i++) await run(true);
  const children = childCpuMs();
  const coldMs: number[] = [];
  const warmMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    coldMs.push(await run(true));
    warmMs.push(await run(false));
  }
  return {
    width: current.screenshotSize.width,
    height: current.screenshotSize.height,
    coldMs,
    warmMs,
    childMs: (childCpuMs() - children) / (2 * runs),
    verdict,
  };
}
