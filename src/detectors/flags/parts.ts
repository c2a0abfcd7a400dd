/**
 * A flag's features, one by one. The template score (match.ts) averages over colours, so a red block
 * with one yellow blob where the PRC flag's big star is scores well on red and passably on yellow
 * although the four small stars are missing. Here every part of the flag big enough to resolve (model.ts:
 * the five stars, a canton, a sun, a stripe) must be found on its own: a piece of its colour near its
 * place (a tolerance of warping and a slightly wrong frame) of about its size (a blob covering three
 * stars is none of them). A part hidden under a band over the flag or past the screenshot's edge is
 * neither found nor missing; the detector decides what that means.
 */
import { framePoint, transformOf, type Frame } from './frame.js';
import { PART_GAP, type FlagModel, type Part } from './model.js';
import type { Band } from './occlusion.js';
import { CLASS_IDS, ORANGE, UNKNOWN } from './palette.js';
import { groupPieces } from './pieces.js';
import { classAt, type ClassMap } from './scan.js';

/** How the parts of a flag fared in one frame. */
export interface PartsCheck {
  /** Parts big enough to judge at this scale and seen: found in place at about their size. */
  found: number;
  /** Parts big enough to judge, seen, and not there. */
  missing: number;
  /** Parts big enough to judge but mostly under a band or off the screenshot. */
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
/** Samples per side of the window a part is looked for in, at most. */
const MAX_SAMPLES = 64;

function hiddenAt(bands: readonly Band[], u: number, v: number): boolean {
  for (const b of bands) {
    const t = b.axis === 'rows' ? v : u;
    if (t >= b.from && t < b.to) return true;
  }
  return false;
}

function matches(cls: number, part: Part): boolean {
  return cls === part.cls || (cls === ORANGE && (part.cls === CLASS_IDS.red || part.cls === CLASS_IDS.yellow));
}

/** Checks every part of `model` in `frame`; `bands` are the parts of the flag set aside as covered. */
export function checkParts(map: ClassMap, model: FlagModel, frame: Frame, bands: readonly Band[]): PartsCheck {
  const result: PartsCheck = { found: 0, missing: 0, hidden: 0 };
  const t = transformOf(frame);
  for (const part of model.parts) {
    const pw = (part.u1 - part.u0) * frame.w;
    const ph = (part.v1 - part.v0) * frame.h;
    if (Math.min(pw, ph) < MIN_PART_PIXELS) continue;
    // The window: the part's box grown by the tolerance, kept inside the flag (a stripe's colour may
    // go on outside it, on the page).
    const reach = Math.max(PLACE_TOLERANCE * frame.h, PART_TOLERANCE * Math.max(pw, ph)) + 1;
    const u0 = Math.max(0, part.u0 - reach / frame.w);
    const u1 = Math.min(1, part.u1 + reach / frame.w);
    const v0 = Math.max(0, part.v0 - reach / frame.h);
    const v1 = Math.min(1, part.v1 + reach / frame.h);
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
        const cls = hiddenAt(bands, u, v) ? UNKNOWN : classAt(map, p.x, p.y);
        const inside = u >= part.u0 && u < part.u1 && v >= part.v0 && v < part.v1;
        if (inside) inBox++;
        if (cls === UNKNOWN) {
          if (inside) hiddenInBox++;
          continue;
        }
        if (matches(cls, part)) on[j * nu + i] = 1;
      }
    }
    if (hiddenInBox > MAX_HIDDEN_SHARE * Math.max(1, inBox)) {
      result.hidden++;
      continue;
    }
    const cellArea = (((u1 - u0) * frame.w) / nu) * (((v1 - v0) * frame.h) / nv);
    const expected = part.share * frame.w * frame.h;
    // Found: one piece of about the part's size near its place, or several small ones that together
    // are (a thin feature a small picture breaks up).
    const inArea = (cells: number): boolean => {
      const ratio = (cells * cellArea) / expected;
      return ratio >= MIN_AREA_RATIO && ratio <= MAX_AREA_RATIO;
    };
    // Pieces as the model grouped them (PART_GAP): a part the picture's blur splits is one.
    const radius = Math.floor((PART_GAP * frame.h) / 2 / (((v1 - v0) * frame.h) / nv));
    let near = 0;
    let ok = false;
    for (const piece of groupPieces(on, nu, nv, radius)) {
      const du = (u0 + (piece.cx / nu) * (u1 - u0) - part.cu) * frame.w;
      const dv = (v0 + (piece.cy / nv) * (v1 - v0) - part.cv) * frame.h;
      if (Math.hypot(du, dv) > reach) continue;
      near += piece.cells;
      ok ||= inArea(piece.cells);
    }
    ok ||= inArea(near);
    if (ok) result.found++;
    else result.missing++;
  }
  return result;
}
