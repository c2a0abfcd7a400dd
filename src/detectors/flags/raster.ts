/**
 * Rasterises a flag's geometry (data/flags.ts) at any size: as colour-class templates the matcher
 * compares against, and as RGBA pictures for people and tests.
 */
import type { RawImage } from '../../core/types.js';
import type { FlagColour, FlagShape, FlagSpec } from '../data/flags.js';
import { CLASS_IDS, CLASS_RGB } from './palette.js';

/** Tells which class a point of the flag has; `u`, `v` are fractions of its width and height. */
export type FlagPainter = (u: number, v: number) => number;

type Hit = (x: number, y: number, u: number, v: number) => boolean;

const DEG = Math.PI / 180;

/** A shape as a hit test in height units (x = u × aspect, y = v) plus the class it paints. */
function compileShape(shape: FlagShape, aspect: number): { hit: Hit; cls: number } | { stripes: (u: number, v: number) => number } {
  switch (shape.kind) {
    case 'stripes': {
      const ratios = shape.ratios ?? shape.colours.map(() => 1);
      const total = ratios.reduce((a, b) => a + b, 0);
      const edges: number[] = [];
      let acc = 0;
      for (const r of ratios) edges.push((acc += r) / total);
      const classes = shape.colours.map((c) => CLASS_IDS[c]);
      const last = classes[classes.length - 1] ?? 0;
      return {
        stripes: (u, v) => {
          const t = shape.direction === 'horizontal' ? v : u;
          for (let i = 0; i < edges.length; i++) if (t < (edges[i] ?? 1)) return classes[i] ?? last;
          return last;
        },
      };
    }
    case 'rect': {
      const { x, y, width, height } = shape;
      return { cls: CLASS_IDS[shape.colour], hit: (_x, _y, u, v) => u >= x && u < x + width && v >= y && v < y + height };
    }
    case 'circle': {
      const cx = shape.cx * aspect;
      const r2 = shape.r * shape.r;
      return { cls: CLASS_IDS[shape.colour], hit: (x, y) => (x - cx) ** 2 + (y - shape.cy) ** 2 <= r2 };
    }
    case 'ellipse': {
      const cx = shape.cx * aspect;
      const t = (shape.rotation ?? 0) * DEG;
      const cos = Math.cos(t);
      const sin = Math.sin(t);
      return {
        cls: CLASS_IDS[shape.colour],
        hit: (x, y) => {
          const dx = x - cx;
          const dy = y - shape.cy;
          // Undo the clockwise rotation: into the ellipse's own axes.
          const ex = dx * cos + dy * sin;
          const ey = -dx * sin + dy * cos;
          return (ex / shape.rx) ** 2 + (ey / shape.ry) ** 2 <= 1;
        },
      };
    }
    case 'star': {
      const n = shape.points ?? 5;
      const inner = shape.inner ?? 0.381966;
      const cx = shape.cx * aspect;
      const xs: number[] = [];
      const ys: number[] = [];
      for (let k = 0; k < 2 * n; k++) {
        const phi = ((shape.rotation ?? 0) + (k * 180) / n) * DEG;
        const rad = k % 2 === 0 ? shape.r : shape.r * inner;
        xs.push(cx + rad * Math.sin(phi));
        ys.push(shape.cy - rad * Math.cos(phi));
      }
      const r2 = shape.r * shape.r;
      return {
        cls: CLASS_IDS[shape.colour],
        hit: (x, y) => (x - cx) ** 2 + (y - shape.cy) ** 2 <= r2 && insidePolygon(xs, ys, x, y),
      };
    }
  }
}

/** Even-odd point-in-polygon (a star polygon is simple, so even-odd is exact). */
function insidePolygon(xs: number[], ys: number[], x: number, y: number): boolean {
  let inside = false;
  const n = xs.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = xs[i] as number;
    const yi = ys[i] as number;
    const xj = xs[j] as number;
    const yj = ys[j] as number;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Compiles a flag into a painter: later shapes cover earlier ones, the field is under everything. */
export function flagPainter(spec: FlagSpec): FlagPainter {
  const field = CLASS_IDS[spec.field];
  const layers = spec.shapes.map((s) => compileShape(s, spec.aspect)).reverse();
  return (u, v) => {
    const x = u * spec.aspect;
    for (const layer of layers) {
      if ('stripes' in layer) return layer.stripes(u, v);
      if (layer.hit(x, v, u, v)) return layer.cls;
    }
    return field;
  };
}

/** The flag as a width × height grid of class ids, sampled at cell centres. */
export function rasteriseClasses(paint: FlagPainter, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  for (let j = 0; j < height; j++) {
    const v = (j + 0.5) / height;
    for (let i = 0; i < width; i++) out[j * width + i] = paint((i + 0.5) / width, v);
  }
  return out;
}

/**
 * Like `rasteriseClasses`, with `ss`² samples a cell: each cell gets its majority class and whether it
 * is pure (every sample that class). Impure cells straddle an edge or a feature thinner than a cell —
 * the places where anti-aliasing and resampling make a picture's colour unreliable.
 */
export function rasteriseCoverage(paint: FlagPainter, width: number, height: number, ss = 3): { classes: Uint8Array; pure: Uint8Array } {
  const classes = new Uint8Array(width * height);
  const pure = new Uint8Array(width * height);
  const votes = new Uint8Array(256);
  for (let j = 0; j < height; j++) {
    for (let i = 0; i < width; i++) {
      votes.fill(0);
      let best = 0;
      let bestVotes = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const c = paint((i + (sx + 0.5) / ss) / width, (j + (sy + 0.5) / ss) / height);
          const n = ((votes[c] as number) += 1);
          if (n > bestVotes) {
            best = c;
            bestVotes = n;
          }
        }
      }
      classes[j * width + i] = best;
      pure[j * width + i] = bestVotes === ss * ss ? 1 : 0;
    }
  }
  return { classes, pure };
}

function rgbByClass(): (readonly [number, number, number])[] {
  const rgb: (readonly [number, number, number])[] = [[128, 128, 128]];
  for (const [name, id] of Object.entries(CLASS_IDS)) rgb[id] = CLASS_RGB[name as FlagColour];
  return rgb;
}

/**
 * Renders a flag as RGBA, `width` wide (height from its aspect unless given), anti-aliased with
 * `supersample`² samples a pixel. `colours` overrides the class colours (a flag's official shades).
 */
export function renderFlag(
  spec: FlagSpec,
  width: number,
  opts: { height?: number; supersample?: number; colours?: Partial<Record<FlagColour, readonly [number, number, number]>> } = {},
): RawImage {
  const height = opts.height ?? Math.max(1, Math.round(width / spec.aspect));
  const ss = Math.max(1, Math.floor(opts.supersample ?? 3));
  const paint = flagPainter(spec);
  const rgb = rgbByClass();
  for (const [name, c] of Object.entries(opts.colours ?? {})) if (c) rgb[CLASS_IDS[name as FlagColour]] = c;
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const c = rgb[paint((x + (sx + 0.5) / ss) / width, (y + (sy + 0.5) / ss) / height)] ?? [128, 128, 128];
          r += c[0];
          g += c[1];
          b += c[2];
        }
      }
      const o = (y * width + x) * 4;
      const n = ss * ss;
      data[o] = Math.round(r / n);
      data[o + 1] = Math.round(g / n);
      data[o + 2] = Math.round(b / n);
      data[o + 3] = 255;
    }
  }
  return { width, height, data };
}
