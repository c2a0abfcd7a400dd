/**
 * overlay: a layer now hides most of the first screen. A defacer who cannot rewrite the page can
 * still add one element: a fixed full-window `<iframe>` or `<div>` with their own page in it. The
 * site is all there in the DOM, its text unchanged, but a visitor sees only the layer.
 *
 * The capture samples the first screen and records the elements on top there (Capture.overlays),
 * with how much of it each covers and how much it hides (its paint is at least ~75% opaque). What
 * counts here is what it hides: a consent wall's dimming backdrop covers everything and hides only
 * its dialog. Legitimate layers are mostly smaller (cookie bars, newsletter pop-ups < 40%) or were
 * already in the baseline (a consent wall the site always had). A new layer is reported only when
 * the screenshot changed where it is.
 */
import { formatPercent } from '../core/verdict.js';
import type { Box, OverlayBox, Signal, VisualDiff } from '../core/types.js';
import type { DetectorContext, SyncDetector } from './types.js';

const NAME = 'overlay';

/** A new layer hiding less than this share of the first screen is a bar or a small pop-up: not reported. */
export const MIN_HIDDEN = 0.4;
/** From this share hidden, the site is covered: a `replacement`. Between the two: `supporting`. */
export const COVERED = 0.6;
/** Score of a layer hiding COVERED of the first screen… */
export const COVERED_SCORE = 0.75;
/** …rising to this one when it hides FULLY_COVERED or more. */
export const MAX_SCORE = 0.95;
export const FULLY_COVERED = 0.9;
/** Score of a layer hiding MIN_HIDDEN..COVERED: worth naming, not decisive. */
export const PARTIAL_SCORE = 0.3;
/** At least this share of the layer's box must have changed in the screenshot. */
export const MIN_CHANGED_UNDER = 0.5;
/** A baseline layer with the same tag whose box overlaps this much (IoU)… */
export const SAME_BOX_IOU = 0.8;
/** …and that hid about as much (within this) is the same layer. */
export const SAME_HIDDEN = 0.25;

function area(b: Box): number {
  return Math.max(0, b.width) * Math.max(0, b.height);
}

function intersection(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

function iou(a: Box, b: Box): number {
  const common = intersection(a, b);
  const union = area(a) + area(b) - common;
  return union > 0 ? common / union : 0;
}

/** Whether the baseline had this layer already: same tag, nearly the same box, hiding about as much. */
export function inBaseline(overlay: OverlayBox, baseline: readonly OverlayBox[]): boolean {
  return baseline.some((b) => b.tag === overlay.tag && iou(b.box, overlay.box) >= SAME_BOX_IOU && Math.abs(b.opaqueCoverage - overlay.opaqueCoverage) <= SAME_HIDDEN);
}

/** Share of `box` that the visual diff's regions and inserted/replaced blocks cover (on an 8 px grid). */
export function changedShare(box: Box, visual: VisualDiff): number {
  if (visual.identical || area(box) === 0) return 0;
  const boxes = [...visual.regions];
  for (const c of visual.changes ?? []) if (c.kind !== 'removed') boxes.push(c.box);
  const step = Math.max(8, Math.ceil(Math.max(box.width, box.height) / 256));
  const cols = Math.ceil(box.width / step);
  const rows = Math.ceil(box.height / step);
  let covered = 0;
  for (let r = 0; r < rows; r++) {
    const y = box.y + (r + 0.5) * step;
    for (let c = 0; c < cols; c++) {
      const x = box.x + (c + 0.5) * step;
      if (boxes.some((b) => x >= b.x && x < b.x + b.width && y >= b.y && y < b.y + b.height)) covered++;
    }
  }
  return cols * rows > 0 ? covered / (cols * rows) : 0;
}

function describe(o: OverlayBox): string {
  const what = o.tag === 'iframe' || o.tag === 'frame' ? `<${o.tag}>` : `${o.tag} layer`;
  const hides = Math.abs(o.opaqueCoverage - o.coverage) < 0.05 ? '' : ` and hides ${formatPercent(o.opaqueCoverage)}`;
  return `a new ${o.position} ${what} covers ${formatPercent(o.coverage)} of the first screen${hides}`;
}

function detect(ctx: DetectorContext): Signal[] {
  const overlays = ctx.current.overlays ?? [];
  if (overlays.length === 0 || ctx.visual.identical) return [];
  // A baseline from before overlays were recorded says nothing; the changed pixels still must agree.
  const before = ctx.baseline.overlays ?? [];
  const candidates = overlays
    .filter((o) => o.opaqueCoverage >= MIN_HIDDEN && !inBaseline(o, before))
    .map((o) => ({ overlay: o, changed: changedShare(o.box, ctx.visual) }))
    .filter((c) => c.changed >= MIN_CHANGED_UNDER)
    .sort((a, b) => b.overlay.opaqueCoverage - a.overlay.opaqueCoverage);
  const top = candidates[0];
  if (!top) return [];
  const { overlay, changed } = top;
  const hidden = overlay.opaqueCoverage;
  const covered = hidden >= COVERED;
  const score = covered ? COVERED_SCORE + (MAX_SCORE - COVERED_SCORE) * Math.min(1, (hidden - COVERED) / (FULLY_COVERED - COVERED)) : PARTIAL_SCORE;
  return [
    {
      detector: NAME,
      kind: covered ? 'replacement' : 'supporting',
      score: Math.round(score * 1000) / 1000,
      summary: describe(overlay),
      evidence: {
        overlay,
        changedUnder: Math.round(changed * 1000) / 1000,
        baselineOverlays: ctx.baseline.overlays?.length ?? null,
      },
    },
  ];
}

export const overlay: SyncDetector = { name: NAME, version: '1.0.0', detect };
