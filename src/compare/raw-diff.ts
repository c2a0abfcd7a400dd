/**
 * The raw pass of a visual diff: the screenshots aligned row by row (align.ts), then one walk over
 * the row pairs as 32-bit words, pixels under masks skipped, changed pixels (beyond a small colour
 * tolerance) counted on a grid and grouped into regions. Pure and synchronous.
 */
import type { Box, RawImage, VisualChange } from '../core/types.js';
import { alignImages, positionalRuns } from './align.js';
import { blockChanges } from './changes.js';
import { PairMasks, pairRows, type RemovedRows, type RowPairing } from './pairing.js';
import { pixelWords } from './png.js';
import { ChangeGrid, MIN_REGION_CHANGED_PIXELS, type Region } from './regions.js';

/**
 * Default for `pixelThreshold`: a pixel counts as changed when one of its channels moved by more than
 * this fraction of the channel range (0.1 → 26 of 255). Re-encoded JPEGs and gradient banding stay
 * under it; real content changes (text, images, colours) are far above it.
 */
export const DEFAULT_PIXEL_THRESHOLD = 0.1;

/** Options of the raw pass. */
export interface RawDiffOptions {
  /** Areas to ignore in both screenshots, each in its own pixels. */
  masks?: readonly Box[];
  /** Areas to ignore in the baseline screenshot only (baseline pixels). */
  baselineMasks?: readonly Box[];
  /** Areas to ignore in the current screenshot only (current pixels). */
  currentMasks?: readonly Box[];
  /** Per-channel colour tolerance, 0..1 of the channel range. */
  pixelThreshold?: number;
  /** Align the screenshots vertically before comparing (default true); false compares row y with row y. */
  align?: boolean;
}

/** Baseline rows removed from the middle of the page, with the changed pixels they held. */
export interface RemovedBlock extends RemovedRows {
  changedPixels: number;
}

/** What the raw pass found, before any evidence is drawn. */
export interface RawDiff {
  /** Size of the canvas (see RowPairing): the wider width; current height plus trailing baseline rows. */
  width: number;
  height: number;
  changedPixels: number;
  comparedPixels: number;
  /** All regions on the canvas, largest first (VisualDiff lists at most MAX_REGIONS of them). */
  regions: Region[];
  sizeChanged: boolean;
  /** Colour each image is taken to continue with past its bottom/right edge (RGBA as a 32-bit word). */
  backgroundBaseline: number;
  backgroundCurrent: number;
  /** Per-channel tolerance in 0..255 levels. */
  tolerance: number;
  /** Which baseline row each canvas row is compared with. */
  pairing: RowPairing;
  /** The masks of each row pair. */
  masks: PairMasks;
  /** Baseline rows removed from the middle of the page, with their changed pixels. */
  removed: RemovedBlock[];
  /** Inserted, removed and replaced blocks, top to bottom. */
  changes: VisualChange[];
}

/** Tolerance in channel levels for a 0..1 `pixelThreshold`. */
export function toleranceFor(pixelThreshold: number | undefined): number {
  const t = pixelThreshold ?? DEFAULT_PIXEL_THRESHOLD;
  if (!Number.isFinite(t)) return Math.round(DEFAULT_PIXEL_THRESHOLD * 255);
  return Math.round(Math.min(1, Math.max(0, t)) * 255);
}

/** True when any channel of two RGBA words differs by more than `tol` levels. */
export function wordsDiffer(a: number, b: number, tol: number): boolean {
  let d = (a & 0xff) - (b & 0xff);
  if (d > tol || d < -tol) return true;
  d = ((a >>> 8) & 0xff) - ((b >>> 8) & 0xff);
  if (d > tol || d < -tol) return true;
  d = ((a >>> 16) & 0xff) - ((b >>> 16) & 0xff);
  if (d > tol || d < -tol) return true;
  d = (a >>> 24) - (b >>> 24);
  return d > tol || d < -tol;
}

/**
 * The most common colour of an image's last row: what the page would show if it were longer.
 * White for an empty image.
 */
export function bottomBackground(image: RawImage, words: Uint32Array = pixelWords(image)): number {
  if (image.width === 0 || image.height === 0) return 0xffffffff;
  const start = (image.height - 1) * image.width;
  const counts = new Map<number, number>();
  let best = words[start]!;
  let bestCount = 0;
  for (let i = start; i < start + image.width; i++) {
    const w = words[i]!;
    const n = (counts.get(w) ?? 0) + 1;
    counts.set(w, n);
    if (n > bestCount) {
      bestCount = n;
      best = w;
    }
  }
  return best;
}

/** The two screenshots as the walk reads them: pixels as words and as bytes, sizes, backgrounds, tolerance. */
interface ImagePair {
  A: Uint32Array;
  B: Uint32Array;
  bytesA: Buffer;
  bytesB: Buffer;
  wA: number;
  wB: number;
  hB: number;
  /** The width both images have. */
  cw: number;
  bgA: number;
  bgB: number;
  tol: number;
}

/**
 * The raw pass: aligns the screenshots (unless `align` is false), then compares each canvas row with
 * its baseline row; inserted rows are compared with the baseline's background and removed rows with
 * the current page's, so blank space that moved or appeared is not a change. Masks excluded. Pure
 * and synchronous.
 */
export function diffRawImages(baseline: RawImage, current: RawImage, opts: RawDiffOptions): RawDiff {
  const A = pixelWords(baseline);
  const B = pixelWords(current);
  const pair: ImagePair = {
    A,
    B,
    bytesA: Buffer.from(baseline.data.buffer, baseline.data.byteOffset, baseline.data.byteLength),
    bytesB: Buffer.from(current.data.buffer, current.data.byteOffset, current.data.byteLength),
    wA: baseline.width,
    wB: current.width,
    hB: current.height,
    cw: Math.min(baseline.width, current.width),
    bgA: bottomBackground(baseline, A),
    bgB: bottomBackground(current, B),
    tol: toleranceFor(opts.pixelThreshold),
  };
  const masksA = [...(opts.masks ?? []), ...(opts.baselineMasks ?? [])];
  const masksB = [...(opts.masks ?? []), ...(opts.currentMasks ?? [])];

  const runs = opts.align === false ? positionalRuns() : alignImages(baseline, current, pair.cw, masksA, masksB);
  const pairing = pairRows(runs, baseline, current);
  const masks = new PairMasks(masksA, masksB, pairing.width, baseline.height, current.height);
  const grid = new ChangeGrid(pairing.width, pairing.height);
  const paired = compareCanvasRows(pair, pairing, masks, grid);
  const removed = countRemovedRows(pair, pairing.removed, masks);

  const { regions, changedPixels } = grid.regions();
  const changes = blockChanges(pairing, { rowChanged: paired.rowChanged, regions, removed: removed.blocks, baselineWidth: pair.wA, currentWidth: pair.wB });
  let removedPixels = 0;
  for (const block of removed.blocks) if (block.changedPixels >= MIN_REGION_CHANGED_PIXELS) removedPixels += block.changedPixels;
  return {
    width: pairing.width,
    height: pairing.height,
    changedPixels: changedPixels + removedPixels,
    comparedPixels: paired.compared + removed.compared,
    regions,
    sizeChanged: baseline.width !== current.width || baseline.height !== current.height,
    backgroundBaseline: pair.bgA,
    backgroundCurrent: pair.bgB,
    tolerance: pair.tol,
    pairing,
    masks,
    removed: removed.blocks,
    changes,
  };
}

/**
 * Compares each canvas row with its baseline row outside the masks, adding changed pixels to `grid`;
 * returns the changed pixels of each row and how many pixels were compared.
 */
function compareCanvasRows(pair: ImagePair, pairing: RowPairing, masks: PairMasks, grid: ChangeGrid): { rowChanged: Uint32Array; compared: number } {
  // Locals, not property reads, in the hot loop.
  const { A, B, bytesA, bytesB, wA, wB, hB, cw, bgA, bgB, tol } = pair;
  const H = pairing.height;
  const rowChanged = new Uint32Array(H);
  let compared = 0;
  for (let y = 0; y < H; y++) {
    const ya = pairing.baselineRow[y]!;
    const yb = y < hB ? y : -1;
    const spans = masks.spans(ya, yb);
    const rowA = ya * wA;
    const rowB = yb * wB;
    let changed = 0;
    for (let s = 0; s + 1 < spans.length; s += 2) {
      const x0 = spans[s]!;
      const x1 = spans[s + 1]!;
      let x = x0;
      if (ya >= 0 && yb >= 0) {
        const end = x1 < cw ? x1 : cw;
        if (end > x) compared += end - x;
        // Most row pairs are equal once aligned: memcmp says so far faster than a loop over words.
        if (end > x && bytesB.compare(bytesA, (rowA + x) * 4, (rowA + end) * 4, (rowB + x) * 4, (rowB + end) * 4) === 0) x = end;
        for (; x < end; x++) {
          const a = A[rowA + x]!;
          const b = B[rowB + x]!;
          if (a !== b && wordsDiffer(a, b, tol)) {
            grid.add(x, y);
            changed++;
          }
        }
      }
      // Pixels that only one image has are compared with the other image's background.
      for (; x < x1; x++) {
        if (yb >= 0 && x < wB) {
          compared++;
          if (wordsDiffer(B[rowB + x]!, bgA, tol)) {
            grid.add(x, y);
            changed++;
          }
        } else if (ya >= 0 && x < wA) {
          compared++;
          if (wordsDiffer(A[rowA + x]!, bgB, tol)) {
            grid.add(x, y);
            changed++;
          }
        }
      }
    }
    rowChanged[y] = changed;
  }
  return { rowChanged, compared };
}

/** Counts the changed pixels of each block of baseline rows removed from the page, against the current page's background. */
function countRemovedRows(pair: ImagePair, blocks: readonly RemovedRows[], masks: PairMasks): { blocks: RemovedBlock[]; compared: number } {
  const { A, wA, bgB, tol } = pair;
  const removed: RemovedBlock[] = [];
  let compared = 0;
  for (const block of blocks) {
    let changed = 0;
    for (let ya = block.a0; ya < block.a1; ya++) {
      const spans = masks.spans(ya, -1);
      const rowA = ya * wA;
      for (let s = 0; s + 1 < spans.length; s += 2) {
        const x1 = Math.min(spans[s + 1]!, wA);
        for (let x = spans[s]!; x < x1; x++) {
          compared++;
          if (wordsDiffer(A[rowA + x]!, bgB, tol)) changed++;
        }
      }
    }
    removed.push({ ...block, changedPixels: changed });
  }
  return { blocks: removed, compared };
}
