/** The soak bench's arithmetic and words: memory slope, gaps between checks, the summary lines. */

/** One reading of the daemon's memory. */
export interface MemorySample {
  /** Seconds since the daemon started. */
  at: number;
  nodeRssMiB: number;
  treeRssMiB: number;
  treePssMiB: number;
}

/** Least-squares slope of `y` over `x`; 0 with fewer than two distinct x. */
export function slope(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const meanX = points.reduce((sum, p) => sum + p.x, 0) / n;
  const meanY = points.reduce((sum, p) => sum + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - meanX) * (p.y - meanY);
    den += (p.x - meanX) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/** The longest time between two checks of one site, and from the start to its first one, in seconds. */
export function longestGap(checkTimes: readonly number[], startedAt: number): { gap: number; first: number } {
  let gap = 0;
  for (let i = 1; i < checkTimes.length; i++) gap = Math.max(gap, checkTimes[i]! - checkTimes[i - 1]!);
  return { gap, first: checkTimes.length === 0 ? Infinity : checkTimes[0]! - startedAt };
}

export interface MemoryVerdict {
  warmUpSeconds: number;
  /** Node's RSS at the end of the warm-up and at the end of the run. */
  nodeStartMiB: number;
  nodeEndMiB: number;
  /** MiB per minute after the warm-up. */
  nodeSlope: number;
  /** The slope carried over 30 minutes. */
  projected30MinMiB: number;
  peakTreeRssMiB: number;
  peakTreePssMiB: number;
}

/**
 * How Node's memory moved once warm: caches fill and Chromium starts in the first minutes, so the
 * slope is taken after the first third of the run (at most two minutes).
 */
export function memoryVerdict(samples: readonly MemorySample[], runSeconds: number): MemoryVerdict {
  const warmUpSeconds = Math.min(120, runSeconds / 3);
  const warm = samples.filter((s) => s.at >= warmUpSeconds);
  const perMinute = slope(warm.map((s) => ({ x: s.at / 60, y: s.nodeRssMiB })));
  return {
    warmUpSeconds,
    nodeStartMiB: warm[0]?.nodeRssMiB ?? NaN,
    nodeEndMiB: warm.at(-1)?.nodeRssMiB ?? NaN,
    nodeSlope: perMinute,
    projected30MinMiB: perMinute * 30,
    peakTreeRssMiB: Math.max(0, ...samples.map((s) => s.treeRssMiB)),
    peakTreePssMiB: Math.max(0, ...samples.map((s) => s.treePssMiB)),
  };
}

export function sampleRow(sample: MemorySample, checks: number, ordinaryChecks: number): string {
  const cells = [
    (sample.at / 60).toFixed(1),
    sample.nodeRssMiB.toFixed(0),
    sample.treeRssMiB.toFixed(0),
    sample.treePssMiB.toFixed(0),
    String(checks),
    String(ordinaryChecks),
  ];
  return cells.map((cell) => cell.padStart(10)).join(' ');
}

export const SAMPLE_HEADER = ['minute', 'node RSS', 'tree RSS', 'tree PSS', 'checks', 'ordinary'].map((cell) => cell.padStart(10)).join(' ') + '   (MiB)';
