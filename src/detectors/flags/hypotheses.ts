/**
 * Hypotheses: where a flag would be if an image component were one of its anchors (the PRC flag's
 * red field, its big star). Moments give a frame that survives rotation (centroid, area, principal
 * axis); the bounding box gives one that survives skew, extended to the flag's aspect when the
 * scan's edge cuts the flag off.
 */
import type { Frame } from './frame.js';
import { MAX_ANGLE, MAX_ASPECT_STRAY, type Anchor, type FlagModel } from './model.js';
import { principalAxis, type ClassMap, type Component } from './scan.js';

function wrapAxis(deg: number): number {
  let d = deg;
  while (d > 90) d -= 180;
  while (d <= -90) d += 180;
  return d;
}

/**
 * Frames implied by one image component for one anchor: from its moments, from its bounding box,
 * and — when the box is too narrow or too short and touches the map's edge — with the cropped side
 * extended to the flag's aspect.
 */
export function hypothesesFor(model: FlagModel, anchor: Anchor, c: Component, map: ClassMap): Frame[] {
  const { aspect } = model.spec;
  const bw = c.x1 - c.x0 + 1;
  const bh = c.y1 - c.y0 + 1;
  const fill = c.area / (bw * bh);
  const out: Frame[] = [];

  // From moments: scale from area, rotation from the principal axis when both shapes have one.
  const flagArea = c.area / anchor.share;
  const h = Math.sqrt(flagArea / aspect);
  const w = h * aspect;
  const axis = principalAxis(c);
  const elongationFits = Math.abs(Math.log(axis.elongation / anchor.elongation)) < 0.35;
  let angle = 0;
  if (anchor.elongation > 1.15 && axis.elongation > 1.15) angle = wrapAxis(axis.angle - anchor.axis);
  if (elongationFits && Math.abs(angle) <= MAX_ANGLE) {
    const t = (angle * Math.PI) / 180;
    const du = (anchor.cu - 0.5) * w;
    const dv = (anchor.cv - 0.5) * h;
    out.push({
      cx: c.cx + 0.5 - (du * Math.cos(t) - dv * Math.sin(t)),
      cy: c.cy + 0.5 - (du * Math.sin(t) + dv * Math.cos(t)),
      w,
      h,
      angle,
      shear: 0,
    });
  }

  // From the bounding box, axis-aligned.
  if (fill < anchor.fill * 0.5 || fill > Math.min(1, anchor.fill * 1.6 + 0.05)) return out;
  const spanU = anchor.u1 - anchor.u0;
  const spanV = anchor.v1 - anchor.v0;
  const W = bw / spanU;
  const H = bh / spanV;
  const boxFrame = (left: number, top: number, fw: number, fh: number): Frame => ({ cx: left + fw / 2, cy: top + fh / 2, w: fw, h: fh, angle: 0, shear: 0 });
  const a = W / H;
  if (a <= aspect * MAX_ASPECT_STRAY && a >= aspect / MAX_ASPECT_STRAY) out.push(boxFrame(c.x0 - anchor.u0 * W, c.y0 - anchor.v0 * H, W, H));
  // Cut off where the scan ends (the screenshot's edge, in practice: scans reach past their region):
  // too narrow and touching a side, or too short and touching the top or bottom.
  if (a < aspect * 0.85) {
    const fw = H * aspect;
    if (c.x0 === 0) out.push(boxFrame(c.x1 + 1 + (1 - anchor.u1) * fw - fw, c.y0 - anchor.v0 * H, fw, H));
    if (c.x1 === map.width - 1) out.push(boxFrame(c.x0 - anchor.u0 * fw, c.y0 - anchor.v0 * H, fw, H));
  } else if (a > aspect / 0.85) {
    const fh = W / aspect;
    if (c.y0 === 0) out.push(boxFrame(c.x0 - anchor.u0 * W, c.y1 + 1 + (1 - anchor.v1) * fh - fh, W, fh));
    if (c.y1 === map.height - 1) out.push(boxFrame(c.x0 - anchor.u0 * W, c.y0 - anchor.v0 * fh, W, fh));
  }
  return out;
}
