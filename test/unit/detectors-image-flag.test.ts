import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { META_FILE, SnapshotStore } from '../../src/baselines/store.js';
import { compareDom } from '../../src/compare/dom.js';
import { decodeChangedImages, decodeImage } from '../../src/compare/images.js';
import type { Capture, CapturedImage, ChangedImage, RawImage, VisualDiff } from '../../src/core/types.js';
import { decideVerdict } from '../../src/core/verdict.js';
import { FLAGS } from '../../src/detectors/data/flags.js';
import { renderFlag } from '../../src/detectors/flags/raster.js';
import { imageFlag } from '../../src/detectors/image-flags.js';
import type { DetectorContext } from '../../src/detectors/types.js';
import * as S from '../fixtures/flags/scenes.js';
import { pageCapture } from '../helpers/capture-fixture.js';

const PRC = FLAGS.find((f) => f.id === 'cn')!;
const VIETNAM = FLAGS.find((f) => f.id === 'vn')!;
const SITE = 'https://www.example.go.jp/';

function capture(over: Partial<Capture> = {}): Capture {
  return pageCapture('<p>Welcome</p>', {
    url: SITE,
    html: '<html><body><p>Welcome</p></body></html>',
    visibleText: 'Ministry of Examples\nFlood-control works continue this season on the river.',
    screenshotSize: { width: 1366, height: 3000 },
    pageHeight: 3000,
    ...over,
  });
}

/** A screenshot that did not change at all (the carousel showed the same slide both times). */
const IDENTICAL: VisualDiff = {
  identical: true,
  changedFraction: 0,
  changedPixels: 0,
  comparedPixels: 1366 * 3000,
  regions: [],
  sizeChanged: false,
  changes: [],
  movedRows: 0,
};

function ctx(changedImages: ChangedImage[], visual: VisualDiff = IDENTICAL): DetectorContext {
  const baseline = capture();
  const current = capture();
  return { site: { id: 'moe', url: SITE, sector: 'government' }, baseline, current, visual, dom: compareDom(baseline, current), changedImages };
}

/** A carousel slide: a calm landscape-like picture, optionally with a flag pasted into it. */
function slide(width: number, height: number, flag?: { image: RawImage; x: number; y: number }): RawImage {
  const img = S.blank(width, height, [176, 206, 230]);
  S.paste(img, S.blank(width, Math.round(height / 3), [96, 140, 80]), 0, height - Math.round(height / 3));
  if (flag) S.paste(img, flag.image, flag.x, flag.y);
  return img;
}

function changed(image: RawImage, shown?: boolean, url = `${SITE}img/slide-1.jpg`): ChangedImage {
  return { url, sha256: 'f'.repeat(64), image, ...(shown === undefined ? {} : { shown }) };
}

describe('image-flag', () => {
  it('finds a PRC flag filling a carousel slide that was not on screen, decisive and counted as visible', () => {
    const flag = S.wave(renderFlag(PRC, 420), 12, 300);
    const signals = imageFlag.detect(ctx([changed(slide(1200, 300, { image: flag, x: 390, y: 10 }), false)]));
    expect(signals).toHaveLength(1);
    expect(signals[0]).toMatchObject({
      kind: 'signature',
      summary: 'PRC flag in image /img/slide-1.jpg (not on screen when captured)',
      visibleToVisitors: true,
    });
    expect(signals[0]!.score).toBeGreaterThanOrEqual(0.75);
    // Nothing changed in the screenshot, yet the site is defaced: visitors see the first slide first.
    const dom = compareDom(capture(), capture());
    expect(decideVerdict(signals, { visual: IDENTICAL, dom }).verdict).toBe('defaced');
    // Without that claim, a signature nobody can see does not make a site defaced.
    const unseen = signals.map(({ visibleToVisitors: _seen, ...rest }) => rest);
    expect(decideVerdict(unseen, { visual: IDENTICAL, dom }).verdict).not.toBe('defaced');
  });

  it('scores a small flag in a picture below the defaced bar, and ignores specks', () => {
    const photo = slide(900, 500, { image: renderFlag(PRC, 90), x: 600, y: 60 }); // ~1.5% of the picture
    const small = slide(900, 500, { image: renderFlag(PRC, 150), x: 600, y: 60 }); // ~5%
    expect(imageFlag.detect(ctx([changed(photo, false)]))).toEqual([]);
    const signals = imageFlag.detect(ctx([changed(small, false)]));
    expect(signals).toHaveLength(1);
    expect(signals[0]!.score).toBeLessThan(0.7);
    expect(signals[0]!.score).toBeGreaterThan(0.3);
  });

  it('leaves pictures a visible <img> showed to national-flag, and says nothing of unknown visibility', () => {
    const picture = slide(600, 400, { image: renderFlag(PRC, 480), x: 60, y: 40 });
    expect(imageFlag.detect(ctx([changed(picture, true)]))).toEqual([]);
    const background = imageFlag.detect(ctx([changed(picture, undefined, 'https://cdn.example.net/bg/hero.jpg')]));
    expect(background[0]).toMatchObject({ summary: 'PRC flag in image https://cdn.example.net/bg/hero.jpg' });
  });

  it('reports a neighbour flag for context only, and nothing for pictures without flags', () => {
    const vn = imageFlag.detect(ctx([changed(slide(600, 400, { image: renderFlag(VIETNAM, 480), x: 60, y: 40 }), false)]));
    expect(vn[0]).toMatchObject({ kind: 'supporting', score: 0 });
    expect(imageFlag.detect(ctx([changed(slide(600, 400), false)]))).toEqual([]);
    expect(imageFlag.detect(ctx([]))).toEqual([]);
  });
});

describe('decodeChangedImages', () => {
  const png = (colour: string, width = 200, height = 120): Promise<Buffer> =>
    sharp({ create: { width, height, channels: 3, background: colour } })
      .png()
      .toBuffer();
  const entry = (url: string, sha256: string, bytes: number, shown?: boolean): CapturedImage => ({ url, sha256, bytes, ...(shown === undefined ? {} : { shown }) });

  it('decodes images whose bytes the baseline never loaded, once per hash, first ones by URL', async () => {
    const [a, b, tiny] = await Promise.all([png('#c00'), png('#0c0'), png('#00c', 10, 10)]);
    const baseline = capture({ images: [entry(`${SITE}a.png`, 'A', a.length)] });
    const current = capture({
      images: [
        entry(`${SITE}a.png`, 'A', a.length, true),
        entry(`${SITE}b.png`, 'B', b.length, false),
        entry(`${SITE}b-copy.png`, 'B', b.length),
        entry(`${SITE}icon.png`, 'T', tiny.length),
        entry(`${SITE}gone.png`, 'G', 10),
      ],
      imageBodies: new Map([
        ['A', a],
        ['B', b],
        ['T', tiny],
      ]),
    });
    const out = await decodeChangedImages(baseline, current);
    expect(out.map((i) => [i.url, i.sha256, i.shown, i.image.width, i.image.height])).toEqual([[`${SITE}b.png`, 'B', false, 200, 120]]);
    expect(out[0]!.image.data.length).toBe(200 * 120 * 4);
    expect(await decodeChangedImages(baseline, current, { maxImages: 0, minWidth: 1, minHeight: 1, maxInputPixels: 1e7, maxSide: 100 })).toEqual([]);
  });

  it('decodes nothing against a baseline without image hashes, or without bodies', async () => {
    const b = await png('#0c0');
    const current = capture({ images: [entry(`${SITE}b.png`, 'B', b.length)], imageBodies: new Map([['B', b]]) });
    expect(await decodeChangedImages(capture(), current)).toEqual([]);
    const { imageBodies: _bodies, ...withoutBodies } = current;
    expect(await decodeChangedImages(capture({ images: [] }), withoutBodies)).toEqual([]);
  });

  it('scales large pictures down, and skips SVG and garbage', async () => {
    const big = await sharp({ create: { width: 4000, height: 1000, channels: 3, background: '#888' } })
      .jpeg()
      .toBuffer();
    expect(await decodeImage(big)).toMatchObject({ width: 1600, height: 400 });
    expect(await decodeImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"/>'))).toBeNull();
    expect(await decodeImage(Buffer.from('not an image at all'))).toBeNull();
  });
});

describe('image bodies stay off disk', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'defacewatch-images-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('the snapshot store writes image hashes to meta.json, never their bytes', async () => {
    const body = await sharp({ create: { width: 50, height: 40, channels: 3, background: '#abc' } })
      .png()
      .toBuffer();
    const images = [{ url: `${SITE}a.png`, sha256: 'A'.repeat(64), bytes: body.length, shown: false }];
    const store = new SnapshotStore(dir);
    const screenshot = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    await store.write('moe', capture({ screenshot, images, imageBodies: new Map([['A'.repeat(64), body]]) }), { chromium: 'x', pixelmatch: 'y' });
    const meta = await readFile(path.join(dir, 'moe', META_FILE), 'utf8');
    expect(meta).not.toContain('imageBodies');
    expect(meta.length).toBeLessThan(4_000);
    const back = await store.read('moe');
    expect(back.capture.images).toEqual(images);
    expect(back.capture.imageBodies).toBeUndefined();
  });
});
