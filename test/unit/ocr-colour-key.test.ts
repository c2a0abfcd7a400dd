import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { RawImage } from '../../src/core/types.js';
import { keyedOnTextColour } from '../../src/ocr/colour-key.js';
import { createTesseractOcr } from '../../src/ocr/tesseract.js';

/** Lettering across a busy part of a picture, read keyed on its colour (ocr/colour-key.ts). */

async function render(svg: string): Promise<RawImage> {
  const jpeg = await sharp(Buffer.from(svg)).jpeg({ quality: 75 }).toBuffer();
  const { data, info } = await sharp(jpeg).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

// Rows of lit and dark windows across a street, white lettering over them.
const windows = Array.from(
  { length: 300 },
  (_, k) => `<rect x="${20 + ((k * 37) % 860)}" y="${30 + ((k * 53) % 200)}" width="7" height="10" fill="${k % 3 === 0 ? '#f8e7a1' : '#1e2b38'}"/>`,
).join('');
const STREET = (text: string): string =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="260"><rect width="900" height="260" fill="#51657a"/>${windows}` +
  `<text x="40" y="150" font-family="DejaVu Sans" font-weight="700" font-size="44" fill="#ffffff">${text}</text></svg>`;
const BOX = { x: 0, y: 0, width: 900, height: 260 };

describe('keying a part on its lettering colour', () => {
  it('keys on the colour that lies in a line of type, not on the windows spread over the picture', async () => {
    const image = await render(STREET('HACKED BY SHADOW PANDA'));
    const [keyed] = keyedOnTextColour(image, BOX, 44);
    expect(keyed).toBeDefined();
    // Inside a letter (the H's stem) dark, on the plain wall light.
    const at = (x: number, y: number): number => keyed![y * BOX.width + x]!;
    expect(at(45, 130)).toBeLessThan(80);
    expect(at(5, 5)).toBeGreaterThan(200);
  });

  it('finds no key in a picture without lettering', async () => {
    expect(keyedOnTextColour(await render(STREET('')), BOX, 44)).toEqual([]);
  });

  it('lets OCR read the lettering across the windows (read plain, the crew comes out as "SHADOW PaNiDE")', async () => {
    const ocr = createTesseractOcr();
    const [read] = await ocr.recognize(await render(STREET('HACKED BY SHADOW PANDA')), [{ ...BOX, glyphHeight: 44 }], { languages: ['eng'] });
    expect(read!.text).toContain('SHADOW PANDA');
  }, 30_000);
});
