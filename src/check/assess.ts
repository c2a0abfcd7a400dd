import type { Snapshot } from '../baselines/store.js';
import type { Site } from '../config/load-targets.js';
import { compareDom } from '../compare/dom.js';
import { decodeChangedImages } from '../compare/images.js';
import { compareScreenshotPair } from '../compare/visual.js';
import type { Capture, DomDiff, Signal, VisualDiff } from '../core/types.js';
import { pageFrameOf } from '../core/place-words.js';
import { decideVerdict, type VerdictDecision } from '../core/verdict.js';
import { runDetectors } from '../detectors/registry.js';
import type { CheckDeps } from './ports.js';

export interface Assessment {
  visual: VisualDiff;
  dom: DomDiff;
  signals: Signal[];
  decision: VerdictDecision;
  /**
   * Milliseconds spent decoding the screenshots, diffing them, drawing the evidence picture (only
   * for a changed or defaced verdict), comparing the DOM, decoding new pictures, and in the
   * detectors and verdict.
   */
  timings: { decode: number; diff: number; evidence: number; dom: number; images: number; detect: number };
}

/**
 * Judges a capture against the approved baseline: compare the screenshots (aligned, with the
 * baseline's volatile areas and both captures' ignored boxes masked) and the DOM, run the detectors,
 * decide the verdict. Pure of side effects apart from OCR; the check keeps the evidence and alerts.
 */
export async function assess(
  site: Pick<Site, 'id' | 'url' | 'sector'>,
  baseline: Snapshot,
  current: Capture,
  deps: Pick<CheckDeps, 'detectors' | 'ocr' | 'sharing'>,
  signal?: AbortSignal,
): Promise<Assessment> {
  let mark = performance.now();
  const lap = (): number => {
    const now = performance.now();
    const ms = Math.round(now - mark);
    mark = now;
    return ms;
  };
  // Each capture's ignored boxes are in its own pixels: the page may have moved between the two.
  // What the baseline samples showed to change by itself is masked while it shows a look the samples
  // showed; an area showing anything else is compared, so detectors see what lies in a carousel.
  const volatility = baseline.meta.volatility;
  const compared = await compareScreenshotPair(baseline.capture.screenshot, current.screenshot, {
    baselineMasks: baseline.capture.ignoredBoxes,
    ...(volatility ? { volatile: volatility } : {}),
    currentMasks: current.ignoredBoxes,
    // Decoded once per baseline, not at every check (the store keeps it while memory allows).
    baselineImage: baseline.screenshotImage,
    // Drawn below once the verdict is known: an unchanged site keeps no evidence.
    diffImage: false,
  });
  const { visual, currentImage, baselineImage, timings: pixels } = compared;
  lap();
  const dom = compareDom(baseline.capture, current, volatility ? { volatility } : {});
  const domMs = lap();
  // Pictures the page loads now and the baseline never did (new bytes), decoded once for the detectors.
  const changedImages = await decodeChangedImages(baseline.capture, current);
  const images = lap();
  const signals = await runDetectors(deps.detectors, {
    site: { id: site.id, url: site.url, sector: site.sector },
    baseline: baseline.capture,
    current,
    visual,
    dom,
    currentImage,
    baselineImage,
    changedImages,
    ocr: deps.ocr,
    sharedIndicators: deps.sharing?.activeIndicators() ?? [],
    signal,
  });
  const decision = decideVerdict(signals, { visual, dom, page: pageFrameOf(current) });
  const detect = lap();
  if (decision.verdict !== 'unchanged') {
    const png = await compared.drawEvidence();
    if (png) visual.diffPng = png;
  }
  return { visual, dom, signals, decision, timings: { ...pixels, evidence: lap(), dom: domMs, images, detect } };
}
