/**
 * The block of the page a change sits in, found on the page's picture: the change's box grown to the
 * calm margins around it. A calm margin is a run of rows (or columns) of one plain colour wide enough
 * to part two blocks, or the edge of a band or card of another colour. Lines of a paragraph, and a
 * heading and the paragraph under it, are closer together than that, so a changed paragraph grows to
 * take in the heading above it. Large things are spaced more widely: the margin that parts grows with
 * the height (or width) of the content just before it, so a defacer's flag takes in the slogan set
 * well under it while a line of text does not reach the next section. Pure.
 */
import type { Box, RawImage } from '../core/types.js';
import { clipBox } from './boxes.js';

export interface EnclosingBlockOptions {
  /** Plain rows or columns in a row that part two blocks, at least. Default 40. */
  margin: number;
  /** …or this share of the content just before the margin (its rows, or columns), if more… Default 0.3. */
  marginShare: number;
  /** …but never more than this. Default 96. */
  maxMargin: number;
  /** Farthest the box grows on each side, in pixels. Default 480. */
  reach: number;
  /** Per-channel difference within which two pixels are the same colour (anti-aliasing, gradients). Default 10. */
  tolerance: number;
}

export const ENCLOSING_BLOCK_DEFAULTS: Readonly<EnclosingBlockOptions> = Object.freeze({ margin: 40, marginShare: 0.3, maxMargin: 96, reach: 480, tolerance: 10 });

/** Growing sideways can uncover more above or below: this many rounds at most. */
const ROUNDS = 3;

/**
 * `box` grown on `image` to the calm margins around it, no farther than `reach` from it on any side.
 * A box outside the picture comes back clipped (or as it was, when nothing of it is inside).
 */
export function enclosingBlock(image: RawImage, box: Box, options: Partial<EnclosingBlockOptions> = {}): Box {
  const o = { ...ENCLOSING_BLOCK_DEFAULTS, ...options };
  const start = clipBox(box, image.width, image.height);
  if (start === null) return box;
  const limit = {
    x0: Math.max(0, start.x - o.reach),
    y0: Math.max(0, start.y - o.reach),
    x1: Math.min(image.width, start.x + start.width + o.reach),
    y1: Math.min(image.height, start.y + start.height + o.reach),
  };
  const gap: Gap = {
    parting: (content) => Math.max(o.margin, Math.min(o.maxMargin, Math.round(o.marginShare * content))),
    tolerance: o.tolerance,
  };
  let e = { x0: start.x, y0: start.y, x1: start.x + start.width, y1: start.y + start.height };
  for (let round = 0; round < ROUNDS; round++) {
    const rows = (y: number): number => calmRun(image, y, e.x0, e.x1, 'row', o.tolerance);
    const y0 = grow(e.y0, -1, limit.y0, e.y1 - 1, rows, gap);
    const y1 = grow(e.y1 - 1, 1, limit.y1 - 1, e.y0, rows, gap) + 1;
    const cols = (x: number): number => calmRun(image, x, y0, y1, 'column', o.tolerance);
    const x0 = grow(e.x0, -1, limit.x0, e.x1 - 1, cols, gap);
    const x1 = grow(e.x1 - 1, 1, limit.x1 - 1, e.x0, cols, gap) + 1;
    const next = { x0: Math.min(x0, e.x0), y0: Math.min(y0, e.y0), x1: Math.max(x1, e.x1), y1: Math.max(y1, e.y1) };
    if (next.x0 === e.x0 && next.y0 === e.y0 && next.x1 === e.x1 && next.y1 === e.y1) break;
    e = next;
  }
  return { x: e.x0, y: e.y0, width: e.x1 - e.x0, height: e.y1 - e.y0 };
}

/** What parts two blocks: plain lines as many as `parting` says for the content before them. */
interface Gap {
  parting: (contentLines: number) => number;
  tolerance: number;
}

/**
 * Walks out from the box's edge line `edge` in steps of `step` to `last`, and returns the farthest
 * line that holds content before a calm margin (or a change of plain colour) stops the walk: `edge`
 * when the lines beyond it are calm. The content just inside the edge, as far as `inner`, is the
 * first content the margin is measured against.
 */
function grow(edge: number, step: 1 | -1, last: number, inner: number, plain: (line: number) => number, gap: Gap): number {
  // Inside, whatever is not the plain colour just outside is content: a solid flag's plain red rows too.
  const beyond = edge + step;
  const outside = (step < 0 ? beyond >= last : beyond <= last) ? plain(beyond) : -1;
  const isContent = (c: number): boolean => c < 0 || (outside >= 0 && !sameColour(c, outside, gap.tolerance));
  // A box drawn a line or two wider than what it holds: its own plain edge lines are not content.
  const depth = Math.abs(edge - inner) + 1;
  let skipped = 0;
  while (skipped < depth && !isContent(plain(edge - step * skipped))) skipped++;
  let content = 0;
  while (skipped + content < depth && isContent(plain(edge - step * (skipped + content)))) content++;
  let farthest = edge;
  let run = 0;
  let colour = -1;
  for (let line = edge + step; step < 0 ? line >= last : line <= last; line += step) {
    const c = plain(line);
    if (c < 0) {
      content = run === 0 ? content + 1 : 1;
      farthest = line;
      run = 0;
      colour = -1;
      continue;
    }
    // A plain line of another colour than the plain lines before it: a band or card ends here.
    if (colour >= 0 && !sameColour(c, colour, gap.tolerance)) break;
    colour = c;
    if (++run >= gap.parting(content)) break;
  }
  return farthest;
}

/**
 * The colour (RGB as a number) of a row's pixels x0..x1 (or a column's y0..y1) when they are all of
 * it within `tolerance`, else -1: the line holds content.
 */
function calmRun(image: RawImage, at: number, from: number, to: number, along: 'row' | 'column', tolerance: number): number {
  const { data, width } = image;
  const index = (i: number): number => (along === 'row' ? (at * width + i) * 4 : (i * width + at) * 4);
  const first = index(from);
  const r = data[first]!;
  const g = data[first + 1]!;
  const b = data[first + 2]!;
  for (let i = from + 1; i < to; i++) {
    const p = index(i);
    if (Math.abs(data[p]! - r) > tolerance || Math.abs(data[p + 1]! - g) > tolerance || Math.abs(data[p + 2]! - b) > tolerance) return -1;
  }
  return (r << 16) | (g << 8) | b;
}

function sameColour(a: number, b: number, tolerance: number): boolean {
  return [16, 8, 0].every((shift) => Math.abs(((a >> shift) & 0xff) - ((b >> shift) & 0xff)) <= tolerance);
}
