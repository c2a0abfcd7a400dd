import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { alignRows, gapsBetween, rowSignatures } from '../../src/compare/align.js';
import { tintedColour } from '../../src/compare/evidence.js';
import { compareScreenshotPair, compareScreenshots, decodePng, diffRawImages } from '../../src/compare/visual.js';
import type { RawImage, VisualDiff } from '../../src/core/types.js';

type RGB = readonly [number, number, number];
const W = 480;
const H = 1200;
const WHITE: RGB = [255, 255, 255];
const INK: RGB = [30, 30, 40];
const BANNER: RGB = [250, 200, 40];

/** A deterministic pseudo-random source, so every page is the same on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/**
 * A page as a list of rows: lines of "text" (strokes of random width and height, every line
 * different, as on a real page) on a background, with blank leading between the lines.
 */
function pageRows(height: number, seed = 1, bg: RGB = WHITE, ink: RGB = INK): Uint8Array[] {
  const next = random(seed);
  const rows = Array.from({ length: height }, () => solidRow(bg));
  for (let top = 4; top < height; top += 24) {
    const length = 120 + Math.floor(next() * (W - 180));
    for (let k = 0; k < length / 6; k++) {
      const x = 30 + Math.floor(next() * length);
      const w = 1 + Math.floor(next() * 5);
      const h = 6 + Math.floor(next() * 9);
      for (let y = top; y < Math.min(height, top + h); y++) paint(rows[y]!, x, Math.min(W, x + w), ink);
    }
  }
  return rows;
}

function solidRow(c: RGB): Uint8Array {
  const row = new Uint8Array(W * 4);
  paint(row, 0, W, c);
  return row;
}

function paint(row: Uint8Array, x0: number, x1: number, c: RGB): void {
  for (let x = x0; x < x1; x++) {
    row[x * 4] = c[0];
    row[x * 4 + 1] = c[1];
    row[x * 4 + 2] = c[2];
    row[x * 4 + 3] = 255;
  }
}

/** A banner: a coloured band with a line of dark "text" in it. */
function bannerRows(height: number, seed = 7): Uint8Array[] {
  const rows = Array.from({ length: height }, () => solidRow(BANNER));
  const next = random(seed);
  for (let y = Math.floor(height / 3); y < Math.floor(height / 3) + 12; y++) {
    for (let k = 0; k < 40; k++) {
      const x = 40 + Math.floor(next() * (W - 80));
      paint(rows[y]!, x, x + 3, INK);
    }
  }
  return rows;
}

/** The same rows with [x0, x1) painted in a colour. */
function painted(rows: Uint8Array[], x0: number, x1: number, c: RGB): Uint8Array[] {
  return rows.map((r) => {
    const copy = new Uint8Array(r);
    paint(copy, x0, x1, c);
    return copy;
  });
}

function image(rows: Uint8Array[]): RawImage {
  const data = new Uint8Array(rows.length * W * 4);
  rows.forEach((r, y) => data.set(r, y * W * 4));
  return { width: W, height: rows.length, data };
}

function png(rows: Uint8Array[]): Promise<Buffer> {
  const img = image(rows);
  return sharp(img.data, { raw: { width: img.width, height: img.height, channels: 4 } })
    .png()
    .toBuffer();
}

async function compare(baseline: Uint8Array[], current: Uint8Array[], opts: Parameters<typeof compareScreenshots>[2] = { masks: [] }): Promise<VisualDiff> {
  return compareScreenshots(await png(baseline), await png(current), opts);
}

/** Changed pixels in regions that reach below current row y. */
function changedBelow(diff: VisualDiff, y: number): number {
  return diff.regions.filter((r) => r.y + r.height > y).reduce((n, r) => n + r.width * r.height, 0);
}

async function rgbAt(pngBuf: Buffer, x: number, y: number): Promise<[number, number, number]> {
  const img = await decodePng(pngBuf);
  const o = (y * img.width + x) * 4;
  return [img.data[o]!, img.data[o + 1]!, img.data[o + 2]!];
}

const base = pageRows(H);

describe('vertical alignment of screenshots', () => {
  it('reports a banner inserted at the top as one inserted block, with nothing changed below it', async () => {
    const current = [...bannerRows(80), ...base];
    const diff = await compare(base, current);
    expect(diff.changes).toEqual([{ kind: 'inserted', box: { x: 0, y: 0, width: W, height: 80 }, changedPixels: W * 80, shift: 80 }]);
    expect(diff.regions).toEqual([{ x: 0, y: 0, width: W, height: 80 }]);
    expect(diff.changedPixels).toBe(W * 80);
    expect(diff.changedFraction).toBeCloseTo(80 / (H + 80), 5);
    expect(changedBelow(diff, 80)).toBe(0);
    expect(diff.movedRows).toBe(H);
    expect(diff.sizeChanged).toBe(true);
  });

  it('reports a banner inserted in the middle with its box, while the unaligned diff calls everything below it changed', async () => {
    const current = [...base.slice(0, 412), ...bannerRows(60), ...base.slice(412)];
    const diff = await compare(base, current);
    expect(diff.changes).toEqual([{ kind: 'inserted', box: { x: 0, y: 412, width: W, height: 60 }, changedPixels: W * 60, shift: 60 }]);
    expect(changedBelow(diff, 472)).toBe(0);
    expect(diff.changedFraction).toBeLessThan(0.06);
    expect(diff.movedRows).toBe(H - 412);

    const unaligned = await compare(base, current, { masks: [], align: false });
    expect(unaligned.changes).toHaveLength(1);
    expect(unaligned.changes![0]!.kind).toBe('replaced');
    expect(unaligned.changes![0]!.box.y + unaligned.changes![0]!.box.height).toBeGreaterThan(H);
    expect(unaligned.changedFraction).toBeGreaterThan(3 * diff.changedFraction);
  });

  it('reports a removed block in baseline pixels, and content below moving up', async () => {
    // Three lines of text: rows 484–555 (lines start at 4 + 24n).
    const current = [...base.slice(0, 484), ...base.slice(556)];
    const diff = await compare(base, current);
    expect(diff.changes).toHaveLength(1);
    expect(diff.changes![0]).toMatchObject({ kind: 'removed', box: { x: 0, y: 484, width: W, height: 72 }, shift: -72 });
    expect(diff.changes![0]!.changedPixels).toBeGreaterThan(0);
    // The removed rows are not on the current page: no region, but they count as changed.
    expect(diff.regions).toEqual([]);
    expect(diff.changedPixels).toBe(diff.changes![0]!.changedPixels);
    expect(diff.changedFraction).toBeLessThan(0.03);
    expect(diff.comparedPixels).toBe(W * H);
  });

  it('marks where rows were removed with a red seam on the evidence image', async () => {
    const current = [...base.slice(0, 484), ...base.slice(556)];
    const diff = await compare(base, current);
    expect(await rgbAt(diff.diffPng!, W / 2, 484)).toEqual([255, 0, 0]);
    const away = await rgbAt(diff.diffPng!, 5, 700);
    expect(away[0]).toBe(away[1]); // faded grey page, not highlighted
  });

  it('reports a block replaced in place with the box of its changed pixels and no shift', async () => {
    const current = [...base.slice(0, 300), ...painted(base.slice(300, 400), 100, 300, [200, 0, 0]), ...base.slice(400)];
    const diff = await compare(base, current);
    expect(diff.changes).toEqual([{ kind: 'replaced', box: { x: 100, y: 300, width: 200, height: 100 }, changedPixels: 200 * 100, shift: 0 }]);
    expect(diff.movedRows).toBe(0);
    expect(diff.sizeChanged).toBe(false);
  });

  it('finds a change below content that was pushed down, at its current position', async () => {
    const edited = [...base.slice(0, 700), ...painted(base.slice(700, 760), 50, 250, [0, 90, 200]), ...base.slice(760)];
    const current = [...base.slice(0, 100), ...bannerRows(80), ...edited.slice(100)];
    const diff = await compare(base, current);
    expect(diff.changes).toEqual([
      { kind: 'inserted', box: { x: 0, y: 100, width: W, height: 80 }, changedPixels: W * 80, shift: 80 },
      { kind: 'replaced', box: { x: 50, y: 780, width: 200, height: 60 }, changedPixels: 200 * 60, shift: 0 },
    ]);
    expect(diff.changedPixels).toBe(W * 80 + 200 * 60);
    expect(diff.regions).toEqual([
      { x: 0, y: 100, width: W, height: 80 },
      { x: 50, y: 780, width: 200, height: 60 },
    ]);
  });

  it('reports a block that grew as replaced, with the shift it caused', async () => {
    // Two lines of text become four different lines: 48 rows replaced by 96.
    const other = pageRows(96, 42);
    const current = [...base.slice(0, 600), ...other, ...base.slice(648)];
    const diff = await compare(base, current);
    expect(diff.changes).toHaveLength(1);
    const [change] = diff.changes!;
    expect(change!.kind).toBe('replaced');
    expect(change!.shift).toBe(48);
    expect(change!.box.y).toBeGreaterThanOrEqual(600);
    expect(change!.box.y + change!.box.height).toBeLessThanOrEqual(696);
    expect(changedBelow(diff, 696)).toBe(0);
  });

  it('still counts an unrelated full replacement as (almost) everything changed', async () => {
    const defaced = pageRows(900, 99, [10, 10, 10], [220, 30, 30]);
    const diff = await compare(base, defaced);
    expect(diff.changedFraction).toBeGreaterThan(0.95);
    expect(diff.changes).toHaveLength(1);
    expect(diff.changes![0]!.kind).toBe('replaced');
    expect(diff.changes![0]!.box).toEqual({ x: 0, y: 0, width: W, height: 900 });
    expect(diff.movedRows).toBe(0);
    // The baseline's lost bottom rows are shown below the current page, as before alignment.
    expect(diff.regions[0]).toEqual({ x: 0, y: 0, width: W, height: H });
  });

  it('honours each screenshot’s masks where the page moved them', async () => {
    // A clock at y=20 in the baseline shows another time at y=100 once an 80-row banner pushed it down.
    const clock = { x: 380, y: 20, width: 80, height: 14 };
    const baseline = [...base.slice(0, 20), ...painted(base.slice(20, 34), 380, 460, [0, 0, 0]), ...base.slice(34)];
    const moved = [...base.slice(0, 20), ...painted(base.slice(20, 34), 380, 460, [0, 120, 0]), ...base.slice(34)];
    const current = [...bannerRows(80), ...moved];
    const diff = await compare(baseline, current, {
      masks: [],
      baselineMasks: [clock],
      currentMasks: [{ ...clock, y: clock.y + 80 }],
    });
    expect(diff.changes).toEqual([{ kind: 'inserted', box: { x: 0, y: 0, width: W, height: 80 }, changedPixels: W * 80, shift: 80 }]);
    expect(diff.comparedPixels).toBe(W * (H + 80) - 80 * 14);

    // Unmasked, the clock is a change of its own.
    const unmasked = await compare(baseline, current);
    expect(unmasked.changes!.map((c) => c.kind)).toEqual(['inserted', 'replaced']);
    expect(unmasked.changes![1]!.box).toEqual({ x: 380, y: 100, width: 80, height: 14 });
  });

  it('applies shared masks in each screenshot’s own pixels', async () => {
    const changedTop = [...painted(base.slice(0, 30), 0, W, [200, 0, 0]), ...base.slice(30)];
    const diff = await compare(base, changedTop, { masks: [{ x: 0, y: 0, width: W, height: 30 }] });
    expect(diff.changedPixels).toBe(0);
    expect(diff.changes).toEqual([]);
    expect(diff.comparedPixels).toBe(W * (H - 30));
  });

  it('treats blank space that appeared as moved content, not a change', async () => {
    const current = [...base.slice(0, 400), ...Array.from({ length: 40 }, () => solidRow(WHITE)), ...base.slice(400)];
    const diff = await compare(base, current);
    expect(diff.changedPixels).toBe(0);
    expect(diff.changes).toEqual([]);
    expect(diff.movedRows).toBeGreaterThan(700);
    expect(diff.diffPng).toBeUndefined();
  });

  it('reports a footer added at the bottom as inserted with no shift', async () => {
    const current = [...base, ...bannerRows(50)];
    const diff = await compare(base, current);
    expect(diff.changes).toEqual([{ kind: 'inserted', box: { x: 0, y: H, width: W, height: 50 }, changedPixels: W * 50, shift: 0 }]);
    expect(diff.movedRows).toBe(0);
  });

  it('draws the evidence on the current page: the banner red, the content it pushed down not', async () => {
    const current = [...base.slice(0, 200), ...bannerRows(80), ...base.slice(200)];
    const diff = await compare(base, current);
    expect(diff.diffPng).toBeDefined();
    const size = await sharp(diff.diffPng).metadata();
    expect([size.width, size.height]).toEqual([W, H + 80]);
    // The banner's changed pixels tinted red (its shapes stay visible), the banner outlined.
    expect(await rgbAt(diff.diffPng!, 10, 240)).toEqual(tintedColour(BANNER));
    expect(await rgbAt(diff.diffPng!, W / 2, 200 - 5)).toEqual([255, 0, 0]);
    // An ink pixel of the moved text is drawn faded, not highlighted.
    const inkRow = current.findIndex((r, y) => y > 400 && r[40 * 4] === INK[0]);
    expect(inkRow).toBeGreaterThan(400);
    const px = await rgbAt(diff.diffPng!, 40, inkRow);
    expect(px[0]).toBe(px[1]);
  });
});

describe('compareScreenshotPair', () => {
  it('returns the decoded current screenshot beside the diff, outside the JSON', async () => {
    const current = [...bannerRows(40), ...base];
    const { visual, currentImage } = await compareScreenshotPair(await png(base), await png(current), { masks: [] });
    expect(currentImage).toMatchObject({ width: W, height: H + 40 });
    expect(currentImage!.data.length).toBe(W * (H + 40) * 4);
    expect(Array.from(currentImage!.data.subarray(0, 4))).toEqual([...BANNER, 255]);
    expect(Object.keys(visual)).not.toContain('currentImage');
    expect(JSON.stringify({ ...visual, diffPng: undefined }).length).toBeLessThan(2000);
  });

  it('decodes nothing for byte-identical screenshots', async () => {
    const a = await png(base);
    const { visual, currentImage } = await compareScreenshotPair(a, Buffer.from(a), { masks: [] });
    expect(visual.identical).toBe(true);
    expect(currentImage).toBeUndefined();
  });
});

describe('alignRows', () => {
  it('matches moved content and leaves what changed in gaps', () => {
    const a = image(base);
    const current = [...base.slice(0, 100), ...bannerRows(30), ...base.slice(100, 900), ...base.slice(950)];
    const b = image(current);
    const runs = alignRows(rowSignatures(a, W, []), rowSignatures(b, W, []));
    expect(runs).toEqual([
      { a: 0, b: 0, length: 100 },
      { a: 100, b: 130, length: 800 },
      { a: 950, b: 930, length: H - 950 },
    ]);
    expect(gapsBetween(runs, H, current.length)).toEqual([
      { a0: 100, a1: 100, b0: 100, b1: 130 },
      { a0: 900, a1: 950, b0: 930, b1: 930 },
    ]);
  });

  it('does not glue blank rows of unrelated pages together', () => {
    const a = image(base);
    const b = image(pageRows(H, 5));
    const runs = alignRows(rowSignatures(a, W, []), rowSignatures(b, W, []));
    // Only blank rows above the first line and below the last match, in place.
    expect(runs.every((r) => r.a === r.b)).toBe(true);
    expect(runs.reduce((n, r) => n + r.length, 0)).toBeLessThan(24);
  });

  it('compares in place when told not to align', () => {
    const current = [...bannerRows(80), ...base];
    const raw = diffRawImages(image(base), image(current), { align: false });
    expect(raw.pairing.movedRows).toBe(0);
    expect(raw.changedPixels).toBeGreaterThan(W * 80 * 3);
  });
});
