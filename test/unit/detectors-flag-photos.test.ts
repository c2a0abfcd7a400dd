import { describe, expect, it } from 'vitest';
import { compareDom } from '../../src/compare/dom.js';
import { decodeFrames } from '../../src/compare/images.js';
import type { ChangedImage, ImagePlace, RawImage } from '../../src/core/types.js';
import { createFlagMatcher, findFlags } from '../../src/detectors/flags/detector.js';
import { imageFlag } from '../../src/detectors/image-flags.js';
import type { DetectorContext } from '../../src/detectors/types.js';
import * as S from '../fixtures/flags/scenes.js';
import { pageCapture } from '../helpers/capture-fixture.js';
import { animatedGif, flagPhoto, PHOTO_VARIANTS, trapPhoto, type PhotoVariant, type TrapKind } from '../helpers/flag-photos.js';

/**
 * Flags as photographs (test/helpers/flag-photos.ts). Seed 2 is one the part placement was tuned
 * on; seed 101 was held out of every threshold (the generator's 101–104 found 24 of 24 PRC photos,
 * 1–4 found 22 of 24: an occluded and a tightly cropped one are missed).
 */
const matcher = createFlagMatcher();
const TUNED = 2;
const HELD_OUT = 101;

function ids(img: RawImage): string[] {
  return findFlags(img, [{ x: 0, y: 0, width: img.width, height: img.height }], matcher).map((f) => f.spec.id);
}

describe('PRC flag photographs', () => {
  for (const [split, seed] of [
    ['tuned', TUNED],
    ['held out', HELD_OUT],
  ] as const) {
    it.each(PHOTO_VARIANTS.map((v) => [v]))(
      `finds the PRC flag: %s (${split}, seed ${seed})`,
      async (variant) => {
        const photo = await flagPhoto((w) => S.prcSvg(w), variant, seed);
        expect(ids(photo)).toContain('cn');
      },
      30_000,
    );
  }
});

describe('PRC flag photographs partly hidden or cropped', () => {
  // Seeds on which people in front, or the picture's edge, once hid too much for the flag to be found.
  it.each([
    ['occluded', 1],
    ['occluded', 11],
    ['occluded', 12],
    ['hero-crop', 3],
    ['hero-crop', 12],
  ] as [PhotoVariant, number][])(
    'finds the PRC flag: %s, seed %i',
    async (variant, seed) => {
      expect(ids(await flagPhoto((w) => S.prcSvg(w), variant, seed))).toContain('cn');
    },
    30_000,
  );

  it("does not take Vietnam's flag with people in front of it for the PRC flag", async () => {
    for (const seed of [1, 11, 12]) expect(ids(await flagPhoto((w) => S.vietnamSvg(w), 'occluded', seed)), `seed ${seed}`).not.toContain('cn');
  }, 60_000);
});

describe('look-alikes in photographs', () => {
  it.each([['asean-row'], ['vietnam-pole'], ['sunset'], ['red-building']] as [TrapKind][])(
    'sees no PRC flag in %s',
    async (kind) => {
      for (const seed of [TUNED, HELD_OUT]) expect(ids(await trapPhoto(kind, seed)), `seed ${seed}`).not.toContain('cn');
    },
    60_000,
  );
});

const SITE = 'https://www.example.go.jp/';

function ctx(changedImages: ChangedImage[]): DetectorContext {
  const capture = pageCapture('<p>Welcome</p>', { url: SITE });
  return {
    site: { id: 'moe', url: SITE, sector: 'government' },
    baseline: capture,
    current: capture,
    visual: { identical: true, changedFraction: 0, changedPixels: 0, comparedPixels: 1, regions: [], sizeChanged: false, changes: [], movedRows: 0 },
    dom: compareDom(capture, capture),
    changedImages,
  };
}

function changed(image: RawImage, place?: ImagePlace, shown?: boolean): ChangedImage {
  return { url: `${SITE}img/a.jpg`, sha256: 'a'.repeat(64), image, ...(place ? { place } : {}), ...(shown === undefined ? {} : { shown }) };
}

describe('image-flag: the place decides', () => {
  it('scores a waving PRC flag on a hidden carousel slide as a decisive signature, naming the place', async () => {
    const photo = await flagPhoto((w) => S.prcSvg(w), 'waving', HELD_OUT);
    const [s] = imageFlag.detect(ctx([changed(photo, { role: 'carousel-slide', box: { x: 0, y: 0, width: 0, height: 0 } }, false)]));
    expect(s).toMatchObject({ kind: 'signature', visibleToVisitors: true, evidence: { place: 'carousel-slide' } });
    expect(s!.score).toBeGreaterThanOrEqual(0.7);
    expect(s!.summary).toContain('on a carousel slide');
  }, 30_000);

  it('keeps a summit photograph in an article supporting, below 0.7', async () => {
    const photo = await trapPhoto('summit', HELD_OUT);
    const signals = imageFlag.detect(ctx([changed(photo, { role: 'article', box: { x: 100, y: 1400, width: 960, height: 540 } })]));
    // The flag is seen, and reported as news.
    expect(signals.map((s) => s.evidence.flag)).toContain('cn');
    for (const s of signals) {
      expect(s.kind).toBe('supporting');
      expect(s.score).toBeLessThan(0.7);
    }
  }, 30_000);

  it('reads the later frames of an animated GIF that opens on a logo', async () => {
    const flag = await flagPhoto((w) => S.prcSvg(w), 'pole', HELD_OUT, 480, 270);
    const logo = S.blank(480, 270, [20, 80, 150]);
    const gif = await animatedGif(logo, [flag]);
    const frames = await decodeFrames(gif);
    expect(frames).toHaveLength(2);
    const [first, ...rest] = frames!;
    const signals = imageFlag.detect(ctx([{ ...changed(first!, { role: 'header', box: { x: 0, y: 0, width: 480, height: 270 } }, true), frames: rest }]));
    expect(signals[0]).toMatchObject({ kind: 'signature', evidence: { place: 'header', frame: 1 } });
    expect(signals[0]!.score).toBeGreaterThanOrEqual(0.7);
  }, 30_000);
});
