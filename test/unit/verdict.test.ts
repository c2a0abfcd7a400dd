import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { compareDom } from '../../src/compare/dom.js';
import { compareScreenshots } from '../../src/compare/visual.js';
import { DefacewatchError } from '../../src/core/errors.js';
import type { Capture, DomDiff, Signal, VisualChange, VisualDiff } from '../../src/core/types.js';
import {
  changedLetters,
  decideVerdict,
  describeVisualChanges,
  formatPercent,
  noisyOr,
  unreachableDecision,
  unreachableReason,
  visualChangeIsStructural,
} from '../../src/core/verdict.js';
import { createDefaultRegistry, runDetectors } from '../../src/detectors/registry.js';
import { pageCapture } from '../helpers/capture-fixture.js';
import { domDiff } from '../helpers/dom-diff.js';
import { pageFrameOf } from '../../src/core/place-words.js';

const W = 800;
const H = 1600;

type RGB = readonly [number, number, number];

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
  c: RGB;
}

/**
 * A screenshot: white page, "text" rows, and painted rectangles. `pushedDown` rows are left blank at
 * the top of the page and the text starts below them, as when a notice was inserted there.
 */
async function screenshot(rects: Rect[], height = H, pushedDown = 0): Promise<Buffer> {
  const data = new Uint8Array(W * height * 4).fill(255);
  for (let y = pushedDown; y < height; y++) {
    const t = y - pushedDown;
    for (let x = 40; x < W - 40; x++) {
      if (t % 24 < 12 && (x * 7 + t * 3) % 11 < 4) {
        const o = (y * W + x) * 4;
        data[o] = data[o + 1] = data[o + 2] = 40;
      }
    }
  }
  for (const r of rects) {
    for (let y = r.y; y < r.y + r.h; y++) {
      for (let x = r.x; x < r.x + r.w; x++) {
        const o = (y * W + x) * 4;
        data[o] = r.c[0];
        data[o + 1] = r.c[1];
        data[o + 2] = r.c[2];
      }
    }
  }
  return sharp(data, { raw: { width: W, height, channels: 4 } })
    .png()
    .toBuffer();
}

/** A page that is one large photo (every row different), optionally pushed down by a notice. */
async function photoScreenshot(notice = 0): Promise<Buffer> {
  const height = H + notice;
  const data = new Uint8Array(W * height * 4).fill(255);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < W; x++) {
      const o = (y * W + x) * 4;
      if (y < notice) {
        data[o] = 250;
        data[o + 1] = 200;
        data[o + 2] = y > notice / 3 && y < notice / 3 + 12 && x % 9 < 4 ? 20 : 40;
        continue;
      }
      const t = y - notice;
      data[o] = (x * 37 + t * 91 + ((x * t) >> 3)) & 255;
      data[o + 1] = (x * 13 + t * 7) & 255;
      data[o + 2] = (t * 29) & 255;
    }
  }
  return sharp(data, { raw: { width: W, height, channels: 4 } })
    .png()
    .toBuffer();
}

function capture(body: string, png: Buffer, over: Partial<Capture> = {}): Capture {
  return pageCapture(body, { screenshot: png, screenshotSize: { width: W, height: H }, pageHeight: H, ...over });
}

/** The whole pure pipeline, as the check runs it (`align: false` as it ran before alignment). */
async function check(baseline: Capture, current: Capture, align = true) {
  const visual = await compareScreenshots(baseline.screenshot, current.screenshot, {
    masks: [],
    baselineMasks: baseline.ignoredBoxes,
    currentMasks: current.ignoredBoxes,
    align,
  });
  const dom = compareDom(baseline, current);
  const signals = await runDetectors(createDefaultRegistry().detectors, {
    site: { id: 'moe', url: baseline.url, sector: 'government' },
    baseline,
    current,
    visual,
    dom,
  });
  return { ...decideVerdict(signals, { visual, dom, page: pageFrameOf(current) }), signals, visual, dom };
}

const page = (clock: string, slide: string) => `
  <header><h1>Ministry of Examples</h1><p>Today ${clock}</p></header>
  <div class="carousel"><p>${slide}</p></div>
  <main>
    <p>The ministry announced a new programme for regional disaster preparedness on Monday.</p>
    <p>Applications for the national scholarship open in April and close at the end of May.</p>
    <p>Public consultation on the draft coastal management plan runs until the end of June.</p>
    <ul><li>Press releases</li><li>Public consultations</li><li>Statistics</li></ul>
  </main>
  <footer>Copyright Ministry of Examples. All rights reserved.</footer>`;

describe('decideVerdict on whole checks', async () => {
  const basePng = await screenshot([{ x: 0, y: 60, w: W, h: 300, c: [30, 90, 160] }]);
  const baseline = capture(page('2025-01-01 10:00:00', 'Visit our new service centre'), basePng);

  it('calls a byte-identical, text-identical page unchanged', async () => {
    const r = await check(baseline, capture(page('2025-01-01 10:00:00', 'Visit our new service centre'), basePng));
    expect(r.verdict).toBe('unchanged');
    expect(r.score).toBe(0);
    expect(r.reason).toBe('No meaningful change: the screenshot is byte-identical to the baseline and the text is the same.');
  });

  it('never calls a live clock defaced (unchanged when only the digits moved)', async () => {
    const clockPng = await screenshot([
      { x: 0, y: 60, w: W, h: 300, c: [30, 90, 160] },
      { x: 600, y: 10, w: 60, h: 14, c: [0, 0, 0] },
    ]);
    const r = await check(baseline, capture(page('2025-01-01 10:04:37', 'Visit our new service centre'), clockPng));
    expect(r.verdict).toBe('unchanged');
    expect(r.reason).toMatch(/^No meaningful change: only 0\.\d+% of the page differs and only numbers or a few letters of the text changed\.$/);
  });

  it('calls a rotating carousel changed, not defaced', async () => {
    const slidePng = await screenshot([
      { x: 0, y: 60, w: W, h: 300, c: [200, 120, 20] },
      { x: 600, y: 10, w: 60, h: 14, c: [0, 0, 0] },
    ]);
    const r = await check(baseline, capture(page('2025-01-01 10:09:12', 'Apply for the scholarship before May'), slidePng));
    expect(r.verdict).toBe('changed');
    expect(r.score).toBeLessThan(0.5);
    expect(r.reason).toMatch(/of the (visible text is gone|page looks different)/);
  });

  it('calls a full-page defacement defaced and says why in one sentence', async () => {
    const flagPng = await screenshot([
      { x: 0, y: 0, w: W, h: H, c: [222, 41, 16] },
      { x: 80, y: 80, w: 120, h: 120, c: [255, 222, 0] },
    ]);
    const defaced = capture('<h1>Hacked by Team X</h1><h2>钓鱼岛是中国的</h2><img src="/flag.png">', flagPng, { title: 'Hacked by Team X' });
    const r = await check(baseline, defaced);
    expect(r.verdict).toBe('defaced');
    expect(r.score).toBeGreaterThan(0.95);
    expect(r.reason).toMatch(
      /^Dispute slogan "钓鱼岛是中国的", defacer phrase "hacked by" added; (9\d|100)% of the visible text is gone; the title now says the site itself was hacked \("Hacked by Team X"\); (9\d|100)% of the page looks different in one region\.$/,
    );
    expect(r.reason.match(/\./g)).toHaveLength(1);
    expect(r.reason.endsWith('.')).toBe(true);
  });

  it('calls a silent flag-only replacement defaced from the content replacement alone', async () => {
    const flagPng = await screenshot([{ x: 0, y: 0, w: W, h: H, c: [222, 41, 16] }]);
    const r = await check(baseline, capture('<img src="/flag.png">', flagPng, { title: '' }));
    expect(r.verdict).toBe('defaced');
    expect(r.reason).toMatch(/^100% of the visible text is gone; 100% of the page looks different/);
  });

  it('calls a maintenance notice inserted at the top changed, naming the block and the shift', async () => {
    const noticePng = await screenshot(
      [
        { x: 0, y: 0, w: W, h: 80, c: [250, 200, 40] },
        { x: 0, y: 140, w: W, h: 300, c: [30, 90, 160] },
      ],
      H + 80,
      80,
    );
    const html = `<div class="notice">Scheduled maintenance on Sunday from 02:00 to 04:00.</div>${page('2025-01-01 10:00:00', 'Visit our new service centre')}`;
    const r = await check(baseline, capture(html, noticePng, { screenshotSize: { width: W, height: H + 80 } }));
    expect(r.verdict).toBe('changed');
    expect(r.score).toBeLessThan(0.1);
    expect(r.visual.changes).toEqual([{ kind: 'inserted', box: { x: 0, y: 0, width: W, height: 80 }, changedPixels: W * 80, shift: 80 }]);
    expect(r.visual.changedFraction).toBeCloseTo(80 / (H + 80), 5);
    expect(r.reason).toBe('A new banner was inserted at the top of the page, pushing the content below down.');
  });

  it('does not escalate a notice on a photo page with little text to defaced', async () => {
    const welcome = capture('<h1>Welcome</h1><img src="/hero.jpg" alt="">', await photoScreenshot());
    const notice = capture(
      '<div class="notice">This website is owned by the Prefecture. Maintenance on Sunday night.</div><h1>Welcome</h1><img src="/hero.jpg" alt="">',
      await photoScreenshot(60),
      { screenshotSize: { width: W, height: H + 60 } },
    );
    const r = await check(welcome, notice);
    expect(r.verdict).toBe('changed');
    expect(r.signals.filter((s) => s.kind === 'replacement' && s.score >= 0.3)).toEqual([]);
    expect(r.reason).toMatch(/a new banner was inserted at the top of the page, pushing the content below down/);
    // Compared row by row, the photo pushed down 60 px looked replaced; with a weak phrase
    // ("owned by") that made the notice a defacement.
    const unaligned = await check(welcome, notice, false);
    expect(unaligned.visual.changedFraction).toBeGreaterThan(0.9);
    expect(unaligned.verdict).toBe('defaced');
  });

  it('calls content that only moved down by blank space unchanged', async () => {
    const movedPng = await screenshot([{ x: 0, y: 100, w: W, h: 300, c: [30, 90, 160] }], H + 40, 40);
    const r = await check(baseline, capture(page('2025-01-01 10:00:00', 'Visit our new service centre'), movedPng));
    expect(r.visual.changedPixels).toBe(0);
    expect(r.verdict).toBe('unchanged');
    expect(r.reason).toBe('No meaningful change: no pixel differs beyond the colour tolerance once moved content is lined up and the text is the same.');
  });
});

function visual(changedFraction: number): VisualDiff {
  return { identical: changedFraction === 0, changedFraction, changedPixels: changedFraction * 1000, comparedPixels: 1000, regions: [], sizeChanged: false };
}

const dom = (over: Partial<DomDiff> = {}): DomDiff => domDiff({ titleBefore: 'T', titleAfter: 'T', ...over });

const sig = (score: number, kind: Signal['kind'], summary: string, detector = 'd'): Signal => ({ detector, kind, score, summary, evidence: {} });

describe('decideVerdict rules', () => {
  it('never decides defaced from supporting signals, however many', () => {
    const signals = [
      sig(0.4, 'supporting', '90% of the page looks different'),
      sig(0.5, 'supporting', 'new script origin https://x'),
      sig(0.25, 'supporting', 'the title changed'),
    ];
    const r = decideVerdict(signals, { visual: visual(0.9), dom: dom({ titleChanged: true }) });
    expect(r.verdict).toBe('changed');
    expect(r.score).toBeCloseTo(1 - 0.6 * 0.5 * 0.75, 3);
    expect(r.reason).toBe('New script origin https://x; 90% of the page looks different; the title changed.');
  });

  it('needs a strong signature or replacement; a weak phrase with a partial replacement adds up', () => {
    const weak = sig(0.35, 'signature', 'defacer phrase "owned by" added');
    expect(decideVerdict([weak], { visual: visual(0.1), dom: dom() }).verdict).toBe('changed');
    const partial = sig(0.55, 'replacement', '60% of a page with little text looks different');
    expect(decideVerdict([weak, partial], { visual: visual(0.6), dom: dom() }).verdict).toBe('defaced');
  });

  it('does not call an invisible phrase a defacement', () => {
    const r = decideVerdict([sig(0.9, 'signature', 'defacer phrase "hacked by" added')], { visual: visual(0), dom: dom({ textAdded: ['hacked by x'] }) });
    expect(r.verdict).toBe('changed');
    expect(r.reason).toBe('Defacer phrase "hacked by" added; but nothing visible changed.');
  });

  it('calls a phrase on one rewritten line of a long page a defacement: a changed region shows it', () => {
    const line: VisualDiff = { ...visual(0.0007), regions: [{ x: 195, y: 110, width: 435, height: 15 }] };
    const r = decideVerdict([sig(0.95, 'signature', 'defacer phrase "defaced by" added')], {
      visual: line,
      dom: dom({ textAdded: ['This site has been defaced by X'] }),
    });
    expect(r.verdict).toBe('defaced');
    // Without any changed region the same few pixels are noise, and the phrase was not seen.
    expect(decideVerdict([sig(0.95, 'signature', 'defacer phrase "defaced by" added')], { visual: visual(0.0007), dom: dom() }).verdict).toBe('changed');
  });

  it('calls a new script origin on an otherwise identical page changed', () => {
    const d = dom({ newOrigins: { scripts: ['https://evil.example'], iframes: [], images: [] } });
    const r = decideVerdict([sig(0.3, 'supporting', 'new script origin https://evil.example')], { visual: visual(0), dom: d });
    expect(r.verdict).toBe('changed');
  });

  it('names a failed detector in the reason', () => {
    const failed: Signal = { detector: 'flag', score: 0, summary: 'detector failed: boom', evidence: { code: 'DETECTOR_FAILED' } };
    const r = decideVerdict([sig(0.2, 'supporting', '30% of the page looks different'), failed], { visual: visual(0.3), dom: dom() });
    expect(r.reason).toBe('30% of the page looks different; detector "flag" failed.');
  });

  it('names inserted and removed blocks even when no signal scored high enough to be named', () => {
    const v: VisualDiff = {
      ...visual(0.02),
      changes: [{ kind: 'inserted', box: { x: 0, y: 120, width: 1366, height: 80 }, changedPixels: 9000, shift: 80 }],
      movedRows: 3000,
    };
    const page = { width: 1366, height: 4000, screenHeight: 768 };
    const r = decideVerdict([sig(0.3, 'supporting', 'new script origin https://cdn.example')], { visual: v, dom: dom(), page });
    expect(r.verdict).toBe('changed');
    expect(r.reason).toBe('New script origin https://cdn.example; a new banner was inserted at the top of the page, pushing the content below down.');
    const facts = decideVerdict([], { visual: v, dom: dom({ textAdded: ['Maintenance tonight'] }), page });
    expect(facts.reason).toBe('A new banner was inserted at the top of the page, pushing the content below down; 1 text block added and 0 removed.');
    // Without the page's frame the block is still named, without a place.
    expect(decideVerdict([], { visual: v, dom: dom() }).reason).toBe('A new banner was inserted, pushing the content below down.');
  });

  it('falls back to the facts when no detector said anything', () => {
    const r = decideVerdict([], { visual: visual(0.02), dom: dom({ textAdded: ['a'], textRemoved: [] }) });
    expect(r.verdict).toBe('changed');
    expect(r.reason).toBe('1 text block added and 0 removed; 2% of the page looks different.');
  });
});

describe('verdict helpers', () => {
  it('ignores digits when counting changed letters', () => {
    expect(changedLetters(dom({ textAdded: ['Visitors: 12,346', '2025年5月2日'], textRemoved: ['Visitors: 12,345', '2025年5月1日'] }))).toBe(0);
    expect(changedLetters(dom({ textAdded: ['Closed today'], textRemoved: ['Open today'] }))).toBe(11 + 9);
  });

  it('describes the blocks of an aligned visual diff', () => {
    const block = (kind: VisualChange['kind'], y: number, height: number, shift: number, width = 1366): VisualChange => ({
      kind,
      box: { x: 0, y, width, height },
      changedPixels: 1000,
      shift,
    });
    const v = (changes: VisualChange[]): VisualDiff => ({ ...visual(0.05), changes });
    const page = { width: 1366, height: 4090, screenHeight: 768 };
    const say = (changes: VisualChange[]): string => describeVisualChanges(v(changes), page);
    expect(say([])).toBe('');
    expect(say([block('inserted', 120, 80, 80)])).toBe('a new banner was inserted at the top of the page, pushing the content below down');
    expect(say([block('inserted', 120, 400, 400)])).toBe('a new block was inserted at the top of the page, pushing the content below down');
    expect(say([block('removed', 300, 40, -40)])).toBe('a block on the first screen was removed, pulling the content below up');
    expect(say([block('replaced', 1200, 40, 0)])).toBe('a block in the upper part of the page was replaced');
    expect(say([block('replaced', 2000, 40, 0)])).toBe('a block in the middle of the page was replaced');
    expect(say([block('inserted', 4000, 90, 0)])).toBe('a new block was inserted near the bottom of the page');
    expect(say([{ ...block('replaced', 2000, 40, 0, 200), box: { x: 1100, y: 2000, width: 200, height: 40 } }])).toBe(
      'a block in the middle of the page on the right was replaced',
    );
    expect(say([block('replaced', 0, 4090, 0)])).toBe('a block across the whole page was replaced');
    expect(say([block('inserted', 0, 80, 80), block('replaced', 700, 60, 0, 200), block('removed', 900, 40, -40)])).toBe(
      'a new banner was inserted at the top of the page (pushing the content below down), a block on the first screen on the left was replaced and a block in the upper part of the page was removed (pulling the content below up)',
    );
    const many = v([0, 1, 2, 3, 4].map((i) => block('replaced', 1000 + i * 100, 10, 0, 50)));
    expect(describeVisualChanges(many, page)).toBe(
      'a block in the upper part of the page on the left was replaced, a block in the upper part of the page on the left was replaced, a block in the upper part of the page on the left was replaced and 2 more blocks changed',
    );
    // Never a pixel coordinate in the words.
    expect(describeVisualChanges(many, page)).not.toMatch(/\d+ ?px|\d+x\d+|[xy]=\d|\(\d+,\d+\)/);
    // Without the page's frame, the blocks without places.
    expect(describeVisualChanges(v([block('inserted', 120, 80, 80)]))).toBe('a new banner was inserted, pushing the content below down');
    expect(visualChangeIsStructural(many)).toBe(false);
    expect(visualChangeIsStructural(v([block('replaced', 0, 10, 12)]))).toBe(true);
  });

  it('formats percentages for people', () => {
    expect([0, 0.0002, 0.0042, 0.823, 0.9999, 1].map(formatPercent)).toEqual(['0%', '0.02%', '0.4%', '82%', '99%', '100%']);
  });

  it('combines scores with noisy-OR', () => {
    expect(noisyOr([])).toBe(0);
    expect(noisyOr([0.5, 0.5])).toBeCloseTo(0.75);
    expect(noisyOr([2, Number.NaN])).toBe(1);
  });

  it('builds the unreachable reason from an error, first line only', () => {
    const err = new DefacewatchError('CAPTURE_TIMEOUT', 'moe: page.goto: Timeout 30000ms exceeded.\nCall log:\n  - navigating…');
    expect(unreachableReason(err)).toBe('The site could not be loaded (CAPTURE_TIMEOUT): moe: page.goto: Timeout 30000ms exceeded.');
    expect(unreachableReason(new Error('net::ERR_NAME_NOT_RESOLVED'))).toBe('The site could not be loaded (CAPTURE_FAILED): net::ERR_NAME_NOT_RESOLVED.');
    expect(unreachableDecision('boom')).toEqual({ verdict: 'unreachable', score: 0, reason: 'The site could not be loaded (CAPTURE_FAILED): boom.' });
  });
});
