import { Writable } from 'node:stream';
import { pino } from 'pino';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DefacewatchError } from '../../src/core/errors.js';
import type { RawImage } from '../../src/core/types.js';
import { greyCrop, partScale, prepareSheet, SHEET_GAP } from '../../src/ocr/prepare.js';
import { createTesseractOcr, parseLanguageList, parseTesseractTsv, toOcrResult, withoutRepeatedLines, wordsByPlacement } from '../../src/ocr/tesseract.js';

const TSV = [
  'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext',
  '1\t1\t0\t0\t0\t0\t0\t0\t640\t300\t-1\t',
  '4\t1\t1\t1\t1\t0\t70\t30\t498\t68\t-1\t',
  '5\t1\t1\t1\t1\t1\t70\t30\t180\t68\t81.48\t钓鱼',
  '5\t1\t1\t1\t1\t2\t254\t26\t71\t70\t76.09\t岛',
  '5\t1\t1\t1\t1\t3\t330\t26\t71\t70\t-1\t ',
  '5\t1\t2\t1\t1\t1\t40\t200\t120\t40\t95.5\tHACKED',
  '5\t1\t2\t1\t1\t2\t170\t200\t60\t40\t96\tBY',
  '',
].join('\n');

function solid(width: number, height: number, rgb: [number, number, number]): RawImage {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < data.length; i += 4) {
    data[i] = rgb[0];
    data[i + 1] = rgb[1];
    data[i + 2] = rgb[2];
    data[i + 3] = 255;
  }
  return { width, height, data };
}

function paint(img: RawImage, x0: number, y0: number, w: number, h: number, rgb: [number, number, number]): void {
  for (let y = y0; y < y0 + h; y++) {
    for (let x = x0; x < x0 + w; x++) {
      const i = (y * img.width + x) * 4;
      img.data[i] = rgb[0];
      img.data[i + 1] = rgb[1];
      img.data[i + 2] = rgb[2];
    }
  }
}

describe('tesseract output', () => {
  it('reads the words of TSV output with 0..1 confidences and lines in reading order', () => {
    const words = parseTesseractTsv(TSV);
    expect(words.map((w) => [w.text, w.line])).toEqual([
      ['钓鱼', 0],
      ['岛', 0],
      ['HACKED', 1],
      ['BY', 1],
    ]);
    expect(words[0]!.confidence).toBeCloseTo(0.8148);
    const result = toOcrResult(words, ['chi_sim']);
    expect(result.text).toBe('钓鱼 岛\nHACKED BY');
    expect(result.confidence).toBeGreaterThan(0.85);
    expect(toOcrResult([], ['eng'])).toEqual({ text: '', confidence: 0, words: [], languages: ['eng'] });
  });

  it('sorts words onto the parts of a sheet by their middle row', () => {
    const words = parseTesseractTsv(TSV);
    const placements = [
      { box: { x: 0, y: 0, width: 10, height: 10 }, top: 24, height: 100, scale: 1, inverted: false, copies: [] },
      null,
      { box: { x: 0, y: 0, width: 10, height: 10 }, top: 180, height: 80, scale: 1, inverted: false, copies: [] },
    ];
    const parts = wordsByPlacement(words, placements);
    expect(parts.map((p) => p.map((w) => w.text))).toEqual([['钓鱼', '岛'], [], ['HACKED', 'BY']]);
    // Words read in a part's copy (another version of it further down the sheet) are the part's.
    const withCopy = [{ ...placements[0]!, copies: [{ top: 180, height: 80 }] }];
    expect(wordsByPlacement(words, withCopy)[0]!.map((w) => w.text)).toEqual(['钓鱼', '岛', 'HACKED', 'BY']);
  });

  it('drops a line that says again what an earlier line of the part said', () => {
    const w = (text: string, line: number) => ({ text, confidence: 0.9, line });
    const words = [w('HACKED', 0), w('BY', 0), w('HACKED', 1), w('BY', 1), w('HACKED', 2), w('BV', 2)];
    expect(withoutRepeatedLines(words).map((x) => `${x.line}:${x.text}`)).toEqual(['0:HACKED', '0:BY', '2:HACKED', '2:BV']);
  });

  it('lists installed languages without the heading and osd', () => {
    expect(parseLanguageList('List of available languages in "/usr/share/tesseract-ocr/5/tessdata/" (3):\nchi_sim\neng\nosd\n')).toEqual(['chi_sim', 'eng']);
  });
});

describe('preparing pictures for OCR', () => {
  it('inverts light-on-dark banners and picks the channel where coloured text stands out', () => {
    const img = solid(100, 40, [0, 0, 0]);
    paint(img, 20, 10, 60, 20, [255, 0, 0]); // red text on black: 30% grey in luma, full scale in red
    const { grey, inverted } = greyCrop(img, { x: 0, y: 0, width: 100, height: 40 });
    expect(inverted).toBe(true);
    expect(grey[0]).toBe(255); // background, now white
    expect(grey[15 * 100 + 50]).toBe(0); // text, now black
  });

  it('stacks the parts on one white sheet, scaling up short ones, in one grey channel', async () => {
    const img = solid(400, 200, [255, 255, 255]);
    paint(img, 10, 10, 100, 20, [0, 0, 0]);
    const sheet = await prepareSheet(
      img,
      [
        { x: 0, y: 0, width: 200, height: 30 },
        { x: 500, y: 500, width: 10, height: 10 },
        { x: 0, y: 100, width: 300, height: 60 },
      ],
      { maxPixels: 1_000_000, upscaleBelowHeight: 40, glyphRange: [28, 72] },
    );
    expect(sheet).not.toBeNull();
    const [small, outside, big] = sheet!.placements;
    expect(outside).toBeNull();
    expect(small).toMatchObject({ top: SHEET_GAP, height: 60, scale: 2 });
    expect(big).toMatchObject({ top: SHEET_GAP + 60 + SHEET_GAP, height: 60, scale: 1 });
    expect(sheet!.width).toBe(400 + 2 * SHEET_GAP);
    expect((await sharp(sheet!.png).metadata()).channels).toBe(1);
    const { data, info } = await sharp(sheet!.png).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([sheet!.width, sheet!.height]);
    // The black bar, scaled 2x, sits at sheet (SHEET_GAP + 20..220, SHEET_GAP + 20..60).
    expect(data[(SHEET_GAP + 40) * info.width + SHEET_GAP + 100]).toBeLessThan(40);
    expect(data[(SHEET_GAP + 5) * info.width + SHEET_GAP + 100]).toBeGreaterThan(215);
  });
});

describe('the size parts are read at', () => {
  const options = { maxPixels: 1_000_000, upscaleBelowHeight: 40, glyphRange: [28, 72] as const };
  it('brings known glyph heights into the readable range, and doubles short parts otherwise', () => {
    expect(partScale({ x: 0, y: 0, width: 900, height: 400, glyphHeight: 206 }, options)).toBeCloseTo(72 / 206);
    expect(partScale({ x: 0, y: 0, width: 300, height: 30, glyphHeight: 21 }, options)).toBeCloseTo(28 / 21);
    expect(partScale({ x: 0, y: 0, width: 600, height: 100, glyphHeight: 48 }, options)).toBe(1);
    expect(partScale({ x: 0, y: 0, width: 300, height: 30 }, options)).toBe(2);
    expect(partScale({ x: 0, y: 0, width: 300, height: 300 }, options)).toBe(1);
  });
});

describe('a missing tesseract binary', () => {
  it('is reported as OCR_UNAVAILABLE, logged once, and not looked for again', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, new Writable({ write: (chunk: Buffer, _e, cb) => (lines.push(chunk.toString()), cb()) }));
    const ocr = createTesseractOcr({ binary: '/nonexistent/tesseract', logger });
    const img = solid(200, 60, [255, 255, 255]);
    const first = ocr.recognize(img, [{ x: 0, y: 0, width: 200, height: 60 }], { languages: ['eng'] });
    await expect(first).rejects.toBeInstanceOf(DefacewatchError);
    await expect(first).rejects.toMatchObject({ code: 'OCR_UNAVAILABLE', message: 'OCR is unavailable: "/nonexistent/tesseract" was not found' });
    const started = performance.now();
    await expect(ocr.recognize(img, [{ x: 0, y: 0, width: 200, height: 60 }], { languages: ['eng'] })).rejects.toMatchObject({ code: 'OCR_UNAVAILABLE' });
    expect(performance.now() - started).toBeLessThan(50);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ code: 'OCR_UNAVAILABLE', msg: 'OCR unavailable: text in pictures will not be read' });
  });
});
