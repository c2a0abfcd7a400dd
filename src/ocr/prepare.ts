/**
 * Turns parts of a screenshot into the one picture Tesseract reads best: each part grey, dark text on
 * a light background, scaled to a readable size, and all parts stacked on one white sheet so a single
 * Tesseract process (and one load of its language models, 0.1–0.3 s) reads every part of a check. A
 * part whose letters touch a solid shape is put on the sheet again without the shape
 * (./solid-shapes.ts), one holding a colour its border lacks again keyed on that colour
 * (./colour-key.ts), one whose lines are tilted again turned level (./skew.ts), and what all copies
 * read is the part's text.
 */
import sharp from 'sharp';
import type { Box, RawImage } from '../core/types.js';
import type { OcrBox } from '../detectors/types.js';
import { keyedOnTextColour } from './colour-key.js';
import { darkPixels } from './dark.js';
import { skewAngle } from './skew.js';
import { withoutSolidShapes } from './solid-shapes.js';

export interface SheetOptions {
  /** The sheet is scaled down until it has at most this many pixels. */
  maxPixels: number;
  /**
   * A part without a glyph height that is lower than this (pixels) is scaled up 2×: Tesseract misses
   * text under ~10 px high.
   */
  upscaleBelowHeight: number;
  /**
   * A part with a glyph height is scaled to bring it into this range: Tesseract reads neither tiny
   * nor huge type (measured: 해킹됨 at 206 px read as "기도 2", at 72 px correctly).
   */
  glyphRange: readonly [number, number];
}

/** The scale a part is read at, before the sheet as a whole is shrunk to its pixel budget. */
export function partScale(box: OcrBox, options: SheetOptions): number {
  const [low, high] = options.glyphRange;
  if (box.glyphHeight === undefined || box.glyphHeight <= 0) return box.height < options.upscaleBelowHeight ? 2 : 1;
  if (box.glyphHeight < low) return Math.min(2, low / box.glyphHeight);
  if (box.glyphHeight > high) return Math.max(0.2, high / box.glyphHeight);
  return 1;
}

/** Where one part landed on the sheet. */
export interface Placement {
  /** The part in screenshot pixels, clipped to the image. */
  box: Box;
  /** Its rows on the sheet: [top, top + height). */
  top: number;
  height: number;
  /** The rows of its copies (without solid shapes, turned level), when it has any. */
  copies: { top: number; height: number }[];
  scale: number;
  /** True when the part was light-on-dark and was inverted. */
  inverted: boolean;
}

export interface Sheet {
  png: Buffer;
  width: number;
  height: number;
  /** One per input box, in input order; null for a box outside the image. */
  placements: (Placement | null)[];
}

/** White rows between parts, and the white margin around them: Tesseract needs a quiet border. */
export const SHEET_GAP = 24;

/** `box` rounded outwards to whole pixels and clipped to the image, or null when nothing is left. */
export function clipToImage(box: Box, width: number, height: number): Box | null {
  const x0 = Math.max(0, Math.floor(box.x));
  const y0 = Math.max(0, Math.floor(box.y));
  const x1 = Math.min(width, Math.ceil(box.x + box.width));
  const y1 = Math.min(height, Math.ceil(box.y + box.height));
  return x1 > x0 && y1 > y0 ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : null;
}

/**
 * One grey channel of `box` in an RGBA image, dark text on a light background, full contrast:
 * - the channel is whichever of red, green, blue and luma spreads widest between its 5th and 95th
 *   percentile, because coloured text can all but vanish in luma (red on black is 30% grey; yellow
 *   on red differs little in red but a lot in green);
 * - it is inverted when its median is dark: Tesseract's layout analysis expects dark text on a
 *   light page and finds no line at all in a light-on-dark banner (measured: "HACKED BY …" in green
 *   on black read as nothing). The median stands for the background, which covers most of a banner.
 */
export function greyCrop(image: RawImage, box: Box): { grey: Uint8Array; inverted: boolean } {
  const n = box.width * box.height;
  const channels = [new Uint8Array(n), new Uint8Array(n), new Uint8Array(n), new Uint8Array(n)] as const;
  const histograms = [new Uint32Array(256), new Uint32Array(256), new Uint32Array(256), new Uint32Array(256)] as const;
  const [r, g, b, l] = channels;
  const [hr, hg, hb, hl] = histograms;
  const { data, width } = image;
  let o = 0;
  for (let y = box.y; y < box.y + box.height; y++) {
    let i = (y * width + box.x) * 4;
    for (let x = 0; x < box.width; x++, i += 4, o++) {
      const R = data[i]!;
      const G = data[i + 1]!;
      const B = data[i + 2]!;
      // ITU-R BT.601 luma with integer weights.
      const L = (77 * R + 150 * G + 29 * B) >> 8;
      r[o] = R;
      g[o] = G;
      b[o] = B;
      l[o] = L;
      hr[R]! += 1;
      hg[G]! += 1;
      hb[B]! += 1;
      hl[L]! += 1;
    }
  }
  let best = 3;
  let bestSpread = -1;
  histograms.forEach((h, c) => {
    const spread = percentile(h, n, 0.95) - percentile(h, n, 0.05);
    // Luma (listed last) wins ties: it is what people see.
    if (spread > bestSpread || (spread === bestSpread && c === 3)) {
      best = c;
      bestSpread = spread;
    }
  });
  const grey = channels[best as 0 | 1 | 2 | 3];
  const histogram = histograms[best as 0 | 1 | 2 | 3];
  const inverted = percentile(histogram, n, 0.5) < 128;
  // Stretched to the full range, so every part of a sheet has text near 0 and background near 255:
  // Tesseract thresholds the whole sheet at once, and a pale part beside a contrasted one lost its
  // text (measured: 钓鱼岛 read as 钓急电 beside a flag, right beside a small part).
  const low = percentile(histogram, n, 0.02);
  const high = Math.max(low + 1, percentile(histogram, n, 0.98));
  const lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++) {
    const t = Math.round((255 * (Math.min(high, Math.max(low, v)) - low)) / (high - low));
    lut[v] = inverted ? 255 - t : t;
  }
  for (let k = 0; k < n; k++) grey[k] = lut[grey[k]!]!;
  return { grey, inverted };
}

/** The grey level below which `fraction` of the `n` counted pixels lie. */
function percentile(histogram: Uint32Array, n: number, fraction: number): number {
  let seen = 0;
  for (let v = 0; v < 255; v++) {
    seen += histogram[v]!;
    if (seen >= n * fraction) return v;
  }
  return 255;
}

/** A one-channel picture and its size. */
interface GreyPicture {
  grey: Uint8Array;
  width: number;
  height: number;
}

async function scaled(grey: Uint8Array, from: Pick<Box, 'width' | 'height'>, width: number, height: number): Promise<Uint8Array> {
  if (width === from.width && height === from.height) return grey;
  const kernel = width > from.width ? 'cubic' : 'lanczos3';
  const out = await sharp(grey, { raw: { width: from.width, height: from.height, channels: 1 } })
    .resize(width, height, { fit: 'fill', kernel })
    // sharp widens one channel to three unless told otherwise.
    .toColourspace('b-w')
    .raw()
    .toBuffer();
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

/**
 * A keyed copy is read when its dark pixels are this much fewer or more than its grey copy's: a
 * plain banner keys to what its grey copy already shows (reading it twice adds nothing), a busy part
 * to its lettering alone.
 */
const KEYED_MIN_DIFFERENCE = 0.15;

/** A part's other versions worth reading: without its solid shapes, keyed on its lettering's colour, turned level. */
async function copiesOf(image: RawImage, box: Box, glyphHeight: number | undefined, grey: Uint8Array): Promise<GreyPicture[]> {
  const out: GreyPicture[] = [];
  const cleaned = withoutSolidShapes(grey, box.width, box.height);
  if (cleaned) out.push({ grey: cleaned, width: box.width, height: box.height });
  const greyDark = Math.max(1, darkPixels(grey));
  for (const keyed of keyedOnTextColour(image, box, glyphHeight)) {
    if (Math.abs(1 - darkPixels(keyed) / greyDark) >= KEYED_MIN_DIFFERENCE) out.push({ grey: keyed, width: box.width, height: box.height });
  }
  const angle = skewAngle(cleaned ?? grey, box.width, box.height);
  if (angle !== 0) {
    const { data, info } = await sharp(cleaned ?? grey, { raw: { width: box.width, height: box.height, channels: 1 } })
      .rotate(-angle, { background: '#ffffff' })
      .toColourspace('b-w')
      .raw()
      .toBuffer({ resolveWithObject: true });
    out.push({ grey: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height });
  }
  return out;
}

/** Crops, greys, orients and scales each box, stacks them on a white sheet and encodes it as PNG. */
export async function prepareSheet(image: RawImage, boxes: readonly OcrBox[], options: SheetOptions): Promise<Sheet | null> {
  const parts = boxes.map((b) => {
    const box = clipToImage(b, image.width, image.height);
    return box ? { box, glyphHeight: b.glyphHeight, scale: partScale({ ...box, glyphHeight: b.glyphHeight }, options) } : null;
  });
  const live = parts.filter((p) => p !== null);
  if (live.length === 0) return null;
  const pixels = live.reduce((n, p) => n + p.box.width * p.box.height * p.scale * p.scale, 0);
  const shrink = pixels > options.maxPixels ? Math.sqrt(options.maxPixels / pixels) : 1;

  const placements: (Placement | null)[] = [];
  const pieces: { grey: Uint8Array; width: number; height: number; top: number }[] = [];
  let top = SHEET_GAP;
  let sheetWidth = 0;
  for (const part of parts) {
    if (!part) {
      placements.push(null);
      continue;
    }
    const scale = part.scale * shrink;
    const width = Math.max(1, Math.round(part.box.width * scale));
    const height = Math.max(1, Math.round(part.box.height * scale));
    const { grey, inverted } = greyCrop(image, part.box);
    const placement: Placement = { box: part.box, top, height, scale, inverted, copies: [] };
    pieces.push({ grey: await scaled(grey, part.box, width, height), width, height, top });
    top += height + SHEET_GAP;
    sheetWidth = Math.max(sheetWidth, width);
    for (const copy of await copiesOf(image, part.box, part.glyphHeight, grey)) {
      const w = Math.max(1, Math.round(copy.width * scale));
      const h = Math.max(1, Math.round(copy.height * scale));
      placement.copies.push({ top, height: h });
      pieces.push({ grey: await scaled(copy.grey, copy, w, h), width: w, height: h, top });
      top += h + SHEET_GAP;
      sheetWidth = Math.max(sheetWidth, w);
    }
    placements.push(placement);
  }
  const width = sheetWidth + 2 * SHEET_GAP;
  const height = top;
  const sheet = new Uint8Array(width * height).fill(255);
  for (const p of pieces) {
    for (let y = 0; y < p.height; y++) {
      sheet.set(p.grey.subarray(y * p.width, (y + 1) * p.width), (p.top + y) * width + SHEET_GAP);
    }
  }
  // Level 1: the PNG lives for one pipe write; compressing harder only costs time.
  const png = await sharp(sheet, { raw: { width, height, channels: 1 } })
    .toColourspace('b-w')
    .png({ compressionLevel: 1, adaptiveFiltering: false })
    .toBuffer();
  return { png, width, height, placements };
}
