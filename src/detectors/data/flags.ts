/**
 * National flags the national-flag detector looks for, as geometry. Data, not code: adding a flag is
 * adding an entry here; the detector rasterises every entry to templates at whatever size it needs.
 *
 * Coordinates are fractions of the flag: `x`, `cx` and widths of its width, `y`, `cy` and heights of
 * its height. Radii (`r`, `rx`, `ry`) are fractions of the flag's *height*, so circles stay round at
 * any aspect ratio. Shapes are painted in order over `field`; a later shape covers an earlier one.
 * Rotations are degrees clockwise on screen; a star with rotation 0 has a point straight up.
 *
 * Colours are the detector's colour classes, not exact shades: photographs, JPEG and CSS all shift a
 * flag's red, so the detector compares classes ("red", "yellow") with tolerant ranges.
 *
 * `kind` and `weight` decide what a match means. `signature`: the flag on a Japanese or ASEAN
 * government, bank or hospital site is itself a mark of a politically motivated defacement (the PRC
 * flag). `supporting`: a flag that appears in legitimate news and diplomacy (neighbours, partners);
 * weight 0 reports it for context without adding to the verdict.
 */

/** The colour classes a flag is drawn in. */
export type FlagColour = 'red' | 'yellow' | 'white' | 'blue' | 'green' | 'black';

/** Equal bands across the whole flag (`ratios` gives unequal ones, e.g. [6, 1, 22, 1, 6]). */
export interface StripesShape {
  kind: 'stripes';
  direction: 'horizontal' | 'vertical';
  colours: FlagColour[];
  ratios?: number[];
}

export interface RectShape {
  kind: 'rect';
  colour: FlagColour;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface CircleShape {
  kind: 'circle';
  colour: FlagColour;
  cx: number;
  cy: number;
  r: number;
}

export interface EllipseShape {
  kind: 'ellipse';
  colour: FlagColour;
  cx: number;
  cy: number;
  /** Half-width and half-height before rotation, fractions of the flag's height. */
  rx: number;
  ry: number;
  rotation?: number;
}

/** A regular star polygon: `points` tips (default 5) on radius `r`, notches on `r × inner`. */
export interface StarShape {
  kind: 'star';
  colour: FlagColour;
  cx: number;
  cy: number;
  r: number;
  points?: number;
  /** Notch radius over tip radius; default is the regular pentagram's, 0.382. */
  inner?: number;
  rotation?: number;
}

export type FlagShape = StripesShape | RectShape | CircleShape | EllipseShape | StarShape;

export interface FlagSpec {
  /** ISO 3166-1 alpha-2 code, lower case. */
  id: string;
  /** How the flag is named in alerts: `${name} flag`. */
  name: string;
  /** Width over height. */
  aspect: number;
  field: FlagColour;
  shapes: FlagShape[];
  /** `signature`: the flag alone marks a defacement; `supporting`: context only. */
  kind: 'signature' | 'supporting';
  /** 0..1, multiplied into the signal's score. */
  weight: number;
}

/** Small PRC stars point at the big star's centre: rotation = atan2(dx, -dy) of that direction. */
function pointAt(fromX: number, fromY: number, toX: number, toY: number): number {
  return (Math.atan2(toX - fromX, -(toY - fromY)) * 180) / Math.PI;
}

/** The PRC flag on its 30 × 20 construction grid (GB 12982-2004). */
const PRC_STARS = [
  [10, 2],
  [12, 4],
  [12, 7],
  [10, 9],
] as const;

export const FLAGS: readonly FlagSpec[] = [
  {
    id: 'cn',
    name: 'PRC',
    aspect: 3 / 2,
    field: 'red',
    shapes: [
      { kind: 'star', colour: 'yellow', cx: 5 / 30, cy: 5 / 20, r: 3 / 20 },
      ...PRC_STARS.map(([x, y]): StarShape => ({ kind: 'star', colour: 'yellow', cx: x / 30, cy: y / 20, r: 1 / 20, rotation: pointAt(x, y, 5, 5) })),
    ],
    kind: 'signature',
    weight: 1,
  },
  {
    // The hard negative: red field, one big yellow star in the middle (radius one fifth of the length).
    id: 'vn',
    name: 'Vietnam',
    aspect: 3 / 2,
    field: 'red',
    shapes: [{ kind: 'star', colour: 'yellow', cx: 0.5, cy: 0.5, r: 0.3 }],
    kind: 'supporting',
    weight: 0,
  },
  {
    // Republic of China: blue canton a quarter of the flag, white sun of twelve rays, blue ring.
    id: 'tw',
    name: 'ROC (Taiwan)',
    aspect: 3 / 2,
    field: 'red',
    shapes: [
      { kind: 'rect', colour: 'blue', x: 0, y: 0, width: 0.5, height: 0.5 },
      { kind: 'star', colour: 'white', cx: 0.25, cy: 0.25, r: 0.1875, points: 12, inner: 0.55 },
      { kind: 'circle', colour: 'blue', cx: 0.25, cy: 0.25, r: 0.1 },
      { kind: 'circle', colour: 'white', cx: 0.25, cy: 0.25, r: 0.0875 },
    ],
    kind: 'supporting',
    weight: 0,
  },
  {
    // DPRK: blue, white, red, white, blue bands (6:1:22:1:6); white disc with a red star left of centre.
    id: 'kp',
    name: 'North Korea',
    aspect: 2,
    field: 'red',
    shapes: [
      { kind: 'stripes', direction: 'horizontal', colours: ['blue', 'white', 'red', 'white', 'blue'], ratios: [6, 1, 22, 1, 6] },
      { kind: 'circle', colour: 'white', cx: 1 / 3, cy: 0.5, r: 2 / 9 },
      { kind: 'star', colour: 'red', cx: 1 / 3, cy: 0.5, r: 2 / 9 },
    ],
    kind: 'supporting',
    weight: 0.2,
  },
  {
    // Hong Kong: red field, white five-petal bauhinia in the middle (petals as ellipses: close enough
    // at the sizes a screenshot shows, and it keeps the flag from being taken for anything else).
    id: 'hk',
    name: 'Hong Kong',
    aspect: 3 / 2,
    field: 'red',
    shapes: [0, 72, 144, 216, 288].map((deg): EllipseShape => {
      const a = ((deg + 12) * Math.PI) / 180;
      return { kind: 'ellipse', colour: 'white', cx: 0.5 + (0.15 * Math.sin(a)) / 1.5, cy: 0.5 - 0.15 * Math.cos(a), rx: 0.085, ry: 0.15, rotation: deg + 12 };
    }),
    kind: 'supporting',
    weight: 0,
  },
];
