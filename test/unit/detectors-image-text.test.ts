import { describe, expect, it } from 'vitest';
import { compareDom } from '../../src/compare/dom.js';
import { DefacewatchError } from '../../src/core/errors.js';
import type { Box, Capture, RawImage, VisualDiff } from '../../src/core/types.js';
import { stackBlocks } from '../../src/detectors/block-stack.js';
import { createImageTextDetector, declaredLanguage, imageText, languagePasses } from '../../src/detectors/image-text.js';
import { findTextBlocks } from '../../src/detectors/text-blocks.js';
import type { DetectorContext, Ocr, OcrOptions, OcrResult } from '../../src/detectors/types.js';
import { fakeCapture } from '../helpers/capture-fixture.js';

const W = 1000;
const H = 600;

/** A white page, with optional filled rectangles. */
function image(rects: { box: Box; rgb: [number, number, number] }[] = []): RawImage {
  const data = new Uint8Array(W * H * 4).fill(255);
  for (const { box, rgb } of rects) {
    for (let y = box.y; y < box.y + box.height; y++) {
      for (let x = box.x; x < box.x + box.width; x++) {
        const i = (y * W + x) * 4;
        data[i] = rgb[0];
        data[i + 1] = rgb[1];
        data[i + 2] = rgb[2];
      }
    }
  }
  return { width: W, height: H, data };
}

/** Glyph-like strokes: bars `stroke` wide every `pitch` pixels, `glyph` high, across `width`. */
function strokes(x: number, y: number, width: number, glyph: number, rgb: [number, number, number] = [0, 0, 0], pitch = 14, stroke = 6) {
  const out: { box: Box; rgb: [number, number, number] }[] = [];
  for (let bx = x; bx + stroke <= x + width; bx += pitch) out.push({ box: { x: bx, y, width: stroke, height: glyph }, rgb });
  return out;
}

/** The banner of the tests: 48 px glyphs over 400 px at (200, 150), in a 440x100 changed region. */
const BANNER_REGION: Box = { x: 180, y: 130, width: 440, height: 100 };
const bannerImage = () => image(strokes(200, 150, 400, 48));

function visual(regions: Box[], identical = false): VisualDiff {
  return { identical, changedFraction: identical ? 0 : 0.05, changedPixels: 1000, comparedPixels: W * H, regions, sizeChanged: false };
}

const PAGE_TEXT = 'Ministry of Examples\nWelcome to the official website.';

function capture(visibleText = PAGE_TEXT, url = 'https://www.example.go.jp/'): Capture {
  return fakeCapture({ url, finalUrl: url, visibleText, screenshotSize: { width: W, height: H } });
}

interface FakeOcr extends Ocr {
  calls: { boxes: readonly Box[]; options: OcrOptions }[];
}

/** An Ocr that reads `texts[languages.join('+')]` (or `texts['*']`) in every box; words split on spaces. */
function fakeOcr(texts: Record<string, string>, confidence = 0.92): FakeOcr {
  const calls: FakeOcr['calls'] = [];
  return {
    calls,
    async recognize(_image, boxes, options) {
      calls.push({ boxes, options });
      const text = texts[options.languages.join('+')] ?? texts['*'] ?? '';
      const words = text.split('\n').flatMap((line, i) =>
        line
          .split(' ')
          .filter(Boolean)
          .map((t) => ({ text: t, confidence, line: i })),
      );
      return boxes.map((): OcrResult => ({ text, confidence: words.length ? confidence : 0, words, languages: [...options.languages] }));
    },
  };
}

function failingOcr(err: Error): FakeOcr {
  const calls: FakeOcr['calls'] = [];
  return {
    calls,
    async recognize(_image, boxes, options) {
      calls.push({ boxes, options });
      throw err;
    },
  };
}

function ctx(over: Partial<DetectorContext> & { ocr?: Ocr | undefined }): DetectorContext {
  const baseline = over.baseline ?? capture();
  const current = over.current ?? capture();
  return {
    site: { id: 'mofa', url: current.url, sector: 'government' },
    baseline,
    current,
    visual: visual([BANNER_REGION]),
    dom: compareDom(baseline, current),
    currentImage: bannerImage(),
    ...over,
  };
}

describe('image-text', () => {
  it('reports a dispute slogan read in a changed picture, with where the picture is', async () => {
    const ocr = fakeOcr({ '*': '钓鱼 岛 是 中 国 的' });
    const signals = await imageText.detect(ctx({ ocr }));
    expect(signals).toHaveLength(1);
    const s = signals[0]!;
    expect(s.kind).toBe('signature');
    expect(s.score).toBeGreaterThanOrEqual(0.9);
    expect(s.summary).toBe('dispute slogan "钓鱼岛是中国的" read in a picture at the top of the page');
    const box = s.evidence.box as Box;
    // The picture reported is the block of large glyphs, inside the changed region.
    expect(box.x).toBeGreaterThanOrEqual(BANNER_REGION.x);
    expect(box.x + box.width).toBeLessThanOrEqual(BANNER_REGION.x + BANNER_REGION.width);
    expect(s.evidence.matches).toMatchObject([{ phrase: '钓鱼岛是中国的', matched: '钓鱼岛是中国', misreadCharacters: 0 }]);
    // One OCR call for the check's first pass, which found it: no second pass.
    expect(ocr.calls).toHaveLength(1);
  });

  it('reads "HACKED BY" in a Latin pass after the Chinese pass found nothing', async () => {
    const ocr = fakeOcr({ chi_sim: 'HAGKEN BV', eng: 'HACKED BY RED DRAGON' });
    const signals = await imageText.detect(ctx({ ocr, site: { id: 'x', url: 'https://www.gov.sg/', sector: 'government' } }));
    expect(ocr.calls.map((c) => c.options.languages)).toEqual([['chi_sim'], ['eng']]);
    expect(signals).toHaveLength(1);
    expect(signals[0]!.summary).toMatch(/^defacer phrase "hacked by" read in a picture/);
  });

  it('says nothing about an ordinary banner', async () => {
    const ocr = fakeOcr({ '*': 'Welcome to the Ministry of Health' });
    expect(await imageText.detect(ctx({ ocr }))).toEqual([]);
    expect(ocr.calls.map((c) => c.options.languages)).toEqual([['chi_sim'], ['eng'], ['jpn']]);
  });

  it('does not read a picture the approved screenshot showed elsewhere (it moved, text reflowed around it)', async () => {
    const ocr = fakeOcr({ '*': '钓鱼 岛 是 中 国 的' });
    const moved = await imageText.detect(ctx({ ocr, baselineImage: image(strokes(200, 350, 400, 48)) }));
    expect(moved).toEqual([]);
    expect(ocr.calls).toHaveLength(0);
    // Beside a baseline that never showed it, the same picture is read.
    expect(await imageText.detect(ctx({ ocr, baselineImage: image() }))).toHaveLength(1);
  });

  it('does not report a phrase the baseline page already showed', async () => {
    const ocr = fakeOcr({ '*': 'HACKED BY RED DRAGON' });
    const baseline = capture(`${PAGE_TEXT}\nAdvisory: a municipal site showed "hacked by" last year.`);
    expect(await imageText.detect(ctx({ ocr, baseline }))).toEqual([]);
  });

  it("does not report a phrase written in the page text (that is defacer-phrases' finding)", async () => {
    const ocr = fakeOcr({ '*': 'HACKED BY RED DRAGON' });
    const current = capture(`${PAGE_TEXT}\nHacked by Red Dragon`);
    expect(await imageText.detect(ctx({ ocr, current }))).toEqual([]);
  });

  it('does not read regions smaller than a banner, nor small text', async () => {
    const ocr = fakeOcr({ '*': 'HACKED BY RED DRAGON' });
    expect(await imageText.detect(ctx({ ocr, visual: visual([{ x: 200, y: 150, width: 100, height: 60 }]) }))).toEqual([]);
    // Rows of 10 px glyphs with 8 px line gaps: body text, which the DOM detectors read.
    const body = image(Array.from({ length: 10 }, (_, i) => strokes(100, 100 + i * 18, 700, 10)).flat());
    expect(findTextBlocks(body, { x: 80, y: 80, width: 760, height: 200 })).toEqual([]);
    expect(await imageText.detect(ctx({ ocr, currentImage: body, visual: visual([{ x: 80, y: 80, width: 760, height: 200 }]) }))).toEqual([]);
    expect(ocr.calls).toHaveLength(0);
  });

  it('costs nothing when no picture changed, or without OCR or a decoded screenshot', async () => {
    const ocr = fakeOcr({ '*': 'HACKED BY RED DRAGON' });
    expect(await imageText.detect(ctx({ ocr, visual: visual([], true) }))).toEqual([]);
    expect(await imageText.detect(ctx({ ocr, visual: visual([]) }))).toEqual([]);
    expect(await imageText.detect(ctx({ ocr, currentImage: undefined }))).toEqual([]);
    expect(await imageText.detect(ctx({ ocr: undefined }))).toEqual([]);
    expect(ocr.calls).toHaveLength(0);
  });

  it('reads inserted blocks of an aligned comparison too', async () => {
    const ocr = fakeOcr({ '*': '钓鱼岛是中国的' });
    const v: VisualDiff = { ...visual([]), changes: [{ kind: 'inserted', box: { x: 0, y: 120, width: W, height: 120 }, changedPixels: 900, shift: 120 }] };
    const signals = await imageText.detect(ctx({ ocr, visual: v }));
    expect(signals).toHaveLength(1);
  });

  it('turns an OCR failure into one score-0 signal naming the problem, and stops reading', async () => {
    const err = new DefacewatchError('OCR_UNAVAILABLE', 'OCR is unavailable: "tesseract" was not found');
    const ocr = failingOcr(err);
    const signals = await imageText.detect(ctx({ ocr }));
    expect(ocr.calls).toHaveLength(1); // not once per pass or per picture
    expect(signals).toEqual([
      expect.objectContaining({
        kind: 'supporting',
        score: 0,
        summary: 'text in 1 picture not read: OCR is unavailable: "tesseract" was not found',
        evidence: expect.objectContaining({ code: 'OCR_UNAVAILABLE', hint: err.hint }),
      }),
    ]);
    const other = await imageText.detect(ctx({ ocr: failingOcr(new Error('boom')) }));
    expect(other[0]!.evidence.code).toBe('OCR_FAILED');
  });

  it('passes the abort on and lets it end the detector', async () => {
    const abort = new AbortController();
    abort.abort(new Error('check cancelled'));
    const ocr = failingOcr(new Error('aborted'));
    await expect(imageText.detect(ctx({ ocr, signal: abort.signal }))).rejects.toThrow('aborted');
    expect(ocr.calls[0]!.options.signal).toBe(abort.signal);
  });

  it('does not fire on low-confidence garbage', async () => {
    expect(await imageText.detect(ctx({ ocr: fakeOcr({ '*': 'hacked by' }, 0.3) }))).toEqual([]);
    expect(await imageText.detect(ctx({ ocr: fakeOcr({ '*': '— = | 7 » 4 ** Pattee 并 下 机' }) }))).toEqual([]);
  });

  it('allows a misread letter in Latin phrases, at a lower weight, but not in the first letter', async () => {
    const misread = await imageText.detect(ctx({ ocr: fakeOcr({ '*': 'HACKFD BY RED DRAGON' }) }));
    expect(misread).toHaveLength(1);
    expect(misread[0]!.evidence.matches).toMatchObject([{ phrase: 'hacked by', matched: 'hackfd by', misreadCharacters: 1 }]);
    expect(misread[0]!.score).toBeCloseTo(0.9 * 0.8);
    expect(await imageText.detect(ctx({ ocr: fakeOcr({ '*': 'Backed by the Ministry of Finance' }) }))).toEqual([]);
  });

  it("reads with the site's own script by country domain", () => {
    expect(languagePasses('https://www.mofa.go.jp/')).toEqual([['chi_sim'], ['eng'], ['jpn']]);
    expect(languagePasses('https://chinhphu.vn/')).toEqual([['chi_sim'], ['vie']]);
    expect(languagePasses('https://www.moph.go.th/')).toEqual([['chi_sim'], ['eng'], ['tha']]);
    expect(languagePasses('https://www.gov.sg/')).toEqual([['chi_sim'], ['eng']]);
    expect(languagePasses('not a url')).toEqual([['chi_sim'], ['eng']]);
    // The approved page's declared language, where the domain says nothing (a bank on .com, an address).
    expect(languagePasses('https://www.bank.example.com/', 'vi')).toEqual([['chi_sim'], ['vie']]);
    expect(languagePasses('http://127.0.0.1:8080/', 'th')).toEqual([['chi_sim'], ['eng'], ['tha']]);
    expect(languagePasses('https://www.mofa.go.jp/', 'ja')).toEqual([['chi_sim'], ['eng'], ['jpn']]);
    expect(languagePasses('https://www.gov.sg/', 'en')).toEqual([['chi_sim'], ['eng']]);
  });

  it('reads the language the page declares on its html element', () => {
    expect(declaredLanguage('<!doctype html>\n<html lang="vi-VN" class="x"><head>')).toBe('vi');
    expect(declaredLanguage("<html class='a' lang='ja'>")).toBe('ja');
    expect(declaredLanguage('<html><head><meta lang="th">')).toBe('');
    expect(declaredLanguage('')).toBe('');
  });

  it('reads at most the configured number of blocks, largest first', async () => {
    const img = image([...strokes(50, 50, 300, 40), ...strokes(50, 200, 500, 40), ...strokes(50, 350, 200, 40)]);
    const ocr = fakeOcr({ '*': '' });
    const detector = createImageTextDetector({ maxBlocks: 2 });
    await detector.detect(ctx({ ocr, currentImage: img, visual: visual([{ x: 0, y: 0, width: W, height: 450 }]) }));
    const widths = ocr.calls[0]!.boxes.map((b) => b.width);
    expect(widths).toHaveLength(2);
    expect(widths[0]!).toBeGreaterThan(widths[1]!);
  });
});

describe('block-stack', () => {
  it('stacks blocks of two pictures top to bottom on white, each moved to its place in the stack', () => {
    const a = image([{ box: { x: 10, y: 20, width: 30, height: 5 }, rgb: [200, 0, 0] }]);
    const b = image([{ box: { x: 100, y: 100, width: 50, height: 8 }, rgb: [0, 0, 200] }]);
    const stack = stackBlocks([
      { image: a, block: { box: { x: 10, y: 20, width: 30, height: 5 }, glyphHeight: 5, edges: 1 } },
      { image: b, block: { box: { x: 100, y: 100, width: 50, height: 8 }, glyphHeight: 8, edges: 2 } },
    ]);
    expect(stack.blocks.map((k) => k.box)).toEqual([
      { x: 0, y: 16, width: 30, height: 5 },
      { x: 0, y: 37, width: 50, height: 8 },
    ]);
    expect(stack.blocks.map((k) => k.glyphHeight)).toEqual([5, 8]);
    expect([stack.image.width, stack.image.height]).toEqual([50, 16 + 5 + 16 + 8 + 16]);
    const at = (x: number, y: number) => Array.from(stack.image.data.subarray((y * 50 + x) * 4, (y * 50 + x) * 4 + 3));
    expect(at(29, 20)).toEqual([200, 0, 0]);
    expect(at(40, 20)).toEqual([255, 255, 255]);
    expect(at(49, 44)).toEqual([0, 0, 200]);
    expect(at(0, 30)).toEqual([255, 255, 255]);
  });
});

describe('text-blocks', () => {
  it('finds a line of large glyphs, padded, and joins a second line just below it', () => {
    const img = image([...strokes(200, 150, 400, 48), ...strokes(200, 212, 300, 48)]);
    const blocks = findTextBlocks(img, { x: 0, y: 0, width: W, height: H });
    expect(blocks).toHaveLength(1);
    const b = blocks[0]!;
    expect(b.box.y).toBeLessThan(150);
    expect(b.box.y + b.box.height).toBeGreaterThan(260);
    expect(b.glyphHeight).toBeGreaterThanOrEqual(48);
    expect(b.glyphHeight).toBeLessThanOrEqual(50);
  });

  it('keeps a line of small type under huge glyphs a block of its own (each is read at its own scale)', () => {
    const img = image([...strokes(200, 60, 500, 120, [0, 0, 0], 40, 20), ...strokes(150, 200, 600, 30)]);
    const blocks = findTextBlocks(img, { x: 0, y: 0, width: W, height: H });
    expect(blocks.map((b) => b.glyphHeight).sort((a, b) => a - b)).toEqual([expect.closeTo(31, 0), expect.closeTo(121, 0)]);
  });

  it('sees coloured text whose grey level is close to its background (red on blue)', () => {
    const blue: [number, number, number] = [26, 35, 126];
    const red: [number, number, number] = [200, 20, 20];
    const img = image([{ box: { x: 150, y: 100, width: 600, height: 120 }, rgb: blue }, ...strokes(200, 130, 400, 48, red)]);
    const blocks = findTextBlocks(img, { x: 150, y: 100, width: 600, height: 120 });
    expect(blocks.length).toBeGreaterThan(0);
  });
});
