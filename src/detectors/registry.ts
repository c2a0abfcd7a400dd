/**
 * The detector registry: built once from a list, duplicate names refused at start-up. Running the
 * detectors never fails as a whole: a detector that throws becomes a signal of its own (score 0,
 * code DETECTOR_FAILED) and the others still run.
 */
import { DefacewatchError, ERROR_CATALOGUE } from '../core/errors.js';
import type { Signal } from '../core/types.js';
import { contentReplacement } from './content-replacement.js';
import { defacerPhrases } from './defacer-phrases.js';
import { firstScreen } from './first-screen.js';
import { hiddenLinks } from './hidden-links.js';
import { nationalFlag } from './flags/detector.js';
import { imageFlag } from './image-flags.js';
import { imageText } from './image-text.js';
import { newOrigins } from './new-origins.js';
import { overlay } from './overlay.js';
import { sharedIndicators } from './shared-indicators.js';
import { titleChange } from './title-change.js';
import type { Detector, DetectorContext } from './types.js';
import { visualChange } from './visual-change.js';

/** Detectors by name, in the order they run. */
export interface DetectorRegistry {
  readonly detectors: readonly Detector[];
  get(name: string): Detector | undefined;
}

/** Builds a registry; throws on an empty or duplicate detector name. */
export function createDetectorRegistry(detectors: readonly Detector[]): DetectorRegistry {
  const byName = new Map<string, Detector>();
  for (const d of detectors) {
    if (typeof d.name !== 'string' || d.name.trim() === '') {
      throw new DefacewatchError('INTERNAL', 'A detector has no name', { hint: 'Give every detector a unique, non-empty name.' });
    }
    if (byName.has(d.name)) {
      throw new DefacewatchError('INTERNAL', `Detector name "${d.name}" is registered twice`, {
        hint: 'Give every detector a unique name; remove or rename one of the two.',
      });
    }
    byName.set(d.name, d);
  }
  const list = Object.freeze([...detectors]);
  return Object.freeze({ detectors: list, get: (name: string) => byName.get(name) });
}

/** The detectors defacewatch ships with, in the order they run. */
export function defaultDetectors(): Detector[] {
  return [
    contentReplacement,
    defacerPhrases,
    visualChange,
    titleChange,
    newOrigins,
    hiddenLinks,
    nationalFlag,
    imageText,
    overlay,
    firstScreen,
    imageFlag,
    sharedIndicators,
  ];
}

/** A registry of the shipped detectors. */
export function createDefaultRegistry(): DetectorRegistry {
  return createDetectorRegistry(defaultDetectors());
}

function failure(d: Detector, err: unknown): Signal {
  const message = err instanceof Error ? err.message : String(err);
  return {
    detector: d.name,
    detectorVersion: d.version,
    kind: 'supporting',
    score: 0,
    summary: `detector failed: ${message.split('\n')[0] ?? ''}`.trim(),
    evidence: { code: 'DETECTOR_FAILED', error: message, hint: ERROR_CATALOGUE.DETECTOR_FAILED.hint },
  };
}

function clampScore(n: unknown): number {
  return typeof n === 'number' && Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0;
}

/**
 * Runs every detector on one check, in order: the `detectors` of a registry built once at start-up
 * (createDetectorRegistry refuses duplicate names there, not on every check). Each signal is stamped
 * with its detector's name and version and its score clamped to 0..1.
 */
export async function runDetectors(detectors: readonly Detector[], ctx: DetectorContext): Promise<Signal[]> {
  const out: Signal[] = [];
  for (const d of detectors) {
    let signals: Signal[];
    try {
      signals = await d.detect(ctx);
      if (!Array.isArray(signals)) throw new TypeError('detect() did not return a list of signals');
    } catch (err) {
      out.push(failure(d, err));
      continue;
    }
    for (const s of signals) {
      out.push({ ...s, detector: d.name, detectorVersion: d.version, score: clampScore(s.score) });
    }
  }
  return out;
}
