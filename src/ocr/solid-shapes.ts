/**
 * Lettering across a solid shape of its own colour (a slogan over a painted sun, a word touching a
 * filled badge) is lost to Tesseract as a whole: the letters merged with the shape make one blob that
 * is no glyph, and the words on either side of it go with it (measured: "Trung Quốc" over a sun read
 * as "Tru Bud"). Letters are strokes a few pixels wide; such a shape is solid far beyond a stroke's
 * width. Removing what a square several strokes wide fits into (a morphological opening) takes the
 * shape away and leaves the letters, apart from the part of them drawn inside it, so the rest of the
 * words read again.
 */
import { DARK } from './dark.js';

/** A square this many stroke widths wide fits into a solid shape, never into a letter's stroke or a crossing of two. */
const SOLID_STROKES = 2.5;
/** Squares smaller than this are no test: hairline type makes everything look solid. */
const MIN_SIDE = 5;
/** A part is worth a second reading when solid shapes hold at least this share of its dark pixels… */
const MIN_SOLID_SHARE = 0.015;
/** …and not more: a part that is mostly solid is a picture, not lettering. */
const MAX_SOLID_SHARE = 0.6;

/** The median length of the horizontal runs of dark pixels: about the stroke width of the type. */
function strokeWidth(dark: Uint8Array, width: number, height: number): number {
  const runs: number[] = [];
  for (let y = 0; y < height; y++) {
    let run = 0;
    for (let x = 0; x <= width; x++) {
      if (x < width && dark[y * width + x] === 1) run++;
      else if (run > 0) {
        runs.push(run);
        run = 0;
      }
    }
  }
  runs.sort((a, b) => a - b);
  return runs[runs.length >> 1] ?? 0;
}

/** Summed-area table of a 0/1 mask, one row and column of zeros in front. */
function summedArea(mask: Uint8Array, width: number, height: number): Int32Array {
  const w = width + 1;
  const sat = new Int32Array(w * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    for (let x = 0; x < width; x++) {
      row += mask[y * width + x]!;
      sat[(y + 1) * w + x + 1] = sat[y * w + x + 1]! + row;
    }
  }
  return sat;
}

/** Sum of the mask over columns [x0, x1) and rows [y0, y1), clipped to the picture. */
function boxSum(sat: Int32Array, width: number, height: number, x0: number, y0: number, x1: number, y1: number): number {
  const w = width + 1;
  const a = Math.max(0, x0);
  const b = Math.max(0, y0);
  const c = Math.min(width, x1);
  const d = Math.min(height, y1);
  if (c <= a || d <= b) return 0;
  return sat[d * w + c]! - sat[b * w + c]! - sat[d * w + a]! + sat[b * w + a]!;
}

/**
 * A copy of `grey` (dark text on light, `width` × `height`) with the solid shapes whitened, or null
 * when there are none worth a second reading: no square SOLID_STROKES stroke widths wide fits into
 * its dark pixels, or nearly everything is solid.
 */
export function withoutSolidShapes(grey: Uint8Array, width: number, height: number): Uint8Array | null {
  const n = width * height;
  const dark = new Uint8Array(n);
  let darkCount = 0;
  for (let i = 0; i < n; i++) {
    if (grey[i]! < DARK) {
      dark[i] = 1;
      darkCount++;
    }
  }
  if (darkCount === 0) return null;
  const side = Math.max(MIN_SIDE, Math.round(SOLID_STROKES * strokeWidth(dark, width, height)));
  const before = side >> 1;
  const after = side - before;
  // Erosion: the pixels a side × side square of dark pixels is centred on.
  const darkSat = summedArea(dark, width, height);
  const core = new Uint8Array(n);
  let cores = 0;
  for (let y = before; y + after <= height; y++) {
    for (let x = before; x + after <= width; x++) {
      if (boxSum(darkSat, width, height, x - before, y - before, x + after, y + after) === side * side) {
        core[y * width + x] = 1;
        cores++;
      }
    }
  }
  if (cores === 0) return null;
  // Dilation of the cores by the same square: the solid shapes themselves.
  const coreSat = summedArea(core, width, height);
  const out = Uint8Array.from(grey);
  let solid = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (dark[i] === 1 && boxSum(coreSat, width, height, x - after + 1, y - after + 1, x + before + 1, y + before + 1) > 0) {
        out[i] = 255;
        solid++;
      }
    }
  }
  const share = solid / darkCount;
  return share >= MIN_SOLID_SHARE && share <= MAX_SOLID_SHARE ? out : null;
}
