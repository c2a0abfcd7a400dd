/**
 * Scoring a flag in a frame, and refining the frame.
 *
 * A frame (hypotheses.ts proposes them) is scored by sampling the class map on a grid in the flag's
 * own coordinates and comparing it with the flag's template. Per colour of the flag, two overlaps:
 * a tolerant F1 (the template's yellow has image yellow within a cell or two, and the other way
 * round: survives warps, blur and a slightly wrong frame) and an exact Dice (keeps apart shapes the
 * tolerance blurs together: a triangle and a star). The score is the mean over the flag's colours,
 * times the share not covered by colours the flag does not have, times a penalty when the frame's
 * surroundings continue its edge colours (a real flag ends somewhere). Equal weight per colour is
 * what tells a plain red block (no yellow: ≤ 0.5), Vietnam (its star where the PRC flag has none) and
 * a red-gold banner (gold everywhere) from the PRC flag. Bands drawn over the flag (a cookie bar,
 * occlusion.ts) are set aside before scoring, at a cost per share hidden. Good frames are refined by
 * coordinate descent over position, size, single edges, rotation and shear.
 */
import { transformOf, type Frame } from './frame.js';
import { occlusionOf, type Cover } from './occlusion.js';
import { ORANGE, OTHER, UNKNOWN } from './palette.js';
import { bitsOf, dilateBits, gridRows, MAX_ANGLE, MAX_ASPECT_STRAY, MAX_SHEAR, toleranceCells, type FlagModel, type Template } from './model.js';
import { classAt, type ClassMap } from './scan.js';

/** How well one flag fits one frame. */
export interface Fit {
  score: number;
  /** F1 per colour class of the flag (class id → 0..1). */
  perClass: Map<number, number>;
  /** Share of the flag's area on the screenshot (the rest is past its edge). */
  visible: number;
  /** Share of the flag's area hidden under bands or shapes in front of it (occlusion.ts), not scored. */
  occluded: number;
  /** Those bands and shapes. */
  cover: Cover;
  /** Something in front hides more of the flag than it can be judged on (occlusion.ts). */
  mostlyHidden: boolean;
  /** Share of visible cells in colours the flag does not have. */
  foreign: number;
  /**
   * Share of the cells seen (not covered) in no colour the flag has there or nearby: the page, the
   * sky, or a cover nothing recognised as one (occlusion.ts), where the frame says the flag is.
   */
  stray: number;
  /** Share of the surroundings in the colour of the flag's adjacent edge (0 = clearly delimited). */
  ring: number;
}

/** Buffers for scoring, reused from fit to fit within one scan (scans never share one). */
export interface Scratch {
  img: Uint8Array;
  bits: Uint8Array;
  near: Uint8Array;
  tmp: Uint8Array;
  /** Six per-class counters of 8 classes each. */
  counts: Uint32Array;
}

/** Scratch for grids of up to `cells` cells. */
export function createScratch(cells: number): Scratch {
  return {
    img: new Uint8Array(cells),
    bits: new Uint8Array(cells),
    near: new Uint8Array(cells),
    tmp: new Uint8Array(cells),
    counts: new Uint32Array(48),
  };
}

/** Samples the map at the centres of a gw × gh grid laid over the frame; UNKNOWN off the screenshot. */
export function sampleFrame(map: ClassMap, frame: Frame, gw: number, gh: number, out: Uint8Array = new Uint8Array(gw * gh)): Uint8Array {
  const t = (frame.angle * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  for (let j = 0; j < gh; j++) {
    const b = ((j + 0.5) / gh - 0.5) * frame.h;
    const sheared = frame.shear * b;
    for (let i = 0; i < gw; i++) {
      const a = ((i + 0.5) / gw - 0.5) * frame.w + sheared;
      const x = Math.floor(frame.cx + a * cos - b * sin);
      const y = Math.floor(frame.cy + a * sin + b * cos);
      out[j * gw + i] = x >= 0 && y >= 0 && x < map.width && y < map.height ? (map.classes[y * map.width + x] as number) : classAt(map, x, y);
    }
  }
  return out;
}

/** Share of same-coloured surroundings above which a frame is "a piece of something bigger"… */
const RING_SAME_FREE = 0.25;
/** …and the share at which the full penalty applies. */
const RING_SAME_FULL = 0.75;
/** The most the surroundings take off the score. */
const RING_PENALTY = 0.6;
/**
 * Score taken off per share of the flag set aside under a band: an unseen cell is weaker evidence
 * than a seen one that matches, so of two frames the one that needs less hidden wins — a frame does
 * not grow past a flag's edge and call the page below it a cover.
 */
const OCCLUSION_COST = 0.5;
/** Fewer known ring samples than this share tell nothing about the surroundings. */
const RING_MIN_KNOWN = 0.3;

/**
 * Share of the places just outside the frame where the flag's edge colour simply goes on. A real flag
 * ends somewhere — at its own edge or at a thin border around it — while the "Vietnam flag" that the
 * PRC flag's big star and the red around it make does not. Each place is probed at three distances
 * (from 1.5 px out to 8% of the height); any probe of another colour means the flag ends there.
 */
function ringSame(map: ClassMap, frame: Frame, tpl: Template): number {
  const { gw, gh } = tpl;
  const far = Math.max(2, 0.08 * frame.h);
  const gaps = [Math.min(1.5, far), (Math.min(1.5, far) + far) / 2, far];
  const t = (frame.angle * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  let places = 0;
  let known = 0;
  let same = 0;
  // (a, b): a point on the frame's edge in frame coordinates; (na, nb): the outward normal.
  const probe = (a: number, b: number, na: number, nb: number, edge: number): void => {
    places++;
    let all = true;
    for (const g of gaps) {
      const pb = b + nb * g;
      const pa = a + na * g + frame.shear * pb;
      const x = Math.floor(frame.cx + pa * cos - pb * sin);
      const y = Math.floor(frame.cy + pa * sin + pb * cos);
      const cls = classAt(map, x, y);
      if (cls === UNKNOWN) return;
      if (cls !== edge) all = false;
    }
    known++;
    if (all) same++;
  };
  const hw = frame.w / 2;
  const hh = frame.h / 2;
  for (let i = 0; i < gw; i++) {
    const a = ((i + 0.5) / gw - 0.5) * frame.w;
    probe(a, -hh, 0, -1, tpl.classes[i] as number);
    probe(a, hh, 0, 1, tpl.classes[(gh - 1) * gw + i] as number);
  }
  for (let j = 0; j < gh; j++) {
    const b = ((j + 0.5) / gh - 0.5) * frame.h;
    probe(-hw, b, -1, 0, tpl.classes[j * gw] as number);
    probe(hw, b, 1, 0, tpl.classes[j * gw + gw - 1] as number);
  }
  return known < places * RING_MIN_KNOWN ? 0 : same / known;
}

/**
 * Scores one flag in one frame, on a grid of `rows` rows (one of the model's template heights);
 * `scratch` must hold the largest template's cells.
 */
export function fitFrame(map: ClassMap, model: FlagModel, frame: Frame, scratch: Scratch, rows = gridRows(frame.h)): Fit {
  const tpl = model.templates.get(rows);
  if (!tpl) throw new RangeError(`no ${rows}-row template for the ${model.spec.name} flag`);
  const { gw, gh } = tpl;
  const cells = gw * gh;
  const img = sampleFrame(map, frame, gw, gh, scratch.img.subarray(0, cells));
  let onScreen = 0;
  for (let k = 0; k < cells; k++) if (img[k] !== UNKNOWN) onScreen++;
  // A cookie bar across the flag is set aside before scoring: the flag is judged on what shows.
  const occlusion = occlusionOf(img, tpl, model.classes, map, transformOf(frame));
  const near = scratch.near.subarray(0, cells);
  dilateBits(bitsOf(img, scratch.bits.subarray(0, cells)), gw, gh, toleranceCells(rows), near, scratch.tmp.subarray(0, cells));

  // Per class: template cells that must match (pure ones) and how many are found nearby (recall) or
  // exactly (strict); image cells and how many lie near the template's class (precision).
  const { counts } = scratch;
  counts.fill(0);
  const tCount = counts.subarray(0, 8);
  const tHit = counts.subarray(8, 16);
  const exact = counts.subarray(16, 24);
  const iAtPure = counts.subarray(24, 32);
  const iCount = counts.subarray(32, 40);
  const iHit = counts.subarray(40, 48);
  let known = 0;
  let other = 0;
  for (let k = 0; k < cells; k++) {
    const ic = img[k] as number;
    if (ic === UNKNOWN) continue;
    known++;
    if (ic === OTHER) other++;
    const flagColour = ic !== OTHER && ic !== ORANGE;
    if (flagColour) {
      iCount[ic]!++;
      if (((tpl.near[k] as number) >> ic) & 1) iHit[ic]!++;
    }
    if (!tpl.pure[k]) continue;
    const tc = tpl.classes[k] as number;
    tCount[tc]!++;
    if (((near[k] as number) >> tc) & 1) tHit[tc]!++;
    if (ic === tc) exact[tc]!++;
    if (flagColour) iAtPure[ic]!++;
  }
  const perClass = new Map<number, number>();
  let sum = 0;
  for (const c of model.classes) {
    const t = tCount[c] as number;
    if (t === 0) continue;
    const recall = (tHit[c] as number) / t;
    const i = iCount[c] as number;
    const precision = i === 0 ? 0 : (iHit[c] as number) / i;
    const tolerant = recall + precision === 0 ? 0 : (2 * recall * precision) / (recall + precision);
    const strict = (2 * (exact[c] as number)) / (t + (iAtPure[c] as number));
    const f1 = (tolerant + strict) / 2;
    perClass.set(c, f1);
    sum += f1;
  }
  let foreignCells = 0;
  let strayCells = other;
  for (let c = 1; c < ORANGE; c++) {
    if (!model.classes.includes(c)) foreignCells += iCount[c] as number;
    strayCells += (iCount[c] as number) - (iHit[c] as number);
  }
  const visible = onScreen / cells;
  const foreign = known === 0 ? 1 : foreignCells / known;
  const stray = known === 0 ? 1 : strayCells / known;
  const ring = ringSame(map, frame, tpl);
  const ringFactor = 1 - RING_PENALTY * Math.min(1, Math.max(0, (ring - RING_SAME_FREE) / (RING_SAME_FULL - RING_SAME_FREE)));
  const occluded = occlusion.hidden / cells;
  const score = perClass.size === 0 ? 0 : (sum / perClass.size) * (1 - foreign) * ringFactor * (1 - OCCLUSION_COST * occluded);
  return { score, perClass, visible, occluded, cover: occlusion.cover, mostlyHidden: occlusion.mostlyHidden, foreign, stray, ring };
}

/** A fit this good is not worth refining further. */
const GOOD_ENOUGH = 0.985;

const STEPS: readonly ((f: Frame, s: number) => Frame)[] = [
  (f, s) => ({ ...f, cx: f.cx + s * 0.03 * f.w }),
  (f, s) => ({ ...f, cy: f.cy + s * 0.03 * f.h }),
  (f, s) => ({ ...f, w: f.w * (1 + s * 0.04) }),
  (f, s) => ({ ...f, h: f.h * (1 + s * 0.04) }),
  // One edge moves, the opposite one stays: a frame that overshoots one side of a flag (a hypothesis
  // from a star drawn a little too big) comes back without losing the side that fits.
  (f, s) => ({ ...f, h: f.h * (1 + s * 0.04), cy: f.cy + s * 0.02 * f.h }),
  (f, s) => ({ ...f, h: f.h * (1 + s * 0.04), cy: f.cy - s * 0.02 * f.h }),
  (f, s) => ({ ...f, w: f.w * (1 + s * 0.04), cx: f.cx + s * 0.02 * f.w }),
  (f, s) => ({ ...f, w: f.w * (1 + s * 0.04), cx: f.cx - s * 0.02 * f.w }),
  (f, s) => ({ ...f, angle: f.angle + s * 2.5 }),
  (f, s) => ({ ...f, shear: f.shear + s * 0.04 }),
];

function plausible(frame: Frame, aspect: number): boolean {
  const a = frame.w / frame.h;
  return Math.abs(frame.angle) <= MAX_ANGLE && Math.abs(frame.shear) <= MAX_SHEAR && a <= aspect * MAX_ASPECT_STRAY && a >= aspect / MAX_ASPECT_STRAY;
}

/** Improves a frame by coordinate descent (each step tried both ways, steps halved when stuck). */
export function refineFrame(map: ClassMap, model: FlagModel, scratch: Scratch, start: Frame, startFit: Fit, rounds = 3): { frame: Frame; fit: Fit } {
  let frame = start;
  let fit = startFit;
  let scale = 1;
  for (let r = 0; r < rounds && fit.score < GOOD_ENOUGH; r++) {
    let improved = false;
    for (const step of STEPS) {
      for (const dir of [1, -1]) {
        const f = step(frame, dir * scale);
        if (!plausible(f, model.spec.aspect)) continue;
        const g = fitFrame(map, model, f, scratch);
        if (g.score > fit.score) {
          frame = f;
          fit = g;
          improved = true;
          break;
        }
      }
    }
    if (!improved) scale /= 2;
  }
  return { frame, fit };
}
