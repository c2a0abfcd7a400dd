/**
 * Flags partly covered by something drawn over them. In a full-page screenshot a site's fixed cookie
 * bar, sticky header or side panel lies wherever the viewport put it, also across a flag. Such a cover
 * is a band: whole rows (or columns) of the flag's grid in colours the flag has nowhere near there.
 * Its cells are set aside — neither match nor miss — so the flag is judged on what is seen; parts.ts
 * then asks that what is seen carries the flag's features.
 *
 * A band counts when it crosses the flag with the flag showing on both sides of it, or when it hides
 * one edge and visibly goes on past the flag (the same colour beside the flag, something else beside
 * the flag's visible part): the page around a smaller red thing that a frame overshoots does neither.
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

/** What occlusionOf set aside. */
export interface Occlusion {
  /** Cells set to UNKNOWN. */
  hidden: number;
  bands: Band[];
}

/** A grid line is covered when this share of its known cells is foreign to the template there… */
const COVERED_LINE_SHARE = 0.9;
/** …and at least this share of its cells is on the screenshot. */
const MIN_KNOWN_LINE_SHARE = 0.5;
/** A band is at least this share of the flag's height (width): thinner lines are underlines, borders. */
const MIN_BAND_SPAN = 0.08;
/** Bands together hide at most this share of the flag; more is no longer "partly covered". */
export const MAX_OCCLUDED = 0.4;
/** Beside the flag, a band's continuation is probed this far out (fraction of the flag's width or height). */
const BESIDE = 0.06;
/** How far past a band, on the flag's side, the page must differ from it (fraction of the flag). */
const PAST_BAND = 0.04;

const NONE: Occlusion = { hidden: 0, bands: [] };

/**
 * Finds bands over the flag in `img` (the frame sampled on the template's grid), sets their cells to
 * UNKNOWN and says which they were. Leaves `img` untouched and returns no bands when none qualifies
 * or when they would hide more than MAX_OCCLUDED of the flag.
 */
export function occlusionOf(img: Uint8Array, tpl: Template, flagClasses: readonly number[], map: ClassMap, t: FrameTransform): Occlusion {
  const { gw, gh } = tpl;
  const foreign = (k: number): number => {
    const ic = img[k] as number;
    if (ic === UNKNOWN) return -1;
    return ic === OTHER || !(((tpl.near[k] as number) >> ic) & 1) ? 1 : 0;
  };
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
  if (bands.length === 0) return NONE;
  let hidden = 0;
  for (let j = 0; j < gh; j++) for (let i = 0; i < gw; i++) if ((hideRow[j] || hideCol[i]) && img[j * gw + i] !== UNKNOWN) hidden++;
  if (hidden > MAX_OCCLUDED * gw * gh) return NONE;
  for (let j = 0; j < gh; j++) for (let i = 0; i < gw; i++) if (hideRow[j] || hideCol[i]) img[j * gw + i] = UNKNOWN;
  return { hidden, bands };
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
