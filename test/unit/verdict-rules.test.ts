import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/baselines/store.js';
import { assess } from '../../src/check/assess.js';
import { decodePng, encodePng } from '../../src/compare/png.js';
import { learnVolatility } from '../../src/compare/volatility.js';
import type { Capture, RawImage, Signal, VisualDiff } from '../../src/core/types.js';
import { decideVerdict, unreachableDecision } from '../../src/core/verdict.js';
import { FLAGS } from '../../src/detectors/data/flags.js';
import { renderFlag } from '../../src/detectors/flags/raster.js';
import { defaultDetectors } from '../../src/detectors/registry.js';
import { pageCapture } from '../helpers/capture-fixture.js';
import { domDiff } from '../helpers/dom-diff.js';
import { addNoise, blank, busyPage, paste, rng } from '../fixtures/flags/scenes.js';

/**
 * The verdict rules of docs/verdict-rules.md, one test per row, each through the same code a check
 * runs: volatility learnt from baseline samples, the screenshot and DOM compared, every shipped
 * detector, the verdict. The page is a ministry home page with a hero carousel and a clock.
 */

const W = 1366;
const H = 3000;
const CAROUSEL = { x: 0, y: 120, width: W, height: 420 };
const URL = 'https://www.example.go.id/';

/** A photograph-like slide: smooth colour fields with texture, different for each seed. */
function slide(seed: number): RawImage {
  const r = rng(seed);
  const [a, b, c] = [r() * 200, r() * 200, r() * 200];
  const img = blank(CAROUSEL.width, CAROUSEL.height);
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const o = (y * img.width + x) * 4;
      img.data[o] = (a + 40 * Math.sin(x / 90 + seed) + 20 * Math.sin(y / 13)) & 255;
      img.data[o + 1] = (b + 40 * Math.cos(y / 70 + seed) + ((x * y) % 7)) & 255;
      img.data[o + 2] = (c + 30 * Math.sin((x + y) / 50)) & 255;
    }
  }
  return img;
}

const CAPTIONS = ['Disaster drill in all provinces on 12 March', 'Scholarship applications are open until May', 'New service centre opens in Surabaya'];

interface PageState {
  slide: RawImage;
  caption: string;
  clock: string;
  /** Paints more on the page after the slide (a flag, a line of text). */
  paint?: (page: RawImage) => void;
  /** Extra HTML at the end of the main column. */
  extra?: string;
  title?: string;
}

function clockPixels(page: RawImage, clock: string): void {
  // The clock's digits as bars whose widths follow the digits: a different time, different pixels.
  const digits = clock.replace(/\D/g, '');
  for (let i = 0; i < digits.length; i++) {
    const w = 2 + Number(digits[i]);
    paste(page, blank(w, 12, [255, 255, 255]), 1160 + i * 14, 22);
  }
}

async function captureOf(state: PageState): Promise<Capture> {
  const page = busyPage(W, H, 3);
  paste(page, state.slide, CAROUSEL.x, CAROUSEL.y);
  clockPixels(page, state.clock);
  state.paint?.(page);
  const body = `
    <header><h1>Ministry of Examples</h1><p class="clock">${state.clock}</p></header>
    <div class="carousel"><p>${state.caption}</p></div>
    <main>
      <p>The ministry announced a new programme for regional disaster preparedness on Monday.</p>
      <p>Applications for the national scholarship open in April and close at the end of May.</p>
      <p>Public consultation on the draft coastal management plan runs until the end of June.</p>
      ${state.extra ?? ''}
    </main>
    <footer>Copyright Ministry of Examples. All rights reserved.</footer>`;
  return pageCapture(body, {
    url: URL,
    ...(state.title ? { title: state.title } : {}),
    screenshot: await encodePng(page),
    screenshotSize: { width: W, height: H },
    pageHeight: H,
  });
}

/** The approved baseline: three samples at other clock times, each showing another slide. */
async function baselineSnapshot(): Promise<Snapshot> {
  const samples = await Promise.all(['10:00:00', '10:07:13', '11:27:31'].map((clock, i) => captureOf({ slide: slide(i + 1), caption: CAPTIONS[i]!, clock })));
  const volatility = await learnVolatility(samples);
  const capture = samples[0]!;
  const image = await decodePng(capture.screenshot);
  const { screenshot: _png, html: _html, ...recorded } = capture;
  return {
    meta: {
      formatVersion: 1,
      site: 'moe',
      url: URL,
      capturedAt: capture.capturedAt,
      viewport: capture.viewport,
      versions: { chromium: capture.browserVersion, pixelmatch: '8.0.0' },
      sha256: {},
      volatility,
      capture: recorded,
    },
    capture,
    screenshotPath: '',
    screenshotImage: () => Promise.resolve(image),
  };
}

const baseline = await baselineSnapshot();

async function judge(state: PageState) {
  return assess({ id: 'moe', url: URL, sector: 'government' }, baseline, await captureOf(state), { detectors: defaultDetectors() });
}

/** A PRC flag filling the carousel slide, as a defacer would lay it over the hero. */
function flagSlide(): RawImage {
  const prc = FLAGS.find((f) => f.id === 'cn');
  if (!prc) throw new Error('the shipped flags have no PRC flag');
  const img = slide(9);
  paste(img, renderFlag(prc, 600), 380, 10);
  return img;
}

function signal(over: Partial<Signal>): Signal {
  return { detector: 'test', kind: 'signature', score: 0.9, summary: 'defacer phrase "hacked by" added', evidence: {}, ...over };
}

const unchangedFacts = {
  visual: { identical: true, changedFraction: 0, changedPixels: 0, comparedPixels: W * H, regions: [], sizeChanged: false } satisfies VisualDiff,
  dom: domDiff({ identical: true }),
};

describe('verdict rules (docs/verdict-rules.md)', () => {
  it('the baseline learnt the carousel as a volatile area with a look per slide', () => {
    const volatility = baseline.meta.volatility!;
    const carousel = volatility.boxes.findIndex((b) => b.height >= CAROUSEL.height);
    expect(carousel).toBeGreaterThanOrEqual(0);
    expect(volatility.states?.[carousel]).toHaveLength(3);
  });

  it('1. only dynamics the samples showed (another slide they showed, the clock at another time) is unchanged', async () => {
    const r = await judge({ slide: slide(2), caption: CAPTIONS[1]!, clock: '10:42:05' });
    expect(r.decision.verdict, r.decision.reason).toBe('unchanged');
  });

  it('1. a slide the samples showed, re-encoded (a few levels of noise on every pixel), is unchanged', async () => {
    const r = await judge({ slide: addNoise(slide(3), 2), caption: CAPTIONS[2]!, clock: '10:00:00' });
    expect(r.decision.verdict, r.decision.reason).toBe('unchanged');
  });

  it('2. a volatile area showing what no sample showed is compared and judged: a new campaign slide is changed, not defaced', async () => {
    const r = await judge({ slide: slide(7), caption: 'Vaccination week: free check-ups at every clinic', clock: '10:00:00' });
    expect(r.decision.verdict, r.decision.reason).toBe('changed');
    expect(r.visual.regions.some((box) => box.y < CAROUSEL.y + CAROUSEL.height && box.y + box.height > CAROUSEL.y)).toBe(true);
  });

  it('3. a foreign flag newly filling the carousel slide is defaced on its own, with no slogan', async () => {
    const r = await judge({ slide: flagSlide(), caption: CAPTIONS[0]!, clock: '10:00:00' });
    expect(r.decision.verdict, r.decision.reason).toBe('defaced');
    expect(r.signals.some((s) => s.detector === 'national-flag' && s.kind === 'signature')).toBe(true);
  });

  it('4. a visible self-referencing claim in the carousel is defaced', async () => {
    const band = (page: RawImage) => paste(page, blank(900, 60, [20, 20, 20]), 233, CAROUSEL.y + 300);
    const r = await judge({ slide: slide(1), caption: 'Situs ini telah diretas oleh Shadow Panda', clock: '10:00:00', paint: band });
    expect(r.decision.verdict, r.decision.reason).toBe('defaced');
  });

  it('4. a claim on a carousel slide that was not showing when the page was captured is defaced', async () => {
    const hiddenSlide = '<div class="carousel-item"><p>Situs ini telah diretas oleh Shadow Panda</p></div>';
    const r = await judge({ slide: slide(1), caption: CAPTIONS[0]!, clock: '10:00:00', extra: hiddenSlide });
    expect(r.visual.regions).toEqual([]);
    expect(r.decision.verdict, r.decision.reason).toBe('defaced');
  });

  it('4. a claim in the alt text of a visible picture is defaced', async () => {
    const picture = '<img src="/img/flood.jpg" alt="Hacked by Shadow Panda">';
    const r = await judge({ slide: slide(1), caption: CAPTIONS[0]!, clock: '10:00:00', extra: picture });
    expect(r.decision.verdict, r.decision.reason).toBe('defaced');
  });

  it('5. a strong signature whose change covers only a few pixels is defaced', async () => {
    const line = (page: RawImage) => paste(page, blank(110, 9, [30, 30, 30]), 200, 900);
    const r = await judge({
      slide: slide(1),
      caption: CAPTIONS[0]!,
      clock: '10:00:00',
      paint: line,
      extra: '<p>Hacked by Shadow Panda</p>',
    });
    expect(r.visual.changedFraction).toBeLessThan(0.001);
    expect(r.decision.verdict, r.decision.reason).toBe('defaced');
  });

  it('6. a signature too weak to deface alone is never unchanged', () => {
    const weakFlag = signal({ detector: 'image-flag', score: 0.45, summary: 'PRC flag in image /news/summit.jpg' });
    expect(decideVerdict([weakFlag], unchangedFacts).verdict).toBe('changed');
  });

  it('6. a strong supporting signal (a new script origin) is never unchanged', () => {
    const script = signal({ detector: 'new-origins', kind: 'supporting', score: 0.4, summary: 'new script origin https://evil.example' });
    expect(decideVerdict([script], unchangedFacts).verdict).toBe('changed');
  });

  it('7. a signature no visitor can see is changed, saying nothing visible changed', () => {
    const hidden = decideVerdict([signal({ score: 0.95 })], unchangedFacts);
    expect(hidden.verdict).toBe('changed');
    expect(hidden.reason).toMatch(/but nothing visible changed/);
  });

  it('8. many supporting signals together are never defaced', () => {
    const many = [0.5, 0.5, 0.5, 0.5, 0.5].map((score, i) => signal({ detector: `d${i}`, kind: 'supporting', score, summary: `change ${i}` }));
    const visual = { ...unchangedFacts.visual, identical: false, changedFraction: 0.3, changedPixels: 1000, regions: [{ x: 0, y: 0, width: 100, height: 100 }] };
    expect(decideVerdict(many, { ...unchangedFacts, visual }).verdict).toBe('changed');
  });

  it('9. a page that could not be loaded is unreachable, never defaced', () => {
    expect(unreachableDecision(new Error('net::ERR_CONNECTION_REFUSED')).verdict).toBe('unreachable');
  });
});
