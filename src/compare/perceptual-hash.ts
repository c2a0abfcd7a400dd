/**
 * A 64-bit perceptual hash (DCT pHash) of a picture, for recognising "the same defacement page or
 * image" across sites and members: robust to re-encoding, small resizes and colour shifts, far apart
 * for different layouts. Pure: raw RGBA in, 16 hex characters out.
 *
 * The method: the picture (composited over white) is reduced to a 32x32 grey grid by area
 * averaging, a 2-D DCT-II is taken, and the 64 lowest-frequency AC coefficients (zig-zag order,
 * skipping the DC term, which only says how bright the picture is) are compared with their median:
 * one bit each, most significant first, 1 when at or above the median and not negligibly small
 * (NEAR_ZERO). Similar pictures keep the sign of their coarse structure,
 * so their hashes differ in a few bits (Hamming distance); unrelated ones differ in about half.
 */
import type { RawImage } from '../core/types.js';

/** Height of the first screen, the part of a screenshot hashed to recognise a page (default viewport). */
export const FIRST_SCREEN_HEIGHT = 768;
/**
 * Width of the central band of the first screen that is hashed. Members watch sites at different
 * viewport widths (1280, 1366, 1920); a defacement page is nearly always centred, so its central
 * 1024 px look the same at all of them, while the whole width would stretch differently.
 */
export const FIRST_SCREEN_WIDTH = 1024;
/** Side of the grey grid the picture is reduced to before the DCT. */
export const HASH_GRID = 32;
/**
 * Pictures whose grey grid varies less than this (standard deviation, 0..255) carry no structure
 * worth hashing: a blank or single-colour page would match every other blank page.
 */
export const MIN_GREY_SPREAD = 2;

/**
 * Coefficients smaller than this share of the mean coefficient magnitude count as 0. A centred page
 * (most defacement pages) is nearly mirror-symmetric, which makes half its coefficients (the odd
 * horizontal frequencies) almost exactly zero; their sign is noise that re-encoding flips, and with
 * a plain median split a JPEG copy of such a page lands 14 bits away instead of 2.
 */
export const NEAR_ZERO = 0.05;

const BITS = 64;
const HEX_HASH = /^[0-9a-f]{16}$/;

/** The 64 AC coefficient positions in zig-zag order (by frequency band u+v, alternating direction). */
const ZIGZAG: ReadonlyArray<readonly [number, number]> = (() => {
  const out: [number, number][] = [];
  for (let band = 1; out.length < BITS; band++) {
    for (let i = 0; i <= band && out.length < BITS; i++) {
      const u = band % 2 === 0 ? band - i : i;
      out.push([u, band - u]);
    }
  }
  return out;
})();

/** Highest frequency index any zig-zag position uses: only these DCT rows/columns are computed. */
const MAX_FREQ = Math.max(...ZIGZAG.flatMap(([u, v]) => [u, v]));

/** cos((2x+1)uπ/2N) for u ≤ MAX_FREQ, x < N: the DCT-II basis. */
const COS: Float64Array[] = Array.from({ length: MAX_FREQ + 1 }, (_, u) => {
  const row = new Float64Array(HASH_GRID);
  for (let x = 0; x < HASH_GRID; x++) row[x] = Math.cos(((2 * x + 1) * u * Math.PI) / (2 * HASH_GRID));
  return row;
});

/** A rectangle of an image to hash. */
export interface HashRegion {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * The perceptual hash of a whole image as 16 lower-case hex characters, or null when the picture is
 * empty or too flat to say anything (see MIN_GREY_SPREAD).
 */
export function imageHash(image: RawImage): string | null {
  return hashRegion(image, { left: 0, top: 0, width: image.width, height: image.height });
}

/**
 * The perceptual hash of the first screen of a screenshot: its top `height` rows (default 768), the
 * central `width` columns (default 1024; all of a narrower screenshot). A defacement page is
 * recognisable there, and the rest of a long page would only dilute it.
 */
export function firstScreenHash(image: RawImage, height: number = FIRST_SCREEN_HEIGHT, width: number = FIRST_SCREEN_WIDTH): string | null {
  const w = Math.min(Math.floor(width), image.width);
  return hashRegion(image, { left: Math.floor((image.width - w) / 2), top: 0, width: w, height: Math.min(height, image.height) });
}

/** The perceptual hash of a rectangle of an image (clipped to it), or null (see imageHash). */
export function hashRegion(image: RawImage, region: HashRegion): string | null {
  const left = Math.max(0, Math.floor(region.left));
  const top = Math.max(0, Math.floor(region.top));
  const width = Math.min(image.width - left, Math.floor(region.width));
  const height = Math.min(image.height - top, Math.floor(region.height));
  if (width <= 0 || height <= 0 || image.data.length < image.width * image.height * 4) return null;
  const grid = greyGrid(image, { left, top, width, height });
  if (spread(grid) < MIN_GREY_SPREAD) return null;
  return bitsToHex(lowFrequencyBits(grid));
}

/** Whether a string is a hash as this module writes it (16 lower-case hex characters). */
export function isPerceptualHash(s: string): boolean {
  return HEX_HASH.test(s);
}

/**
 * Bits in which two hashes differ, 0..64. Throws a TypeError when either is not 16 hex characters
 * (callers validate shared data before comparing).
 */
export function hammingDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (!HEX_HASH.test(x) || !HEX_HASH.test(y)) throw new TypeError(`not a 64-bit perceptual hash: "${a.slice(0, 20)}" / "${b.slice(0, 20)}"`);
  // Two 32-bit halves: JavaScript bit operators work on 32-bit integers.
  return popcount(parseInt(x.slice(0, 8), 16) ^ parseInt(y.slice(0, 8), 16)) + popcount(parseInt(x.slice(8), 16) ^ parseInt(y.slice(8), 16));
}

function popcount(n: number): number {
  let v = n >>> 0;
  let count = 0;
  while (v !== 0) {
    v &= v - 1;
    count++;
  }
  return count;
}

/**
 * Mean luma of each cell of a HASH_GRID x HASH_GRID grid over a region, by area (each source pixel
 * adds to the cell it falls in; a region smaller than the grid is sampled). Transparent pixels count
 * as white, as a page shows them.
 */
function greyGrid(image: RawImage, region: HashRegion): Float64Array {
  const n = HASH_GRID;
  const sums = new Float64Array(n * n);
  const counts = new Float64Array(n * n);
  const { data } = image;
  const { left, top, width, height } = region;
  const colCell = new Int32Array(width);
  for (let x = 0; x < width; x++) colCell[x] = Math.min(n - 1, Math.floor((x * n) / width));
  for (let y = 0; y < height; y++) {
    const rowCell = Math.min(n - 1, Math.floor((y * n) / height)) * n;
    let i = ((top + y) * image.width + left) * 4;
    for (let x = 0; x < width; x++, i += 4) {
      const alpha = data[i + 3]! / 255;
      // ITU-R BT.601 luma, composited over white.
      const luma = (0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!) * alpha + 255 * (1 - alpha);
      const cell = rowCell + colCell[x]!;
      sums[cell] = sums[cell]! + luma;
      counts[cell] = counts[cell]! + 1;
    }
  }
  if (width >= n && height >= n) {
    for (let c = 0; c < n * n; c++) sums[c] = sums[c]! / counts[c]!;
    return sums;
  }
  // Smaller than the grid: some cells got no pixel; sample the nearest source pixel instead.
  const grid = new Float64Array(n * n);
  for (let gy = 0; gy < n; gy++) {
    for (let gx = 0; gx < n; gx++) {
      const sx = left + Math.min(width - 1, Math.floor(((gx + 0.5) * width) / n));
      const sy = top + Math.min(height - 1, Math.floor(((gy + 0.5) * height) / n));
      const i = (sy * image.width + sx) * 4;
      const alpha = data[i + 3]! / 255;
      grid[gy * n + gx] = (0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!) * alpha + 255 * (1 - alpha);
    }
  }
  return grid;
}

function spread(grid: Float64Array): number {
  let mean = 0;
  for (const v of grid) mean += v;
  mean /= grid.length;
  let variance = 0;
  for (const v of grid) variance += (v - mean) ** 2;
  return Math.sqrt(variance / grid.length);
}

/** The zig-zag AC coefficients of the grid's DCT-II, thresholded at their median. */
function lowFrequencyBits(grid: Float64Array): Uint8Array {
  const n = HASH_GRID;
  const freqs = MAX_FREQ + 1;
  // Separable DCT: rows first (only the frequencies used), then columns.
  const rows = new Float64Array(n * freqs);
  for (let y = 0; y < n; y++) {
    for (let u = 0; u < freqs; u++) {
      const basis = COS[u]!;
      let s = 0;
      for (let x = 0; x < n; x++) s += grid[y * n + x]! * basis[x]!;
      rows[y * freqs + u] = s;
    }
  }
  const coefficients = ZIGZAG.map(([u, v]) => {
    const basis = COS[v]!;
    let s = 0;
    for (let y = 0; y < n; y++) s += rows[y * freqs + u]! * basis[y]!;
    return s;
  });
  const median = [...coefficients].sort((a, b) => a - b)[BITS / 2]!;
  const floor = NEAR_ZERO * (coefficients.reduce((sum, c) => sum + Math.abs(c), 0) / BITS);
  return Uint8Array.from(coefficients, (c) => (c >= median && Math.abs(c) > floor ? 1 : 0));
}

function bitsToHex(bits: Uint8Array): string {
  let hex = '';
  for (let i = 0; i < BITS; i += 4) hex += ((bits[i]! << 3) | (bits[i + 1]! << 2) | (bits[i + 2]! << 1) | bits[i + 3]!).toString(16);
  return hex;
}
