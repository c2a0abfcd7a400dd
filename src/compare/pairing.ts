/**
 * The canvas a visual diff is measured and drawn on, once the screenshots are aligned: one canvas row
 * per current-screenshot row (so boxes on it are current-screenshot pixels), each paired with the
 * baseline row it is compared with, or with none where the row was inserted; then the baseline rows
 * the page lost at its bottom. Baseline rows removed from the middle of the page have no place on it
 * and are listed apart.
 */
import type { Box } from '../core/types.js';
import { gapsBetween, type MatchedRun, type RowGap } from './align.js';
import { unmaskedBands, type RowBand } from './boxes.js';

/** Baseline rows [a0, a1) that the current page no longer has, removed just above canvas row `y`. */
export interface RemovedRows {
  a0: number;
  a1: number;
  y: number;
}

export interface RowPairing {
  /** Canvas size: the wider of the two screenshots; current height plus the trailing baseline rows. */
  width: number;
  height: number;
  /** Canvas rows below this one show only baseline rows (the page got shorter there). */
  currentHeight: number;
  /** For each canvas row, the baseline row compared with it, or -1 where the row was inserted. */
  baselineRow: Int32Array;
  /** Baseline rows removed from the middle of the page (not on the canvas). */
  removed: RemovedRows[];
  runs: MatchedRun[];
  gaps: RowGap[];
  /** Current rows matched to baseline rows at another height. */
  movedRows: number;
}

/**
 * Pairs rows along the matched runs; inside a gap the rows are paired top-down in place (a replaced
 * block is compared as it stands), and the longer side's extra rows are inserted or removed rows.
 */
export function pairRows(runs: MatchedRun[], baseline: { width: number; height: number }, current: { width: number; height: number }): RowPairing {
  const hA = baseline.height;
  const hB = current.height;
  const gaps = gapsBetween(runs, hA, hB);
  const last = gaps[gaps.length - 1];
  const trailing = last && last.a1 === hA && last.b1 === hB ? Math.max(0, last.a1 - last.a0 - (last.b1 - last.b0)) : 0;
  const height = hB + trailing;
  const baselineRow = new Int32Array(height).fill(-1);
  let movedRows = 0;
  for (const r of runs) {
    for (let i = 0; i < r.length; i++) baselineRow[r.b + i] = r.a + i;
    if (r.a !== r.b) movedRows += r.length;
  }
  const removed: RemovedRows[] = [];
  for (const g of gaps) {
    const la = g.a1 - g.a0;
    const lb = g.b1 - g.b0;
    const paired = Math.min(la, lb);
    for (let i = 0; i < paired; i++) baselineRow[g.b0 + i] = g.a0 + i;
    if (la <= lb) continue;
    if (g === last && trailing > 0) {
      for (let i = 0; i < trailing; i++) baselineRow[hB + i] = g.a0 + paired + i;
    } else {
      removed.push({ a0: g.a0 + paired, a1: g.a1, y: g.b1 });
    }
  }
  return {
    width: Math.max(baseline.width, current.width),
    height,
    currentHeight: hB,
    baselineRow,
    removed,
    runs,
    gaps,
    movedRows,
  };
}

/**
 * Masks of a pair of rows: a pixel is compared only when neither the baseline's masks (at the
 * baseline row) nor the current page's masks (at the current row) cover it, so an ignored clock is
 * ignored wherever the page moved it.
 */
export class PairMasks {
  readonly any: boolean;
  private readonly bandsA: RowBand[];
  private readonly bandsB: RowBand[];
  private readonly bandOfA: Int32Array;
  private readonly bandOfB: Int32Array;
  private readonly cache = new Map<number, readonly number[]>();

  constructor(
    baselineMasks: readonly Box[],
    currentMasks: readonly Box[],
    readonly width: number,
    baselineHeight: number,
    currentHeight: number,
  ) {
    this.any = baselineMasks.length > 0 || currentMasks.length > 0;
    this.bandsA = unmaskedBands(baselineMasks, width, baselineHeight);
    this.bandsB = unmaskedBands(currentMasks, width, currentHeight);
    this.bandOfA = bandIndex(this.bandsA, baselineHeight);
    this.bandOfB = bandIndex(this.bandsB, currentHeight);
  }

  /** Unmasked [x0, x1) spans (flat list) for baseline row `ya` against current row `yb`; -1 = absent. */
  spans(ya: number, yb: number): readonly number[] {
    const ia = ya >= 0 ? this.bandOfA[ya]! : -1;
    const ib = yb >= 0 ? this.bandOfB[yb]! : -1;
    const key = (ia + 1) * (this.bandsB.length + 1) + (ib + 1);
    let spans = this.cache.get(key);
    if (!spans) {
      const sa = ia >= 0 ? this.bandsA[ia]!.spans : null;
      const sb = ib >= 0 ? this.bandsB[ib]!.spans : null;
      spans = sa && sb ? intersectSpans(sa, sb) : (sa ?? sb ?? []);
      this.cache.set(key, spans);
    }
    return spans;
  }
}

function bandIndex(bands: readonly RowBand[], height: number): Int32Array {
  const index = new Int32Array(height);
  bands.forEach((band, i) => index.fill(i, band.y0, band.y1));
  return index;
}

/** Intersection of two sorted flat span lists. */
function intersectSpans(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i + 1 < a.length && j + 1 < b.length) {
    const x0 = Math.max(a[i]!, b[j]!);
    const x1 = Math.min(a[i + 1]!, b[j + 1]!);
    if (x1 > x0) out.push(x0, x1);
    if (a[i + 1]! < b[j + 1]!) i += 2;
    else j += 2;
  }
  return out;
}
