import type { Box, Capture, Volatility } from '../core/types.js';
import { boxesNear, unionBox } from './boxes.js';
import { compareDom } from './dom.js';
import { textShape } from './text.js';
import { compareScreenshots } from './visual.js';

/** Volatile boxes are grown by this much, so a clock whose digits change width stays covered. */
const BOX_PADDING = 6;
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

function pad(box: Box, width: number): Box {
  const x = Math.max(0, box.x - BOX_PADDING);
  const y = Math.max(0, box.y - BOX_PADDING);
  return {
    x,
    y,
    width: Math.min(width, box.x + box.width + BOX_PADDING) - x,
    height: box.y + box.height + BOX_PADDING - y,
  };
}

/**
 * Learns what changes on a page by itself, from several captures of the same unchanged page taken
 * at different clock times and random seeds: the screen areas that differ between samples (clocks,
 * carousels, rotating news) and the text blocks that do. Boxes are in the first sample's pixels,
 * which is the capture stored as the baseline.
 */
export async function learnVolatility(samples: readonly Capture[]): Promise<Volatility> {
  const [first, ...others] = samples;
  if (!first) throw new RangeError('learnVolatility needs at least one sample');
  const boxes: Box[] = [];
  const shapes = new Set<string>();
  for (const other of others) {
    // Compared in place (no alignment): the boxes must be where the baseline has them.
    const visual = await compareScreenshots(first.screenshot, other.screenshot, {
      baselineMasks: first.ignoredBoxes,
      currentMasks: other.ignoredBoxes,
      diffImage: false,
      align: false,
    });
    boxes.push(...visual.regions.map((box) => pad(box, first.screenshotSize.width)));
    const dom = compareDom(first, other);
    for (const block of [...dom.textAdded, ...dom.textRemoved]) shapes.add(textShape(block));
  }
  const pageArea = first.screenshotSize.width * first.screenshotSize.height;
  let masked = 0;
  const kept = mergeBoxes(boxes)
    .sort((a, b) => a.width * a.height - b.width * b.height)
    .filter((box) => {
      masked += box.width * box.height;
      return masked <= pageArea * MAX_MASKED_FRACTION;
    })
    .sort((a, b) => a.y - b.y || a.x - b.x);
  return { samples: samples.length, boxes: kept, textShapes: [...shapes].sort() };
}
