import { describe, expect, it } from 'vitest';
import { compareDom } from '../../src/compare/dom.js';
import type { CapturedImage, ChangedImage, RawImage } from '../../src/core/types.js';
import { imageFlag } from '../../src/detectors/image-flags.js';
import { PATTERN_PICTURES, repeatedFlags } from '../../src/detectors/flags/replaced.js';
import type { DetectorContext } from '../../src/detectors/types.js';
import * as S from '../fixtures/flags/scenes.js';
import { pageCapture } from '../helpers/capture-fixture.js';
import { flagPhoto } from '../helpers/flag-photos.js';

/**
 * Pictures replaced by a flag (flags/replaced.ts): a flag in an article picture is news, unless
 * several pictures newly show the same flag.
 */
const SITE = 'https://www.example.go.th/';
const URL_A = `${SITE}img/article-1.jpg`;

function image(url: string, sha: string): CapturedImage {
  return { url, sha256: sha, bytes: 1000, shown: false, place: { role: 'article', box: { x: 0, y: 0, width: 0, height: 0 } } };
}

function ctx(changedImages: ChangedImage[], opts: { before: string; after: string; baselineImages: CapturedImage[] }): DetectorContext {
  const baseline = pageCapture(opts.before, { url: SITE, images: opts.baselineImages });
  const current = pageCapture(opts.after, { url: SITE });
  return {
    site: { id: 'h', url: SITE, sector: 'hospital' },
    baseline,
    current,
    visual: { identical: true, changedFraction: 0, changedPixels: 0, comparedPixels: 1, regions: [], sizeChanged: false, changes: [], movedRows: 0 },
    dom: compareDom(baseline, current),
    changedImages,
  };
}

function changed(raw: RawImage, url: string, sha: string): ChangedImage {
  return { url, sha256: sha, shown: false, place: { role: 'article', box: { x: 0, y: 0, width: 0, height: 0 } }, image: raw };
}

const ARTICLE = '<article><h3>Dengue: three steps at home</h3><p>Remove standing water around the house every week.</p></article>';
const NEWS = '<article><h3>Visit of a delegation from Yunnan province</h3><p>The two hospitals agreed to exchange staff next year.</p></article>';

describe('the pattern', () => {
  it('sees a pattern in several pictures newly showing the same flag alone, not in paired or tiny ones', () => {
    const finds = (n: number, extra: { paired?: boolean; fill?: number } = {}) =>
      Array.from({ length: n }, (_, i) => ({ flag: 'cn', picture: `p${i}`, fill: extra.fill ?? 0.3, paired: extra.paired ?? false }));
    expect([...repeatedFlags(finds(PATTERN_PICTURES))]).toEqual(['cn']);
    expect(repeatedFlags(finds(PATTERN_PICTURES - 1)).size).toBe(0);
    expect(repeatedFlags(finds(PATTERN_PICTURES, { paired: true })).size).toBe(0);
    expect(repeatedFlags(finds(PATTERN_PICTURES, { fill: 0.02 })).size).toBe(0);
  });
});

describe('image-flag: an article picture replaced by a flag', () => {
  it('stays news in one picture overwritten under unchanged words: an editor re-uploads a photo so too', async () => {
    const photo = await flagPhoto((w) => S.prcSvg(w), 'scaled', 101, 480, 270);
    const signals = imageFlag.detect(ctx([changed(photo, URL_A, 'b'.repeat(64))], { before: ARTICLE, after: ARTICLE, baselineImages: [image(URL_A, 'a'.repeat(64))] }));
    expect(signals[0]).toMatchObject({ kind: 'supporting', evidence: { flag: 'cn', pattern: false } });
    expect(signals[0]!.score).toBeLessThan(0.7);
  }, 60_000);

  it('is a signature in each of several new pictures showing the same flag, whatever the words', async () => {
    const pictures = await Promise.all([101, 102, 103].map((seed) => flagPhoto((w) => S.prcSvg(w), 'pole', seed, 320, 200)));
    const images = pictures.map((p, i) => changed(p, `${SITE}img/new-${i}.jpg`, String(i).repeat(64)));
    const signals = imageFlag.detect(ctx(images, { before: ARTICLE, after: NEWS, baselineImages: [] }));
    expect(signals).toHaveLength(3);
    for (const s of signals) expect(s).toMatchObject({ kind: 'signature', evidence: { pattern: true } });
  }, 60_000);
});
