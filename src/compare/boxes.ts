/** Rectangle arithmetic for masks and changed regions, in whole screenshot pixels. */
import type { Box } from '../core/types.js';

/** A box as half-open pixel edges: x0 ≤ x < x1, y0 ≤ y < y1. */
interface Edges {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** A run of rows [y0, y1) whose unmasked pixels are the same x spans, as [x0, x1) pairs. */
export interface RowBand {
  y0: number;
  y1: number;
  /** Flat list of half-open spans: x0, x1, x0, x1, … */
  spans: number[];
}

function toEdges(box: Box, width: number, height: number): Edges | null {
  // Masks come from getBoundingClientRect and may be fractional or spill past the page: cover every
  // pixel they touch, clipped to the image.
  const x0 = Math.max(0, Math.floor(box.x));
  const y0 = Math.max(0, Math.floor(box.y));
  const x1 = Math.min(width, Math.ceil(box.x + box.width));
  const y1 = Math.min(height, Math.ceil(box.y + box.height));
  if (!(x1 > x0 && y1 > y0)) return null;
  return { x0, y0, x1, y1 };
}

/** The box clipped to a width × height image with whole-pixel edges, or null when nothing is left. */
export function clipBox(box: Box, width: number, height: number): Box | null {
  const e = toEdges(box, width, height);
  return e ? { x: e.x0, y: e.y0, width: e.x1 - e.x0, height: e.y1 - e.y0 } : null;
}

/**
 * Splits a width × height image into bands of rows and lists, for each band, the x spans that no
 * mask covers. The pixel loops walk these spans, so masks cost nothing per pixel.
 */
export function unmaskedBands(masks: readonly Box[], width: number, height: number): RowBand[] {
  const rects: Edges[] = [];
  for (const m of masks) {
    const e = toEdges(m, width, height);
    if (e) rects.push(e);
  }
  if (rects.length === 0) return height > 0 && width > 0 ? [{ y0: 0, y1: height, spans: [0, width] }] : [];

  const ys = [...new Set([0, height, ...rects.flatMap((r) => [r.y0, r.y1])])].sort((a, b) => a - b);
  const bands: RowBand[] = [];
  for (let i = 0; i + 1 < ys.length; i++) {
    const y0 = ys[i] as number;
    const y1 = ys[i + 1] as number;
    const covering = rects.filter((r) => r.y0 <= y0 && r.y1 >= y1).sort((a, b) => a.x0 - b.x0);
    const spans: number[] = [];
    let x = 0;
    for (const r of covering) {
      if (r.x0 > x) spans.push(x, r.x0);
      x = Math.max(x, r.x1);
    }
    if (x < width) spans.push(x, width);
    const last = bands[bands.length - 1];
    if (last && last.y1 === y0 && sameSpans(last.spans, spans)) last.y1 = y1;
    else bands.push({ y0, y1, spans });
  }
  return bands;
}

function sameSpans(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Number of pixels the bands cover. */
export function bandsArea(bands: readonly RowBand[]): number {
  let area = 0;
  for (const band of bands) {
    let w = 0;
    for (let i = 0; i + 1 < band.spans.length; i += 2) w += (band.spans[i + 1] as number) - (band.spans[i] as number);
    area += w * (band.y1 - band.y0);
  }
  return area;
}

/** The smallest box holding both. */
export function unionBox(a: Box, b: Box): Box {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return {
    x,
    y,
    width: Math.max(a.x + a.width, b.x + b.width) - x,
    height: Math.max(a.y + a.height, b.y + b.height) - y,
  };
}

/** True when the boxes overlap or are at most `gap` pixels apart on both axes. */
export function boxesNear(a: Box, b: Box, gap: number): boolean {
  return a.x <= b.x + b.width + gap && b.x <= a.x + a.width + gap && a.y <= b.y + b.height + gap && b.y <= a.y + a.height + gap;
}

export function boxArea(b: Box): number {
  return b.width * b.height;
}

/** Intersection of two boxes, or null when they do not overlap. */
export function intersectBox(a: Box, b: Box): Box | null {
  const x0 = Math.max(a.x, b.x);
  const y0 = Math.max(a.y, b.y);
  const x1 = Math.min(a.x + a.width, b.x + b.width);
  const y1 = Math.min(a.y + a.height, b.y + b.height);
  return x1 > x0 && y1 > y0 ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : null;
}
