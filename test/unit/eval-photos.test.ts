import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ASEAN, flagSvg } from '../../tools/eval/images/flags.js';
import { flagGif, flagPhoto, summitPhoto } from '../../tools/eval/images/photos.js';
import { rasterSvg, type Rgba } from '../../tools/eval/images/pixels.js';

/** The corpus pictures show what their names say: flags drawn to their specification, animated GIFs, stable photos. */

const at = (img: Rgba, x: number, y: number): [number, number, number] => {
  const i = (Math.round(y) * img.width + Math.round(x)) * 4;
  return [img.data[i]!, img.data[i + 1]!, img.data[i + 2]!];
};
const isYellow = ([r, g, b]: [number, number, number]): boolean => r > 220 && g > 180 && b < 80;
const isRed = ([r, g, b]: [number, number, number]): boolean => r > 180 && g < 70 && b < 70;

describe('flag artwork', () => {
  it('PRC: a big star at the upper hoist and four small stars on an arc towards the fly, on red', async () => {
    const flag = await rasterSvg(flagSvg('prc', 300));
    expect([flag.width, flag.height]).toEqual([300, 200]);
    // GB 12982 grid: 30×20 units of 10 px; big star at (5,5), small ones at (10,2) (12,4) (12,7) (10,9).
    expect(isYellow(at(flag, 50, 50))).toBe(true);
    for (const [x, y] of [
      [10, 2],
      [12, 4],
      [12, 7],
      [10, 9],
    ] as const) {
      expect(isYellow(at(flag, x * 10, y * 10)), `small star at (${x},${y})`).toBe(true);
    }
    expect(isRed(at(flag, 225, 150))).toBe(true);
    expect(isRed(at(flag, 50, 150))).toBe(true);
  });

  it("Vietnam: one star in the centre, none at the PRC's upper hoist", async () => {
    const flag = await rasterSvg(flagSvg('vietnam', 300));
    expect(isYellow(at(flag, 150, 104))).toBe(true);
    expect(isRed(at(flag, 50, 50))).toBe(true);
    expect(isRed(at(flag, 100, 20))).toBe(true);
  });

  it('every ASEAN member has its own artwork', async () => {
    const seen = new Set<string>();
    for (const name of ASEAN) {
      const flag = await rasterSvg(flagSvg(name, 60));
      seen.add(Buffer.from(flag.data).toString('base64'));
    }
    expect(seen.size).toBe(10);
  });
});

describe('photographs', () => {
  it('a flag photo is a JPEG of the asked size, the same bytes for the same seed', async () => {
    const a = await flagPhoto({ width: 320, height: 180, seed: 5, occluder: 'tree' });
    const b = await flagPhoto({ width: 320, height: 180, seed: 5, occluder: 'tree' });
    const meta = await sharp(a).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 320, 180]);
    expect(a.equals(b)).toBe(true);
  });

  it('the flag GIF is animated, one frame per step of the wave', async () => {
    const gif = await flagGif({ width: 60, height: 44, frames: 5 });
    const meta = await sharp(gif, { animated: true }).metadata();
    expect(meta.format).toBe('gif');
    expect(meta.pages).toBe(5);
    expect(meta.loop).toBe(0);
  });

  it('the summit photo shows red cloth of both flags between the delegates, none at the edges', async () => {
    const { data, info } = await sharp(await summitPhoto({ width: 400, height: 240, flags: ['prc', 'vietnam'], seed: 3 }))
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const img: Rgba = { width: info.width, height: info.height, data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length) };
    const redIn = (x0: number, x1: number): number => {
      let n = 0;
      for (let y = 60; y < 140; y++) for (let x = x0; x < x1; x++) if (at(img, x, y)[0] > 160 && at(img, x, y)[1] < 90) n++;
      return n;
    };
    expect(redIn(160, 200)).toBeGreaterThan(100);
    expect(redIn(220, 260)).toBeGreaterThan(100);
    expect(redIn(0, 60)).toBe(0);
  });
});
