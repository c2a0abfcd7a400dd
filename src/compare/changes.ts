/**
 * From an aligned, compared pair of screenshots to the blocks a person would name: every gap between
 * matched runs that holds a real change (a region, not specks) becomes one inserted, removed or
 * replaced block, with how far it moved the content after it.
 */
import type { Box, VisualChange } from '../core/types.js';
import { unionBox } from './boxes.js';
import type { RowPairing } from './pairing.js';
import { MIN_REGION_CHANGED_PIXELS, type Region } from './regions.js';

/** What the pixel pass measured, as `blockChanges` needs it. */
export interface BlockFacts {
  /** Changed pixels of each canvas row. */
  rowChanged: Uint32Array;
  /** Regions on the canvas. */
  regions: readonly Region[];
  /** Baseline rows removed from the middle of the page, with their changed pixels. */
  removed: readonly { a0: number; a1: number; changedPixels: number }[];
  baselineWidth: number;
  currentWidth: number;
}

function rowsChanged(rowChanged: Uint32Array, y0: number, y1: number): number {
  let n = 0;
  for (let y = y0; y < y1; y++) n += rowChanged[y]!;
  return n;
}

/** The union of the regions' parts within canvas rows [y0, y1), or null when none reaches them. */
function regionBoxIn(regions: readonly Region[], y0: number, y1: number): Box | null {
  let box: Box | null = null;
  for (const { box: r } of regions) {
    const top = Math.max(r.y, y0);
    const bottom = Math.min(r.y + r.height, y1);
    if (bottom <= top) continue;
    const part = { x: r.x, y: top, width: r.width, height: bottom - top };
    box = box ? unionBox(box, part) : part;
  }
  return box;
}

/** Inserted, removed and replaced blocks, top to bottom. */
export function blockChanges(pairing: RowPairing, facts: BlockFacts): VisualChange[] {
  const { gaps, currentHeight: hB } = pairing;
  const { rowChanged, regions } = facts;
  const changes: VisualChange[] = [];
  gaps.forEach((g, i) => {
    const la = g.a1 - g.a0;
    const lb = g.b1 - g.b0;
    const isLast = i === gaps.length - 1 && g.b1 === hB;
    // Content after the block moved by the difference, unless nothing follows it.
    const shift = isLast ? 0 : lb - la;
    const removedBlock = facts.removed.find((r) => r.a1 === g.a1 && r.a0 >= g.a0);
    // Baseline rows this gap lost at the bottom of the page sit on the canvas below the current page.
    const tail = isLast && la > lb ? la - lb : 0;
    const removedPixels = removedBlock ? removedBlock.changedPixels : rowsChanged(rowChanged, hB, hB + tail);
    const removedIsChange = removedBlock ? removedBlock.changedPixels >= MIN_REGION_CHANGED_PIXELS : tail > 0 && regionBoxIn(regions, hB, hB + tail) !== null;

    if (lb === 0) {
      if (!removedIsChange) return;
      changes.push({ kind: 'removed', box: { x: 0, y: g.a0, width: facts.baselineWidth, height: la }, changedPixels: removedPixels, shift });
      return;
    }
    const inCurrent = regionBoxIn(regions, g.b0, g.b1);
    const currentPixels = rowsChanged(rowChanged, g.b0, g.b1);
    if (la === 0) {
      if (!inCurrent) return;
      changes.push({ kind: 'inserted', box: { x: 0, y: g.b0, width: facts.currentWidth, height: lb }, changedPixels: currentPixels, shift });
      return;
    }
    if (inCurrent) {
      changes.push({ kind: 'replaced', box: inCurrent, changedPixels: currentPixels + (removedIsChange ? removedPixels : 0), shift });
    } else if (removedIsChange) {
      // The rows still here compare equal; what changed is that the block lost its extra rows.
      const a0 = g.a0 + lb;
      changes.push({ kind: 'removed', box: { x: 0, y: a0, width: facts.baselineWidth, height: g.a1 - a0 }, changedPixels: removedPixels, shift });
    }
  });
  return changes;
}
