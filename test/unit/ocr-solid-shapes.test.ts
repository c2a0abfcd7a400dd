import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { RawImage } from '../../src/core/types.js';
import { prepareSheet, SHEET_GAP } from '../../src/ocr/prepare.js';
import { withoutSolidShapes } from '../../src/ocr/solid-shapes.js';
import { createTesseractOcr } from '../../src/ocr/tesseract.js';

/** Lettering that touches a solid shape of its own colour (ocr/solid-shapes.ts). */

const W = 300;
const H = 120;

/** A white part with dark strokes 6 px wide: a bar, a cross and, optionally, a solid disc touching the bar. */
function part(disc: boolean): Uint8Array {
  const grey = new Uint8Array(W * H).fill(255);
  const dark = (x: number, y: number): void => {
    if (x >= 0 && x < W && y >= 0 && y < H) grey[y * W + x] = 0;
  };
  for (let y = 60; y < 66; y++) for (let x = 10; x < 200; x++) dark(x, y); // a long horizontal stroke
  for (let y = 30; y < 100; y++) for (let x = 40; x < 46; x++) dark(x, y); // crossing it: a "+"
  for (const x0 of [70, 95, 120, 145, 170]) for (let y = 30; y < 100; y++) for (let x = x0; x < x0 + 6; x++) dark(x, y);
  if (disc) {
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if ((x - 220) ** 2 + (y - 55) ** 2 <= 22 ** 2) dark(x, y);
  }
  return grey;
}

describe('solid shapes under lettering', () => {
  it('are whitened in a copy, the strokes kept, crossings included', () => {
    const copy = withoutSolidShapes(part(true), W, H);
    expect(copy).not.toBeNull();
    expect(copy![55 * W + 220]).toBe(255); // the disc's middle
    expect(copy![62 * W + 100]).toBe(0); // the stroke
    expect(copy![62 * W + 42]).toBe(0); // where two strokes cross
    expect(copy![40 * W + 122]).toBe(0);
  });

  it('leave a part of strokes alone: nothing to read twice', () => {
    expect(withoutSolidShapes(part(false), W, H)).toBeNull();
    expect(withoutSolidShapes(new Uint8Array(W * H).fill(255), W, H)).toBeNull();
  });
});

async function render(svg: string): Promise<RawImage> {
  const { data, info } = await sharp(Buffer.from(svg)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

// A slogan in yellow on red, a yellow sun over its last word, as a defacer's picture paints it.
const SUN_BANNER =
  '<svg xmlns="http://www.w3.org/2000/svg" width="760" height="200"><rect width="760" height="200" fill="#b5201e"/>' +
  '<circle cx="470" cy="70" r="46" fill="#f4d43c"/>' +
  '<text x="30" y="120" font-family="DejaVu Sans" font-weight="bold" font-size="50" fill="#f4d43c">HACKED BY RED LOTUS</text></svg>';

describe('reading lettering across a sun of its colour', () => {
  it('puts the part on the sheet again, first without the sun', async () => {
    const sheet = await prepareSheet(await render(SUN_BANNER), [{ x: 0, y: 0, width: 760, height: 200, glyphHeight: 50 }], {
      maxPixels: 1_000_000,
      upscaleBelowHeight: 40,
      glyphRange: [28, 96],
    });
    const [part] = sheet!.placements;
    const [copy] = part!.copies;
    expect(copy).toBeDefined();
    const { data, info } = await sharp(sheet!.png).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number): number => data[y * info.width + SHEET_GAP + x]!;
    // The sun's middle (470, 70), read at scale 1: a dark disc in the part, gone in its copy.
    expect(at(470, part!.top + 70)).toBeLessThan(60);
    expect(at(470, copy!.top + 70)).toBeGreaterThan(200);
  });

  it('reads the words the sun touches (Tesseract loses them beside the sun: "HACKED BY aor S")', async () => {
    const ocr = createTesseractOcr();
    const [read] = await ocr.recognize(await render(SUN_BANNER), [{ x: 0, y: 0, width: 760, height: 200, glyphHeight: 50 }], { languages: ['eng'] });
    expect(read!.text).toContain('LOTUS');
  }, 30_000);
});
