import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { RawImage } from '../../src/core/types.js';
import { greyCrop } from '../../src/ocr/prepare.js';
import { skewAngle } from '../../src/ocr/skew.js';
import { createTesseractOcr } from '../../src/ocr/tesseract.js';

/** Lettering set at an angle (ocr/skew.ts). */

async function render(svg: string): Promise<RawImage> {
  const { data, info } = await sharp(Buffer.from(svg)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

const banner = (deg: number, text = 'Na-hack ng Pinoy Cyber Army'): string =>
  '<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="300"><rect width="1000" height="300" fill="#0f172a"/>' +
  `<text x="40" y="170" transform="rotate(${deg} 500 150)" font-family="DejaVu Sans" font-weight="700" font-size="54" fill="#facc15">${text}</text></svg>`;

async function angleOf(svg: string): Promise<number> {
  const image = await render(svg);
  const { grey } = greyCrop(image, { x: 0, y: 0, width: image.width, height: image.height });
  return skewAngle(grey, image.width, image.height);
}

describe('the tilt of lettering', () => {
  it('is measured either way, to the degree', async () => {
    expect(await angleOf(banner(-6))).toBe(-6);
    expect(await angleOf(banner(5))).toBe(5);
  });

  it('is 0 for level lines, and for a slight tilt Tesseract reads itself', async () => {
    expect(await angleOf(banner(0))).toBe(0);
    expect(await angleOf(banner(2))).toBe(0);
  });
});

describe('reading a tilted claim', () => {
  it('reads the words in order once the part is turned level', async () => {
    const ocr = createTesseractOcr();
    const [read] = await ocr.recognize(await render(banner(-6)), [{ x: 0, y: 0, width: 1000, height: 300, glyphHeight: 54 }], { languages: ['eng'] });
    expect(read!.text.replace(/\s+/g, ' ')).toContain('Na-hack ng Pinoy Cyber Army');
  }, 30_000);
});
