/**
 * The looks a volatile area showed across the baseline samples (a carousel's slides, an ad's
 * creatives), and the test whether a check shows one of them. A volatile area is a place where one
 * of the seen states is expected, not a place where nothing counts: content that matches none of
 * them is compared and judged like any other part of the page.
 *
 * A look is a thumbnail of the area: the mean colour of each cell of a grid of about 20-pixel cells.
 * Re-encoding a picture moves cell means by a level or two; another slide, or a flag or a slogan
 * laid over a slide, moves some cells by far more.
 */
import type { Box, RawImage } from '../core/types.js';
import { clipBox } from './boxes.js';

/**
 * Areas up to this tall are lines of text (a clock, a date, a counter): their states are the shapes
 * of their text, which the DOM comparison knows (text blocks of a volatile shape are quiet, any other
 * text is judged), so their pixels stay masked whatever digits they show.
 */
export const TEXT_LINE_MAX_HEIGHT = 40;
/** Volatile boxes are grown by this much, so a clock whose digits change width stays covered. */
export const VOLATILE_BOX_PADDING = 6;

/**
 * Target side of a thumbnail cell in pixels: a line of small type laid over a slide covers a good
 * part of a few cells and moves their means well past MAX_CELL_DIFFERENCE.
 */
const CELL_SIZE = 20;
/**
 * A look matches when no cell's mean differs by more than this many levels in any channel: a picture
 * re-encoded stays within a few levels; a new picture, or a line of type laid over it, does not.
 */
export const MAX_CELL_DIFFERENCE = 24;
/** At most this many cells across and down (a very large area gets larger cells). */
const MAX_CELLS_PER_SIDE = 64;

/** Cells of a thumbnail of a `width` × `height` area. */
function gridOf(width: number, height: number): { cols: number; rows: number } {
  const side = (n: number): number => Math.max(1, Math.min(MAX_CELLS_PER_SIDE, Math.round(n / CELL_SIZE)));
  return { cols: side(width), rows: side(height) };
}

/**
 * The look of `box` in `image` as a string (base64 of the cells' mean RGB), or undefined when the
 * box lies outside the image. `box` is the area's place in this image.
 */
export function lookOf(image: RawImage, box: Box): string | undefined {
  const b = clipBox(box, image.width, image.height);
  // An area cut short by the bottom of the page shows something else than the area it stands for.
  if (!b || b.width !== Math.round(box.width) || b.height !== Math.round(box.height)) return undefined;
  const { cols, rows } = gridOf(b.width, b.height);
  const out = new Uint8Array(cols * rows * 3);
  const data = image.data;
  for (let r = 0; r < rows; r++) {
    const y0 = b.y + Math.floor((r * b.height) / rows);
    const y1 = b.y + Math.floor(((r + 1) * b.height) / rows);
    for (let c = 0; c < cols; c++) {
      const x0 = b.x + Math.floor((c * b.width) / cols);
      const x1 = b.x + Math.floor(((c + 1) * b.width) / cols);
      let red = 0;
      let green = 0;
      let blue = 0;
      for (let y = y0; y < y1; y++) {
        for (let i = (y * image.width + x0) * 4, end = (y * image.width + x1) * 4; i < end; i += 4) {
          red += data[i]!;
          green += data[i + 1]!;
          blue += data[i + 2]!;
        }
      }
      const n = Math.max(1, (y1 - y0) * (x1 - x0));
      const o = (r * cols + c) * 3;
      out[o] = Math.round(red / n);
      out[o + 1] = Math.round(green / n);
      out[o + 2] = Math.round(blue / n);
    }
  }
  return Buffer.from(out).toString('base64');
}

/** True when two looks of the same area agree cell by cell within MAX_CELL_DIFFERENCE. */
export function looksMatch(a: string, b: string): boolean {
  if (a === b) return true;
  const x = Buffer.from(a, 'base64');
  const y = Buffer.from(b, 'base64');
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (Math.abs(x[i]! - y[i]!) > MAX_CELL_DIFFERENCE) return false;
  return true;
}

/**
 * Where the baseline rows [y, y + height) of an area stand in the current screenshot, given which
 * baseline row each current row was aligned with (-1: inserted): the first current row showing the
 * area's top row, when the area's rows follow on one from another there. Undefined when the area was
 * cut, torn apart or removed; the area is then compared where it was.
 */
export function alignedTop(baselineRow: Int32Array, box: Box): number | undefined {
  const top = Math.round(box.y);
  const height = Math.round(box.height);
  for (let y = 0; y < baselineRow.length; y++) {
    if (baselineRow[y] !== top) continue;
    if (y + height - 1 < baselineRow.length && baselineRow[y + height - 1] === top + height - 1) return y;
  }
  return undefined;
}

/** A baseline volatile area with the looks the samples showed in it. */
export interface VolatileArea {
  box: Box;
  states: readonly string[];
}

/**
 * True when the current screenshot shows, in `area` (found at current row `top`, or in place), one of
 * the looks the baseline samples showed there.
 */
export function showsKnownState(current: RawImage, area: VolatileArea, top: number | undefined): boolean {
  const at = { ...area.box, y: top ?? area.box.y };
  const look = lookOf(current, at);
  return look !== undefined && area.states.some((state) => looksMatch(state, look));
}

/**
 * The volatile areas of a baseline whose current look is none of the looks the samples showed: they
 * must be compared like the rest of the page. Lines of text and areas learnt without states (older
 * baselines) are never listed. `baselineRow` is the alignment of a first comparison, so an area that
 * a new block pushed down is looked for where it went.
 */
export function areasInUnknownState(current: RawImage, volatility: { boxes: readonly Box[]; states?: readonly (readonly string[])[] }, baselineRow: Int32Array): Box[] {
  const unknown: Box[] = [];
  volatility.boxes.forEach((box, i) => {
    const states = volatility.states?.[i];
    if (!states || states.length === 0 || box.height <= TEXT_LINE_MAX_HEIGHT + 2 * VOLATILE_BOX_PADDING) return;
    if (!showsKnownState(current, { box, states }, alignedTop(baselineRow, box))) unknown.push(box);
  });
  return unknown;
}

/**
 * `volatility` with the looks `image` shows in its areas added: an approved page becomes the
 * baseline, so what its carousel showed when it was approved is a known state from then on.
 */
export function withLooksOf<T extends { boxes: Box[]; states?: string[][] }>(volatility: T, image: RawImage): T {
  if (!volatility.states) return volatility;
  const states = volatility.boxes.map((box, i) => {
    const known = volatility.states?.[i] ?? [];
    const look = lookOf(image, box);
    return look === undefined || known.includes(look) ? [...known] : [...known, look];
  });
  return { ...volatility, states };
}
