import { describe, expect, it } from 'vitest';
import { compareDom } from '../../src/compare/dom.js';
import type { Box, Capture, OverlayBox, Signal, VisualChange, VisualDiff } from '../../src/core/types.js';
import { decideVerdict } from '../../src/core/verdict.js';
import { firstScreen } from '../../src/detectors/first-screen.js';
import { changedShare, inBaseline, overlay } from '../../src/detectors/overlay.js';
import type { DetectorContext } from '../../src/detectors/types.js';
import { pageCapture } from '../helpers/capture-fixture.js';

const FULL: Box = { x: 0, y: 0, width: 1366, height: 768 };

function capture(over: Partial<Capture> = {}): Capture {
  return pageCapture('<p>Welcome</p>', {
    visibleText: 'Ministry of Examples\nThe ministry announced a new programme for regional disaster preparedness.',
    screenshotSize: { width: 1366, height: 4000 },
    pageHeight: 4000,
    ...over,
  });
}

function layer(over: Partial<OverlayBox> = {}): OverlayBox {
  return { box: FULL, tag: 'iframe', position: 'fixed', coverage: 1, opaqueCoverage: 1, ...over };
}

function diff(regions: Box[], changes: VisualChange[] = []): VisualDiff {
  const compared = 1366 * 4000;
  const changed = regions.reduce((n, r) => n + r.width * r.height, 0);
  return {
    identical: regions.length === 0 && changes.length === 0,
    changedFraction: changed / compared,
    changedPixels: changed,
    comparedPixels: compared,
    regions,
    sizeChanged: changes.some((c) => c.shift !== 0),
    changes,
    movedRows: 0,
  };
}

function ctx(baseline: Capture, current: Capture, visual: VisualDiff): DetectorContext {
  return { site: { id: 'moe', url: baseline.url, sector: 'government' }, baseline, current, visual, dom: compareDom(baseline, current) };
}

describe('overlay', () => {
  it('calls a new opaque full-window layer over a changed first screen a replacement, decisive', () => {
    const c = ctx(capture({ overlays: [] }), capture({ overlays: [layer()] }), diff([FULL]));
    const signals = overlay.detect(c);
    expect(signals).toHaveLength(1);
    expect(signals[0]).toMatchObject({ kind: 'replacement', summary: 'a new fixed <iframe> covers 100% of the first screen' });
    expect(signals[0]!.score).toBeGreaterThanOrEqual(0.9);
    expect(decideVerdict(signals, { visual: c.visual, dom: c.dom }).verdict).toBe('defaced');
  });

  it('scores by how much of the first screen the layer hides, decisive from 60%', () => {
    const at = (hidden: number): Signal | undefined =>
      overlay.detect(ctx(capture({ overlays: [] }), capture({ overlays: [layer({ tag: 'div', coverage: hidden, opaqueCoverage: hidden })] }), diff([FULL])))[0];
    expect(at(0.3)).toBeUndefined();
    expect(at(0.5)).toMatchObject({ kind: 'supporting', score: 0.3 });
    expect(at(0.6)).toMatchObject({ kind: 'replacement', score: 0.75 });
    expect(at(0.75)!.score).toBeCloseTo(0.85, 2);
    expect(at(1)).toMatchObject({ kind: 'replacement', score: 0.95 });
  });

  it('leaves a consent wall alone: its dimming backdrop covers the screen, only its dialog hides it', () => {
    const wall = layer({ tag: 'div', coverage: 1, opaqueCoverage: 0.18 });
    expect(overlay.detect(ctx(capture({ overlays: [] }), capture({ overlays: [wall] }), diff([FULL])))).toEqual([]);
  });

  it('leaves a layer the baseline already had alone, even if its content changed', () => {
    const wall = layer({ tag: 'div', opaqueCoverage: 0.95 });
    const before = capture({ overlays: [{ ...wall, box: { x: 0, y: 0, width: 1366, height: 760 } }] });
    expect(overlay.detect(ctx(before, capture({ overlays: [wall] }), diff([FULL])))).toEqual([]);
    // The same place, but it hid nearly nothing before: it is a different layer now.
    const dim = capture({ overlays: [{ ...wall, opaqueCoverage: 0.1 }] });
    expect(overlay.detect(ctx(dim, capture({ overlays: [wall] }), diff([FULL])))).toHaveLength(1);
  });

  it('needs the screenshot to have changed under the layer', () => {
    const small = diff([{ x: 0, y: 0, width: 300, height: 200 }]);
    expect(overlay.detect(ctx(capture({ overlays: [] }), capture({ overlays: [layer()] }), small))).toEqual([]);
    expect(overlay.detect(ctx(capture({ overlays: [] }), capture({ overlays: [layer()] }), diff([])))).toEqual([]);
  });

  it('judges against a baseline that predates overlay recording by the changed pixels alone', () => {
    expect(overlay.detect(ctx(capture(), capture({ overlays: [layer()] }), diff([FULL])))).toHaveLength(1);
    expect(overlay.detect(ctx(capture(), capture(), diff([FULL])))).toEqual([]);
  });

  it('matches layers by tag, box and how much they hide', () => {
    expect(inBaseline(layer(), [layer({ tag: 'div' })])).toBe(false);
    expect(inBaseline(layer(), [layer({ box: { x: 0, y: 400, width: 1366, height: 368 } })])).toBe(false);
    expect(inBaseline(layer(), [layer({ opaqueCoverage: 0.8 })])).toBe(true);
  });

  it('measures the changed share of a box from regions and inserted or replaced blocks', () => {
    const half = diff([{ x: 0, y: 0, width: 683, height: 768 }]);
    expect(changedShare(FULL, half)).toBeCloseTo(0.5, 1);
    const block = diff([], [{ kind: 'inserted', box: { x: 0, y: 0, width: 1366, height: 384 }, changedPixels: 1, shift: 384 }]);
    expect(changedShare(FULL, block)).toBeCloseTo(0.5, 1);
  });
});

describe('first-screen', () => {
  const inserted = (y: number, height: number, ink = 0.5, shift = height): VisualChange => ({
    kind: 'inserted',
    box: { x: 0, y, width: 1366, height },
    changedPixels: Math.round(1366 * height * ink),
    shift,
  });

  function run(changes: VisualChange[], over: Partial<Capture> = {}): Signal[] {
    const visual = diff(
      changes.map((c) => c.box),
      changes,
    );
    return firstScreen.detect(ctx(capture(), capture(over), visual));
  }

  it('calls a block that pushed the whole site below the fold a replacement, decisive', () => {
    const signals = run([inserted(0, 1200)]);
    expect(signals).toHaveLength(1);
    expect(signals[0]).toMatchObject({
      kind: 'replacement',
      summary: 'new content fills 100% of the first screen and pushes the whole site below it',
      evidence: { pushedDown: 1200 },
      score: 0.92,
    });
    const visual = diff([{ x: 0, y: 0, width: 1366, height: 1200 }], [inserted(0, 1200)]);
    expect(decideVerdict(signals, { visual, dom: compareDom(capture(), capture()) }).verdict).toBe('defaced');
  });

  it('counts the first screen only: a block starting under a header, past the fold', () => {
    expect(run([inserted(100, 2000)])[0]).toMatchObject({ kind: 'replacement' }); // 668 of 768 rows = 87%
    expect(run([inserted(300, 2000)])[0]).toMatchObject({ kind: 'supporting', score: 0.25 }); // 61%
    expect(run([inserted(700, 2000)])).toEqual([]);
  });

  it('keeps maintenance strips and festive banners out', () => {
    expect(run([inserted(0, 60)])).toEqual([]);
    expect(run([inserted(120, 170)])).toEqual([]);
  });

  it('ignores blank space and blocks replaced in place (a redesign, a carousel)', () => {
    expect(run([inserted(0, 1000, 0.01)])).toEqual([]);
    const redesign: VisualChange = { kind: 'replaced', box: { x: 0, y: 0, width: 1366, height: 4000 }, changedPixels: 1366 * 3000, shift: 0 };
    expect(run([redesign])).toEqual([]);
    const reflow: VisualChange = { ...redesign, shift: 150 };
    expect(run([reflow])).toEqual([]);
  });

  it('counts the rows a replaced block grew by (a prepended block that swallowed the top bar)', () => {
    const grown: VisualChange = { kind: 'replaced', box: { x: 0, y: 0, width: 1366, height: 973 }, changedPixels: 1366 * 900, shift: 860 };
    expect(run([grown])[0]).toMatchObject({ kind: 'replacement', evidence: { newRows: 768 } });
  });

  it('measures a short page against its own height', () => {
    expect(run([inserted(0, 500)], { screenshotSize: { width: 1366, height: 600 }, pageHeight: 600 })[0]).toMatchObject({
      kind: 'replacement',
    });
  });
});
