/**
 * A flag's features, one by one. The template score (match.ts) averages over colours, so a red block
 * with one yellow blob where the PRC flag's big star is scores well on red and passably on yellow
 * although the four small stars are missing. Here every part of the flag big enough to resolve (model.ts:
 * the five stars, a canton, a sun, a stripe) must be found on its own: a piece of its colour near its
 * place (a tolerance of warping and a slightly wrong frame) of about its size (a blob covering three
 * stars is none of them). A part hidden under a band or a shape in front of the flag, or past the picture's edge, is
 * neither found nor missing; the detector decides what that means.
 */
import { framePoint, transformOf, type Frame, type FrameTransform } from './frame.js';
import { PART_GAP, type FlagModel, type Part } from './model.js';
import { hiddenAt, type Cover } from './occlusion.js';
import { CLASS_IDS, ORANGE, UNKNOWN } from './palette.js';
import { groupPieces } from './pieces.js';
import { classAt, type ClassMap } from './scan.js';

/** How the parts of a flag fared in one frame. */
export interface PartsCheck {
  /** Parts big enough to judge at this scale and seen: found in place at about their size. */
  found: number;
  /** Parts big enough to judge, seen, and not there. */
  missing: number;
  /** Parts big enough to judge but mostly under a cover or off the picture. */
  hidden: number;
}

/** A part is judged when its box is at least this many scan pixels both ways (a PRC flag 15 px high has its big star judged). */
export const MIN_PART_PIXELS = 4;
/** How far a part may sit from its place: this share of the flag's height (waving, a frame slightly off)… */
const PLACE_TOLERANCE = 0.09;
/** …or this share of the part's own size, whichever is more. */
const PART_TOLERANCE = 0.35;
/** Found area over expected area must lie between these (anti-aliasing and JPEG shrink or grow small parts). */
const MIN_AREA_RATIO = 0.15;
const MAX_AREA_RATIO = 3;
/** A part with more than this share of its box hidden or off the screenshot is not judged. */
const MAX_HIDDEN_SHARE = 0.15;
/**
 * How far the cloth may carry a part from where the frame puts it, share of the flag's height (a
 * waving flag's folds bend its stars this far), as long as each part stays within its tolerance of
 * where its neighbour's shift puts it.
 */
const WIDE_REACH = 0.12;
/** How much farther a part may sit from where its neighbour's shift puts it, per pixel between the two. */
const STRAIN = 0.3;
/** Samples per side of the window a part is looked for in, at most. */
const MAX_SAMPLES = 96;
/** Bound on the placement search (a flag has a handful of parts, a page may offer many pieces). */
const MAX_PLACEMENT_STEPS = 2_000;

function matches(cls: number, part: Part): boolean {
  return cls === part.cls || (cls === ORANGE && (part.cls === CLASS_IDS.red || part.cls === CLASS_IDS.yellow));
}

/** A place where a part may be: a piece of its colour and about its size, in flag fractions. */
interface Candidate {
  u: number;
  v: number;
}

/** What one part's window shows. */
interface PartLook {
  part: Part;
  /** How far (scan pixels) the part may sit from where its neighbours put it. */
  reach: number;
  hidden: boolean;
  candidates: Candidate[];
}

/**
 * Looks for `part` around its place: every piece of its colour about its size within WIDE_REACH of
 * the place (plus its tolerance), or several small pieces near the place that together are.
 */
function lookFor(map: ClassMap, t: FrameTransform, part: Part, cover: Cover, elastic: boolean): PartLook | null {
  const { frame } = t;
  const pw = (part.u1 - part.u0) * frame.w;
  const ph = (part.v1 - part.v0) * frame.h;
  if (Math.min(pw, ph) < MIN_PART_PIXELS) return null;
  const reach = Math.max(PLACE_TOLERANCE * frame.h, PART_TOLERANCE * Math.max(pw, ph)) + 1;
  const wide = reach + (elastic ? WIDE_REACH * frame.h : 0);
  // The window: the part's box grown by how far it may have moved, kept inside the flag (a stripe's
  // colour may go on outside it, on the page).
  const u0 = Math.max(0, part.u0 - wide / frame.w);
  const u1 = Math.min(1, part.u1 + wide / frame.w);
  const v0 = Math.max(0, part.v0 - wide / frame.h);
  const v1 = Math.min(1, part.v1 + wide / frame.h);
  const nu = Math.min(MAX_SAMPLES, Math.max(3, Math.ceil((u1 - u0) * frame.w)));
  const nv = Math.min(MAX_SAMPLES, Math.max(3, Math.ceil((v1 - v0) * frame.h)));
  const on = new Uint8Array(nu * nv);
  let inBox = 0;
  let hiddenInBox = 0;
  for (let j = 0; j < nv; j++) {
    const v = v0 + ((j + 0.5) / nv) * (v1 - v0);
    for (let i = 0; i < nu; i++) {
      const u = u0 + ((i + 0.5) / nu) * (u1 - u0);
      const p = framePoint(t, u, v);
      const cls = hiddenAt(cover, u, v) ? UNKNOWN : classAt(map, p.x, p.y);
      const inside = u >= part.u0 && u < part.u1 && v >= part.v0 && v < part.v1;
      if (inside) inBox++;
      if (cls === UNKNOWN) {
        if (inside) hiddenInBox++;
        continue;
      }
      if (matches(cls, part)) on[j * nu + i] = 1;
    }
  }
  if (hiddenInBox > MAX_HIDDEN_SHARE * Math.max(1, inBox)) return { part, reach, hidden: true, candidates: [] };
  const cellArea = (((u1 - u0) * frame.w) / nu) * (((v1 - v0) * frame.h) / nv);
  const expected = part.share * frame.w * frame.h;
  const inArea = (cells: number): boolean => {
    const ratio = (cells * cellArea) / expected;
    return ratio >= MIN_AREA_RATIO && ratio <= MAX_AREA_RATIO;
  };
  // Pieces as the model grouped them (PART_GAP): a part the picture's blur splits is one.
  const radius = Math.floor((PART_GAP * frame.h) / 2 / (((v1 - v0) * frame.h) / nv));
  const candidates: Candidate[] = [];
  let near = 0;
  let sumU = 0;
  let sumV = 0;
  for (const piece of groupPieces(on, nu, nv, radius)) {
    const u = u0 + (piece.cx / nu) * (u1 - u0);
    const v = v0 + (piece.cy / nv) * (v1 - v0);
    const d = Math.hypot((u - part.cu) * frame.w, (v - part.cv) * frame.h);
    if (d > wide) continue;
    if (inArea(piece.cells)) candidates.push({ u, v });
    if (d <= reach) {
      near += piece.cells;
      sumU += u * piece.cells;
      sumV += v * piece.cells;
    }
  }
  // A thin feature a small picture breaks up: its pieces near its place together.
  if (near > 0 && inArea(near) && !candidates.some((c) => Math.hypot((c.u - part.cu) * frame.w, (c.v - part.cv) * frame.h) <= reach)) {
    candidates.push({ u: sumU / near, v: sumV / near });
  }
  return { part, reach, hidden: false, candidates };
}

/** Where each part was put: its candidate, or undefined when missing. */
type Assignment = (Candidate | undefined)[];

/**
 * The shift a part is expected to have: that of the nearest part already placed (cloth bends
 * smoothly, so a star moves about as far as its neighbour did); none for the first.
 */
function predicted(looks: readonly PartLook[], placed: Assignment, k: number, frame: Frame): { du: number; dv: number; distance: number } {
  const part = (looks[k] as PartLook).part;
  let best = { du: 0, dv: 0, distance: 0 };
  let bestD = Infinity;
  for (let i = 0; i < k; i++) {
    const c = placed[i];
    if (!c) continue;
    const other = (looks[i] as PartLook).part;
    const d = Math.hypot((other.cu - part.cu) * frame.w, (other.cv - part.cv) * frame.h);
    if (d < bestD) {
      bestD = d;
      best = { du: c.u - other.cu, dv: c.v - other.cv, distance: d };
    }
  }
  return best;
}

/**
 * The placement of the parts with the most found: each part on a piece of its own, within its reach
 * of where the nearest placed part's shift puts it, and — the first placed — of where the frame puts
 * it. A piecewise fit: the layout must hold locally, star beside star, while the cloth may bend it
 * as a whole by up to WIDE_REACH. Depth-first with pruning; a flag has a handful of parts.
 */
function bestPlacement(looks: readonly PartLook[], frame: Frame, elastic: boolean): number {
  const placed: Assignment = [];
  let best = 0;
  let steps = 0;
  const visit = (k: number, found: number): void => {
    if (found + (looks.length - k) <= best || steps++ > MAX_PLACEMENT_STEPS) return;
    if (k === looks.length) {
      best = found;
      return;
    }
    const look = looks[k] as PartLook;
    const anyPlaced = placed.some((c) => c !== undefined);
    const { du, dv, distance } = elastic ? predicted(looks, placed, k, frame) : { du: 0, dv: 0, distance: 0 };
    const pu = look.part.cu + du;
    const pv = look.part.cv + dv;
    // Cloth stretches and folds: the farther the neighbour, the more the two may have moved apart.
    const reach = look.reach + STRAIN * distance;
    const options = look.candidates
      .map((c) => ({ c, d: Math.hypot((c.u - pu) * frame.w, (c.v - pv) * frame.h) }))
      .filter(({ c, d }) => d <= reach && !placed.includes(c) && (anyPlaced || Math.hypot((c.u - look.part.cu) * frame.w, (c.v - look.part.cv) * frame.h) <= look.reach))
      .sort((a, b) => a.d - b.d);
    for (const { c } of options) {
      placed[k] = c;
      visit(k + 1, found + 1);
    }
    placed[k] = undefined;
    visit(k + 1, found);
  };
  visit(0, 0);
  return best;
}

/**
 * Checks every part of `model` in `frame`; `cover` is what of the flag was set aside as covered.
 * `elastic`: the parts may follow cloth that bends (see bestPlacement) — for a frame whose field
 * fits well; otherwise each part must be where the frame puts it, within its tolerance.
 */
export function checkParts(map: ClassMap, model: FlagModel, frame: Frame, cover: Cover, elastic = false): PartsCheck {
  const t = transformOf(frame);
  const looks: PartLook[] = [];
  let hidden = 0;
  for (const part of model.parts) {
    const look = lookFor(map, t, part, cover, elastic);
    if (!look) continue;
    if (look.hidden) hidden++;
    else looks.push(look);
  }
  // Largest first (model.parts is so sorted), then each next part the one nearest those before it,
  // so every part is placed beside a neighbour already placed.
  const ordered: PartLook[] = looks.slice(0, 1);
  const rest = looks.slice(1);
  while (rest.length > 0) {
    let bi = 0;
    let bd = Infinity;
    rest.forEach((l, i) => {
      for (const o of ordered) {
        const d = Math.hypot((o.part.cu - l.part.cu) * frame.w, (o.part.cv - l.part.cv) * frame.h);
        if (d < bd) {
          bd = d;
          bi = i;
        }
      }
    });
    ordered.push(rest.splice(bi, 1)[0] as PartLook);
  }
  const found = bestPlacement(ordered, frame, elastic);
  return { found, missing: ordered.length - found, hidden };
}
