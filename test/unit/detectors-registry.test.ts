import { describe, expect, it } from 'vitest';
import { DefacewatchError } from '../../src/core/errors.js';
import type { Capture, DomDiff, VisualDiff } from '../../src/core/types.js';
import { createDefaultRegistry, createDetectorRegistry, defaultDetectors, runDetectors } from '../../src/detectors/registry.js';
import type { Detector, DetectorContext } from '../../src/detectors/types.js';
import { domDiff } from '../helpers/dom-diff.js';

const capture = { title: 't', html: '', visibleText: '', origins: { scripts: [], iframes: [], images: [] } } as unknown as Capture;
const visual: VisualDiff = { identical: true, changedFraction: 0, changedPixels: 0, comparedPixels: 1, regions: [], sizeChanged: false };
const dom: DomDiff = domDiff({ identical: true, titleBefore: 't', titleAfter: 't' });
const ctx: DetectorContext = { site: { id: 's', url: 'https://s.example', sector: 'bank' }, baseline: capture, current: capture, visual, dom };

const fixed = (name: string, score: number): Detector => ({
  name,
  version: '2.1.0',
  detect: () => [{ detector: 'someone-else', score, summary: `${name} says ${score}`, evidence: {} }],
});

describe('detector registry', () => {
  it('refuses a duplicate name at start-up', () => {
    expect(() => createDetectorRegistry([fixed('a', 0.1), fixed('b', 0.1), fixed('a', 0.2)])).toThrow(DefacewatchError);
    expect(() => createDetectorRegistry([fixed('a', 0.1), fixed('a', 0.2)])).toThrow('Detector name "a" is registered twice');
  });

  it('ships uniquely named, versioned detectors', () => {
    const registry = createDefaultRegistry();
    const names = registry.detectors.map((d) => d.name);
    expect(names).toEqual([
      'content-replacement',
      'defacer-phrases',
      'visual-change',
      'title-change',
      'new-origins',
      'hidden-links',
      'national-flag',
      'image-text',
      'overlay',
      'first-screen',
      'image-flag',
      'shared-indicators',
    ]);
    for (const d of defaultDetectors()) expect(d.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(registry.get('defacer-phrases')?.name).toBe('defacer-phrases');
  });

  it('turns a throwing detector into a signal of its own and still runs the others', async () => {
    const boom: Detector = {
      name: 'boom',
      version: '0.0.1',
      detect: () => {
        throw new Error('cannot read the flag\nstack…');
      },
    };
    const signals = await runDetectors(createDetectorRegistry([fixed('before', 0.2), boom, fixed('after', 0.3)]).detectors, ctx);
    expect(signals.map((s) => s.detector)).toEqual(['before', 'boom', 'after']);
    expect(signals[1]).toMatchObject({
      detector: 'boom',
      detectorVersion: '0.0.1',
      score: 0,
      summary: 'detector failed: cannot read the flag',
      evidence: { code: 'DETECTOR_FAILED' },
    });
  });

  it('stamps name and version and clamps scores', async () => {
    const signals = await runDetectors([fixed('x', 7), fixed('y', Number.NaN)], ctx);
    expect(signals.map((s) => [s.detector, s.detectorVersion, s.score])).toEqual([
      ['x', '2.1.0', 1],
      ['y', '2.1.0', 0],
    ]);
  });

  it('runs the shipped detectors quietly on an unchanged page', async () => {
    expect(await runDetectors(createDefaultRegistry().detectors, ctx)).toEqual([]);
  });
});
