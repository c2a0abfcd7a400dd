/**
 * The evidence image: the current page, faded to grey, with its changed pixels in their own colours
 * tinted red (found by pixelmatch, run only over the changed regions, each row against the baseline
 * row it was aligned with) and each changed region outlined in red; rows only the baseline had shown faded underneath,
 * a red seam where rows were removed, and ignored areas tinted blue so a reviewer sees what was not
 * compared. A tint, not a fill: however much changed, the picture still shows what the page shows
 * now (a solid red block says only "everything").
 */
import pixelmatch from 'pixelmatch';
import type { Box, RawImage } from '../core/types.js';
import { clipBox } from './boxes.js';
import { pixelWords } from './png.js';
import { wordsDiffer, type RawDiff } from './raw-diff.js';
import { MIN_REGION_CHANGED_PIXELS } from './regions.js';

/** Opacity of the unchanged page, faded to grey: enough to recognise the layout around the changes. */
export const EVIDENCE_PAGE_ALPHA = 0.3;
/**
 * pixelmatch draws at most this many pixels of one evidence picture, smallest regions first (a
 * banner, a flag: where its anti-aliasing test keeps the picture clean); the rest is marked by the
 * raw tolerance test. pixelmatch costs 0.2–1.6 s when most of a page changed (docs/performance.md), and
 * over the dozens of regions of a page whose columns reflowed 130 ms of a 1366×4000 check
 * (measured), for a picture that tells a reviewer the same.
 */
export const PIXELMATCH_BUDGET_PIXELS = 250_000;
/** pixelmatch needs a pixel of context around a change to tell anti-aliasing from content. */
const CROP_MARGIN = 2;
const CHANGED_RGB = [255, 0, 0] as const;
/** How far a changed pixel is tinted towards red: it keeps most of its own colour, so the page reads. */
export const CHANGED_TINT = 0.3;
/** The outline around each changed region: this many pixels thick, this far outside it. */
export const OUTLINE_WIDTH = 3;
const OUTLINE_GAP = 3;
const MASK_RGB = [64, 128, 255] as const;
const MASK_TINT = 0.35;

/**
 * Draws the evidence image for a raw diff on its canvas (`raw.width` × `raw.height`): current-screenshot
 * pixels, with the baseline's lost bottom rows below them, changed pixels tinted, changed regions
 * outlined, and a red seam where rows were removed from the middle of the page.
 */
export function renderDiffImage(baseline: RawImage, current: RawImage, raw: RawDiff): RawImage {
  const W = raw.width;
  const H = raw.height;
  const out = new Uint8Array(W * H * 4);
  const out32 = new Uint32Array(out.buffer, out.byteOffset, W * H);
  const rows = new CanvasRows(baseline, current, raw);
  drawFadedPage(out32, rows);
  tintChanged(out32, markChangedPixels(rows), rows);
  for (const region of raw.regions) drawOutline(out32, W, H, region.box);
  for (const block of raw.removed) {
    if (block.changedPixels >= MIN_REGION_CHANGED_PIXELS) drawSeam(out32, W, H, block.y);
  }
  if (raw.masks.any) tintMasks(out, rows);
  return { width: W, height: H, data: out };
}

/**
 * Which pixels of the canvas changed (1) and which did not (0): what the evidence image tints. The
 * same count as `raw.changedPixels` where pixelmatch was not asked (it leaves out anti-aliasing).
 */
export function changedPixelMask(baseline: RawImage, current: RawImage, raw: RawDiff): Uint8Array {
  return markChangedPixels(new CanvasRows(baseline, current, raw));
}

function markChangedPixels(rows: CanvasRows): Uint8Array {
  const { raw } = rows;
  const marks = new Uint8Array(rows.W * rows.H);
  let budget = PIXELMATCH_BUDGET_PIXELS;
  const smallestFirst = [...raw.regions].sort((a, b) => a.box.width * a.box.height - b.box.width * b.box.height);
  for (const region of smallestFirst) {
    const padded: Box = {
      x: region.box.x - CROP_MARGIN,
      y: region.box.y - CROP_MARGIN,
      width: region.box.width + 2 * CROP_MARGIN,
      height: region.box.height + 2 * CROP_MARGIN,
    };
    const box = clipBox(padded, rows.W, rows.H);
    if (!box) continue;
    // pixelmatch where both pages have the rows; rows only one page has (an inserted banner, lost
    // bottom rows) are compared with a flat background, where its anti-aliasing test adds nothing.
    for (const part of rowsByPairing(rows, box)) {
      const area = part.width * part.height;
      if (part.paired && area <= budget) {
        matchCrop(marks, rows, part, raw.tolerance / 255);
        budget -= area;
      } else markChanged(marks, rows, part, raw.tolerance);
    }
  }
  return marks;
}

/**
 * Row access on the canvas: the current and baseline pixels compared on each canvas row, with each
 * image continued by its background where it has no pixel (the rule of the raw pass).
 */
class CanvasRows {
  readonly W: number;
  readonly H: number;
  private readonly A: Uint32Array;
  private readonly B: Uint32Array;

  constructor(
    readonly baseline: RawImage,
    readonly current: RawImage,
    readonly raw: RawDiff,
  ) {
    this.W = raw.width;
    this.H = raw.height;
    this.A = pixelWords(baseline);
    this.B = pixelWords(current);
  }

  baselineRow(y: number): number {
    return this.raw.pairing.baselineRow[y]!;
  }

  currentRow(y: number): number {
    return y < this.current.height ? y : -1;
  }

  /** Copies canvas row y, columns [x0, x0 + n), of one side into dst at offset. */
  fill(side: 'baseline' | 'current', y: number, x0: number, n: number, dst: Uint32Array, offset: number): void {
    const img = side === 'baseline' ? this.baseline : this.current;
    const words = side === 'baseline' ? this.A : this.B;
    const bg = side === 'baseline' ? this.raw.backgroundBaseline : this.raw.backgroundCurrent;
    const row = side === 'baseline' ? this.baselineRow(y) : this.currentRow(y);
    const have = row < 0 ? 0 : Math.max(0, Math.min(n, img.width - x0));
    if (have > 0) dst.set(words.subarray(row * img.width + x0, row * img.width + x0 + have), offset);
    if (have < n) dst.fill(bg, offset + have, offset + n);
  }

  /** True when at least one image has a pixel at (x, y) of the canvas. */
  hasPixel(x: number, y: number): boolean {
    return (this.currentRow(y) >= 0 && x < this.current.width) || (this.baselineRow(y) >= 0 && x < this.baseline.width);
  }
}

/** The box split into bands of rows that both pages have (`paired`) and rows that only one has. */
function rowsByPairing(rows: CanvasRows, box: Box): (Box & { paired: boolean })[] {
  const parts: (Box & { paired: boolean })[] = [];
  for (let y = box.y; y < box.y + box.height; y++) {
    const paired = rows.baselineRow(y) >= 0 && rows.currentRow(y) >= 0;
    const last = parts[parts.length - 1];
    if (last && last.paired === paired) last.height++;
    else parts.push({ x: box.x, y, width: box.width, height: 1, paired });
  }
  return parts;
}

/**
 * Grey page, blended with white like pixelmatch's unchanged pixels, written as 32-bit words through a
 * luma lookup table (the per-pixel float maths cost more than the whole raw diff). Words are
 * little-endian RGBA (R in the low byte), as on every platform Node ships for. Each canvas row shows
 * the current page, and the baseline where the current page has no pixel.
 */
function drawFadedPage(out32: Uint32Array, rows: CanvasRows): void {
  const { W, H } = rows;
  const grey = new Uint32Array(256);
  for (let l = 0; l < 256; l++) {
    const v = Math.round(255 + (l - 255) * EVIDENCE_PAGE_ALPHA);
    grey[l] = (0xff000000 | (v << 16) | (v << 8) | v) >>> 0;
  }
  out32.fill(grey[255]!);
  const A = pixelWords(rows.baseline);
  const B = pixelWords(rows.current);
  const wA = rows.baseline.width;
  const wB = rows.current.width;
  for (let y = 0; y < H; y++) {
    const yb = rows.currentRow(y);
    const ya = rows.baselineRow(y);
    const o = y * W;
    let x = 0;
    // Pages are mostly runs of one colour: reuse the last pixel's grey.
    let last = 0xffffffff;
    let lastGrey = grey[255]!;
    if (yb >= 0) {
      const row = yb * wB;
      for (; x < wB; x++) {
        const p = B[row + x]!;
        if (p !== last) {
          last = p;
          lastGrey = grey[luma(p)]!;
        }
        out32[o + x] = lastGrey;
      }
    }
    if (ya >= 0) {
      const row = ya * wA;
      for (; x < wA; x++) {
        const p = A[row + x]!;
        if (p !== last) {
          last = p;
          lastGrey = grey[luma(p)]!;
        }
        out32[o + x] = lastGrey;
      }
    }
  }
}

/** ITU-R BT.601 luma in 8.8 fixed point; screenshots are opaque, alpha is ignored. */
function luma(p: number): number {
  return ((p & 0xff) * 77 + ((p >>> 8) & 0xff) * 150 + ((p >>> 16) & 0xff) * 29) >>> 8;
}

/** pixelmatch over one changed region of the canvas, each canvas row against its paired baseline row. */
function matchCrop(marks: Uint8Array, rows: CanvasRows, box: Box, threshold: number): void {
  const n = box.width * box.height;
  const a = new Uint32Array(n);
  const b = new Uint32Array(n);
  let ignoreMask: Uint8Array | undefined;
  for (let r = 0; r < box.height; r++) {
    const y = box.y + r;
    rows.fill('baseline', y, box.x, box.width, a, r * box.width);
    rows.fill('current', y, box.x, box.width, b, r * box.width);
    const spans = rows.raw.masks.spans(rows.baselineRow(y), rows.currentRow(y));
    // Masked pixels, and pixels neither image has, are not compared.
    let x = box.x;
    const xEnd = box.x + box.width;
    const skip = (from: number, to: number): void => {
      if (to <= from) return;
      ignoreMask ??= new Uint8Array(n);
      ignoreMask.fill(1, r * box.width + from - box.x, r * box.width + to - box.x);
    };
    for (let s = 0; s + 1 < spans.length && x < xEnd; s += 2) {
      skip(x, Math.min(spans[s]!, xEnd));
      x = Math.max(x, spans[s + 1]!);
    }
    skip(x, xEnd);
    const edge = Math.max(rows.currentRow(y) >= 0 ? rows.current.width : 0, rows.baselineRow(y) >= 0 ? rows.baseline.width : 0);
    skip(Math.max(box.x, edge), xEnd);
  }
  const result = new Uint8Array(n * 4);
  // As a mask: pixelmatch draws only the pixels that differ (not anti-aliasing), opaque, on nothing.
  pixelmatch(new Uint8Array(b.buffer), new Uint8Array(a.buffer), result, box.width, box.height, { threshold, diffMask: true, ignoreMask });
  const W = rows.W;
  for (let r = 0; r < box.height; r++) {
    const o = (box.y + r) * W + box.x;
    for (let i = 0; i < box.width; i++) if (result[(r * box.width + i) * 4 + 3] !== 0) marks[o + i] = 1;
  }
}

const RED = (0xff000000 | (CHANGED_RGB[2] << 16) | (CHANGED_RGB[1] << 8) | CHANGED_RGB[0]) >>> 0;

/** Marks where the row pair differs beyond the tolerance. */
function markChanged(marks: Uint8Array, rows: CanvasRows, box: Box, tol: number): void {
  const a = new Uint32Array(box.width);
  const b = new Uint32Array(box.width);
  for (let y = box.y; y < box.y + box.height; y++) {
    rows.fill('baseline', y, box.x, box.width, a, 0);
    rows.fill('current', y, box.x, box.width, b, 0);
    const o = y * rows.W;
    for (let i = 0; i < box.width; i++) {
      const p = a[i]!;
      const q = b[i]!;
      if (p !== q && wordsDiffer(p, q, tol) && rows.hasPixel(box.x + i, y)) marks[o + box.x + i] = 1;
    }
  }
}

/**
 * Each marked pixel drawn as the page shows it there (the current page, else the baseline's lost
 * rows, else the page's background) in its own colour tinted CHANGED_TINT towards red, unfaded
 * against the faded page around it. Never pure red, which is the outline's and the seam's.
 */
function tintChanged(out32: Uint32Array, marks: Uint8Array, rows: CanvasRows): void {
  const keep = new Uint8Array(256);
  const redder = new Uint8Array(256);
  for (let v = 0; v < 256; v++) [redder[v], keep[v]] = tintedColour([v, v, v]);
  const tint = (p: number): number => (0xff000000 | (keep[(p >>> 16) & 0xff]! << 16) | (keep[(p >>> 8) & 0xff]! << 8) | redder[p & 0xff]!) >>> 0;
  const A = pixelWords(rows.baseline);
  const B = pixelWords(rows.current);
  const { W, H } = rows;
  for (let y = 0; y < H; y++) {
    const yb = rows.currentRow(y);
    const ya = rows.baselineRow(y);
    const o = y * W;
    for (let x = 0; x < W; x++) {
      if (marks[o + x] === 0) continue;
      const shown =
        yb >= 0 && x < rows.current.width
          ? B[yb * rows.current.width + x]!
          : ya >= 0 && x < rows.baseline.width
            ? A[ya * rows.baseline.width + x]!
            : rows.raw.backgroundCurrent;
      out32[o + x] = tint(shown);
    }
  }
}

/** The colour a changed pixel of colour `rgb` is drawn in: CHANGED_TINT of the way to red. */
export function tintedColour(rgb: readonly [number, number, number]): [number, number, number] {
  const keep = 1 - CHANGED_TINT;
  return [Math.round(rgb[0] * keep + 255 * CHANGED_TINT), Math.round(rgb[1] * keep), Math.round(rgb[2] * keep)];
}

/**
 * A red frame OUTLINE_GAP pixels outside a changed region, OUTLINE_WIDTH thick, kept on the canvas:
 * a region as large as the page is framed along the canvas's edges.
 */
function drawOutline(out32: Uint32Array, W: number, H: number, box: Box): void {
  const t = OUTLINE_WIDTH;
  const x0 = clampTo(box.x - OUTLINE_GAP - t, 0, W - t);
  const y0 = clampTo(box.y - OUTLINE_GAP - t, 0, H - t);
  const x1 = clampTo(box.x + box.width + OUTLINE_GAP + t, t, W);
  const y1 = clampTo(box.y + box.height + OUTLINE_GAP + t, t, H);
  if (x1 - x0 < t || y1 - y0 < t) return;
  for (let y = y0; y < y1; y++) {
    const o = y * W;
    if (y < y0 + t || y >= y1 - t) out32.fill(RED, o + x0, o + x1);
    else {
      out32.fill(RED, o + x0, o + x0 + t);
      out32.fill(RED, o + x1 - t, o + x1);
    }
  }
}

function clampTo(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.round(n)));
}

/** A red line across the page where baseline rows were removed. */
function drawSeam(out32: Uint32Array, W: number, H: number, y: number): void {
  for (let r = Math.max(0, y - 1); r < Math.min(H, y + 1); r++) out32.fill(RED, r * W, (r + 1) * W);
}

function tintMasks(out: Uint8Array, rows: CanvasRows): void {
  const { W, H } = rows;
  const tint = (y: number, x0: number, x1: number): void => {
    for (let x = x0; x < x1; x++) {
      const o = (y * W + x) * 4;
      for (let c = 0; c < 3; c++) out[o + c] = out[o + c]! * (1 - MASK_TINT) + MASK_RGB[c]! * MASK_TINT;
    }
  };
  for (let y = 0; y < H; y++) {
    const spans = rows.raw.masks.spans(rows.baselineRow(y), rows.currentRow(y));
    let x = 0;
    for (let s = 0; s + 1 < spans.length; s += 2) {
      tint(y, x, spans[s]!);
      x = spans[s + 1]!;
    }
    tint(y, x, W);
  }
}
