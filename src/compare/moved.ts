/**
 * Content that moved rather than changed. The aligned comparison lines rows up vertically; a page
 * whose text reflows between columns still shows its old pictures, only elsewhere, and those come
 * out as changed regions. Before costly work on such a region (OCR of a picture), a detector asks
 * whether its pixels were on the approved page already, anywhere.
 */
import type { Box, RawImage } from '../core/types.js';
import { clipBox } from './boxes.js';

/**
 * Rows of the box tried as the search key, as fractions of its height, the first with enough
 * detail wins. The top row first: in a picture whose rows repeat (stripes, a bar chart) the first
 * place the key matches is the top of the repeating run, which lines the rest up.
 */
const PROBE_ROWS = [0, 0.25, 0.5, 0.75];
/** A key row needs this many colour changes along it: a flat row matches everywhere. */
const MIN_KEY_CHANGES = 4;
/** Places where the key row matched that are checked whole, at most (a repeated pattern). */
const MAX_CANDIDATES = 32;

function bytesOf(image: RawImage): Buffer {
  return Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
}

function colourChanges(image: RawImage, x: number, y: number, width: number): number {
  const { data } = image;
  let changes = 0;
  for (let i = (y * image.width + x) * 4, end = i + (width - 1) * 4; i < end; i += 4) {
    if (data[i] !== data[i + 4] || data[i + 1] !== data[i + 5] || data[i + 2] !== data[i + 6]) changes++;
  }
  return changes;
}

/**
 * True when the pixels of `box` in `current` appear, exactly, somewhere in `baseline` (at any
 * position): the approved page showed them already. False when they do not, or when the box is too
 * plain to tell (a flat box matches anywhere and proves nothing).
 */
export function shownBefore(baseline: RawImage, current: RawImage, box: Box): boolean {
  const b = clipBox(box, current.width, current.height);
  if (!b || b.width > baseline.width || b.height > baseline.height) return false;
  const key = PROBE_ROWS.map((f) => b.y + Math.floor(f * (b.height - 1))).find((y) => colourChanges(current, b.x, y, b.width) >= MIN_KEY_CHANGES);
  if (key === undefined) return false;
  const hay = bytesOf(baseline);
  const cur = bytesOf(current);
  const rowBytes = b.width * 4;
  const needle = cur.subarray((key * current.width + b.x) * 4, (key * current.width + b.x) * 4 + rowBytes);
  const keyOffset = key - b.y;
  let candidates = 0;
  for (let at = hay.indexOf(needle); at >= 0 && candidates < MAX_CANDIDATES; at = hay.indexOf(needle, at + 1)) {
    if (at % 4 !== 0) continue;
    const pixel = at / 4;
    const x = pixel % baseline.width;
    const top = Math.floor(pixel / baseline.width) - keyOffset;
    if (x + b.width > baseline.width || top < 0 || top + b.height > baseline.height) continue;
    candidates++;
    let same = true;
    for (let r = 0; r < b.height && same; r++) {
      const a = ((top + r) * baseline.width + x) * 4;
      const c = ((b.y + r) * current.width + b.x) * 4;
      same = hay.compare(cur, c, c + rowBytes, a, a + rowBytes) === 0;
    }
    if (same) return true;
  }
  return false;
}
