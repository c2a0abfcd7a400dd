/**
 * Turns scattered changed pixels into a few boxes a person can look at: pixels are counted on a
 * coarse grid, connected busy cells become one region, specks are dropped.
 */
import type { Box } from '../core/types.js';
import { boxArea, boxesNear, unionBox } from './boxes.js';

/** Side of a grid cell in pixels: about one line of body text. */
export const CELL_SIZE = 16;
/** A cell with fewer changed pixels than this is noise (a stray anti-aliased pixel or two). */
export const MIN_CELL_CHANGED_PIXELS = 4;
/** A connected region with fewer changed pixels than this is a speck, not a change. */
export const MIN_REGION_CHANGED_PIXELS = 24;
/** Regions whose boxes come this close (pixels) are reported as one. */
export const REGION_MERGE_GAP = 8;
/** At most this many regions are listed (largest first); the pixel counts still include the rest. */
export const MAX_REGIONS = 64;

/** A changed region and how many changed pixels it holds. */
export interface Region {
  box: Box;
  changedPixels: number;
}

/** Counts changed pixels per grid cell and keeps each cell's tight bounding box. */
export class ChangeGrid {
  readonly cellsX: number;
  readonly cellsY: number;
  readonly counts: Uint32Array;
  private readonly minX: Int32Array;
  private readonly minY: Int32Array;
  private readonly maxX: Int32Array;
  private readonly maxY: Int32Array;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.cellsX = Math.ceil(width / CELL_SIZE);
    this.cellsY = Math.ceil(height / CELL_SIZE);
    const n = this.cellsX * this.cellsY;
    this.counts = new Uint32Array(n);
    this.minX = new Int32Array(n).fill(0x7fffffff);
    this.minY = new Int32Array(n).fill(0x7fffffff);
    this.maxX = new Int32Array(n).fill(-1);
    this.maxY = new Int32Array(n).fill(-1);
  }

  /** Records one changed pixel. */
  add(x: number, y: number): void {
    const c = (y >> 4) * this.cellsX + (x >> 4);
    this.counts[c]! += 1;
    if (x < this.minX[c]!) this.minX[c] = x;
    if (x > this.maxX[c]!) this.maxX[c] = x;
    if (y < this.minY[c]!) this.minY[c] = y;
    if (y > this.maxY[c]!) this.maxY[c] = y;
  }

  /**
   * Connected (8-neighbour) cells with at least MIN_CELL_CHANGED_PIXELS become regions; regions
   * under MIN_REGION_CHANGED_PIXELS are dropped; overlapping or nearly touching regions merge.
   * Returns the regions largest first and the changed pixels they hold in total.
   */
  regions(): { regions: Region[]; changedPixels: number } {
    const { cellsX, cellsY, counts } = this;
    const seen = new Uint8Array(counts.length);
    const stack = new Int32Array(counts.length);
    let found: Region[] = [];

    for (let start = 0; start < counts.length; start++) {
      if (seen[start] || counts[start]! < MIN_CELL_CHANGED_PIXELS) continue;
      seen[start] = 1;
      let top = 0;
      stack[top++] = start;
      let x0 = 0x7fffffff;
      let y0 = 0x7fffffff;
      let x1 = -1;
      let y1 = -1;
      let pixels = 0;
      while (top > 0) {
        const c = stack[--top]!;
        pixels += counts[c]!;
        if (this.minX[c]! < x0) x0 = this.minX[c]!;
        if (this.minY[c]! < y0) y0 = this.minY[c]!;
        if (this.maxX[c]! > x1) x1 = this.maxX[c]!;
        if (this.maxY[c]! > y1) y1 = this.maxY[c]!;
        const cx = c % cellsX;
        const cy = (c - cx) / cellsX;
        for (let dy = -1; dy <= 1; dy++) {
          const ny = cy + dy;
          if (ny < 0 || ny >= cellsY) continue;
          for (let dx = -1; dx <= 1; dx++) {
            const nx = cx + dx;
            if (nx < 0 || nx >= cellsX) continue;
            const n = ny * cellsX + nx;
            if (seen[n] || counts[n]! < MIN_CELL_CHANGED_PIXELS) continue;
            seen[n] = 1;
            stack[top++] = n;
          }
        }
      }
      if (pixels >= MIN_REGION_CHANGED_PIXELS) {
        found.push({ box: { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 }, changedPixels: pixels });
      }
    }

    found = mergeNear(found);
    found.sort((a, b) => boxArea(b.box) - boxArea(a.box) || a.box.y - b.box.y);
    let changedPixels = 0;
    for (const r of found) changedPixels += r.changedPixels;
    return { regions: found, changedPixels };
  }
}

function mergeNear(regions: Region[]): Region[] {
  const out = [...regions];
  let merged = true;
  while (merged) {
    merged = false;
    for (let i = 0; i < out.length; i++) {
      for (let j = i + 1; j < out.length; j++) {
        const a = out[i]!;
        const b = out[j]!;
        if (!boxesNear(a.box, b.box, REGION_MERGE_GAP)) continue;
        out[i] = { box: unionBox(a.box, b.box), changedPixels: a.changedPixels + b.changedPixels };
        out.splice(j, 1);
        merged = true;
        j = i;
      }
    }
  }
  return out;
}
