import { describe, expect, it } from 'vitest';
import { enclosingBlock } from '../../src/compare/enclosing-block.js';
import type { Box, RawImage } from '../../src/core/types.js';

type RGB = readonly [number, number, number];
const WHITE: RGB = [255, 255, 255];
const INK: RGB = [30, 30, 30];

function blank(width: number, height: number, c: RGB = WHITE): RawImage {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([c[0], c[1], c[2], 255], i * 4);
  return { width, height, data };
}

function rect(img: RawImage, box: Box, c: RGB): void {
  for (let y = box.y; y < box.y + box.height; y++) for (let x = box.x; x < box.x + box.width; x++) img.data.set([c[0], c[1], c[2], 255], (y * img.width + x) * 4);
}

/** Lines of "text": strokes `glyph` high every `pitch` rows, with gaps between words. */
function text(img: RawImage, x: number, y: number, width: number, lines: number, glyph = 12, pitch = 20, ink: RGB = INK): Box {
  for (let l = 0; l < lines; l++) for (let wx = x; wx + 40 <= x + width; wx += 52) rect(img, { x: wx, y: y + l * pitch, width: 40, height: glyph }, ink);
  return { x, y, width, height: (lines - 1) * pitch + glyph };
}

describe('enclosingBlock', () => {
  it('takes in the heading above a changed paragraph, and stops at the margin before the next section', () => {
    const page = blank(1000, 1200);
    const earlier = text(page, 100, 100, 800, 4);
    const heading = text(page, 100, 300, 500, 1, 28);
    const paragraph = text(page, 100, 356, 800, 5);
    const later = text(page, 100, 560, 800, 3);
    expect(heading.y - (earlier.y + earlier.height)).toBeGreaterThan(40);
    expect(later.y - (paragraph.y + paragraph.height)).toBeGreaterThan(40);
    // Only the paragraph's pixels changed; its block is the heading and the paragraph.
    expect(enclosingBlock(page, paragraph)).toEqual({ x: 100, y: 300, width: 800, height: 148 });
  });

  it('stops at the edge of a card or band of another colour, however close', () => {
    const page = blank(1000, 800, [238, 241, 244]);
    rect(page, { x: 80, y: 100, width: 840, height: 400 }, WHITE);
    const inside = text(page, 120, 140, 600, 3);
    text(page, 120, 530, 600, 2); // just below the card, on the page's grey
    expect(enclosingBlock(page, inside)).toEqual(inside);
  });

  it('spaces large things more widely: a flag takes in the slogan set well under it', () => {
    const page = blank(1366, 768, [0, 0, 0]);
    const flag = { x: 533, y: 60, width: 300, height: 200 };
    rect(page, flag, [222, 41, 16]);
    const slogan = text(page, 300, 308, 766, 1, 46, 20, [230, 20, 20]);
    expect(slogan.y - (flag.y + flag.height)).toBe(48);
    expect(enclosingBlock(page, flag)).toEqual({ x: 300, y: 60, width: 716, height: 294 }); // to the slogan's last stroke
    // The detector's box a row and a column larger than the flag: the same block.
    expect(enclosingBlock(page, { ...flag, width: 301, height: 201 })).toEqual({ x: 300, y: 60, width: 716, height: 294 });
    // A small change on the same page keeps to itself across that gap.
    const dot = { x: 600, y: 200, width: 20, height: 20 };
    const small = blank(1366, 768, [0, 0, 0]);
    rect(small, dot, [222, 41, 16]);
    text(small, 300, 268, 766, 1, 46, 20, [230, 20, 20]);
    expect(enclosingBlock(small, dot)).toEqual(dot);
  });

  it('grows no farther than its reach on a page with no calm margin', () => {
    const noisy = blank(600, 600);
    for (let i = 0; i < noisy.data.length; i += 4) noisy.data.set([(i * 7) & 255, (i * 13) & 255, (i * 3) & 255], i);
    expect(enclosingBlock(noisy, { x: 250, y: 250, width: 100, height: 100 }, { reach: 50 })).toEqual({ x: 200, y: 200, width: 200, height: 200 });
  });

  it('clips a box that sticks out of the picture, and leaves one wholly outside as it is', () => {
    const page = blank(200, 200);
    expect(enclosingBlock(page, { x: 150, y: -20, width: 100, height: 60 })).toEqual({ x: 150, y: 0, width: 50, height: 40 });
    expect(enclosingBlock(page, { x: 500, y: 500, width: 10, height: 10 })).toEqual({ x: 500, y: 500, width: 10, height: 10 });
  });
});
