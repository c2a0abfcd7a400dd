import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DecodedImageCache } from '../../src/compare/decoded-cache.js';
import { changedPixelMask, tintedColour } from '../../src/compare/evidence.js';
import { shownBefore } from '../../src/compare/moved.js';
import { diffRawImages } from '../../src/compare/raw-diff.js';
import { compareScreenshotPair, decodePng } from '../../src/compare/visual.js';
import { learnVolatility } from '../../src/compare/volatility.js';
import type { RawImage } from '../../src/core/types.js';
import { fakeCapture } from '../helpers/capture-fixture.js';

/**
 * Work a check need not repeat or do at all: a baseline decoded once, a picture that only moved,
 * a clock learnt whole from samples that agree on some of its digits, an evidence picture drawn only
 * when wanted.
 */

type RGB = readonly [number, number, number];

function page(width: number, height: number, bg: RGB = [255, 255, 255]): RawImage {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([bg[0], bg[1], bg[2], 255], i * 4);
  return { width, height, data };
}

function rect(img: RawImage, x: number, y: number, w: number, h: number, c: RGB): void {
  for (let j = y; j < y + h; j++) for (let i = x; i < x + w; i++) img.data.set([c[0], c[1], c[2], 255], (j * img.width + i) * 4);
}

/** A textured "photo" (no two neighbours alike) of w × h at (x, y). */
function photo(img: RawImage, x: number, y: number, w: number, h: number, seed: number): void {
  for (let j = 0; j < h; j++) {
    for (let i = 0; i < w; i++) img.data.set([(i * 7 + seed * 40) & 255, (j * 5 + seed * 20) & 255, ((i ^ j) + seed * 60) & 255, 255], ((y + j) * img.width + x + i) * 4);
  }
}

/** Digits as dark 6 × 12 cells 3 px apart, each with a light notch at the height of its value. */
function digits(img: RawImage, x: number, y: number, text: string): void {
  [...text].forEach((d, k) => {
    rect(img, x + k * 9, y, 6, 12, [230, 230, 230]);
    rect(img, x + k * 9 + 1, y + Number(d), 4, 3, [11, 61, 110]);
  });
}

function png(img: RawImage): Promise<Buffer> {
  return sharp(img.data, { raw: { width: img.width, height: img.height, channels: 4 } })
    .png()
    .toBuffer();
}

describe('DecodedImageCache', () => {
  const image = (bytes: number): RawImage => ({ width: bytes / 4, height: 1, data: new Uint8Array(bytes) });

  it('decodes a key once and hands the same pixels out again', async () => {
    const cache = new DecodedImageCache(1000);
    let decodes = 0;
    const decode = async () => {
      decodes++;
      return image(400);
    };
    const [a, b] = await Promise.all([cache.get('k', decode), cache.get('k', decode)]);
    expect(await cache.get('k', decode)).toBe(a);
    expect(b).toBe(a);
    expect(decodes).toBe(1);
    expect(cache.size).toBe(400);
  });

  it('stays within its bytes, dropping the least recently used first', async () => {
    const cache = new DecodedImageCache(1000);
    const decodes: string[] = [];
    const get = (k: string) =>
      cache.get(k, async () => {
        decodes.push(k);
        return image(400);
      });
    await get('a');
    await get('b');
    await get('a'); // a is now the most recent
    await get('c'); // over 1000 bytes: b goes
    expect(cache.size).toBe(800);
    await get('a');
    await get('b');
    expect(decodes).toEqual(['a', 'b', 'c', 'b']);
  });

  it('keeps neither a picture bigger than its budget nor a failed decode', async () => {
    const cache = new DecodedImageCache(100);
    let decodes = 0;
    const big = async () => {
      decodes++;
      return image(400);
    };
    await cache.get('big', big);
    await cache.get('big', big);
    expect(decodes).toBe(2);
    expect(cache.size).toBe(0);
    await expect(cache.get('bad', () => Promise.reject(new Error('not a png')))).rejects.toThrow('not a png');
    expect(await cache.get('bad', async () => image(40))).toMatchObject({ width: 10 });
  });
});

describe('shownBefore (content that moved)', () => {
  it('finds a picture the baseline showed at another place, and not a new one', () => {
    const before = page(600, 500);
    photo(before, 40, 60, 200, 120, 1);
    const after = page(600, 500);
    photo(after, 330, 260, 200, 120, 1); // the same picture, moved to the other column and down
    photo(after, 40, 60, 200, 120, 2); // a new picture where the old one was
    expect(shownBefore(before, after, { x: 380, y: 290, width: 100, height: 60 })).toBe(true);
    expect(shownBefore(before, after, { x: 90, y: 90, width: 100, height: 60 })).toBe(false);
  });

  it('cannot tell, and says no, for a plain box', () => {
    const before = page(300, 200, [240, 240, 240]);
    const after = page(300, 200, [240, 240, 240]);
    expect(shownBefore(before, after, { x: 10, y: 10, width: 50, height: 50 })).toBe(false);
  });
});

describe('learnVolatility', () => {
  it('masks a clock whole when the samples agree on some of its digits', async () => {
    // Samples at whole-second offsets: the minutes differ, the milliseconds (last three) never do.
    const shot = async (clock: string) => {
      const img = page(500, 300);
      rect(img, 0, 0, 500, 40, [11, 61, 110]);
      digits(img, 300, 14, clock);
      rect(img, 40, 100, 300, 12, [60, 60, 60]);
      return png(img);
    };
    const capture = async (clock: string) => fakeCapture({ screenshot: await shot(clock), screenshotSize: { width: 500, height: 300 } });
    const volatility = await learnVolatility([await capture('1012000'), await capture('1019000'), await capture('2107000')]);
    expect(volatility.boxes).toHaveLength(1);
    const box = volatility.boxes[0]!;
    // The clock spans x 300..363: the box covers all of it, the milliseconds too.
    expect(box.x).toBeLessThanOrEqual(300);
    expect(box.x + box.width).toBeGreaterThanOrEqual(363);
    // A check at another millisecond changes nothing outside the mask.
    const check = await compareScreenshotPair(await shot('1012000'), await shot('1012750'), { baselineMasks: volatility.boxes, diffImage: false });
    expect(check.visual.changedPixels).toBe(0);
  });

  it('leaves a tall volatile area (a carousel) as it is, not widened over the page beside it', async () => {
    const shot = async (seed: number) => {
      const img = page(800, 800);
      photo(img, 40, 40, 400, 200, seed);
      rect(img, 460, 60, 300, 12, [60, 60, 60]);
      return png(img);
    };
    const capture = async (seed: number) => fakeCapture({ screenshot: await shot(seed), screenshotSize: { width: 800, height: 800 } });
    const volatility = await learnVolatility([await capture(1), await capture(2)]);
    expect(volatility.boxes).toHaveLength(1);
    expect(volatility.boxes[0]!.x + volatility.boxes[0]!.width).toBeLessThan(460);
  });
});

describe('compareScreenshotPair', () => {
  it('uses a decoded baseline it is given, and draws evidence only when asked', async () => {
    const before = page(300, 200);
    const after = page(300, 200);
    rect(after, 20, 20, 80, 40, [200, 0, 0]);
    const beforePng = await png(before);
    let decodes = 0;
    const cached = await decodePng(beforePng);
    const result = await compareScreenshotPair(beforePng, await png(after), {
      diffImage: false,
      baselineImage: async () => {
        decodes++;
        return cached;
      },
    });
    expect(decodes).toBe(1);
    expect(result.baselineImage).toBe(cached);
    expect(result.visual.diffPng).toBeUndefined();
    const evidence = await result.drawEvidence();
    expect(evidence && (await sharp(evidence).metadata()).width).toBe(300);
  });

  it('has no evidence to draw when no pixel changed', async () => {
    const a = await png(page(100, 100));
    const result = await compareScreenshotPair(a, Buffer.from(a), {});
    expect(await result.drawEvidence()).toBeUndefined();
  });

  it('marks every changed pixel of a page that changed nearly everywhere, within the pixelmatch budget', async () => {
    const before = page(1000, 1200);
    const after = page(1000, 1200);
    for (let y = 0; y < 1200; y += 30) rect(after, 10, y, 980, 12, [30, 30, 30]);
    const result = await compareScreenshotPair(await png(before), await png(after), {});
    const marks = changedPixelMask(before, after, diffRawImages(before, after, {}));
    expect(marks.reduce((n, m) => n + m, 0)).toBe(result.visual.changedPixels);
    // The picture draws each changed pixel in its colour tinted red, every other pixel faded grey,
    // except where a region's outline runs.
    const diff = await decodePng(result.visual.diffPng!);
    let tinted = 0;
    let wrong = 0;
    for (let i = 0; i < marks.length; i++) {
      const px = [diff.data[i * 4]!, diff.data[i * 4 + 1]!, diff.data[i * 4 + 2]!];
      if (px[0] === 255 && px[1] === 0 && px[2] === 0) continue;
      const want = marks[i] === 1 ? tintedColour([after.data[i * 4]!, after.data[i * 4 + 1]!, after.data[i * 4 + 2]!]) : [px[0]!, px[0]!, px[0]!];
      if (marks[i] === 1) tinted++;
      if (px.some((v, c) => v !== want[c])) wrong++;
    }
    expect(wrong).toBe(0);
    expect(tinted).toBeGreaterThan(0.95 * result.visual.changedPixels);
  });
});
