/**
 * A flag prepared for matching: the anchors hypotheses start from and class templates at every grid
 * size the matcher uses, all sampled from one master raster of the flag's geometry. Built once per
 * detector, never changed afterwards.
 */
import type { FlagSpec } from '../data/flags.js';
import { CLASS_IDS, ORANGE, OTHER, UNKNOWN } from './palette.js';
import { groupPieces } from './pieces.js';
import { flagPainter, rasteriseClasses, rasteriseCoverage, type FlagPainter } from './raster.js';
import { findComponents, principalAxis, type Component } from './scan.js';

/** The largest component of one colour in a flag's template, where a hypothesis starts. */
export interface Anchor {
  cls: number;
  /** Bounding box as fractions of the flag. */
  u0: number;
  v0: number;
  u1: number;
  v1: number;
  /** Area over bounding-box area. */
  fill: number;
  /** Area as a fraction of the flag's. */
  share: number;
  /** Centroid as fractions of the flag. */
  cu: number;
  cv: number;
  axis: number;
  elongation: number;
}

/**
 * A feature of a flag: one piece of the master raster in a colour other than the field's (the PRC
 * flag's five stars, the ROC canton and sun, a stripe). A flag is only reported where its features that the
 * scan can resolve are each there, in their place and about their size (parts.ts).
 */
export interface Part {
  cls: number;
  /** Bounding box as fractions of the flag. */
  u0: number;
  v0: number;
  u1: number;
  v1: number;
  /** Centroid as fractions of the flag. */
  cu: number;
  cv: number;
  /** Area as a fraction of the flag's. */
  share: number;
}

export interface Template {
  gw: number;
  gh: number;
  classes: Uint8Array;
  /** 1 where the whole cell has its class; edge and hairline cells (0) are not required to match. */
  pure: Uint8Array;
  /** Each cell's class bit, or-ed over the tolerance neighbourhood. */
  near: Uint8Array;
}

/** A flag ready for matching, built once and never changed. */
export interface FlagModel {
  spec: FlagSpec;
  /** Class at (u, v), from the master raster. */
  paint: FlagPainter;
  anchors: Anchor[];
  /** The flag's features, largest first. */
  parts: Part[];
  /** Class ids the flag uses. */
  classes: number[];
  /** Templates by grid rows: the GRID_ROWS and FINE_ROWS. */
  templates: ReadonlyMap<number, Template>;
}

/** Rows of the master raster: 3 samples a cell of the FINE_ROWS template. */
const REF_HEIGHT = 168;
/** A colour covering less of the flag than this is no anchor (the PRC flag's big star is 1.7%). */
const MIN_ANCHOR_SHARE = 0.008;
/** Pieces smaller than this share of the flag are no parts (a rasterising crumb; a PRC small star is 0.19%). */
const MIN_PART_SHARE = 0.0008;
/**
 * Pieces of one colour less than this share of the flag's height apart are one part: the ROC sun
 * and disc across the thin blue ring are one, the PRC small stars (4% apart and more) are not.
 */
export const PART_GAP = 0.03;
/** Colours pages are made of (background, text); see buildFlagModel. */
const PAGE_COLOURS = new Set([CLASS_IDS.white, CLASS_IDS.black]);
/** The grid heights templates are made for (a frame uses the largest not taller than itself). */
export const GRID_ROWS: readonly number[] = [10, 11, 12, 13, 14, 16, 18, 20, 22, 25, 28, 32];
/**
 * A finer grid for the final check of a big frame: at 32 rows the PRC flag's small stars are three
 * cells wide and too blurred to be required; at 56 they must be there.
 */
export const FINE_ROWS = 56;
/** Rotation and shear a hypothesis may have (screenshots of skewed or rotated pictures). */
export const MAX_ANGLE = 15;
export const MAX_SHEAR = 0.3;
/** Width over height may stray this far from the flag's aspect (skew, waving, CSS stretching). */
export const MAX_ASPECT_STRAY = 1.3;

/** Bits (1 << class id) of the classes any of the models anchors on: the only ones worth labelling. */
export function anchorClasses(models: readonly FlagModel[]): number {
  let bits = 0;
  for (const m of models) for (const a of m.anchors) bits |= 1 << a.cls;
  return bits;
}

/** Throws on a flag entry the matcher cannot use (a data bug: the unit tests build every entry). */
export function checkFlagSpec(spec: FlagSpec): void {
  const bad = (what: string): never => {
    throw new RangeError(`Flag "${spec.id}": ${what}`);
  };
  if (!/^[a-z]{2}$/.test(spec.id)) bad('id must be an ISO 3166-1 alpha-2 code in lower case');
  if (!(Number.isFinite(spec.aspect) && spec.aspect >= 0.5 && spec.aspect <= 3)) bad('aspect (width / height) must be between 0.5 and 3');
  if (!(spec.weight >= 0 && spec.weight <= 1)) bad('weight must be between 0 and 1');
  for (const shape of spec.shapes) {
    if (shape.kind === 'stripes') {
      if (shape.colours.length === 0) bad('stripes need at least one colour');
      if (shape.ratios && (shape.ratios.length !== shape.colours.length || shape.ratios.some((r) => !(r > 0)))) bad('stripe ratios must be positive, one per colour');
      continue;
    }
    const numbers = Object.values(shape).filter((v): v is number => typeof v === 'number');
    if (numbers.some((n) => !Number.isFinite(n))) bad(`a ${shape.kind} has a coordinate that is not a finite number`);
  }
}

/** Builds the matching model of a flag; throws on an unusable entry (see checkFlagSpec). */
export function buildFlagModel(spec: FlagSpec): FlagModel {
  checkFlagSpec(spec);
  // One master raster, three samples a cell of the finest template; anchors are measured on it and
  // every template samples it (array reads instead of geometry: the model builds in milliseconds).
  const width = Math.round(REF_HEIGHT * spec.aspect);
  const grid = rasteriseClasses(flagPainter(spec), width, REF_HEIGHT);
  const paint: FlagPainter = (u, v) => grid[Math.min(REF_HEIGHT - 1, Math.floor(v * REF_HEIGHT)) * width + Math.min(width - 1, Math.floor(u * width))] as number;
  const pieces = findComponents(grid, width, REF_HEIGHT, 1);
  const largest = new Map<number, Component>();
  for (const c of pieces) if ((largest.get(c.cls)?.area ?? 0) < c.area) largest.set(c.cls, c);
  const total = width * REF_HEIGHT;
  const big = [...largest.values()].filter((c) => c.area / total >= MIN_ANCHOR_SHARE);
  // White and black are what pages are made of (background, text): labelling them costs most of a
  // scan and anchors little, so they anchor only a flag that has no other colour big enough.
  const coloured = big.filter((c) => !PAGE_COLOURS.has(c.cls));
  const anchors: Anchor[] = [];
  for (const c of coloured.length > 0 ? coloured : big) {
    const { angle, elongation } = principalAxis(c);
    anchors.push({
      cls: c.cls,
      u0: c.x0 / width,
      v0: c.y0 / REF_HEIGHT,
      u1: (c.x1 + 1) / width,
      v1: (c.y1 + 1) / REF_HEIGHT,
      fill: c.area / ((c.x1 - c.x0 + 1) * (c.y1 - c.y0 + 1)),
      share: c.area / total,
      cu: (c.cx + 0.5) / width,
      cv: (c.cy + 0.5) / REF_HEIGHT,
      axis: angle,
      elongation,
    });
  }
  if (anchors.length === 0) throw new RangeError(`Flag "${spec.id}": no colour covers ${MIN_ANCHOR_SHARE * 100}% of it in one piece`);
  const classes = [...new Set(grid)].sort((a, b) => a - b);
  const field = pieces.reduce((a, b) => (b.area > a.area ? b : a));
  const parts = partsOf(grid, width, REF_HEIGHT, field.cls);
  const templates = new Map<number, Template>();
  for (const rows of [...GRID_ROWS, FINE_ROWS]) templates.set(rows, buildTemplate(paint, spec.aspect, rows));
  return { spec, paint, anchors, parts, classes, templates };
}

/**
 * The flag's features: pieces of each colour but the field's, pieces closer than PART_GAP joined (see
 * pieces.ts), largest first, crumbs left out. The field's own colour makes no part: a small red star
 * on a white disc on a red field melts into the field at the sizes screenshots show it.
 */
function partsOf(grid: Uint8Array, width: number, height: number, fieldClass: number): Part[] {
  const total = width * height;
  const radius = Math.floor((PART_GAP * height) / 2);
  const parts: Part[] = [];
  for (const cls of new Set(grid)) {
    if (cls === fieldClass) continue;
    const on = new Uint8Array(grid.length);
    for (let i = 0; i < grid.length; i++) if (grid[i] === cls) on[i] = 1;
    for (const p of groupPieces(on, width, height, radius)) {
      if (p.cells / total < MIN_PART_SHARE) continue;
      parts.push({
        cls,
        u0: p.x0 / width,
        v0: p.y0 / height,
        u1: (p.x1 + 1) / width,
        v1: (p.y1 + 1) / height,
        cu: p.cx / width,
        cv: p.cy / height,
        share: p.cells / total,
      });
    }
  }
  return parts.sort((a, b) => b.share - a.share);
}

/** Grid rows for scoring a frame `frameHeight` scan pixels high: about a cell a pixel, at most 32. */
export function gridRows(frameHeight: number): number {
  let best = GRID_ROWS[0] as number;
  for (const rows of GRID_ROWS) if (rows <= frameHeight) best = rows;
  return best;
}

/** FINE_ROWS when the frame is at least that tall, else null. */
export function fineRows(frameHeight: number): number | null {
  return frameHeight >= FINE_ROWS ? FINE_ROWS : null;
}

/** Tolerance in cells: 5–10% of the flag's height (warps, blur, a frame slightly off). */
export function toleranceCells(rows: number): number {
  return rows >= 44 ? 3 : rows >= 28 ? 2 : 1;
}

/** Ors each cell's bits over a (2d+1)² neighbourhood, separably; `tmp` is scratch of the same size. */
export function dilateBits(bits: Uint8Array, w: number, h: number, d: number, out: Uint8Array, tmp: Uint8Array): void {
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      let acc = 0;
      const a = x - d < 0 ? 0 : x - d;
      const b = x + d >= w ? w - 1 : x + d;
      for (let k = row + a; k <= row + b; k++) acc |= bits[k] as number;
      tmp[row + x] = acc;
    }
  }
  for (let y = 0; y < h; y++) {
    const a = (y - d < 0 ? 0 : y - d) * w;
    const b = (y + d >= h ? h - 1 : y + d) * w;
    const row = y * w;
    for (let x = 0; x < w; x++) {
      let acc = 0;
      for (let k = a + x; k <= b + x; k += w) acc |= tmp[k] as number;
      out[row + x] = acc;
    }
  }
}

const ORANGE_BITS = (1 << CLASS_IDS.red) | (1 << CLASS_IDS.yellow);

/** Class bit of each cell (none for OTHER and UNKNOWN; orange stands in for red and yellow). */
export function bitsOf(classes: Uint8Array, out: Uint8Array = new Uint8Array(classes.length)): Uint8Array {
  for (let i = 0; i < classes.length; i++) {
    const c = classes[i] as number;
    out[i] = c === OTHER || c === UNKNOWN ? 0 : c === ORANGE ? ORANGE_BITS : 1 << c;
  }
  return out;
}

function buildTemplate(paint: FlagPainter, aspect: number, rows: number): Template {
  const gw = Math.max(1, Math.round(rows * aspect));
  const { classes, pure } = rasteriseCoverage(paint, gw, rows);
  const near = new Uint8Array(classes.length);
  dilateBits(bitsOf(classes), gw, rows, toleranceCells(rows), near, new Uint8Array(classes.length));
  return { gw, gh: rows, classes, pure, near };
}
