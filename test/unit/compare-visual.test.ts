import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { tintedColour } from '../../src/compare/evidence.js';
import { compareScreenshots, decodePng, diffRawImages, pngSize } from '../../src/compare/visual.js';
import type { RawImage } from '../../src/core/types.js';

type RGB = readonly [number, number, number];
const WHITE: RGB = [250, 250, 250];
const INK: RGB = [30, 30, 40];
const RED: RGB = [220, 20, 20];

/** A page-like image: light background with rows of "text" strokes. */
function page(width: number, height: number, bg: RGB = WHITE): RawImage {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const ink = y % 24 < 12 && x >= 40 && x < width - 40 && (x * 7 + y * 3) % 11 < 4;
      const c = ink ? INK : bg;
      const o = (y * width + x) * 4;
      data[o] = c[0];
      data[o + 1] = c[1];
      data[o + 2] = c[2];
      data[o + 3] = 255;
    }
  }
  return { width, height, data };
}

function fill(img: RawImage, x0: number, y0: number, w: number, h: number, c: RGB): RawImage {
  const data = new Uint8Array(img.data);
  for (let y = y0; y < y0 + h; y++) {
    for (let x = x0; x < x0 + w; x++) {
      const o = (y * img.width + x) * 4;
      data[o] = c[0];
      data[o + 1] = c[1];
      data[o + 2] = c[2];
      data[o + 3] = 255;
    }
  }
  return { ...img, data };
}

function extend(img: RawImage, height: number, draw: (x: number, y: number) => RGB): RawImage {
  const data = new Uint8Array(img.width * height * 4);
  data.set(img.data.subarray(0, Math.min(img.data.length, data.length)));
  for (let y = img.height; y < height; y++) {
    for (let x = 0; x < img.width; x++) {
      const c = draw(x, y);
      const o = (y * img.width + x) * 4;
      data[o] = c[0];
      data[o + 1] = c[1];
      data[o + 2] = c[2];
      data[o + 3] = 255;
    }
  }
  return { width: img.width, height, data };
}

function png(img: RawImage, compressionLevel = 6): Promise<Buffer> {
  return sharp(img.data, { raw: { width: img.width, height: img.height, channels: 4 } })
    .png({ compressionLevel })
    .toBuffer();
}

async function pixelAt(pngBuf: Buffer, x: number, y: number): Promise<[number, number, number]> {
  const img = await decodePng(pngBuf);
  const o = (y * img.width + x) * 4;
  return [img.data[o]!, img.data[o + 1]!, img.data[o + 2]!];
}

describe('compareScreenshots', () => {
  const W = 640;
  const H = 960;
  const base = page(W, H);

  it('reports byte-identical PNGs as identical without a diff image', async () => {
    const a = await png(base);
    const diff = await compareScreenshots(a, Buffer.from(a), { masks: [] });
    expect(diff).toEqual({
      identical: true,
      changedFraction: 0,
      changedPixels: 0,
      comparedPixels: W * H,
      regions: [],
      sizeChanged: false,
      changes: [],
      movedRows: 0,
    });
  });

  it('subtracts masks from the compared pixels on the fast path too', async () => {
    const a = await png(base);
    const diff = await compareScreenshots(a, a, {
      masks: [
        { x: 0, y: 0, width: 100, height: 10 },
        { x: 50, y: 0, width: 100, height: 10 },
      ],
    });
    expect(diff.comparedPixels).toBe(W * H - 150 * 10);
  });

  it('finds no change when the same pixels are encoded differently', async () => {
    const diff = await compareScreenshots(await png(base, 1), await png(base, 9), { masks: [] });
    expect(diff.identical).toBe(false);
    expect(diff.changedPixels).toBe(0);
    expect(diff.regions).toEqual([]);
    expect(diff.diffPng).toBeUndefined();
  });

  it('turns a banner-sized change into one region with its exact box', async () => {
    const current = fill(base, 0, 100, W, 120, RED);
    const diff = await compareScreenshots(await png(base), await png(current), { masks: [] });
    expect(diff.regions).toEqual([{ x: 0, y: 100, width: W, height: 120 }]);
    expect(diff.changedPixels).toBe(W * 120);
    expect(diff.changedFraction).toBeCloseTo(120 / H, 5);
    expect(diff.sizeChanged).toBe(false);
    expect(diff.diffPng).toBeDefined();
    const size = pngSize(diff.diffPng!);
    expect(size).toEqual({ width: W, height: H });
    // The banner in its own colour tinted red, not painted over.
    expect(await pixelAt(diff.diffPng!, 320, 160)).toEqual(tintedColour(RED));
    // Outlined just above, with a gap.
    expect(await pixelAt(diff.diffPng!, 320, 95)).toEqual([255, 0, 0]);
    expect((await pixelAt(diff.diffPng!, 320, 99))[1]).toBeGreaterThan(200);
    const outside = await pixelAt(diff.diffPng!, 5, 600);
    expect(outside[0]).toBe(outside[1]); // faded grey page, not highlighted
  });

  it('lists separate changes as separate regions, largest first', async () => {
    let current = fill(base, 20, 40, 100, 30, RED);
    current = fill(current, 300, 500, 200, 100, RED);
    const diff = await compareScreenshots(await png(base), await png(current), { masks: [] });
    expect(diff.regions).toEqual([
      { x: 300, y: 500, width: 200, height: 100 },
      { x: 20, y: 40, width: 100, height: 30 },
    ]);
  });

  it('counts a full replacement as (almost) everything changed, in one region', async () => {
    const current = fill(fill(base, 0, 0, W, H, [200, 0, 0]), 200, 300, 240, 160, [255, 222, 0]);
    const diff = await compareScreenshots(await png(base), await png(current), { masks: [] });
    expect(diff.changedFraction).toBeGreaterThan(0.95);
    expect(diff.regions).toHaveLength(1);
    expect(diff.regions[0]).toEqual({ x: 0, y: 0, width: W, height: H });
  });

  it('draws a page that changed everywhere as the new page tinted and outlined, not as a red block', async () => {
    // A defacer's page: black, with a light slogan and a yellow block where the site was.
    const black = fill(base, 0, 0, W, H, [5, 5, 5]);
    const current = fill(fill(black, 100, 200, 440, 40, [255, 230, 80]), 200, 400, 240, 160, [255, 222, 0]);
    const diff = await compareScreenshots(await png(base), await png(current), { masks: [] });
    expect(diff.changedFraction).toBeGreaterThan(0.95);
    const img = await decodePng(diff.diffPng!);
    const at = (x: number, y: number): number[] => [...img.data.subarray((y * W + x) * 4, (y * W + x) * 4 + 3)];
    let pure = 0;
    for (let i = 0; i < img.data.length; i += 4) if (img.data[i] === 255 && img.data[i + 1] === 0 && img.data[i + 2] === 0) pure++;
    // Red only where the outline runs (along the edges); everything else shows the page.
    expect(pure / (W * H)).toBeLessThan(0.05);
    expect(at(0, H / 2)).toEqual([255, 0, 0]);
    expect(at(W / 2, 0)).toEqual([255, 0, 0]);
    // The new page in its own colours, tinted: the slogan light on the dark page, the block yellow.
    expect(at(300, 220)).toEqual(tintedColour([255, 230, 80]));
    expect(at(300, 110)).toEqual(tintedColour([5, 5, 5])); // a row of the old page without text: every pixel changed
    expect(at(300, 480)).toEqual(tintedColour([255, 222, 0]));
  });

  it('ignores colour noise under the tolerance and isolated specks', async () => {
    const data = new Uint8Array(base.data);
    for (let i = 0; i < data.length; i += 4) data[i] = Math.max(0, data[i]! - 12); // JPEG-like drift
    const noisy = fill(fill({ ...base, data }, 10, 10, 1, 1, RED), 400, 700, 2, 1, RED); // two specks
    const diff = await compareScreenshots(await png(base), await png(noisy), { masks: [] });
    expect(diff.changedPixels).toBe(0);
    expect(diff.regions).toEqual([]);
    expect(diff.diffPng).toBeUndefined();
  });

  it('makes the tolerance adjustable with pixelThreshold', async () => {
    const data = new Uint8Array(base.data);
    for (let i = 0; i < W * 50 * 4; i += 4) data[i + 2] = data[i + 2]! - 20; // a slightly warmer top band
    const shifted = { ...base, data };
    const a = await png(base);
    const b = await png(shifted);
    expect((await compareScreenshots(a, b, { masks: [] })).changedPixels).toBe(0);
    const strict = await compareScreenshots(a, b, { masks: [], pixelThreshold: 0.05 });
    expect(strict.regions).toHaveLength(1);
    expect(strict.regions[0]!.y).toBe(0);
  });

  it('excludes masked areas from both the changed and the compared pixels', async () => {
    const current = fill(fill(base, 500, 10, 100, 20, RED), 0, 400, W, 40, RED);
    const clock = { x: 490, y: 5, width: 120, height: 30 };
    const diff = await compareScreenshots(await png(base), await png(current), { masks: [clock] });
    expect(diff.comparedPixels).toBe(W * H - 120 * 30);
    expect(diff.regions).toEqual([{ x: 0, y: 400, width: W, height: 40 }]);
    expect(diff.changedPixels).toBe(W * 40);

    const onlyClock = await compareScreenshots(await png(base), await png(fill(base, 500, 10, 100, 20, RED)), { masks: [clock] });
    expect(onlyClock.changedPixels).toBe(0);
    expect(onlyClock.regions).toEqual([]);
  });

  it('clips masks that spill past the page and rounds fractional ones outwards', async () => {
    const current = fill(base, 0, 0, 30, 30, RED);
    const diff = await compareScreenshots(await png(base), await png(current), {
      masks: [{ x: -10.5, y: -3, width: 40.6, height: 33.2 }],
    });
    expect(diff.changedPixels).toBe(0);
    expect(diff.comparedPixels).toBe(W * H - 31 * 31);
  });

  it('counts only the content of the extra rows when the page grew by a footer', async () => {
    const grown = extend(base, H + 200, (x, y) => (y >= H + 120 && x >= 100 && x < 300 ? INK : WHITE));
    const diff = await compareScreenshots(await png(base), await png(grown), { masks: [] });
    expect(diff.sizeChanged).toBe(true);
    expect(diff.comparedPixels).toBe(W * (H + 200));
    expect(diff.changedPixels).toBe(200 * 80);
    expect(diff.changedFraction).toBeLessThan(0.05);
    expect(diff.regions).toEqual([{ x: 100, y: H + 120, width: 200, height: 80 }]);
    expect(pngSize(diff.diffPng!)).toEqual({ width: W, height: H + 200 });
  });

  it('reports a page that only grew by blank background as resized but not changed', async () => {
    const grown = extend(base, H + 300, () => WHITE);
    const diff = await compareScreenshots(await png(base), await png(grown), { masks: [] });
    expect(diff.sizeChanged).toBe(true);
    expect(diff.changedPixels).toBe(0);
  });

  it('counts content that disappeared when the page got shorter', async () => {
    const long = extend(base, H + 100, () => INK);
    const diff = await compareScreenshots(await png(long), await png(base), { masks: [] });
    expect(diff.sizeChanged).toBe(true);
    expect(diff.changedPixels).toBe(W * 100);
    expect(diff.regions).toEqual([{ x: 0, y: H, width: W, height: 100 }]);
  });

  it('says which screenshot could not be decoded', async () => {
    const good = await png(base);
    await expect(compareScreenshots(Buffer.from('not a png'), good, { masks: [] })).rejects.toMatchObject({ code: 'BASELINE_CORRUPT' });
    await expect(compareScreenshots(good, good.subarray(0, 100), { masks: [] })).rejects.toMatchObject({ code: 'CAPTURE_FAILED' });
  });

  it('skips the evidence image when asked to', async () => {
    const current = fill(base, 0, 100, W, 120, RED);
    const diff = await compareScreenshots(await png(base), await png(current), { masks: [], diffImage: false });
    expect(diff.changedPixels).toBeGreaterThan(0);
    expect(diff.diffPng).toBeUndefined();
  });
});

describe('diffRawImages', () => {
  it('compares images of different widths over their union', () => {
    const a = page(100, 50);
    const b = extendWidth(a, 120);
    const raw = diffRawImages(a, b, { masks: [] });
    expect(raw.sizeChanged).toBe(true);
    expect(raw.comparedPixels).toBe(120 * 50);
    expect(raw.regions.map((r) => r.box)).toEqual([{ x: 100, y: 0, width: 20, height: 50 }]);
  });
});

function extendWidth(img: RawImage, width: number): RawImage {
  const data = new Uint8Array(width * img.height * 4);
  for (let y = 0; y < img.height; y++) {
    data.set(img.data.subarray(y * img.width * 4, (y + 1) * img.width * 4), y * width * 4);
    for (let x = img.width; x < width; x++) {
      const o = (y * width + x) * 4;
      data[o] = INK[0];
      data[o + 1] = INK[1];
      data[o + 2] = INK[2];
      data[o + 3] = 255;
    }
  }
  return { width, height: img.height, data };
}
