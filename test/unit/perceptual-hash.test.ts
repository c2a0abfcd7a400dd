import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { FIRST_SCREEN_HEIGHT, firstScreenHash, hammingDistance, imageHash, isPerceptualHash } from '../../src/compare/perceptual-hash.js';
import type { RawImage } from '../../src/core/types.js';

/** A hash this close means "the same page" to the shared-indicators detector. */
const SAME = 8;
/** Different pages must be at least this far apart. */
const DIFFERENT = 16;

async function raw(input: Buffer, resize?: { width: number; height: number }): Promise<RawImage> {
  let img = sharp(input);
  if (resize) img = img.resize(resize.width, resize.height, { fit: 'fill' });
  const { data, info } = await img.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

function svg(width: number, height: number, body: string): Buffer {
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${body}</svg>`);
}

/** A ministry home page: header bar, navigation, a hero picture, three columns of text lines. */
function ministry(hue: string, heroX = 40): Buffer {
  const lines = Array.from({ length: 14 }, (_, i) =>
    [0, 1, 2].map((c) => `<rect x="${60 + c * 430}" y="${420 + i * 26}" width="${360 - ((i * 37 + c * 53) % 140)}" height="10" fill="#555"/>`).join(''),
  ).join('');
  return svg(
    1366,
    1400,
    `<rect width="1366" height="1400" fill="#fff"/>
     <rect width="1366" height="90" fill="${hue}"/>
     <text x="60" y="58" font-size="30" font-family="DejaVu Sans" fill="#fff">Ministry of Examples</text>
     <rect y="90" width="1366" height="40" fill="#eee"/>
     ${[0, 1, 2, 3, 4].map((i) => `<rect x="${60 + i * 160}" y="104" width="110" height="12" fill="#333"/>`).join('')}
     <rect x="${heroX}" y="150" width="820" height="240" fill="#8ab"/>
     <circle cx="${heroX + 600}" cy="260" r="80" fill="#fd7"/>
     <rect x="900" y="150" width="420" height="240" fill="#dde"/>
     ${lines}
     <rect y="1300" width="1366" height="100" fill="#222"/>`,
  );
}

/** A defacement page: black, a big red slogan, a flag, a line of greetings, centred in `width`. */
function defacement(slogan: string, flagX = 583, width = 1366): Buffer {
  const mid = width / 2;
  flagX += mid - 683;
  return svg(
    width,
    900,
    `<rect width="${width}" height="900" fill="#000"/>
     <rect x="${flagX}" y="80" width="200" height="133" fill="#de2910"/>
     <polygon points="${flagX + 33},100 ${flagX + 40},120 ${flagX + 60},120 ${flagX + 44},132 ${flagX + 50},152 ${flagX + 33},140 ${flagX + 16},152 ${flagX + 22},132 ${flagX + 6},120 ${flagX + 26},120" fill="#ffde00"/>
     <text x="${mid}" y="330" font-size="72" font-family="DejaVu Sans" font-weight="bold" fill="#f00" text-anchor="middle">${slogan}</text>
     <text x="${mid}" y="420" font-size="28" font-family="DejaVu Sans" fill="#0f0" text-anchor="middle">Greetz to all members — we are everywhere</text>`,
  );
}

describe('perceptual hash', () => {
  it('is 16 lower-case hex characters and deterministic', async () => {
    const page = await raw(await sharp(ministry('#036')).png().toBuffer());
    const h = firstScreenHash(page);
    expect(h).not.toBeNull();
    expect(isPerceptualHash(h!)).toBe(true);
    expect(firstScreenHash(page)).toBe(h);
  });

  it('hashes only the first screen: a change far below it does not move the hash', async () => {
    const png = await sharp(ministry('#036')).png().toBuffer();
    const page = await raw(png);
    const changed = await raw(
      await sharp(png)
        .composite([{ input: svg(1366, 300, '<rect width="1366" height="300" fill="#c00"/>'), top: 1000, left: 0 }])
        .png()
        .toBuffer(),
    );
    expect(firstScreenHash(changed)).toBe(firstScreenHash(page));
    expect(imageHash(changed)).not.toBe(imageHash(page));
    expect(FIRST_SCREEN_HEIGHT).toBe(768);
  });

  it('survives JPEG re-encoding and a 1% resize of the same page', async () => {
    for (const source of [ministry('#036'), defacement('HACKED BY TEAM X')]) {
      const png = await sharp(source).png().toBuffer();
      const original = await raw(png);
      const jpeg = await raw(await sharp(png).jpeg({ quality: 60 }).toBuffer());
      const smaller = await raw(png, { width: Math.round(original.width * 0.99), height: Math.round(original.height * 0.99) });
      const larger = await raw(await sharp(png).jpeg({ quality: 75 }).toBuffer(), {
        width: Math.round(original.width * 1.01),
        height: Math.round(original.height * 1.01),
      });
      const h = firstScreenHash(original)!;
      for (const copy of [jpeg, smaller, larger]) {
        const d = hammingDistance(h, firstScreenHash(copy, Math.round((FIRST_SCREEN_HEIGHT * copy.height) / original.height))!);
        expect(d).toBeLessThanOrEqual(SAME);
      }
      expect(hammingDistance(imageHash(original)!, imageHash(jpeg)!)).toBeLessThanOrEqual(SAME);
    }
  });

  it('keeps a centred page close when re-encoded or seen at another viewport width', async () => {
    // A centred page is nearly mirror-symmetric: the case a plain median split gets wrong.
    const png = await sharp(defacement('HACKED')).png().toBuffer();
    const h = firstScreenHash(await raw(png))!;
    for (const copy of [
      await sharp(png).jpeg({ quality: 50 }).toBuffer(),
      await sharp(defacement('HACKED', 583, 1280))
        .jpeg({ quality: 70 })
        .toBuffer(),
      await sharp(defacement('HACKED', 583, 1920))
        .png()
        .toBuffer(),
    ]) {
      expect(hammingDistance(h, firstScreenHash(await raw(copy))!)).toBeLessThanOrEqual(SAME);
    }
  });

  it('keeps a recoloured copy of a page close (a defacer reusing a page with another accent colour)', async () => {
    const a = firstScreenHash(await raw(await sharp(ministry('#036')).png().toBuffer()))!;
    const b = firstScreenHash(await raw(await sharp(ministry('#063')).png().toBuffer()))!;
    expect(hammingDistance(a, b)).toBeLessThanOrEqual(SAME);
  });

  it('puts different pages far apart', async () => {
    const hashes = await Promise.all(
      [ministry('#036'), ministry('#036', 500), defacement('HACKED BY TEAM X'), defacement('钓鱼岛是中国的', 120)].map(async (s) =>
        firstScreenHash(await raw(await sharp(s).png().toBuffer()))!,
      ),
    );
    for (let i = 0; i < hashes.length; i++) {
      for (let j = i + 1; j < hashes.length; j++) expect(hammingDistance(hashes[i]!, hashes[j]!), `pages ${i} and ${j}`).toBeGreaterThanOrEqual(DIFFERENT);
    }
  });

  it('says nothing about a blank page or an empty band', async () => {
    const blank: RawImage = { width: 1366, height: 768, data: new Uint8Array(1366 * 768 * 4).fill(255) };
    expect(firstScreenHash(blank)).toBeNull();
    expect(imageHash({ width: 0, height: 0, data: new Uint8Array(0) })).toBeNull();
  });

  it('hashes pictures smaller than its grid', async () => {
    const tiny = await raw(await sharp(defacement('X')).resize(20, 14, { fit: 'fill' }).png().toBuffer());
    expect(isPerceptualHash(imageHash(tiny) ?? '')).toBe(true);
  });

  it('counts differing bits and refuses malformed hashes', () => {
    expect(hammingDistance('0000000000000000', '0000000000000000')).toBe(0);
    expect(hammingDistance('ffffffffffffffff', '0000000000000000')).toBe(64);
    expect(hammingDistance('8000000000000001', '0000000000000000')).toBe(2);
    expect(hammingDistance('ABCDEF0123456789', 'abcdef0123456789')).toBe(0);
    expect(() => hammingDistance('xyz', '0000000000000000')).toThrow(TypeError);
    expect(() => hammingDistance('00000000000000000', '0000000000000000')).toThrow(TypeError);
  });
});
