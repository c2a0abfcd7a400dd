/**
 * The evidence image: the current page, faded to grey, with changed pixels in red (pixelmatch's
 * drawing, run only over the changed regions), rows only the baseline had shown faded underneath,
 * and ignored areas tinted blue so a reviewer sees what was not compared.
 */
import pixelmatch from 'pixelmatch';
import type { Box, RawImage } from '../core/types.js';
import { clipBox, intersectBox } from './boxes.js';
import { pixelWords } from './png.js';
import { wordsDiffer, type RawDiff } from './raw-diff.js';

/** Opacity of the page under the highlights (pixelmatch's `alpha`): enough to recognise the layout. */
export const EVIDENCE_PAGE_ALPHA = 0.3;
/**
 * Regions larger than this (pixels) are highlighted by the raw tolerance test instead of pixelmatch:
 * pixelmatch costs 0.2–1.6 s when most of a page changed (PERFORMANCE.md), and a page that is mostly
 * red tells a reviewer the same thing either way.
 */
export const PIXELMATCH_MAX_REGION_PIXELS = 1_000_000;
/** pixelmatch needs a pixel of context around a change to tell anti-aliasing from content. */
const CROP_MARGIN = 2;
const CHANGED_RGB = [255, 0, 0] as const;
const MASK_RGB = [64, 128, 255] as const;
const MASK_TINT = 0.35;

/** Draws the evidence image for a raw diff; the canvas is `raw.width` × `raw.height`. */
export function renderDiffImage(
  baseline: RawImage,
  current: RawImage,
  raw: RawDiff,
  masks: readonly Box[],
): RawImage {
  const W = raw.width;
  const H = raw.height;
  const out = new Uint8Array(W * H * 4);
  drawFadedPage(out, W, H, baseline, current);

  const common: Box = {
    x: 0,
    y: 0,
    width: Math.min(baseline.width, current.width),
    height: Math.min(baseline.height, current.height),
  };
  const threshold = raw.tolerance / 255;
  for (const region of raw.regions) {
    const padded: Box = {
      x: region.box.x - CROP_MARGIN,
      y: region.box.y - CROP_MARGIN,
      width: region.box.width + 2 * CROP_MARGIN,
      height: region.box.height + 2 * CROP_MARGIN,
    };
    const inCommon = intersectBox(padded, common);
    if (inCommon && inCommon.width * inCommon.height <= PIXELMATCH_MAX_REGION_PIXELS) {
      matchCrop(out, W, H, baseline, current, inCommon, masks, threshold);
    } else if (inCommon) {
      markCommonArea(out, W, baseline, current, raw.tolerance, inCommon);
    }
    markExtraArea(out, W, baseline, current, raw, region.box);
  }
  tintMasks(out, W, H, masks);
  return { width: W, height: H, data: out };
}

/**
 * Grey page, blended with white like pixelmatch's unchanged pixels, written as 32-bit words through a
 * luma lookup table (the per-pixel float maths cost more than the whole raw diff). Words are
 * little-endian RGBA (R in the low byte), as on every platform Node ships for.
 */
function drawFadedPage(out: Uint8Array, W: number, H: number, baseline: RawImage, current: RawImage): void {
  const out32 = new Uint32Array(out.buffer, out.byteOffset, W * H);
  const grey = new Uint32Array(256);
  for (let l = 0; l < 256; l++) {
    const v = Math.round(255 + (l - 255) * EVIDENCE_PAGE_ALPHA);
    grey[l] = (0xff000000 | (v << 16) | (v << 8) | v) >>> 0;
  }
  const white = grey[255]!;
  out32.fill(white);
  drawGrey(out32, W, H, current, grey, 0, 0);
  // Where the current page is shorter or narrower, show what the baseline had there.
  drawGrey(out32, W, H, baseline, grey, current.height, 0);
  drawGrey(out32, W, H, baseline, grey, 0, current.width, current.height);
}

function drawGrey(
  out32: Uint32Array,
  W: number,
  H: number,
  img: RawImage,
  grey: Uint32Array,
  yStart: number,
  xStart: number,
  yEnd = img.height,
): void {
  const words = pixelWords(img);
  const xEnd = Math.min(img.width, W);
  const yStop = Math.min(yEnd, img.height, H);
  for (let y = yStart; y < yStop; y++) {
    const row = y * img.width;
    const orow = y * W;
    for (let x = xStart; x < xEnd; x++) {
      const p = words[row + x]!;
      // ITU-R BT.601 luma in 8.8 fixed point; screenshots are opaque, alpha is ignored.
      const luma = ((p & 0xff) * 77 + ((p >>> 8) & 0xff) * 150 + ((p >>> 16) & 0xff) * 29) >>> 8;
      out32[orow + x] = grey[luma]!;
    }
  }
}

function cropOf(image: RawImage, box: Box): Uint8Array {
  const crop = new Uint8Array(box.width * box.height * 4);
  const rowBytes = box.width * 4;
  for (let r = 0; r < box.height; r++) {
    const start = ((box.y + r) * image.width + box.x) * 4;
    crop.set(image.data.subarray(start, start + rowBytes), r * rowBytes);
  }
  return crop;
}

/** pixelmatch over one changed region of the common area, written into the canvas. */
function matchCrop(
  out: Uint8Array,
  W: number,
  H: number,
  baseline: RawImage,
  current: RawImage,
  box: Box,
  masks: readonly Box[],
  threshold: number,
): void {
  const a = cropOf(baseline, box);
  const b = cropOf(current, box);
  const result = new Uint8Array(a.length);
  let ignoreMask: Uint8Array | undefined;
  for (const m of masks) {
    const clipped = clipBox(m, W, H);
    const hit = clipped && intersectBox(clipped, box);
    if (!hit) continue;
    ignoreMask ??= new Uint8Array(box.width * box.height);
    for (let y = hit.y; y < hit.y + hit.height; y++) {
      const row = (y - box.y) * box.width - box.x;
      ignoreMask.fill(1, row + hit.x, row + hit.x + hit.width);
    }
  }
  // img1 is the current page, so the grey background pixelmatch draws is what the site shows now.
  pixelmatch(b, a, result, box.width, box.height, {
    threshold,
    alpha: EVIDENCE_PAGE_ALPHA,
    diffColor: [...CHANGED_RGB],
    ignoreMask,
  });
  const rowBytes = box.width * 4;
  for (let r = 0; r < box.height; r++) {
    out.set(result.subarray(r * rowBytes, (r + 1) * rowBytes), ((box.y + r) * W + box.x) * 4);
  }
}

/** Red where the two images differ beyond the tolerance (masks are tinted over afterwards). */
function markCommonArea(out: Uint8Array, W: number, baseline: RawImage, current: RawImage, tol: number, box: Box): void {
  const A = pixelWords(baseline);
  const B = pixelWords(current);
  const out32 = new Uint32Array(out.buffer, out.byteOffset, out.length >>> 2);
  const red = (0xff000000 | (CHANGED_RGB[2] << 16) | (CHANGED_RGB[1] << 8) | CHANGED_RGB[0]) >>> 0;
  for (let y = box.y; y < box.y + box.height; y++) {
    const rowA = y * baseline.width;
    const rowB = y * current.width;
    for (let x = box.x; x < box.x + box.width; x++) {
      const a = A[rowA + x]!;
      const b = B[rowB + x]!;
      if (a !== b && wordsDiffer(a, b, tol)) out32[y * W + x] = red;
    }
  }
}

/** Inside a region, pixels only one image has are red where they are not plain background. */
function markExtraArea(out: Uint8Array, W: number, baseline: RawImage, current: RawImage, raw: RawDiff, box: Box): void {
  const A = pixelWords(baseline);
  const B = pixelWords(current);
  const cw = Math.min(baseline.width, current.width);
  const ch = Math.min(baseline.height, current.height);
  for (let y = box.y; y < box.y + box.height; y++) {
    const xStart = y < ch ? Math.max(box.x, cw) : box.x;
    for (let x = xStart; x < box.x + box.width; x++) {
      let changed = false;
      if (x < current.width && y < current.height) {
        changed = wordsDiffer(B[y * current.width + x]!, raw.backgroundBaseline, raw.tolerance);
      } else if (x < baseline.width && y < baseline.height) {
        changed = wordsDiffer(A[y * baseline.width + x]!, raw.backgroundCurrent, raw.tolerance);
      }
      if (!changed) continue;
      const o = (y * W + x) * 4;
      out[o] = CHANGED_RGB[0];
      out[o + 1] = CHANGED_RGB[1];
      out[o + 2] = CHANGED_RGB[2];
    }
  }
}

function tintMasks(out: Uint8Array, W: number, H: number, masks: readonly Box[]): void {
  for (const m of masks) {
    const box = clipBox(m, W, H);
    if (!box) continue;
    for (let y = box.y; y < box.y + box.height; y++) {
      for (let x = box.x; x < box.x + box.width; x++) {
        const o = (y * W + x) * 4;
        for (let c = 0; c < 3; c++) out[o + c] = out[o + c]! * (1 - MASK_TINT) + MASK_RGB[c]! * MASK_TINT;
      }
    }
  }
}
