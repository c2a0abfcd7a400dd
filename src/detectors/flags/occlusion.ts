/**
 * Flags partly covered by something in front of them. In a full-page screenshot a site's fixed cookie
 * bar, sticky header or side panel lies wherever the viewport put it, also across a flag. Such a cover
 * is a band: whole rows (or columns) of the flag's grid in colours the flag has nowhere near there.
 * In a photograph a person or a tree stands in front of the flag: a shape, not a band. Either way the
 * covered cells are set aside — neither match nor miss — so the flag is judged on what is seen;
 * parts.ts then asks that what is seen carries the flag's features.
 *
 * A band counts when it crosses the flag with the flag showing on both sides of it, or when it hides
 * one edge and visibly goes on past the flag (the same colour beside the flag, something else beside
 * the flag's visible part): the page around a smaller red thing that a frame overshoots does neither.
 * A shape counts when it comes in from the flag's edge (people and trees stand on the ground, not
 * float in the cloth), leaves that edge partly in sight, and the flag shows along most of its outline:
 * the sky beyond a frame that overshoots a flag runs along a whole edge, and the dark windows of a red
 * facade float inside it.
 */
import { framePoint, type FrameTransform } from './frame.js';
import type { Template } from './model.js';
import { OTHER, UNKNOWN } from './palette.js';
import { classAt, type ClassMap } from './scan.js';

/** Rows (`rows`, v from..to) or columns (`cols`, u from..to) of a flag hidden under a band, as fractions. */
export interface Band {
  axis: 'rows' | 'cols';
  from: number;
  to: number;
}

/** Where a flag is hidden: bands across it, and shapes in front of it on the grid it was sampled on. */
export interface Cover {
  bands: Band[];
  /** Cells under shapes (1), row-major on a gw × gh grid over the flag; null when there are none. */
  shapes: { gw: number; gh: number; cells: Uint8Array } | null;
}

/** What occlusionOf set aside. */
export interface Occlusion {
  /** Cells set to UNKNOWN. */
  hidden: number;
  cover: Cover;
  /** A cover was there but hid more of the flag than MAX_OCCLUDED (bands) or MAX_COVERED: not set aside. */
  mostlyHidden: boolean;
}

/** Whether fractions (u, v) of the flag are under its cover. */
export function hiddenAt(cover: Cover, u: number, v: number): boolean {
  for (const b of cover.bands) {
    const t = b.axis === 'rows' ? v : u;
    if (t >= b.from && t < b.to) return true;
  }
  const { shapes } = cover;
  if (!shapes || u < 0 || v < 0 || u >= 1 || v >= 1) return false;
  return shapes.cells[Math.floor(v * shapes.gh) * shapes.gw + Math.floor(u * shapes.gw)] === 1;
}

/** A grid line is covered when this share of its known cells is foreign to the template there… */
const COVERED_LINE_SHARE = 0.9;
/** …and at least this share of its cells is on the screenshot. */
const MIN_KNOWN_LINE_SHARE = 0.5;
/** A band is at least this share of the flag's height (width): thinner lines are underlines, borders. */
const MIN_BAND_SPAN = 0.08;
/** Bands together hide at most this share of the flag; more is no longer "partly covered". */
export const MAX_OCCLUDED = 0.4;
/** A shape in front of the flag covers at least this share of it (smaller ones are specks, text, windows)… */
const MIN_SHAPE_SHARE = 0.04;
/** …at most this many shapes count (a person or two, a tree)… */
const MAX_SHAPES = 2;
/** …the flag's colours lie along at least this share of its outline inside the frame… */
const MIN_SHAPE_OUTLINE = 0.6;
/** …it leaves at least this share of each edge it reaches in sight… */
const MIN_EDGE_IN_SIGHT = 0.15;
/** …and bands and shapes together hide at most this share of the flag: the rest must name it (parts.ts). */
export const MAX_COVERED = 0.55;
/** Beside the flag, a band's continuation is probed this far out (fraction of the flag's width or height). */
const BESIDE = 0.06;
/** How far past a band, on the flag's side, the page must differ from it (fraction of the flag). */
const PAST_BAND = 0.04;

const NONE: Occlusion = { hidden: 0, cover: { bands: [], shapes: null }, mostlyHidden: false };

/** -1 for a cell off the picture, 1 for one in a colour the flag has nowhere near there, else 0. */
function foreignAt(img: Uint8Array, tpl: Template, k: number): number {
  const ic = img[k] as number;
  if (ic === UNKNOWN) return -1;
  return ic === OTHER || !(((tpl.near[k] as number) >> ic) & 1) ? 1 : 0;
}

/**
 * Finds bands and shapes over the flag in `img` (the frame sampled on the template's grid), sets
 * their cells to UNKNOWN and says which they were. Leaves `img` untouched and returns no cover when
 * none qualifies; bands that would hide more than MAX_OCCLUDED of the flag, or shapes that would
 * bring the cover past MAX_COVERED, are not set aside and the flag is said to be mostly hidden.
 */
export function occlusionOf(img: Uint8Array, tpl: Template, flagClasses: readonly number[], map: ClassMap, t: FrameTransform): Occlusion {
  const bands = bandsOver(img, tpl, flagClasses, map, t);
  const shapes = shapesOver(img, tpl, bands.hide);
  const mostlyHidden = bands.excess || shapes.excess;
  if (bands.hidden === 0 && shapes.hidden === 0) return mostlyHidden ? { ...NONE, mostlyHidden } : NONE;
  const { gw, gh } = tpl;
  for (let k = 0; k < gw * gh; k++) if (bands.hide[k] || shapes.cells?.[k]) img[k] = UNKNOWN;
  const cover = { bands: bands.bands, shapes: shapes.cells ? { gw, gh, cells: shapes.cells } : null };
  return { hidden: bands.hidden + shapes.hidden, cover, mostlyHidden };
}

/**
 * Bands over the flag (see the module's comment), the grid cells they hide (1) and how many are on
 * the picture; none, and `excess`, when they would hide more than MAX_OCCLUDED of it.
 */
function bandsOver(
  img: Uint8Array,
  tpl: Template,
  flagClasses: readonly number[],
  map: ClassMap,
  t: FrameTransform,
): { bands: Band[]; hide: Uint8Array; hidden: number; excess: boolean } {
  const { gw, gh } = tpl;
  const none = { bands: [], hide: new Uint8Array(gw * gh), hidden: 0, excess: false };
  const foreign = (k: number): number => foreignAt(img, tpl, k);
  const covered = (len: number, cellOf: (i: number) => number): boolean => {
    let known = 0;
    let off = 0;
    for (let i = 0; i < len; i++) {
      const f = foreign(cellOf(i));
      if (f < 0) continue;
      known++;
      off += f;
    }
    return known >= len * MIN_KNOWN_LINE_SHARE && off >= known * COVERED_LINE_SHARE;
  };
  const rows = runsOf(gh, (j) => covered(gw, (i) => j * gw + i));
  const cols = runsOf(gw, (i) => covered(gh, (j) => j * gw + i));
  const bands: Band[] = [];
  const hideRow = new Uint8Array(gh);
  const hideCol = new Uint8Array(gw);
  for (const [axis, runs, count, hide] of [
    ['rows', rows, gh, hideRow],
    ['cols', cols, gw, hideCol],
  ] as const) {
    for (const [s, e] of runs) {
      const band: Band = { axis, from: s / count, to: e / count };
      const interior = s > 0 && e < count;
      if (!interior && !goesOnBeside(img, tpl, flagClasses, map, t, band)) continue;
      bands.push(band);
      hide.fill(1, s, e);
    }
  }
  if (bands.length === 0) return none;
  const hide = new Uint8Array(gw * gh);
  let hidden = 0;
  for (let j = 0; j < gh; j++) {
    for (let i = 0; i < gw; i++) {
      if (!hideRow[j] && !hideCol[i]) continue;
      hide[j * gw + i] = 1;
      if (img[j * gw + i] !== UNKNOWN) hidden++;
    }
  }
  return hidden > MAX_OCCLUDED * gw * gh ? { ...none, excess: true } : { bands, hide, hidden, excess: false };
}

/**
 * Shapes in front of the flag (see the module's comment) among the cells bands do not hide: the
 * cells they cover (1) and how many; none, and `excess`, when they would bring the cover past
 * MAX_COVERED; none when there are more than MAX_SHAPES (that is a pattern, not things in front).
 */
function shapesOver(img: Uint8Array, tpl: Template, banded: Uint8Array): { cells: Uint8Array | null; hidden: number; excess: boolean } {
  const { gw, gh } = tpl;
  const n = gw * gh;
  const label = new Int32Array(n).fill(-1);
  const cells = new Uint8Array(n);
  let hidden = 0;
  let taken = 0;
  let bandHidden = 0;
  for (let k = 0; k < n; k++) if (banded[k] && img[k] !== UNKNOWN) bandHidden++;
  const open = (k: number): boolean => !banded[k] && foreignAt(img, tpl, k) === 1;
  const stack: number[] = [];
  for (let start = 0; start < n; start++) {
    if (label[start] !== -1 || !open(start)) continue;
    // One 4-connected piece of foreign cells, with what its outline and the edges show.
    const members: number[] = [];
    let outline = 0;
    let flagOutline = 0;
    let offPicture = false;
    const edgeCells = [0, 0, 0, 0];
    label[start] = start;
    stack.push(start);
    while (stack.length > 0) {
      const k = stack.pop() as number;
      members.push(k);
      const x = k % gw;
      const y = (k - x) / gw;
      if (y === 0) edgeCells[0]!++;
      if (x === gw - 1) edgeCells[1]!++;
      if (y === gh - 1) edgeCells[2]!++;
      if (x === 0) edgeCells[3]!++;
      for (const m of [x > 0 ? k - 1 : -1, x + 1 < gw ? k + 1 : -1, y > 0 ? k - gw : -1, y + 1 < gh ? k + gw : -1]) {
        if (m < 0 || label[m] === start) continue;
        if (open(m)) {
          label[m] = start;
          stack.push(m);
          continue;
        }
        const f = banded[m] ? -1 : foreignAt(img, tpl, m);
        if (f < 0) {
          offPicture = true;
          continue;
        }
        outline++;
        if (f === 0) flagOutline++;
      }
    }
    if (members.length < MIN_SHAPE_SHARE * n) continue;
    const lengths = [gw, gh, gw, gh];
    const reachesEdge = edgeCells.some((c) => c > 0);
    const edgeInSight = edgeCells.every((c, e) => c === 0 || c <= (1 - MIN_EDGE_IN_SIGHT) * (lengths[e] as number));
    if (!(reachesEdge || offPicture) || !edgeInSight || flagOutline < MIN_SHAPE_OUTLINE * outline) continue;
    if (++taken > MAX_SHAPES) return { cells: null, hidden: 0, excess: false };
    for (const k of members) cells[k] = 1;
    hidden += members.length;
  }
  if (hidden === 0) return { cells: null, hidden: 0, excess: false };
  if (bandHidden + hidden > MAX_COVERED * n) return { cells: null, hidden: 0, excess: true };
  return { cells, hidden, excess: false };
}

/** Runs [start, end) of covered lines at least MIN_BAND_SPAN of `count` (and two lines) long. */
function runsOf(count: number, covered: (n: number) => boolean): [number, number][] {
  const minRun = Math.max(2, Math.ceil(MIN_BAND_SPAN * count));
  const runs: [number, number][] = [];
  let start = -1;
  for (let n = 0; n <= count; n++) {
    const on = n < count && covered(n);
    if (on && start < 0) start = n;
    if (!on && start >= 0) {
      if (n - start >= minRun) runs.push([start, n]);
      start = -1;
    }
  }
  return runs;
}

/** The most common class among the band's cells on the grid. */
function bandClass(img: Uint8Array, tpl: Template, band: Band): number {
  const counts = new Uint32Array(256);
  const { gw, gh } = tpl;
  const [n0, n1] = band.axis === 'rows' ? [Math.round(band.from * gh), Math.round(band.to * gh)] : [Math.round(band.from * gw), Math.round(band.to * gw)];
  for (let n = n0; n < n1; n++) {
    const len = band.axis === 'rows' ? gw : gh;
    for (let i = 0; i < len; i++) {
      const c = img[band.axis === 'rows' ? n * gw + i : i * gw + n] as number;
      if (c !== UNKNOWN) counts[c]!++;
    }
  }
  let best = OTHER;
  for (let c = 0; c < 255; c++) if ((counts[c] as number) > (counts[best] as number)) best = c;
  return best;
}

/**
 * True when a band on the flag's edge visibly goes on past the flag on at least one side: beside the
 * flag (left or right of a row band, above or below a column band) the band's colour continues at
 * the band's own lines, and the page is there next to the band on the flag's side and beside the
 * flag's middle.
 */
function goesOnBeside(img: Uint8Array, tpl: Template, flagClasses: readonly number[], map: ClassMap, t: FrameTransform, band: Band): boolean {
  const cls = bandClass(img, tpl, band);
  // A cover has a colour of its own; "no flag colour" is as likely photos, shadows and table lines.
  if (cls === OTHER) return false;
  // The side of the band where the flag shows: towards the flag's middle.
  const inward = band.from === 0 ? 1 : -1;
  const edge = inward > 0 ? band.to : band.from;
  const along = [0.25, 0.5, 0.75].map((f) => band.from + f * (band.to - band.from));
  const at = (across: number, pos: number): number => {
    const p = band.axis === 'rows' ? framePoint(t, across, pos) : framePoint(t, pos, across);
    return classAt(map, p.x, p.y);
  };
  for (const across of [-BESIDE, 1 + BESIDE]) {
    const inBand = along.map((pos) => at(across, pos));
    if (inBand.some((c) => c === UNKNOWN) || inBand.filter((c) => c === cls).length < 2) continue;
    // Next to the band and beside the flag's middle: the page — neither more of the band's colour
    // (the "band" is the page itself, below a frame that overshoots a flag's edge) nor the flag's
    // colours (the frame is inside a bigger flag and "beside" it is still the flag).
    const past = [edge + inward * PAST_BAND, edge + inward * 2 * PAST_BAND, 0.5].map((pos) => at(across, pos));
    if (past.every((c) => c !== UNKNOWN && c !== cls && !flagClasses.includes(c))) return true;
  }
  return false;
}
