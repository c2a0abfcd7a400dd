/**
 * Where a flag would be: a frame in scan pixels, and the one transform from the flag's own
 * coordinates to the scan that sampling, probing and part checks all use.
 */

/** A flag's placement in scan pixels: centre, size, clockwise rotation (degrees), horizontal shear. */
export interface Frame {
  cx: number;
  cy: number;
  w: number;
  h: number;
  angle: number;
  shear: number;
}

/** A frame's rotation as cosine and sine, computed once per frame rather than per point. */
export interface FrameTransform {
  frame: Frame;
  cos: number;
  sin: number;
}

/** The frame with its rotation worked out, for framePoint. */
export function transformOf(frame: Frame): FrameTransform {
  const t = (frame.angle * Math.PI) / 180;
  return { frame, cos: Math.cos(t), sin: Math.sin(t) };
}

/**
 * The scan pixel (floored) at fractions (u, v) of the flag, (0, 0) its top-left corner; fractions
 * outside 0..1 reach past the flag's edges.
 */
export function framePoint(t: FrameTransform, u: number, v: number): { x: number; y: number } {
  const { frame, cos, sin } = t;
  const b = (v - 0.5) * frame.h;
  const a = (u - 0.5) * frame.w + frame.shear * b;
  return { x: Math.floor(frame.cx + a * cos - b * sin), y: Math.floor(frame.cy + a * sin + b * cos) };
}
