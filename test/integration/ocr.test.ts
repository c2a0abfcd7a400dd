/**
 * Text in pictures, read by the real Tesseract (Debian's tesseract-ocr with the chi_sim, jpn and
 * eng packs, installed by scripts/install.sh) on pages drawn with sharp in the Noto CJK fonts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnapshotStore } from '../../src/baselines/store.js';
import { checkSite } from '../../src/check/check-site.js';
import type { CheckDeps } from '../../src/check/ports.js';
import { compareDom } from '../../src/compare/dom.js';
import { decodeImage } from '../../src/compare/images.js';
import { compareScreenshotPair } from '../../src/compare/visual.js';
import type { Site } from '../../src/config/load-targets.js';
import { agencySchema } from '../../src/config/schema.js';
import { contentReplacement } from '../../src/detectors/content-replacement.js';
import { defacerPhrases } from '../../src/detectors/defacer-phrases.js';
import { createImageTextDetector, imageText } from '../../src/detectors/image-text.js';
import { newOrigins } from '../../src/detectors/new-origins.js';
import { titleChange } from '../../src/detectors/title-change.js';
import type { ChangedImage } from '../../src/core/types.js';
import type { DetectorContext, Ocr } from '../../src/detectors/types.js';
import { visualChange } from '../../src/detectors/visual-change.js';
import { silentLogger } from '../../src/log.js';
import { createTesseractOcr } from '../../src/ocr/tesseract.js';
import { alertStores, recordingSink } from '../helpers/alert-stores.js';
import { pageShot, photo, shotCapture, SLOT, textBanner, type Shot } from '../helpers/ocr-scenes.js';

const JP = 'https://www.mofa.example.go.jp/';

const ocr = createTesseractOcr();
let ordinary: Shot;

beforeAll(async () => {
  ordinary = await pageShot(await photo(640, 120, 3));
});

/** The detector's context for a page whose picture slot now shows `current`. */
async function contextFor(current: Shot, url = JP, withOcr: Ocr | undefined = ocr): Promise<DetectorContext> {
  const baseline = shotCapture(ordinary, url);
  const now = shotCapture(current, url);
  const { visual, currentImage } = await compareScreenshotPair(ordinary.png, current.png, { diffImage: false });
  return { site: { id: 'mofa', url, sector: 'government' }, baseline, current: now, visual, dom: compareDom(baseline, now), currentImage, ocr: withOcr };
}

function phrases(signals: Awaited<ReturnType<typeof imageText.detect>>): string[] {
  return signals.flatMap((s) => ((s.evidence.matches as { phrase: string }[] | undefined) ?? []).map((m) => m.phrase));
}

const SLOGAN = { lines: ['钓鱼岛是中国的'], width: 640, height: 120, background: '#b00000', color: '#ffe000', fontSize: 64 };
const HACKED = { lines: ['HACKED BY RED DRAGON'], width: 800, height: 100, background: '#000', color: '#0f0', fontSize: 52, font: 'DejaVu Sans' };

describe('image-text with Tesseract', () => {
  it('reads 钓鱼岛是中国的 in a JPEG banner that replaced a photo', async () => {
    const signals = await imageText.detect(await contextFor(await pageShot(await textBanner(SLOGAN))));
    expect(phrases(signals)).toEqual(['钓鱼岛是中国的']);
    expect(signals[0]!.kind).toBe('signature');
    expect(signals[0]!.summary).toBe('dispute slogan "钓鱼岛是中国的" read in a picture on the first screen');
    const box = signals[0]!.evidence.box as { x: number; y: number };
    expect(box.x).toBeGreaterThanOrEqual(SLOT.x);
    expect(box.y).toBeGreaterThanOrEqual(SLOT.y);
  });

  it('reads "HACKED BY RED DRAGON" in green on black', async () => {
    const signals = await imageText.detect(await contextFor(await pageShot(await textBanner(HACKED))));
    expect(phrases(signals)).toEqual(['hacked by']);
    expect(signals[0]!.score).toBeGreaterThanOrEqual(0.9);
  });

  it('reads a traditional-script slogan on two lines in a low-quality JPEG', async () => {
    const banner = await textBanner({ ...SLOGAN, lines: ['釣魚島', '是中國的'], height: 200, fontSize: 60, font: 'Noto Sans CJK TC', quality: 40 });
    const signals = await imageText.detect(await contextFor(await pageShot(banner), 'https://www.gov.sg/'));
    expect(phrases(signals)).toEqual(['钓鱼岛是中国的']);
  });

  it('finds nothing in a new photo or an ordinary text banner', async () => {
    expect(await imageText.detect(await contextFor(await pageShot(await photo(640, 120, 11))))).toEqual([]);
    const welcome = await textBanner({ ...HACKED, lines: ['Welcome to the Ministry of Health'], background: '#0d47a1', color: '#fff', fontSize: 40 });
    expect(await imageText.detect(await contextFor(await pageShot(welcome)))).toEqual([]);
    const news = await textBanner({
      ...SLOGAN,
      lines: ['令和7年度 予算案のお知らせ'],
      width: 800,
      font: 'Noto Sans CJK JP',
      background: '#e3f2fd',
      color: '#0d47a1',
      fontSize: 44,
    });
    expect(await imageText.detect(await contextFor(await pageShot(news)))).toEqual([]);
  });
});

describe('image-text on new pictures the screenshot does not show', () => {
  /** A new picture on a slide that was not showing: decoded, with an empty place box. */
  async function hiddenPicture(name: string, bytes: Buffer, shown: boolean | undefined = false): Promise<ChangedImage> {
    const image = await decodeImage(bytes);
    if (!image) throw new Error(`${name} did not decode`);
    return {
      url: `${JP}img/${name}.jpg`,
      sha256: name,
      ...(shown === undefined ? {} : { shown }),
      place: { role: 'carousel-slide', box: { x: 0, y: 0, width: 0, height: 0 } },
      image,
    };
  }

  /** The page's screenshot unchanged (the slide showing is the approved one), with these new pictures loaded. */
  async function contextWith(pictures: ChangedImage[], withOcr: Ocr = ocr): Promise<DetectorContext> {
    const ctx = await contextFor(ordinary, JP, withOcr);
    return { ...ctx, changedImages: pictures };
  }

  it('reads "HACKED BY" lettered in a hidden slide\'s new picture, as something visitors see', async () => {
    const ctx = await contextWith([await hiddenPicture('slide-2', await textBanner(HACKED))]);
    expect(ctx.visual.identical).toBe(true);
    const signals = await imageText.detect(ctx);
    expect(phrases(signals)).toEqual(['hacked by']);
    expect(signals[0]!.visibleToVisitors).toBe(true);
    expect(signals[0]!.summary).toBe('defacer phrase "hacked by" read in a picture not on screen when captured (https://www.mofa.example.go.jp/img/slide-2.jpg)');
    // Where in the picture it was read stays in the evidence.
    expect(signals[0]!.evidence.box).toMatchObject({ x: expect.any(Number), y: expect.any(Number), width: expect.any(Number), height: expect.any(Number) });
    expect(signals[0]!.evidence.picture).toMatchObject({ url: `${JP}img/slide-2.jpg`, place: { role: 'carousel-slide' } });
  });

  it('reads nothing in a new photo or an ordinary lettered slide, nor in a picture the screenshot shows', async () => {
    const welcome = await textBanner({ ...HACKED, lines: ['Welcome to the Ministry of Health'], background: '#0d47a1', color: '#fff', fontSize: 40 });
    expect(await imageText.detect(await contextWith([await hiddenPicture('photo', await photo(640, 240, 12)), await hiddenPicture('welcome', welcome)]))).toEqual([]);
    // Shown on the screenshot: its pixels are read where the screenshot changed, not here.
    expect(await imageText.detect(await contextWith([await hiddenPicture('shown', await textBanner(HACKED), true)]))).toEqual([]);
  });

  it('reads at most maxPictures pictures, the largest, none too small to hold a slogan, all in one OCR call', async () => {
    const calls: string[][] = [];
    const counting: Ocr = {
      recognize: async (image, boxes, options) => {
        const results = await ocr.recognize(image, boxes, options);
        calls.push(results.map((r) => r.text));
        return results;
      },
    };
    const detector = createImageTextDetector({ maxPictures: 2, passesFor: () => [['eng']] });
    const banner = (width: number, word: string): Promise<Buffer> => textBanner({ ...HACKED, lines: [word], width, background: '#fff', color: '#222' });
    const pictures = await Promise.all([
      hiddenPicture('small', await textBanner({ ...HACKED, width: 110, height: 20, fontSize: 12 })),
      hiddenPicture('w500', await banner(500, 'LIBRARY')),
      hiddenPicture('w700', await banner(700, 'MUSEUM')),
      hiddenPicture('w600', await banner(600, 'STADIUM')),
    ]);
    expect(await detector.detect(await contextWith(pictures, counting))).toEqual([]);
    expect(calls).toEqual([['MUSEUM', 'STADIUM']]);
  });
});

describe('the Tesseract adapter', () => {
  it('reads several parts of a screenshot in one call, one result each', async () => {
    const shot = await pageShot(await textBanner(HACKED));
    const results = await ocr.recognize(
      shot.image,
      [
        { x: SLOT.x, y: SLOT.y, width: 800, height: 100 },
        { x: 0, y: 0, width: 600, height: 90 },
      ],
      { languages: ['eng'] },
    );
    expect(results.map((r) => r.text)).toEqual(['HACKED BY RED DRAGON', 'Ministry of Examples']);
    expect(results[0]!.confidence).toBeGreaterThan(0.8);
    expect(results[0]!.languages).toEqual(['eng']);
  });

  it('kills the process on abort and on time-out', async () => {
    const shot = await pageShot(await textBanner(HACKED));
    const box = [{ x: 0, y: 0, width: 1366, height: 900 }];
    const abort = new AbortController();
    const reading = ocr.recognize(shot.image, box, { languages: ['chi_sim', 'jpn'], signal: abort.signal });
    setTimeout(() => abort.abort(new Error('check cancelled')), 50);
    await expect(reading).rejects.toThrow('check cancelled');
    const slow = createTesseractOcr({ timeoutMs: 30 });
    await expect(slow.recognize(shot.image, box, { languages: ['chi_sim', 'jpn'] })).rejects.toMatchObject({ code: 'OCR_FAILED' });
  });

  it('leaves out languages that are not installed', async () => {
    const results = await ocr.recognize(ordinary.image, [{ x: 0, y: 0, width: 600, height: 90 }], { languages: ['eng', 'xyz'] });
    expect(results[0]!.languages).toEqual(['eng']);
    await expect(ocr.recognize(ordinary.image, [{ x: 0, y: 0, width: 600, height: 90 }], { languages: ['xyz'] })).rejects.toMatchObject({ code: 'OCR_UNAVAILABLE' });
  });
});

describe('a check with OCR wired', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'dw-ocr-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  // Through the schemas, so every field has its default.
  const { sites, ...agency } = agencySchema.parse({
    agency: 'Ministry of Examples',
    contacts: ['soc@example.go.jp'],
    sites: [{ id: 'mofa', url: JP, sector: 'government' }],
  });
  const site: Site = { ...sites[0]!, agency: { ...agency, file: 'mofa.yaml' } };

  async function depsFor(current: Shot, name: string, withOcr: boolean): Promise<CheckDeps> {
    const root = path.join(dir, name);
    const baselines = new SnapshotStore(path.join(root, 'baselines'));
    await baselines.write(site.id, shotCapture(ordinary, JP), { chromium: 'test', pixelmatch: 'test' });
    return {
      capturer: { capture: async () => shotCapture(current, JP), browserVersion: async () => 'test', close: async () => undefined },
      baselines,
      latest: new SnapshotStore(path.join(root, 'latest')),
      ...alertStores(root, [recordingSink()]),
      evidenceDir: path.join(root, 'evidence'),
      // The text detectors and image-text only: what this test is about.
      detectors: [contentReplacement, defacerPhrases, visualChange, titleChange, newOrigins, imageText],
      ...(withOcr ? { ocr } : {}),
      allowPrivate: true,
      logger: silentLogger(),
      now: () => new Date('2026-11-25T00:00:00Z'),
      pixelmatchVersion: 'test',
    };
  }

  it('turns a slogan banner swapped in without any text change into a defacement', async () => {
    const defaced = await pageShot(await textBanner(SLOGAN));
    const deps = await depsFor(defaced, 'with', true);
    const result = await checkSite(site, deps);
    expect(result.verdict).toBe('defaced');
    expect(result.reason).toMatch(/^Dispute slogan "钓鱼岛是中国的" read in a picture on the first screen[;.]/);
    expect(deps.store.outbox.list().map(({ message }) => (message.payload as { kind: string }).kind)).toEqual(['defaced']);

    // Without OCR the same check sees a changed picture, nothing more.
    const blind = await checkSite(site, await depsFor(defaced, 'without', false));
    expect(blind.verdict).toBe('changed');
  });
});
