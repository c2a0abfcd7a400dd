import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cropArea, frameAround, prepareEvidenceImages } from '../../src/sinks/evidence-images.js';

const PAGE = { width: 1366, height: 3000 };

describe('cropArea', () => {
  it('shows a small change at full scale with what surrounds it', () => {
    const { area, focused } = cropArea({ x: 600, y: 1500, width: 100, height: 60 }, PAGE);
    expect(focused).toBe(true);
    expect(area).toEqual({ x: 330, y: 1290, width: 640, height: 480 });
    // The change is inside, with the margin.
    expect(area.x).toBeLessThanOrEqual(600 - 48);
    expect(area.x + area.width).toBeGreaterThanOrEqual(700 + 48);
  });

  it('keeps the area inside the picture near its edges', () => {
    expect(cropArea({ x: 1300, y: 2980, width: 66, height: 20 }, PAGE).area).toEqual({ x: 726, y: 2520, width: 640, height: 480 });
    expect(cropArea({ x: 0, y: 0, width: 30, height: 30 }, PAGE).area).toEqual({ x: 0, y: 0, width: 640, height: 480 });
  });

  it('shows a wide change whole, with its margin', () => {
    expect(cropArea({ x: 0, y: 124, width: 1366, height: 520 }, PAGE).area).toEqual({ x: 0, y: 76, width: 1366, height: 616 });
  });

  it('shows a change taller than the picture from its top', () => {
    const { area } = cropArea({ x: 0, y: 800, width: 1366, height: 2000 }, PAGE);
    expect(area).toEqual({ x: 0, y: 752, width: 1366, height: 1025 });
  });

  it('falls back to the top of the page without a focus, or with one outside the picture', () => {
    const top = { area: { x: 0, y: 0, width: 1366, height: 1025 }, focused: false };
    expect(cropArea(undefined, PAGE)).toEqual(top);
    expect(cropArea({ x: 5000, y: 9000, width: 100, height: 100 }, PAGE)).toEqual(top);
    expect(cropArea({ x: -500, y: -500, width: 100, height: 100 }, PAGE)).toEqual(top);
    expect(cropArea({ x: Number.NaN, y: 0, width: 100, height: 100 }, PAGE)).toEqual(top);
  });

  it('clips a focus that sticks out of the picture', () => {
    const { area, focused } = cropArea({ x: 1200, y: -100, width: 500, height: 300 }, PAGE);
    expect(focused).toBe(true);
    expect(area).toEqual({ x: 726, y: 0, width: 640, height: 480 });
  });

  it('copes with pictures smaller than the inline size', () => {
    expect(cropArea({ x: 10, y: 10, width: 20, height: 20 }, { width: 300, height: 200 }).area).toEqual({ x: 0, y: 0, width: 300, height: 200 });
  });
});

describe('frameAround', () => {
  const paragraph = { x: 100, y: 1356, width: 800, height: 92 };

  it('frames the change with its block (the heading above it) when the block fits', () => {
    const block = { x: 100, y: 1300, width: 800, height: 148 };
    expect(frameAround(paragraph, block, PAGE)).toEqual(block);
    // The crop then starts above the heading.
    expect(cropArea(frameAround(paragraph, block, PAGE), PAGE).area.y).toBeLessThan(1300);
  });

  it('shows a block up to twice the picture whole, shrunk, rather than cut', () => {
    const wide = { x: 298, y: 60, width: 771, height: 445 };
    expect(frameAround({ x: 533, y: 60, width: 301, height: 201 }, wide, { width: 1366, height: 768 })).toEqual(wide);
  });

  it("keeps the block's top and the change when the whole block is too tall, else the change alone", () => {
    const tall = { x: 100, y: 900, width: 800, height: 1400 };
    expect(frameAround(paragraph, tall, PAGE)).toEqual({ x: 100, y: 900, width: 800, height: 548 });
    const deep = { x: 100, y: 100, width: 800, height: 2200 };
    expect(frameAround(paragraph, deep, PAGE)).toEqual({ x: 100, y: 1356, width: 800, height: 92 });
    // Too wide: the change's columns, the block's rows.
    const wide = { x: 0, y: 1300, width: 1366, height: 148 };
    expect(frameAround({ x: 600, y: 1356, width: 60, height: 20 }, wide, PAGE)).toEqual({ x: 600, y: 1300, width: 60, height: 148 });
  });
});

describe('prepareEvidenceImages', () => {
  let dir: string;
  const files = { actualPng: '', baselinePng: '', diffPng: '' };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'defacewatch-evidence-'));
    // A light page with a noisy "photo" beside where the change is (photos compress worst), and a
    // red block as the change.
    const photo = Buffer.alloc(500 * 400 * 3);
    let state = 2463534242;
    for (let i = 0; i < photo.length; i++) {
      state ^= state << 13; // xorshift32
      state ^= state >>> 17;
      state ^= state << 5;
      photo[i] = state & 0xff;
    }
    const noise = await sharp(photo, { raw: { width: 500, height: 400, channels: 3 } })
      .png()
      .toBuffer();
    const page = sharp({ create: { ...PAGE, channels: 3, background: '#f4f6f8' } }).composite([{ input: noise, left: 100, top: 1400 }]);
    const red = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#de2910' } })
      .png()
      .toBuffer();
    files.actualPng = join(dir, 'site-actual.png');
    files.baselinePng = join(dir, 'site-expected.png');
    files.diffPng = join(dir, 'site-diff.png');
    const plain = await page.png().toBuffer();
    await sharp(plain)
      .composite([{ input: red, left: 600, top: 1500 }])
      .png()
      .toFile(files.actualPng);
    await writeFile(files.baselinePng, plain);
    await sharp({ create: { ...PAGE, channels: 3, background: '#ffffff' } })
      .composite([{ input: red, left: 600, top: 1500 }])
      .png()
      .toFile(files.diffPng);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const focus = { x: 600, y: 1500, width: 300, height: 200 };

  it('crops each picture around the focus, within the size and byte limits', async () => {
    const images = await prepareEvidenceImages({ ...files, focus }, { baseName: 'moh-home', cidToken: 'abc', maxInlineBytes: 150_000 });
    expect(images.problems).toEqual([]);
    expect(images.inline.map((i) => [i.role, i.cid, i.filename.replace(/\.(png|jpg)$/, '')])).toEqual([
      ['current', 'current.abc@defacewatch', 'moh-home-current-cropped'],
      ['baseline', 'baseline.abc@defacewatch', 'moh-home-baseline-cropped'],
      ['diff', 'diff.abc@defacewatch', 'moh-home-diff-cropped'],
    ]);
    for (const image of images.inline) {
      expect(image.content.length).toBeLessThanOrEqual(150_000);
      const meta = await sharp(image.content).metadata();
      expect(meta.format).toBe(image.contentType === 'image/png' ? 'png' : 'jpeg');
      expect([meta.width, meta.height]).toEqual([image.width, image.height]);
      expect(image.width).toBeLessThanOrEqual(640);
      // The change with the photo it touches (no calm margin parts them), and the margin around both.
      expect(image.area).toEqual({ x: 52, y: 1352, width: 896, height: 496 });
      expect(image.frame).toEqual({ x: 100, y: 1400, width: 800, height: 400 });
      expect(image.pageSize).toEqual(PAGE);
    }
    // The red block is where it is on the page, in the current crop.
    const current = images.inline[0]!;
    const { data, info } = await sharp(current.content).raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number): number[] => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)];
    const scale = info.width / current.area.width;
    const [r, g, b] = at(Math.round((750 - current.area.x) * scale), Math.round((1600 - current.area.y) * scale));
    expect(r).toBeGreaterThan(180);
    expect(g).toBeLessThan(90);
    expect(b).toBeLessThan(90);
  });

  it('attaches the full-page files under clear names', async () => {
    const images = await prepareEvidenceImages({ ...files, focus }, { baseName: 'moh-home', cidToken: 'abc' });
    expect(images.attachments.map((a) => [a.filename, a.path, a.width, a.height])).toEqual([
      ['moh-home-current-full-page.png', files.actualPng, 1366, 3000],
      ['moh-home-baseline-full-page.png', files.baselinePng, 1366, 3000],
      ['moh-home-diff-full-page.png', files.diffPng, 1366, 3000],
    ]);
  });

  it('shrinks a picture until it fits a small byte budget', async () => {
    const images = await prepareEvidenceImages({ actualPng: files.actualPng, focus }, { baseName: 's', cidToken: 'x', maxInlineBytes: 20_000 });
    const [image] = images.inline;
    expect(image!.content.length).toBeLessThanOrEqual(20_000);
    expect(image!.width).toBeLessThan(640);
  });

  it('leaves out a missing or unreadable file, says so, and keeps the others', async () => {
    const broken = join(dir, 'broken.png');
    await writeFile(broken, 'not a png');
    const images = await prepareEvidenceImages(
      { actualPng: join(dir, 'gone.png'), baselinePng: broken, diffPng: files.diffPng, focus },
      { baseName: 's', cidToken: 'x' },
    );
    expect(images.inline.map((i) => i.role)).toEqual(['diff']);
    expect(images.attachments.map((a) => a.role)).toEqual(['diff']);
    expect(images.problems).toEqual([
      { role: 'current', path: join(dir, 'gone.png'), problem: 'the file is missing' },
      { role: 'baseline', path: broken, problem: expect.stringMatching(/^not a readable picture/) },
    ]);
  });

  it('shows the top of the page for a focus outside the picture', async () => {
    const images = await prepareEvidenceImages({ actualPng: files.actualPng, focus: { x: 9000, y: 9000, width: 10, height: 10 } }, { baseName: 's', cidToken: 'x' });
    expect(images.inline[0]?.focused).toBe(false);
    expect(images.inline[0]?.area).toEqual({ x: 0, y: 0, width: 1366, height: 1025 });
  });

  it('names instead of attaching full pages past the attachment budget', async () => {
    const images = await prepareEvidenceImages({ ...files, focus }, { baseName: 's', cidToken: 'x', maxAttachmentBytes: 1000 });
    expect(images.inline).toHaveLength(3);
    expect(images.attachments).toEqual([]);
    expect(images.problems.map((p) => p.problem)).toEqual([
      expect.stringMatching(/^the full-page file \(.+\) is not attached: it would make the message too large$/),
      expect.stringMatching(/not attached/),
      expect.stringMatching(/not attached/),
    ]);
  });
});
