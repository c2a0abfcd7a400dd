import { describe, expect, it } from 'vitest';
import type { Box, RawImage } from '../../src/core/types.js';
import { createFlagMatcher, findFlags, type FlagDetection } from '../../src/detectors/flags/detector.js';
import * as S from '../fixtures/flags/scenes.js';

/**
 * Flags partly covered by something drawn over them: a site's fixed cookie bar or a side panel that
 * lies across a flag in the full-page screenshot. The visible part must carry the flag's signature
 * (for the PRC flag: red field, big star, four small stars in the hoist) for a flag to be reported;
 * a red block with a yellow blob, Vietnam's flag or a festive banner under the same bar never is.
 */

const matcher = createFlagMatcher();
const PAGE_GREY = [244, 246, 248] as const;
const BAR = [28, 36, 48] as const;

function rect(img: RawImage, x: number, y: number, w: number, h: number, rgb: readonly number[]): void {
  for (let j = Math.max(0, y); j < Math.min(img.height, y + h); j++) {
    for (let i = Math.max(0, x); i < Math.min(img.width, x + w); i++) {
      const o = (j * img.width + i) * 4;
      img.data.set([rgb[0] ?? 0, rgb[1] ?? 0, rgb[2] ?? 0, 255], o);
    }
  }
}

/**
 * A fixed cookie bar across the whole page from `y`, `height` pixels tall: dark, with a line of light
 * "words", a gold link and a gold button at the right, as consent banners are drawn.
 */
function cookieBar(page: RawImage, y: number, height: number, seed = 5): void {
  rect(page, 0, y, page.width, height, BAR);
  const rand = S.rng(seed);
  const glyph = Math.max(3, Math.round(height * 0.18));
  const lineY = y + Math.round((height - glyph) / 2);
  for (let x = 30; x < page.width - 160;) {
    const w = Math.max(2, Math.round(glyph * (0.6 + 2 * rand())));
    rect(page, x, lineY, w, glyph, x > page.width * 0.6 && x < page.width * 0.7 ? [243, 210, 122] : [238, 238, 238]);
    x += w + Math.round(glyph * (rand() < 0.25 ? 1.4 : 0.5));
  }
  rect(page, page.width - 130, y + Math.round(height * 0.25), 90, Math.round(height * 0.5), [201, 162, 39]);
}

/** A side panel fixed over the right of the page from `x` on: white card with grey lines of text. */
function sidePanel(page: RawImage, x: number): void {
  rect(page, x, 0, page.width - x, page.height, [255, 255, 255]);
  rect(page, x, 0, 2, page.height, [210, 214, 220]);
  for (let y = 20; y < page.height - 20; y += 20) rect(page, x + 16, y, Math.max(10, ((y * 37) % 90) + 60), 9, [90, 96, 110]);
}

interface Scene {
  page: RawImage;
  box: Box;
}

/** `picture` on a busy page at (130, 120), nothing over it yet. */
function onPage(picture: RawImage): Scene {
  const page = S.busyPage(Math.max(900, picture.width + 300), Math.max(600, picture.height + 240), 3);
  return { page, box: S.place(page, picture, 130, 120) };
}

/** `picture` with a cookie bar over it from `from` to `to` (fractions of its height; to may pass 1). */
function underBar(picture: RawImage, from: number, to: number): Scene {
  const scene = onPage(picture);
  const y0 = scene.box.y + Math.round(picture.height * from);
  cookieBar(scene.page, y0, scene.box.y + Math.round(picture.height * to) - y0);
  return scene;
}

function find(scene: Scene): FlagDetection[] {
  return findFlags(scene.page, [scene.box], matcher);
}

function ids(found: FlagDetection[]): string[] {
  return found.map((f) => f.spec.id);
}

function describeFound(found: FlagDetection[]): string {
  return found.map((f) => `${f.spec.id} ${f.match.toFixed(2)} ${JSON.stringify(f.box)}`).join('; ') || 'nothing';
}

function iou(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  return (w * h) / (a.width * a.height + b.width * b.height - w * h);
}

/** A red block with a yellow blob (an ellipse) where the PRC flag has its big star: no small stars. */
function redBlockWithBlob(width: number): RawImage {
  const h = Math.round((width * 2) / 3);
  const block = S.blank(width, h, [222, 41, 16]);
  const cx = width / 6;
  const cy = h / 4;
  const rx = width * 0.09;
  const ry = h * 0.12;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < width; x++) if (((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1) block.data.set([255, 222, 0, 255], (y * width + x) * 4);
  }
  return block;
}

describe('a PRC flag partly covered by a cookie bar', () => {
  it.each([
    ['420 px, bar over 70–95% of its height (a strip shows below)', 420, 0.7, 0.95],
    ['150 px, the same bar', 150, 0.7, 0.95],
    ['420 px, bar over its bottom 30% and past it', 420, 0.7, 1.15],
    ['300 px, bar over 55–80%', 300, 0.55, 0.8],
  ])('is found: %s', async (_name, width, from, to) => {
    const scene = underBar(await S.svgToRaw(S.prcSvg(width)), from, to);
    const found = find(scene);
    expect(ids(found), describeFound(found)).toEqual(['cn']);
    expect(iou(found[0]!.box, scene.box), describeFound(found)).toBeGreaterThan(0.6);
  });

  it('is found JPEG-compressed under the bar', async () => {
    const scene = underBar(await S.jpeg(await S.svgToRaw(S.prcSvg(360)), 70), 0.68, 0.93);
    expect(ids(find(scene)), describeFound(find(scene))).toEqual(['cn']);
  });

  it('is found with a side panel over its right third', async () => {
    const scene = onPage(await S.svgToRaw(S.prcSvg(420)));
    sidePanel(scene.page, scene.box.x + Math.round(scene.box.width * 0.68));
    const found = find(scene);
    expect(ids(found), describeFound(found)).toEqual(['cn']);
  });

  it('is not reported when the bar hides its stars', async () => {
    const scene = underBar(await S.svgToRaw(S.prcSvg(420)), -0.08, 0.4);
    expect(ids(find(scene)), describeFound(find(scene))).not.toContain('cn');
  });

  it('is not reported when most of it is under the bar', async () => {
    const scene = underBar(await S.svgToRaw(S.prcSvg(420)), 0.45, 1.1);
    expect(ids(find(scene)), describeFound(find(scene))).not.toContain('cn');
  });
});

describe('look-alikes under the same bar', () => {
  it.each([
    ['a red block with a yellow blob, 420 px', () => redBlockWithBlob(420)],
    ['a red block with a yellow blob, 180 px', () => redBlockWithBlob(180)],
    ['a plain red block', () => S.blank(420, 280, [222, 41, 16])],
    ['a festive red-gold banner', () => S.svgToRaw(S.festiveBannerSvg(420))],
    ['a festive banner without border', () => S.svgToRaw(S.festiveBannerSvg(420, 280, false))],
    ['a warning icon', () => S.svgToRaw(S.warningIconSvg(240, 160))],
  ])('%s is no flag', async (_name, make) => {
    for (const [from, to] of [
      [0.7, 0.95],
      [0.7, 1.2],
    ] as const) {
      const found = find(underBar(await make(), from, to));
      expect(found, `bar ${from}–${to}: ${describeFound(found)}`).toEqual([]);
    }
  });

  it.each([
    ['Vietnam', (w: number) => S.vietnamSvg(w)],
    ['Hong Kong', (w: number) => S.hongKongSvg(w)],
    ['ROC', (w: number) => S.rocSvg(w)],
  ])('the %s flag is never taken for the PRC flag', async (_name, svg) => {
    for (const width of [150, 420]) {
      for (const [from, to] of [
        [0.7, 0.95],
        [0.7, 1.2],
      ] as const) {
        const found = find(underBar(await S.svgToRaw(svg(width)), from, to));
        expect(ids(found), `${width} px, bar ${from}–${to}: ${describeFound(found)}`).not.toContain('cn');
      }
    }
  });

  it('a red block with a yellow blob under a dark band alone (no page around) is no flag', () => {
    const block = redBlockWithBlob(420);
    const page = S.blank(700, 500, PAGE_GREY);
    const box = S.place(page, block, 100, 60);
    rect(page, 0, 60 + 200, 700, 60, BAR);
    const found = findFlags(page, [box], matcher);
    expect(found, describeFound(found)).toEqual([]);
  });
});
describe('the same look-alikes with nothing over them', () => {
  it.each([
    ['a red block with a yellow blob where the big star goes, 420 px', () => redBlockWithBlob(420)],
    ['the same, 180 px', () => redBlockWithBlob(180)],
    ['the same, 90 px, JPEG', () => S.jpeg(redBlockWithBlob(90), 70)],
    ['a festive banner without border, 420 px (its gold glyphs hold no small flag)', () => S.svgToRaw(S.festiveBannerSvg(420, 280, false))],
    ['a festive banner with border, 420 px', () => S.svgToRaw(S.festiveBannerSvg(420))],
  ])('%s is no flag', async (_name, make) => {
    const found = find(onPage(await make()));
    expect(found, describeFound(found)).toEqual([]);
  });
});
