/**
 * Colour classes: every pixel is one of a few flag colours or `OTHER`. Ranges are wide on purpose
 * (photographed, shaded, JPEG-compressed flags) and leave gaps between neighbours (orange between red
 * and yellow, grey between white and black) so a blurred edge is "neither" rather than "wrong".
 */
import type { FlagColour } from '../data/flags.js';

/** Class ids; 0 is "no flag colour". Each id also names a bit (1 << id) in class masks. */
export const OTHER = 0;
export const CLASS_IDS: Readonly<Record<FlagColour, number>> = { red: 1, yellow: 2, white: 3, blue: 4, green: 5, black: 6 };
/**
 * Between red and yellow: a blurred or JPEG-smeared edge of a yellow star on red. Not a flag colour;
 * it may stand in for either neighbour where the template has one (recall) but never counts as one.
 */
export const ORANGE = 7;
/** Marks a sample outside the scanned image: neither a match nor a miss. */
export const UNKNOWN = 255;

/** A representative RGB per class, for rendering templates people can look at (and for tests). */
export const CLASS_RGB: Readonly<Record<FlagColour, readonly [number, number, number]>> = {
  red: [222, 41, 16],
  yellow: [255, 222, 0],
  white: [255, 255, 255],
  blue: [0, 56, 168],
  green: [0, 122, 61],
  black: [0, 0, 0],
};

/** The class of one colour (0..255 channels). */
export function classifyRgb(r: number, g: number, b: number): number {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const chroma = max - min;
  const s = max === 0 ? 0 : chroma / max;
  if (max < 50 || (max < 80 && s < 0.35)) return CLASS_IDS.black;
  if (s < 0.2) return max >= 170 ? CLASS_IDS.white : OTHER;
  if (chroma < 40) return OTHER;
  let h: number;
  if (max === r) h = (((g - b) / chroma) * 60 + 360) % 360;
  else if (max === g) h = ((b - r) / chroma) * 60 + 120;
  else h = ((r - g) / chroma) * 60 + 240;
  // Hue ranges in degrees; the gaps (orange 20–34, cyan, purple) are deliberate.
  if (h >= 340 || h < 20) return max >= 70 && s >= 0.35 ? CLASS_IDS.red : OTHER;
  if (h >= 20 && h < 34) return max >= 110 && s >= 0.35 ? ORANGE : OTHER;
  if (h >= 34 && h < 75) return max >= 110 && s >= 0.35 ? CLASS_IDS.yellow : OTHER;
  if (h >= 75 && h < 165) return CLASS_IDS.green;
  if (h >= 195 && h < 265) return CLASS_IDS.blue;
  return OTHER;
}

/** Bits per channel of the lookup table: 5 keeps it at 32 KiB with ≤ 4 levels of rounding error. */
const LUT_BITS = 5;
const LUT_SHIFT = 8 - LUT_BITS;

/** Builds the RGB → class lookup table (colours at the centre of each quantisation cell). */
export function buildClassTable(): Uint8Array {
  const n = 1 << LUT_BITS;
  const table = new Uint8Array(n * n * n);
  const half = 1 << (LUT_SHIFT - 1);
  for (let r = 0; r < n; r++) {
    for (let g = 0; g < n; g++) {
      for (let b = 0; b < n; b++) {
        table[(r << (2 * LUT_BITS)) | (g << LUT_BITS) | b] = classifyRgb((r << LUT_SHIFT) + half, (g << LUT_SHIFT) + half, (b << LUT_SHIFT) + half);
      }
    }
  }
  return table;
}

/** Index into a table from `buildClassTable` for one colour. */
export function classIndex(r: number, g: number, b: number): number {
  return ((r >> LUT_SHIFT) << (2 * LUT_BITS)) | ((g >> LUT_SHIFT) << LUT_BITS) | (b >> LUT_SHIFT);
}

/** `classIndex` of an RGBA pixel read as one little-endian 32-bit word (R in the low byte). */
export function classIndexOfWord(w: number): number {
  const mask = (1 << LUT_BITS) - 1;
  return (((w >>> LUT_SHIFT) & mask) << (2 * LUT_BITS)) | (((w >>> (8 + LUT_SHIFT)) & mask) << LUT_BITS) | ((w >>> (16 + LUT_SHIFT)) & mask);
}
