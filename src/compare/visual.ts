/**
 * Visual diff of two full-page screenshots: byte-identical fast path, one decode each, a raw pass over
 * 32-bit words that finds changed pixels and groups them into regions, and pixelmatch only for the
 * evidence image when something changed (PERFORMANCE.md: decoding and pixelmatch dominate the cost).
 */
import { DefacewatchError, type ErrorCode } from '../core/errors.js';
import type { Box, RawImage, VisualDiff } from '../core/types.js';
import { bandsArea, unmaskedBands } from './boxes.js';
import { renderDiffImage } from './evidence.js';
import { decodePng, encodePng, pngSize } from './png.js';
import { diffRawImages, type RawDiff } from './raw-diff.js';
import { MAX_REGIONS } from './regions.js';

export { decodePng, encodePng, pngSize } from './png.js';
export { DEFAULT_PIXEL_THRESHOLD, diffRawImages, type RawDiff } from './raw-diff.js';

export interface CompareOptions {
  /** Areas to ignore (the site's `ignore` selectors, live clocks, carousels), in screenshot pixels. */
  masks: Box[];
  /**
   * Per-channel colour tolerance, 0..1 of the channel range: a pixel is changed when any channel
   * differs by more than this. Also passed to pixelmatch as its `threshold` for the evidence image.
   */
  pixelThreshold?: number;
  /** Render `diffPng` when something changed (default true). */
  diffImage?: boolean;
}

/**
 * Compares two PNG screenshots. Byte-identical input is `identical` without decoding. Pixels inside
 * `masks` are neither compared nor counted. When the heights differ, the common area is compared
 * pixel by pixel and the extra rows count as changed where they are not plain page background, so a
 * page that grew by a footer is not "all changed".
 */
export async function compareScreenshots(
  baselinePng: Buffer,
  currentPng: Buffer,
  opts: CompareOptions,
): Promise<VisualDiff> {
  if (baselinePng.equals(currentPng)) {
    const size = pngSize(currentPng) ?? (await decodePng(currentPng));
    const compared = bandsArea(unmaskedBands(opts.masks, size.width, size.height));
    return {
      identical: true,
      changedFraction: 0,
      changedPixels: 0,
      comparedPixels: compared,
      regions: [],
      sizeChanged: false,
    };
  }
  const [baseline, current] = await Promise.all([
    decodeOr(baselinePng, 'BASELINE_CORRUPT', 'The baseline screenshot cannot be decoded'),
    decodeOr(currentPng, 'CAPTURE_FAILED', 'The new screenshot cannot be decoded'),
  ]);
  const raw = diffRawImages(baseline, current, opts);
  const diff = toVisualDiff(raw);
  if (raw.changedPixels > 0 && opts.diffImage !== false) {
    diff.diffPng = await encodePng(renderDiffImage(baseline, current, raw, opts.masks));
  }
  return diff;
}

async function decodeOr(png: Buffer, code: ErrorCode, what: string): Promise<RawImage> {
  try {
    return await decodePng(png);
  } catch (err) {
    throw new DefacewatchError(code, `${what}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

/** The public summary of a raw pass (no evidence image). */
export function toVisualDiff(raw: RawDiff): VisualDiff {
  return {
    identical: false,
    changedFraction: raw.comparedPixels > 0 ? raw.changedPixels / raw.comparedPixels : 0,
    changedPixels: raw.changedPixels,
    comparedPixels: raw.comparedPixels,
    regions: raw.regions.slice(0, MAX_REGIONS).map((r) => r.box),
    sizeChanged: raw.sizeChanged,
  };
}

