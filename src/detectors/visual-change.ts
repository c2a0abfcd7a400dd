/**
 * visual-change: how much of the page looks different, measured on the aligned screenshots (content
 * a new banner only pushed down does not count). A carousel or a new banner does this too, so the
 * score stays low on its own and only rises with the share of the page that changed. When blocks were
 * inserted or removed, the summary names them in words ("a new banner was inserted at the top of the
 * page, pushing the content below down") rather than a percentage; their boxes are in the evidence.
 */
import { pageFrameOf } from '../core/place-words.js';
import { describeVisualChanges, formatPercent, visualChangeIsStructural } from '../core/verdict.js';
import type { Box, Signal } from '../core/types.js';
import type { DetectorContext, SyncDetector } from './types.js';

const NAME = 'visual-change';

/** Below this changed fraction the page looks the same (a clock, a counter). */
export const NEGLIGIBLE_CHANGE = 0.001;
/** Score per unit of changed fraction… */
export const SCORE_PER_CHANGE = 0.45;
/** …and the most this detector ever says by itself. */
export const MAX_SCORE = 0.4;

/** Fraction of the first screen (0..viewport height) that changed regions cover. */
function aboveTheFold(regions: Box[], width: number, height: number): number {
  if (width <= 0 || height <= 0) return 0;
  let covered = 0;
  for (const r of regions) {
    const w = Math.max(0, Math.min(r.x + r.width, width) - Math.max(r.x, 0));
    const h = Math.max(0, Math.min(r.y + r.height, height) - Math.max(r.y, 0));
    covered += w * h;
  }
  return Math.min(1, covered / (width * height));
}

function detect(ctx: DetectorContext): Signal[] {
  const { visual, current } = ctx;
  if (visual.identical || visual.changedFraction < NEGLIGIBLE_CHANGE) return [];
  const v = visual.changedFraction;
  const fold = aboveTheFold(visual.regions, current.screenshotSize.width, Math.min(current.viewport.height, current.screenshotSize.height));
  const score = Math.min(MAX_SCORE, SCORE_PER_CHANGE * v);
  const where = visual.regions.length === 1 ? 'in one region' : `in ${visual.regions.length} regions`;
  const summary = visualChangeIsStructural(visual)
    ? describeVisualChanges(visual, pageFrameOf(current))
    : `${formatPercent(v)} of the page looks different${visual.regions.length > 0 ? ` ${where}` : ''}`;
  return [
    {
      detector: NAME,
      kind: 'supporting',
      score,
      summary,
      evidence: {
        changedFraction: v,
        changedPixels: visual.changedPixels,
        comparedPixels: visual.comparedPixels,
        regions: visual.regions.slice(0, 10),
        changes: (visual.changes ?? []).slice(0, 10),
        movedRows: visual.movedRows ?? 0,
        aboveTheFoldChanged: fold,
        sizeChanged: visual.sizeChanged,
      },
    },
  ];
}

export const visualChange: SyncDetector = { name: NAME, version: '1.1.0', detect };
