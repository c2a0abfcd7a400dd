/** title-change: the page title (what a browser tab and a search result show) changed. */
import { removedFraction, textUnits } from '../compare/text.js';
import type { Signal } from '../core/types.js';
import type { DetectorContext, SyncDetector } from './types.js';

const NAME = 'title-change';

/** Score when the new title shares little with the old one. */
export const REPLACED_TITLE_SCORE = 0.25;
/** Score when the title was edited (most of its words kept). */
export const EDITED_TITLE_SCORE = 0.1;
/** Score when the title is now empty (often a broken page rather than an attack). */
export const EMPTY_TITLE_SCORE = 0.15;

function clip(s: string, max = 80): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function detect(ctx: DetectorContext): Signal[] {
  const { dom } = ctx;
  if (!dom.titleChanged) return [];
  const gone = removedFraction(textUnits([dom.titleBefore]), textUnits([dom.titleAfter]));
  const added = removedFraction(textUnits([dom.titleAfter]), textUnits([dom.titleBefore]));
  const kept = 1 - Math.max(gone, added);
  const score = dom.titleAfter === '' ? EMPTY_TITLE_SCORE : kept >= 0.5 ? EDITED_TITLE_SCORE : REPLACED_TITLE_SCORE;
  return [
    {
      detector: NAME,
      kind: 'supporting',
      score,
      summary: `the title changed from "${clip(dom.titleBefore)}" to "${clip(dom.titleAfter)}"`,
      evidence: { before: dom.titleBefore, after: dom.titleAfter, overlap: kept },
    },
  ];
}

export const titleChange: SyncDetector = { name: NAME, version: '1.0.0', detect };
