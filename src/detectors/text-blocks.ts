/**
 * Where in a changed region there is text big enough to be a slogan in a picture, found from the
 * pixels alone and cheaply (one pass, ~10 ms a megapixel): OCR then reads those blocks instead of
 * the whole region. Page body text (12–18 px) is left out on purpose: the DOM detectors read it, and
 * OCR of a screen of small text costs 1–3 CPU-s (measured) where a banner costs 0.1–0.25 s.
 *
 * The region is cut into vertical strips. In each strip, a row is busy when it holds a few strong
 * edges; runs of busy rows are bands. Body text gives bands as high as one line of text, a banner's
 * glyphs (or a picture's shapes) give taller ones. Tall bands that sit on one line, or on lines
 * just above each other, are joined into blocks.
 */
import { pixelWords } from '../compare/png.js';
import type { Box, RawImage } from '../core/types.js';

export interface TextBlockOptions {
  /** Width of the strips (pixels): narrow enough that columns of text stay apart. */
  stripWidth: number;
  /** Grey-level step between neighbouring pixels that counts as an edge. */
  edgeContrast: number;
  /** Edges a strip's row needs to be busy. */
  minRowEdges: number;
  /** Bands at least this high hold large glyphs (body text lines are 10–18 px high). */
  minGlyphHeight: number;
  /** Blocks with fewer edge pixels than this are specks. */
  minBlockEdges: number;
  /** Blocks narrower than this are not text lines (a one-character slogan is not a slogan). */
  minBlockWidth: number;
  /**
   * Sideways padding of a block, in glyph heights. A third, like above and below, on a screenshot:
   * more takes in page text beside a picture that only moved, which then reads as new. A glyph in a
   * new picture read whole: the strip holding a line's last letters may have joined no band, its
   * band made too tall by what the lettering crosses.
   */
  sidePadGlyphs: number;
}

export const TEXT_BLOCK_DEFAULTS: Readonly<TextBlockOptions> = Object.freeze({
  stripWidth: 48,
  edgeContrast: 40,
  minRowEdges: 2,
  minGlyphHeight: 20,
  minBlockEdges: 150,
  minBlockWidth: 60,
  sidePadGlyphs: 1 / 3,
});

/** A block of large glyphs (or shapes) inside a region. */
export interface TextBlock {
  box: Box;
  /** Height of the tallest band in the block: about the glyph height of its text. */
  glyphHeight: number;
  /** Edge pixels in the block, a measure of how much it holds. */
  edges: number;
}

/** Glyph heights within this ratio are one size of type. */
const SIMILAR_SIZE = 1.6;
/** Bands side by side within this height ratio can be one line (x-height letters beside capitals). */
const SAME_LINE_SIZE = 2.5;

interface Band {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  edges: number;
}

/** The largest difference of the red, green or blue values of two RGBA pixels (byte offsets). */
function colourStep(data: Uint8Array, i: number, j: number): number {
  return Math.max(Math.abs(data[i]! - data[j]!), Math.abs(data[i + 1]! - data[j + 1]!), Math.abs(data[i + 2]! - data[j + 2]!));
}

/**
 * Bands of each strip of `region` (which must lie inside the image) at least half the glyph height
 * high: the lower-case part of a line whose capitals make tall bands counts too. Edges are colour
 * steps, not grey ones: red text on blue differs little in grey.
 */
function bands(image: RawImage, region: Box, o: TextBlockOptions): Band[] {
  const { data, width } = image;
  // Most neighbours on a page are the same colour: one 32-bit comparison settles them.
  const words = pixelWords(image);
  const out: Band[] = [];
  const xEnd = region.x + region.width;
  const yEnd = region.y + region.height;
  const strips = Math.ceil(region.width / o.stripWidth);
  const runStart = new Int32Array(strips).fill(-1);
  const runEdges = new Float64Array(strips);
  const close = (s: number, y: number): void => {
    const y0 = runStart[s]!;
    if (y - y0 >= o.minGlyphHeight / 2) {
      const x0 = region.x + s * o.stripWidth;
      out.push({ x0, x1: Math.min(xEnd, x0 + o.stripWidth), y0, y1: y, edges: runEdges[s]! });
    }
    runStart[s] = -1;
    runEdges[s] = 0;
  };
  const down = width * 4;
  for (let y = region.y; y < yEnd; y++) {
    const hasNext = y + 1 < yEnd;
    for (let s = 0; s < strips; s++) {
      const from = region.x + s * o.stripWidth;
      const to = Math.min(xEnd, from + o.stripWidth);
      let edges = 0;
      for (let x = from, p = y * width + from, i = p * 4; x < to; x++, p++, i += 4) {
        const w = words[p];
        if (
          (x + 1 < xEnd && words[p + 1] !== w && colourStep(data, i, i + 4) >= o.edgeContrast) ||
          (hasNext && words[p + width] !== w && colourStep(data, i, i + down) >= o.edgeContrast)
        ) {
          edges++;
        }
      }
      if (edges >= o.minRowEdges) {
        if (runStart[s]! < 0) runStart[s] = y;
        runEdges[s]! += edges;
      } else if (runStart[s]! >= 0) {
        close(s, y);
      }
    }
  }
  for (let s = 0; s < strips; s++) if (runStart[s]! >= 0) close(s, yEnd);
  return out;
}

/**
 * Bands on one text line (side by side, mostly at the same height), or tall bands on lines just
 * above each other. Short bands never join lines: that would chain a paragraph of body text.
 */
function related(a: Band, b: Band, minGlyphHeight: number): boolean {
  const ha = a.y1 - a.y0;
  const hb = b.y1 - b.y0;
  const minH = Math.min(ha, hb);
  const gapX = Math.max(a.x0, b.x0) - Math.min(a.x1, b.x1);
  const overlapY = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
  // Same line: a word space can be as wide as a glyph is high; lower-case letters are about half
  // as high as capitals with descenders, a line of small type under huge glyphs is another line.
  if (gapX <= Math.max(ha, hb) && overlapY >= 0.5 * minH && Math.max(ha, hb) <= SAME_LINE_SIZE * minH) return true;
  // Next line of the same block: same columns, similar size, line gap under ~0.6 of a glyph. A line
  // of much smaller type under huge glyphs stays a block of its own: Tesseract reads neither when
  // they share a picture (measured: 해킹됨 at 206 px over "HACKED BY …" at 40 px).
  return minH >= minGlyphHeight && Math.max(ha, hb) <= SIMILAR_SIZE * minH && gapX <= 0 && -overlapY <= 0.6 * minH;
}

function find(parent: Int32Array, i: number): number {
  while (parent[i] !== i) {
    parent[i] = parent[parent[i]!]!;
    i = parent[i]!;
  }
  return i;
}

/**
 * Blocks of large glyphs in `region` of `image`, largest first. Each box is padded by a third of
 * the glyph height (OCR needs a quiet margin) and clipped to the region.
 */
export function findTextBlocks(image: RawImage, region: Box, options: Partial<TextBlockOptions> = {}): TextBlock[] {
  const o = { ...TEXT_BLOCK_DEFAULTS, ...options };
  const x0 = Math.max(0, Math.floor(region.x));
  const y0 = Math.max(0, Math.floor(region.y));
  const x1 = Math.min(image.width, Math.ceil(region.x + region.width));
  const y1 = Math.min(image.height, Math.ceil(region.y + region.height));
  if (x1 - x0 < 2 || y1 - y0 < o.minGlyphHeight) return [];
  const found = bands(image, { x: x0, y: y0, width: x1 - x0, height: y1 - y0 }, o);

  const parent = new Int32Array(found.length).map((_, i) => i);
  for (let i = 0; i < found.length; i++) {
    for (let j = i + 1; j < found.length; j++) {
      if (related(found[i]!, found[j]!, o.minGlyphHeight)) parent[find(parent, i)] = find(parent, j);
    }
  }
  const groups = new Map<number, Band & { glyph: number }>();
  for (let i = 0; i < found.length; i++) {
    const b = found[i]!;
    const root = find(parent, i);
    const g = groups.get(root);
    if (!g) groups.set(root, { ...b, glyph: b.y1 - b.y0 });
    else {
      g.x0 = Math.min(g.x0, b.x0);
      g.x1 = Math.max(g.x1, b.x1);
      g.y0 = Math.min(g.y0, b.y0);
      g.y1 = Math.max(g.y1, b.y1);
      g.edges += b.edges;
      g.glyph = Math.max(g.glyph, b.y1 - b.y0);
    }
  }

  const blocks: TextBlock[] = [];
  for (const g of groups.values()) {
    if (g.glyph < o.minGlyphHeight || g.edges < o.minBlockEdges || g.x1 - g.x0 < o.minBlockWidth) continue;
    // Padded within the region: outside it the page did not change (the OCR sheet adds white margins).
    const pad = Math.max(6, Math.round(g.glyph / 3));
    const padX = Math.max(pad, Math.round(g.glyph * o.sidePadGlyphs));
    const bx0 = Math.max(x0, g.x0 - padX);
    const by0 = Math.max(y0, g.y0 - pad);
    const bx1 = Math.min(x1, g.x1 + padX);
    const by1 = Math.min(y1, g.y1 + pad);
    blocks.push({ box: { x: bx0, y: by0, width: bx1 - bx0, height: by1 - by0 }, glyphHeight: g.glyph, edges: g.edges });
  }
  return mergeOverlapping(blocks).sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height);
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/**
 * Blocks of one size of type whose padded boxes overlap become one, so OCR reads each place once
 * and lines stay whole. Blocks of very different sizes stay apart even when their margins overlap.
 */
export function mergeOverlapping(blocks: readonly TextBlock[]): TextBlock[] {
  const out = blocks.map((b) => ({ ...b, box: { ...b.box } }));
  for (let merged = true; merged;) {
    merged = false;
    for (let i = 0; i < out.length && !merged; i++) {
      for (let j = i + 1; j < out.length; j++) {
        const a = out[i]!;
        const b = out[j]!;
        if (!overlaps(a.box, b.box) || Math.max(a.glyphHeight, b.glyphHeight) > SIMILAR_SIZE * Math.min(a.glyphHeight, b.glyphHeight)) continue;
        const x = Math.min(a.box.x, b.box.x);
        const y = Math.min(a.box.y, b.box.y);
        a.box = {
          x,
          y,
          width: Math.max(a.box.x + a.box.width, b.box.x + b.box.width) - x,
          height: Math.max(a.box.y + a.box.height, b.box.y + b.box.height) - y,
        };
        a.glyphHeight = Math.max(a.glyphHeight, b.glyphHeight);
        a.edges += b.edges;
        out.splice(j, 1);
        merged = true;
        break;
      }
    }
  }
  return out;
}
