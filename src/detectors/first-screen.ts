/**
 * first-screen: what a visitor sees first is new. A defacer can leave the whole site in place and
 * put a block above it tall enough to push it below the fold: the aligned comparison then finds the
 * site intact and only "a block inserted", a small share of a long page. Measured against the first
 * screen (the top viewport height of the current screenshot) instead, that block is everything.
 *
 * Only new rows count: `inserted` blocks (rows the baseline had nowhere) and, of a `replaced` block
 * that grew (the block took the place of a smaller one, as when the prepended block swallows the
 * top bar it displaced), as many rows as it grew by. A redesign or a rotating banner changes the
 * first screen in place; neither is new content above the site. Rows must carry content (changed
 * pixels), not just blank space a layout change opened up. Ordinary notices (a maintenance strip,
 * a festive banner: under a quarter of the first screen) stay below the bar.
 */
import { formatPercent } from '../core/verdict.js';
import type { Signal, VisualChange } from '../core/types.js';
import type { DetectorContext, SyncDetector } from './types.js';

const NAME = 'first-screen';

/** From this share of the first screen inserted, the visitor sees a new page: a `replacement`… */
export const REPLACED_SHARE = 0.8;
/** …scored this at REPLACED_SHARE, rising to MAX_SCORE when the whole first screen is new. */
export const REPLACED_SCORE = 0.72;
export const MAX_SCORE = 0.92;
/** From this share, worth naming (`supporting`), not decisive: a big campaign banner does this. */
export const NOTABLE_SHARE = 0.5;
export const NOTABLE_SCORE = 0.25;
/** Inserted rows count when at least this share of the block's pixels changed (not blank space). */
export const MIN_INK = 0.05;

/** New blocks with content that reach into rows [0, height), and how many of those rows are new. */
function newRows(changes: readonly VisualChange[], height: number): { rows: number; blocks: VisualChange[] } {
  const blocks: VisualChange[] = [];
  // Rows, not areas: the page flows top to bottom. Blocks do not overlap (they are gaps between
  // aligned runs), so their rows add up.
  let rows = 0;
  for (const c of changes) {
    if (c.kind === 'removed' || (c.kind === 'replaced' && c.shift <= 0)) continue;
    const top = Math.max(0, c.box.y);
    const bottom = Math.min(height, c.box.y + c.box.height);
    if (bottom <= top) continue;
    const pixels = Math.max(1, c.box.width * c.box.height);
    if (c.changedPixels / pixels < MIN_INK) continue;
    // A replaced block that grew holds at least `shift` rows the baseline did not have.
    rows += c.kind === 'inserted' ? bottom - top : Math.min(bottom - top, c.shift);
    blocks.push(c);
  }
  return { rows, blocks };
}

function detect(ctx: DetectorContext): Signal[] {
  const { visual, current } = ctx;
  if (visual.identical || !visual.changes || visual.changes.length === 0) return [];
  const height = Math.min(current.viewport.height, current.screenshotSize.height);
  if (height <= 0) return [];
  const { rows, blocks } = newRows(visual.changes, height);
  const share = rows / height;
  if (share < NOTABLE_SHARE) return [];
  const replaced = share >= REPLACED_SHARE;
  const score = replaced ? REPLACED_SCORE + (MAX_SCORE - REPLACED_SCORE) * Math.min(1, (share - REPLACED_SHARE) / (1 - REPLACED_SHARE)) : NOTABLE_SCORE;
  const pushed = blocks.reduce((n, b) => n + Math.max(0, b.shift), 0);
  const pushes = pushed >= height ? ' and pushes the whole site below it' : pushed > 0 ? ' and pushes the site down' : '';
  const summary = `new content fills ${formatPercent(share)} of the first screen${pushes}`;
  return [
    {
      detector: NAME,
      kind: replaced ? 'replacement' : 'supporting',
      score: Math.round(score * 1000) / 1000,
      summary,
      evidence: {
        firstScreenHeight: height,
        newRows: rows,
        pushedDown: pushed,
        share: Math.round(share * 1000) / 1000,
        blocks: blocks.map((b) => ({ kind: b.kind, box: b.box, changedPixels: b.changedPixels, shift: b.shift })),
      },
    },
  ];
}

export const firstScreen: SyncDetector = { name: NAME, version: '1.0.0', detect };
