/**
 * The raw pass of a visual diff: one walk over both images as 32-bit words, pixels under masks
 * skipped, changed pixels (beyond a small colour tolerance) counted on a grid and grouped into regions.
 * Pure and synchronous, so alignment or other passes can reuse it on already decoded images.
 */
import type { Box, RawImage } from '../core/types.js';
import { unmaskedBands } from './boxes.js';
import { pixelWords } from './png.js';
import { ChangeGrid, type Region } from './regions.js';

/**
 * Default for `pixelThreshold`: a pixel counts as changed when one of its channels moved by more than
 * this fraction of the channel range (0.1 → 26 of 255). Re-encoded JPEGs and gradient banding stay
 * under it; real content changes (text, images, colours) are far above it.
 */
export const DEFAULT_PIXEL_THRESHOLD = 0.1;

/** What the raw pass found, before any evidence is drawn. */
export interface RawDiff {
  /** Size of the compared canvas: the larger width and the larger height of the two images. */
  width: number;
  height: number;
  changedPixels: number;
  comparedPixels: number;
  /** All regions, largest first (VisualDiff lists at most MAX_REGIONS of them). */
  regions: Region[];
  sizeChanged: boolean;
  /** Colour each image is taken to continue with past its bottom/right edge (RGBA as a 32-bit word). */
  backgroundBaseline: number;
  backgroundCurrent: number;
  /** Per-channel tolerance in 0..255 levels. */
  tolerance: number;
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

/** The raw pass: finds changed pixels over the union of both images, masks excluded. Pure and sync. */
export function diffRawImages(
  baseline: RawImage,
  current: RawImage,
  opts: { masks: readonly Box[]; pixelThreshold?: number },
): RawDiff {
  const tol = toleranceFor(opts.pixelThreshold);
  const A = pixelWords(baseline);
  const B = pixelWords(current);
  const wA = baseline.width;
  const hA = baseline.height;
  const wB = current.width;
  const hB = current.height;
  const W = Math.max(wA, wB);
  const H = Math.max(hA, hB);
  const cw = Math.min(wA, wB);
  const ch = Math.min(hA, hB);
  const bgA = bottomBackground(baseline, A);
  const bgB = bottomBackground(current, B);
  const grid = new ChangeGrid(W, H);
  const bands = unmaskedBands(opts.masks, W, H);
  let compared = 0;

  for (const band of bands) {
    const spans = band.spans;
    for (let y = band.y0; y < band.y1; y++) {
      const rowA = y * wA;
      const rowB = y * wB;
      for (let s = 0; s + 1 < spans.length; s += 2) {
        const x0 = spans[s]!;
        const x1 = spans[s + 1]!;
        let x = x0;
        if (y < ch) {
          const end = x1 < cw ? x1 : cw;
          if (end > x) compared += end - x;
          for (; x < end; x++) {
            const a = A[rowA + x]!;
            const b = B[rowB + x]!;
            if (a !== b && wordsDiffer(a, b, tol)) grid.add(x, y);
          }
        }
        // Pixels that only one image has are compared with the other image's background.
        for (; x < x1; x++) {
          if (x < wB && y < hB) {
            compared++;
            if (wordsDiffer(B[rowB + x]!, bgA, tol)) grid.add(x, y);
          } else if (x < wA && y < hA) {
            compared++;
            if (wordsDiffer(A[rowA + x]!, bgB, tol)) grid.add(x, y);
          }
        }
      }
    }
  }

  const { regions, changedPixels } = grid.regions();
  return {
    width: W,
    height: H,
    changedPixels,
    comparedPixels: compared,
    regions,
    sizeChanged: wA !== wB || hA !== hB,
    backgroundBaseline: bgA,
    backgroundCurrent: bgB,
    tolerance: tol,
  };
}
