import type { Box, Capture, RawImage, Volatility } from '../core/types.js';
import { boxesNear, clipBox, unionBox } from './boxes.js';
import { compareDom } from './dom.js';
import { decodePng, pixelWords } from './png.js';
import { toleranceFor, wordsDiffer } from './raw-diff.js';
import { textShape } from './text.js';
import { compareScreenshotPair } from './visual.js';
import { lookOf, TEXT_LINE_MAX_HEIGHT, VOLATILE_BOX_PADDING } from './volatile-states.js';

/** Boxes closer than this merge into one. */
const MERGE_GAP = 12;
/**
 * At most this fraction of the page is ever masked as volatile. A page that changes almost
 * everywhere between samples (an A/B test, a layout that shifts) must not blind the check: never
 * missing a visible defacement matters more than a quiet day. The smallest boxes are kept first.
 */
const MAX_MASKED_FRACTION = 0.25;

function mergeBoxes(boxes: Box[]): Box[] {
  const merged: Box[] = [];
  for (const box of boxes) {
    let current = box;
    for (let i = merged.length - 1; i >= 0; i--) {
      if (boxesNear(merged[i]!, current, MERGE_GAP)) {
        current = unionBox(merged[i]!, current);
        merged.splice(i, 1);
      }
    }
    merged.push(current);
  }
  return merged.length === boxes.length ? merged : mergeBoxes(merged);
}

/**
 * A volatile box is widened along its line of text by at most this many times its height on each
 * side: the samples may all agree on some characters of a clock (their clock times are whole seconds
 * apart, so the milliseconds never differed) that a check's clock does not.
 */
const LINE_REACH_HEIGHTS = 4;

/**
 * Only lines of text are widened (a clock, a date, a counter): a carousel's box stays as it is, or it
 * would swallow the sidebar beside it.
 *
 * `box` widened left and right over the ink of its rows in `image`: columns with any pixel off the
 * rows' background, with gaps narrower than the box's height (between words) bridged. A clock's
 * changing digits grow into the whole clock.
 */
function alongLine(image: RawImage, box: Box): Box {
  const b = clipBox(box, image.width, image.height);
  if (!b || b.height > TEXT_LINE_MAX_HEIGHT) return box;
  const words = pixelWords(image);
  const tol = toleranceFor(undefined);
  const reach = LINE_REACH_HEIGHTS * b.height;
  const lo = Math.max(0, b.x - reach);
  const hi = Math.min(image.width, b.x + b.width + reach);
  // The rows' background: their most common colour over the reach.
  const counts = new Map<number, number>();
  let bg = words[b.y * image.width + lo] as number;
  for (let y = b.y; y < b.y + b.height; y++) {
    for (let x = lo; x < hi; x++) {
      const w = words[y * image.width + x] as number;
      const n = (counts.get(w) ?? 0) + 1;
      counts.set(w, n);
      if (n > (counts.get(bg) ?? 0)) bg = w;
    }
  }
  const inked = (x: number): boolean => {
    for (let y = b.y; y < b.y + b.height; y++) if (wordsDiffer(words[y * image.width + x] as number, bg, tol)) return true;
    return false;
  };
  const gap = Math.max(4, b.height);
  let x0 = b.x;
  for (let x = b.x - 1, blank = 0; x >= lo && blank <= gap; x--) {
    if (inked(x)) {
      x0 = x;
      blank = 0;
    } else blank++;
  }
  let x1 = b.x + b.width;
  for (let x = b.x + b.width, blank = 0; x < hi && blank <= gap; x++) {
    if (inked(x)) {
      x1 = x + 1;
      blank = 0;
    } else blank++;
  }
  return { x: x0, y: box.y, width: x1 - x0, height: box.height };
}

function pad(box: Box, width: number): Box {
  const x = Math.max(0, box.x - VOLATILE_BOX_PADDING);
  const y = Math.max(0, box.y - VOLATILE_BOX_PADDING);
  return {
    x,
    y,
    width: Math.min(width, box.x + box.width + VOLATILE_BOX_PADDING) - x,
    height: box.y + box.height + VOLATILE_BOX_PADDING - y,
  };
}

/**
 * Learns what changes on a page by itself, from several captures of the same unchanged page taken
 * at different clock times and random seeds: the screen areas that differ between samples (clocks,
 * carousels, rotating news), the looks each area showed across the samples, and the text blocks that
 * differ. Boxes are in the first sample's pixels, which is the capture stored as the baseline.
 */
export async function learnVolatility(samples: readonly Capture[]): Promise<Volatility> {
  const [first, ...others] = samples;
  if (!first) throw new RangeError('learnVolatility needs at least one sample');
  const boxes: Box[] = [];
  const shapes = new Set<string>();
  let image: RawImage | undefined;
  const firstImage = async (): Promise<RawImage> => (image ??= await decodePng(first.screenshot));
  const otherImages: RawImage[] = [];
  for (const other of others) {
    // Compared in place (no alignment): the boxes must be where the baseline has them.
    const { visual, currentImage } = await compareScreenshotPair(first.screenshot, other.screenshot, {
      baselineMasks: first.ignoredBoxes,
      currentMasks: other.ignoredBoxes,
      diffImage: false,
      align: false,
      baselineImage: firstImage,
    });
    if (currentImage) otherImages.push(currentImage);
    for (const region of visual.regions) boxes.push(pad(alongLine(await firstImage(), region), first.screenshotSize.width));
    const dom = compareDom(first, other);
    const imageTexts = [...(dom.imageTextAdded ?? []), ...(dom.imageTextRemoved ?? [])];
    for (const block of [...dom.textAdded, ...dom.textRemoved, ...imageTexts]) shapes.add(textShape(block));
  }
  const pageArea = first.screenshotSize.width * first.screenshotSize.height;
  let masked = 0;
  const kept = mergeBoxes(boxes)
    .map((box) => clipBox(box, first.screenshotSize.width, first.screenshotSize.height))
    .filter((box): box is Box => box !== null)
    .sort((a, b) => a.width * a.height - b.width * b.height)
    .filter((box) => {
      masked += box.width * box.height;
      return masked <= pageArea * MAX_MASKED_FRACTION;
    })
    .sort((a, b) => a.y - b.y || a.x - b.x);
  const sampleImages = kept.length > 0 ? [await firstImage(), ...otherImages] : [];
  const states = kept.map((box) => [...new Set(sampleImages.map((sample) => lookOf(sample, box)).filter((look) => look !== undefined))]);
  return { samples: samples.length, boxes: kept, states, textShapes: [...shapes].sort() };
}
