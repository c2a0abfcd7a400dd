/**
 * Lettering over a busy part of a picture (white words across lit windows, a slogan over a crowd) has
 * no single grey level that parts it from what is behind: every channel and threshold keeps some of
 * the picture and loses some of the letters (measured: white 44 px lettering across a street of
 * windows read as "VEER ay ree"). Its colour does part it: letters are drawn in one colour, which the
 * picture around the lettering (the part's border) hardly holds, and which lies in lines as high as
 * the type (where a picture's own details of one colour, windows or leaves, spread over the part).
 * The part is read again keyed on that colour: near it dark, everything else light.
 */
import type { Box, RawImage } from '../core/types.js';

/** Colours are counted in bins of 3 bits a channel (512 bins). */
const BIN_SHIFT = 5;
/** A text colour covers at least this share of the part… */
const MIN_INSIDE_SHARE = 0.02;
/** …and at most this share of its border (the lettering does not run off the part). */
const MAX_BORDER_SHARE = 0.01;
/** Width of the border band, pixels. */
const BORDER = 3;
/**
 * Colour distance (RGB, Euclidean) from the key below which a pixel is lettering. The copy is black
 * and white: Tesseract thresholds a whole sheet at once, and greys of a copy would move that
 * threshold for every other part on it.
 */
const NEAR = 60;
/** At most this many colours are tried per part… */
const MAX_KEYS = 1;
/** …each with at least this share of its pixels in its best line (or two lines) of type. */
const MIN_IN_LINES = 0.6;

function binOf(data: Uint8Array, i: number): number {
  return ((data[i]! >> BIN_SHIFT) << 6) | ((data[i + 1]! >> BIN_SHIFT) << 3) | (data[i + 2]! >> BIN_SHIFT);
}

/**
 * The share of a colour's pixels (counted per row of the part) in its best two bands as high as the
 * type: lettering lies in lines, a picture's details do not.
 */
function inLines(rows: Uint32Array, band: number): number {
  let total = 0;
  for (const r of rows) total += r;
  if (total === 0) return 0;
  const sums: number[] = [];
  let run = 0;
  for (let y = 0; y < rows.length; y++) {
    run += rows[y]!;
    if (y >= band) run -= rows[y - band]!;
    sums.push(run);
  }
  const best = Math.max(...sums);
  const at = sums.indexOf(best);
  // The second line: the best band that does not overlap the first.
  const second = Math.max(0, ...sums.filter((_, y) => y <= at - band || y >= at + band));
  return (best + second) / total;
}

/**
 * Grey copies of `box` in `image` (dark text on light, box-sized), one per colour the part holds
 * much of, its border hardly at all, and in lines as high as `glyphHeight`; none when there is no
 * such colour.
 */
export function keyedOnTextColour(image: RawImage, box: Box, glyphHeight = box.height / 2): Uint8Array[] {
  const { data, width } = image;
  const inside = new Uint32Array(512);
  const border = new Uint32Array(512);
  const sums = new Float64Array(512 * 3);
  let borderCount = 0;
  for (let y = box.y; y < box.y + box.height; y++) {
    for (let x = box.x, i = (y * width + x) * 4; x < box.x + box.width; x++, i += 4) {
      const bin = binOf(data, i);
      inside[bin]! += 1;
      sums[bin * 3]! += data[i]!;
      sums[bin * 3 + 1]! += data[i + 1]!;
      sums[bin * 3 + 2]! += data[i + 2]!;
      if (x - box.x < BORDER || y - box.y < BORDER || box.x + box.width - 1 - x < BORDER || box.y + box.height - 1 - y < BORDER) {
        border[bin]! += 1;
        borderCount++;
      }
    }
  }
  const n = box.width * box.height;
  const candidates: number[] = [];
  for (let bin = 0; bin < 512; bin++) {
    if (inside[bin]! >= MIN_INSIDE_SHARE * n && border[bin]! <= MAX_BORDER_SHARE * borderCount) candidates.push(bin);
  }
  if (candidates.length === 0) return [];
  const rows = new Map(candidates.map((bin) => [bin, new Uint32Array(box.height)]));
  for (let y = box.y; y < box.y + box.height; y++) {
    for (let x = box.x, i = (y * width + x) * 4; x < box.x + box.width; x++, i += 4) {
      const r = rows.get(binOf(data, i));
      if (r) r[y - box.y]! += 1;
    }
  }
  const band = Math.max(2, Math.round(glyphHeight * 1.3));
  const lined = candidates.map((bin) => ({ bin, share: inLines(rows.get(bin)!, band) })).filter((c) => c.share >= MIN_IN_LINES);
  lined.sort((a, b) => b.share - a.share || inside[b.bin]! - inside[a.bin]!);
  return lined.slice(0, MAX_KEYS).map(({ bin }) => {
    const count = inside[bin]!;
    const key = [sums[bin * 3]! / count, sums[bin * 3 + 1]! / count, sums[bin * 3 + 2]! / count] as const;
    const grey = new Uint8Array(n);
    let o = 0;
    for (let y = box.y; y < box.y + box.height; y++) {
      for (let x = box.x, i = (y * width + x) * 4; x < box.x + box.width; x++, i += 4, o++) {
        const d = Math.hypot(data[i]! - key[0], data[i + 1]! - key[1], data[i + 2]! - key[2]);
        grey[o] = d < NEAR ? 0 : 255;
      }
    }
    return grey;
  });
}
