/**
 * Lettering set at an angle (a "HACKED" stamp, a slogan tilted across a banner) is read by Tesseract
 * as broken pieces of lines in the wrong order (measured at 5°: "hack ng Pinoy Hy ber Army Na-"). The
 * angle is found the classic way: shear the dark pixels row by row for each candidate angle and keep
 * the one whose row profile is sharpest (lines of text then fall into few rows). The part is read a
 * second time turned back by that angle.
 */
import { DARK, darkPixels } from './dark.js';

/** Angles tried, in degrees either way… */
const MAX_ANGLE = 12;
const STEP = 1;
/** …and below this one the text is level enough: Tesseract reads a slight tilt itself. */
const MIN_ANGLE = 3;
/** The tilted profile must be this much sharper than the level one to be believed. */
const MIN_GAIN = 1.15;
/** Parts with fewer dark pixels than this hold too little text to measure. */
const MIN_DARK = 200;

/** The sharpness of the row profile of the dark pixels sheared by `tan` (sum of squared row counts). */
function sharpness(xs: Int32Array, ys: Int32Array, count: number, tan: number, height: number, width: number): number {
  const offset = Math.ceil(Math.abs(tan) * width);
  const rows = new Float64Array(height + 2 * offset + 1);
  for (let i = 0; i < count; i++) rows[Math.round(ys[i]! + xs[i]! * tan) + offset]! += 1;
  let sum = 0;
  for (const r of rows) sum += r * r;
  return sum;
}

/**
 * The angle in degrees (clockwise on screen) the lines of `grey` are tilted by, or 0 when they are
 * level, nearly so, or there is too little to tell.
 */
export function skewAngle(grey: Uint8Array, width: number, height: number): number {
  const count = darkPixels(grey);
  if (count < MIN_DARK) return 0;
  // A sample of at most ~40,000 dark pixels is as sharp a measure and keeps big parts cheap.
  const stride = Math.max(1, Math.floor(count / 40_000));
  const xs = new Int32Array(Math.ceil(count / stride));
  const ys = new Int32Array(xs.length);
  let n = 0;
  for (let i = 0, seen = 0; i < grey.length; i++) {
    if (grey[i]! >= DARK) continue;
    if (seen++ % stride === 0 && n < xs.length) {
      xs[n] = i % width;
      ys[n] = Math.floor(i / width);
      n++;
    }
  }
  const level = sharpness(xs, ys, n, 0, height, width);
  let best = 0;
  let bestScore = level;
  for (let deg = -MAX_ANGLE; deg <= MAX_ANGLE; deg += STEP) {
    if (deg === 0) continue;
    // Shearing rows by -tan levels lines that rise to the right by `deg` degrees clockwise.
    const score = sharpness(xs, ys, n, -Math.tan((deg * Math.PI) / 180), height, width);
    if (score > bestScore) {
      bestScore = score;
      best = deg;
    }
  }
  return Math.abs(best) >= MIN_ANGLE && bestScore >= MIN_GAIN * level ? best : 0;
}
