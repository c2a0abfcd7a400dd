/**
 * Visual diff of two full-page screenshots: byte-identical fast path, one decode each, a vertical
 * alignment of rows (align.ts), a raw pass over 32-bit words that finds changed pixels and groups
 * them into regions and blocks, and pixelmatch only for the evidence image when something changed
 * (docs/performance.md: decoding and pixelmatch dominate the cost).
 */
import { DefacewatchError, type ErrorCode } from '../core/errors.js';
import type { Box, RawImage, VisualDiff } from '../core/types.js';
import { bandsArea, unmaskedBands } from './boxes.js';
import { renderDiffImage } from './evidence.js';
import { decodePng, encodePng, pngSize } from './png.js';
import { diffRawImages, type RawDiff } from './raw-diff.js';
import { MAX_REGIONS } from './regions.js';
import { areasInUnknownState } from './volatile-states.js';

export { decodePng, encodePng, pngSize } from './png.js';
export { DEFAULT_PIXEL_THRESHOLD, diffRawImages, type RawDiff, type RawDiffOptions } from './raw-diff.js';

export interface CompareOptions {
  /**
   * Areas to ignore in both screenshots, in screenshot pixels (each screenshot's own). Prefer
   * `baselineMasks` and `currentMasks` when the boxes come from one capture: the page may have moved.
   */
  masks?: Box[];
  /** Areas to ignore in the baseline screenshot only (the baseline capture's `ignore` boxes). */
  baselineMasks?: Box[];
  /** Areas to ignore in the current screenshot only (the current capture's `ignore` boxes). */
  currentMasks?: Box[];
  /**
   * Per-channel colour tolerance, 0..1 of the channel range: a pixel is changed when any channel
   * differs by more than this. Also passed to pixelmatch as its `threshold` for the evidence image.
   */
  pixelThreshold?: number;
  /** Render `diffPng` when something changed (default true). */
  diffImage?: boolean;
  /**
   * Align the screenshots vertically before comparing (default true), so content pushed down by an
   * inserted block counts as moved, not changed. False compares row y with row y.
   */
  align?: boolean;
  /**
   * The baseline PNG already decoded (a cache of approved screenshots): used instead of decoding
   * `baselinePng` again. Only read, never written.
   */
  baselineImage?: () => Promise<RawImage>;
  /**
   * The baseline's volatile areas (baseline pixels) with the looks its samples showed in each. An
   * area showing one of them is masked; an area showing anything else is compared like the rest of
   * the page, so what lies in a carousel is judged too.
   */
  volatile?: { boxes: readonly Box[]; states?: readonly (readonly string[])[] };
}

/** A comparison and the decoded current screenshot, for image detectors that must not decode again. */
export interface ScreenshotComparison {
  visual: VisualDiff;
  /** The current screenshot as RGBA; absent when the PNGs were byte-identical (nothing was decoded). */
  currentImage?: RawImage;
  /** The baseline screenshot as RGBA, under the same condition (read only: it may be a cache's). */
  baselineImage?: RawImage;
  /** Volatile areas (baseline pixels) that showed none of their known looks and were compared. */
  unknownStates: Box[];
  /** Milliseconds spent decoding both PNGs, diffing the pixels and drawing the evidence picture (for the bench). */
  timings: { decode: number; diff: number; evidence: number };
  /**
   * Draws the evidence picture (the diff PNG) now, when it was not drawn yet because `diffImage` was
   * false: a caller that only keeps evidence for some verdicts draws it once it knows. Undefined
   * when no pixel changed.
   */
  drawEvidence(): Promise<Buffer | undefined>;
}

/**
 * Compares two PNG screenshots. Byte-identical input is `identical` without decoding. Pixels inside
 * masks are neither compared nor counted. The screenshots are aligned row by row first (align.ts):
 * a block inserted near the top is one `inserted` change and the content it pushed down is not
 * changed. What does not align is compared in place; rows only one side has count as changed where
 * they are not plain page background, so a page that grew by a footer is not "all changed".
 */
export async function compareScreenshots(baselinePng: Buffer, currentPng: Buffer, opts: CompareOptions): Promise<VisualDiff> {
  return (await compareScreenshotPair(baselinePng, currentPng, opts)).visual;
}

/**
 * `compareScreenshots`, also returning the current screenshot it decoded (kept out of the
 * JSON-serialisable VisualDiff), so the check hands it to image detectors.
 */
export async function compareScreenshotPair(baselinePng: Buffer, currentPng: Buffer, opts: CompareOptions): Promise<ScreenshotComparison> {
  const started = performance.now();
  if (baselinePng.equals(currentPng)) {
    const size = pngSize(currentPng) ?? (await decodePng(currentPng));
    const masks = [...(opts.masks ?? []), ...(opts.baselineMasks ?? []), ...(opts.volatile?.boxes ?? []), ...(opts.currentMasks ?? [])];
    const compared = bandsArea(unmaskedBands(masks, size.width, size.height));
    return {
      visual: {
        identical: true,
        changedFraction: 0,
        changedPixels: 0,
        comparedPixels: compared,
        regions: [],
        sizeChanged: false,
        changes: [],
        movedRows: 0,
      },
      unknownStates: [],
      timings: { decode: 0, diff: Math.round(performance.now() - started), evidence: 0 },
      drawEvidence: () => Promise.resolve(undefined),
    };
  }
  const [baseline, current] = await Promise.all([
    decodeOr(opts.baselineImage ?? (() => decodePng(baselinePng)), 'BASELINE_CORRUPT', 'The baseline screenshot cannot be decoded'),
    decodeOr(() => decodePng(currentPng), 'CAPTURE_FAILED', 'The new screenshot cannot be decoded'),
  ]);
  const decoded = performance.now();
  const baselineMasks = [...(opts.baselineMasks ?? []), ...(opts.volatile?.boxes ?? [])];
  let raw = diffRawImages(baseline, current, { ...opts, baselineMasks });
  // Only areas in a state the samples never showed are compared: a second pass without their masks.
  const unknownStates = opts.volatile ? areasInUnknownState(current, opts.volatile, raw.pairing.baselineRow) : [];
  if (unknownStates.length > 0) {
    const stillMasked = [...(opts.baselineMasks ?? []), ...(opts.volatile?.boxes ?? []).filter((box) => !unknownStates.includes(box))];
    raw = diffRawImages(baseline, current, { ...opts, baselineMasks: stillMasked });
  }
  const visual = toVisualDiff(raw);
  const diffed = performance.now();
  const drawEvidence = async (): Promise<Buffer | undefined> => (raw.changedPixels > 0 ? encodePng(renderDiffImage(baseline, current, raw)) : undefined);
  if (opts.diffImage !== false) {
    const png = await drawEvidence();
    if (png) visual.diffPng = png;
  }
  const timings = {
    decode: Math.round(decoded - started),
    diff: Math.round(diffed - decoded),
    evidence: Math.round(performance.now() - diffed),
  };
  return { visual, currentImage: current, baselineImage: baseline, unknownStates, timings, drawEvidence };
}

async function decodeOr(decode: () => Promise<RawImage>, code: ErrorCode, what: string): Promise<RawImage> {
  try {
    return await decode();
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
    changes: raw.changes,
    movedRows: raw.pairing.movedRows,
  };
}
