/**
 * Photographs of flags for the flag-detector tests, made in code: a flag drawn as SVG (librsvg, not
 * the detector's rasteriser), then treated as cloth — folds that bend its stars out of place and
 * shade it dark and glossy, a pole it hangs from, a view at an angle, people in front of it, a sky
 * and a street around it, JPEG — plus the look-alikes a news site shows (a summit with two flags, a
 * row of ASEAN flags, a sunset, a red building). Every picture is made from a seed: the tests fit on
 * some seeds and hold others out.
 */
import sharp from 'sharp';
import type { RawImage } from '../../src/core/types.js';
import * as S from '../fixtures/flags/scenes.js';

export type Rgb = readonly [number, number, number];

/** Parameters drawn from a seed, each in a range a real photograph shows. */
interface Cloth {
  /** Vertical swing of the folds, share of the flag's height. */
  amp: number;
  /** Folds across the flag. */
  waves: number;
  phase: number;
  /** How far the folds run diagonally (fold phase gained from top to bottom, in waves). */
  slant: number;
  /** Shading depth and gloss of the folds. */
  light: number;
  gloss: number;
}

function clothOf(seed: number, strength = 1): Cloth {
  const r = S.rng(seed * 7919 + 13);
  return {
    amp: (0.04 + 0.05 * r()) * strength,
    waves: 1.2 + 1.3 * r(),
    phase: 2 * Math.PI * r(),
    slant: -0.15 + 0.45 * r(),
    light: 0.25 + 0.2 * r(),
    gloss: 0.15 + 0.25 * r(),
  };
}

/**
 * A flag as waving cloth: rows swing with folds that run slightly diagonally, columns bunch up in
 * the folds (the stars bend and move), the cloth darkens in the troughs and shines on the crests.
 * With `pole`, the hoist edge is fixed and the swing grows towards the fly, which droops a little.
 * Transparent around the cloth.
 */
export function cloth(flag: RawImage, seed: number, opts: { pole?: boolean; strength?: number } = {}): RawImage {
  const c = clothOf(seed, opts.strength ?? 1);
  const W = flag.width;
  const H = flag.height;
  const pad = Math.ceil((c.amp + 0.12) * H) + 2;
  const phaseAt = (x: number, y: number): number => 2 * Math.PI * (c.waves * (x / W) + c.slant * (y / H)) + c.phase;
  const grow = (x: number): number => (opts.pole ? 0.25 + 0.75 * Math.max(0, x / W) : 1);
  const droop = (x: number): number => (opts.pole ? 0.1 * H * Math.max(0, x / W) ** 2 : 0);
  const light = (x: number, y: number): number => {
    const p = phaseAt(x, y);
    return 1 - c.light * Math.cos(p) * grow(x);
  };
  const out = S.warp(
    flag,
    W,
    H + 2 * pad,
    (x, y) => {
      const p = phaseAt(x, y - pad);
      const g = grow(x);
      return [x - 0.04 * W * c.amp * 4 * Math.sin(p) * g, y - pad - c.amp * H * Math.sin(p) * g - droop(x)];
    },
    (x, y) => light(x, y - pad),
  );
  // Gloss on the crests: satin mixes towards a pale highlight.
  for (let y = 0; y < out.height; y++) {
    for (let x = 0; x < out.width; x++) {
      const o = (y * out.width + x) * 4;
      if ((out.data[o + 3] ?? 0) === 0) continue;
      const k = c.gloss * Math.max(0, -Math.cos(phaseAt(x, y - pad))) ** 6 * grow(x);
      for (let ch = 0; ch < 3; ch++) out.data[o + ch] = Math.round((out.data[o + ch] ?? 0) * (1 - k) + 250 * k);
    }
  }
  return out;
}

/**
 * The flag seen at an angle: the far edge is `ratio` of the near edge's height and the flag
 * foreshortened to `squeeze` of its width, then turned by `deg`.
 */
export function perspective(img: RawImage, ratio: number, squeeze: number, deg = 0): RawImage {
  const W = Math.round(img.width * squeeze);
  const H = img.height;
  const flat = S.warp(img, W, H, (x, y) => {
    const t = x / W;
    const scale = 1 + (ratio - 1) * t;
    // Foreshortening: equal steps on the cloth are shorter on the far side.
    const u = (t * ratio) / (1 + (ratio - 1) * t);
    return [u * img.width, H / 2 + (y - H / 2) / scale];
  });
  return deg === 0 ? flat : S.rotate(flat, deg);
}

function fill(img: RawImage, x0: number, y0: number, w: number, h: number, rgb: Rgb): void {
  for (let y = Math.max(0, Math.round(y0)); y < Math.min(img.height, Math.round(y0 + h)); y++) {
    for (let x = Math.max(0, Math.round(x0)); x < Math.min(img.width, Math.round(x0 + w)); x++) {
      const o = (y * img.width + x) * 4;
      img.data[o] = rgb[0];
      img.data[o + 1] = rgb[1];
      img.data[o + 2] = rgb[2];
      img.data[o + 3] = 255;
    }
  }
}

function ellipse(img: RawImage, cx: number, cy: number, rx: number, ry: number, rgb: Rgb): void {
  for (let y = Math.max(0, Math.floor(cy - ry)); y < Math.min(img.height, Math.ceil(cy + ry)); y++) {
    for (let x = Math.max(0, Math.floor(cx - rx)); x < Math.min(img.width, Math.ceil(cx + rx)); x++) {
      if (((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 > 1) continue;
      const o = (y * img.width + x) * 4;
      img.data[o] = rgb[0];
      img.data[o + 1] = rgb[1];
      img.data[o + 2] = rgb[2];
      img.data[o + 3] = 255;
    }
  }
}

/** A sky (blue at the top, pale at the horizon) with soft clouds, over a street of grey buildings. */
export function streetScene(width: number, height: number, seed: number, horizon = 0.72): RawImage {
  const r = S.rng(seed);
  const img = S.blank(width, height);
  const clouds = Array.from({ length: 5 }, () => ({ x: r() * width, y: r() * height * horizon * 0.6, rx: 60 + r() * 160, ry: 20 + r() * 40 }));
  for (let y = 0; y < height; y++) {
    const t = Math.min(1, y / (height * horizon));
    for (let x = 0; x < width; x++) {
      let cloud = 0;
      for (const c of clouds) cloud = Math.max(cloud, 1 - ((x - c.x) / c.rx) ** 2 - ((y - c.y) / c.ry) ** 2);
      const k = Math.max(0, cloud) * 0.8;
      const o = (y * width + x) * 4;
      const sky = [90 + 110 * t, 145 + 75 * t, 210 + 30 * t];
      for (let ch = 0; ch < 3; ch++) img.data[o + ch] = Math.round((sky[ch] ?? 0) * (1 - k) + 245 * k);
    }
  }
  let x = 0;
  while (x < width) {
    const w = 80 + r() * 180;
    const h = height * (0.12 + r() * 0.3);
    const grey = 120 + r() * 90;
    fill(img, x, height * horizon - h, w - 6, h, [grey, grey - 4, grey - 10]);
    for (let wy = height * horizon - h + 12; wy < height * horizon - 16; wy += 26) {
      for (let wx = x + 10; wx < x + w - 24; wx += 24) fill(img, wx, wy, 12, 14, [70, 90, 110]);
    }
    x += w;
  }
  fill(img, 0, height * horizon, width, height * (1 - horizon), [92, 94, 98]);
  return img;
}

/** A grey metal pole with a gold finial, `height` pixels tall. */
export function pole(img: RawImage, x: number, top: number, height: number, thickness: number): void {
  for (let k = 0; k < thickness; k++) {
    const shade = 150 + 70 * Math.sin((Math.PI * (k + 0.5)) / thickness);
    fill(img, x + k, top, 1, height, [shade, shade, shade + 6]);
  }
  ellipse(img, x + thickness / 2, top - thickness * 0.6, thickness * 0.9, thickness * 0.9, [196, 160, 60]);
}

/** Someone standing in front: dark suit, head, shoulders. `h` is the visible height. */
export function person(img: RawImage, cx: number, bottom: number, h: number, suit: Rgb = [38, 40, 52]): void {
  const head = h * 0.17;
  ellipse(img, cx, bottom - h + head, head * 0.78, head, [186, 142, 112]);
  ellipse(img, cx, bottom - h + head * 0.55, head * 0.8, head * 0.6, [28, 24, 22]);
  fill(img, cx - h * 0.24, bottom - h + head * 2.1, h * 0.48, h, suit);
  ellipse(img, cx, bottom - h + head * 2.3, h * 0.24, h * 0.12, suit);
  fill(img, cx - h * 0.035, bottom - h + head * 2.0, h * 0.07, h * 0.3, [235, 235, 240]);
}

/** A flag drawn from SVG at `width` pixels. */
export function flagImage(svg: (w: number) => string, width: number): Promise<RawImage> {
  return S.svgToRaw(svg(width));
}

/** The variants of a flag photograph the detector must see through. */
export type PhotoVariant = 'waving' | 'pole' | 'angle' | 'occluded' | 'scaled' | 'hero-crop';

export const PHOTO_VARIANTS: readonly PhotoVariant[] = ['waving', 'pole', 'angle', 'occluded', 'scaled', 'hero-crop'];

/**
 * A photograph (`width` × `height`) with `svg`'s flag in it as `variant` says, made from `seed`, JPEG
 * at a quality from 55 to 85.
 * - waving: the cloth fills most of the picture, in front of the sky;
 * - pole: on a pole above a street, hoist fixed, the fly drooping;
 * - angle: seen from the side (far edge 65–85% as high) and turned a few degrees;
 * - occluded: waving, with two people in front hiding its lower corner;
 * - scaled: on a pole, a sixth of the picture's width, in a street scene;
 * - hero-crop: waving and larger than the picture, its fly cut off by the picture's edge.
 */
export async function flagPhoto(svg: (w: number) => string, variant: PhotoVariant, seed: number, width = 960, height = 540): Promise<RawImage> {
  const r = S.rng(seed * 104729 + variant.length);
  const scene = streetScene(width, height, seed);
  const quality = 55 + Math.round(r() * 30);
  switch (variant) {
    case 'waving': {
      const fw = Math.round(width * (0.6 + 0.2 * r()));
      const flag = cloth(await flagImage(svg, fw), seed);
      S.paste(scene, flag, Math.round((width - flag.width) * r()), Math.round((height - flag.height) * 0.3 * r()));
      break;
    }
    case 'pole': {
      const fw = Math.round(width * (0.45 + 0.15 * r()));
      const flag = cloth(await flagImage(svg, fw), seed, { pole: true });
      const px = Math.round(width * (0.08 + 0.2 * r()));
      const t = Math.max(4, Math.round(fw / 60));
      pole(scene, px, Math.round(height * 0.06), height, t);
      S.paste(scene, flag, px + t, Math.round(height * 0.08));
      break;
    }
    case 'angle': {
      const fw = Math.round(width * (0.5 + 0.15 * r()));
      const flag = perspective(cloth(await flagImage(svg, fw), seed, { strength: 0.6 }), 0.65 + 0.2 * r(), 0.75 + 0.15 * r(), -8 + 16 * r());
      S.paste(scene, flag, Math.round((width - flag.width) * (0.2 + 0.6 * r())), Math.round(Math.max(0, height - flag.height) * 0.3 * r()));
      break;
    }
    case 'occluded': {
      const fw = Math.round(width * (0.55 + 0.15 * r()));
      const flag = cloth(await flagImage(svg, fw), seed);
      const x = Math.round((width - flag.width) * r());
      const y = Math.round(height * 0.04);
      S.paste(scene, flag, x, y);
      // Two people in front of the fly half: the flag's hoist (the PRC stars) stays in sight.
      const h = flag.height * (0.55 + 0.15 * r());
      person(scene, x + flag.width * (0.62 + 0.08 * r()), y + flag.height + h * 0.35, h);
      person(scene, x + flag.width * (0.86 + 0.06 * r()), y + flag.height + h * 0.4, h * 1.05, [60, 56, 50]);
      break;
    }
    case 'scaled': {
      const fw = Math.round(width * (0.14 + 0.06 * r()));
      const flag = cloth(await flagImage(svg, fw), seed, { pole: true });
      const px = Math.round(width * (0.2 + 0.55 * r()));
      const t = Math.max(3, Math.round(fw / 40));
      pole(scene, px, Math.round(height * 0.1), height, t);
      S.paste(scene, flag, px + t, Math.round(height * 0.12));
      break;
    }
    case 'hero-crop': {
      const fw = Math.round(width * (1.1 + 0.2 * r()));
      const flag = cloth(await flagImage(svg, fw), seed, { strength: 0.7 });
      // Cropped at the fly and the foot, as a hero banner crops a picture; the hoist's top stays in.
      S.paste(scene, flag, -Math.round(fw * 0.04 * r()), -Math.round(Math.max(0, flag.height - height) * 0.25 * r()));
      break;
    }
  }
  return S.jpeg(S.addNoise(scene, 4 + 4 * r(), seed), quality);
}

/** Japan's flag (the host country of a summit picture): white field, red disc. */
export function japanSvg(width: number, height = Math.round((width * 2) / 3)): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 30 20" preserveAspectRatio="none"><rect width="30" height="20" fill="#fff"/><circle cx="15" cy="10" r="6" fill="#bc002d"/></svg>`;
}

/** The Philippines' flag: blue over red, white triangle at the hoist with a gold sun and stars. */
export function philippinesSvg(width: number, height = Math.round(width / 2)): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 40 20" preserveAspectRatio="none">` +
    `<rect width="40" height="10" fill="#0038a8"/><rect y="10" width="40" height="10" fill="#ce1126"/><polygon points="0,0 17.3,10 0,20" fill="#fff"/>` +
    `<circle cx="5.8" cy="10" r="2.2" fill="#fcd116"/></svg>`
  );
}

/** Other ASEAN flags, simplified to their colour layout (what a row of small flags shows). */
const ASEAN: ((w: number) => string)[] = [
  (w) => S.vietnamSvg(w),
  (w) => philippinesSvg(w, Math.round((w * 2) / 3)),
  // Indonesia, Singapore-like, Thailand, Malaysia-like stripes, Laos-like.
  (w) => stripesSvg(w, ['#ce1126', '#ffffff']),
  (w) => stripesSvg(w, ['#ef3340', '#ffffff']),
  (w) => stripesSvg(w, ['#a51931', '#f4f5f8', '#2d2a4a', '#2d2a4a', '#f4f5f8', '#a51931']),
  (w) => stripesSvg(w, ['#cc0001', '#ffffff', '#cc0001', '#ffffff', '#cc0001', '#ffffff', '#cc0001']),
  (w) => stripesSvg(w, ['#ce1126', '#002868', '#002868', '#ce1126']),
  (w) => stripesSvg(w, ['#fecb00', '#34b233', '#ea2839']),
  (w) => stripesSvg(w, ['#032ea1', '#e00025', '#e00025', '#032ea1']),
  (w) => stripesSvg(w, ['#f7e017', '#000000', '#ffffff']),
];

function stripesSvg(width: number, colours: string[]): string {
  const height = Math.round((width * 2) / 3);
  const bands = colours.map((c, i) => `<rect y="${i}" width="1" height="1" fill="${c}"/>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 1 ${colours.length}" preserveAspectRatio="none">${bands}</svg>`;
}

/** Traps: pictures with red and yellow, or with flags, that are no defacement on their own. */
export type TrapKind = 'summit' | 'asean-row' | 'vietnam-pole' | 'sunset' | 'red-building';

export const TRAP_KINDS: readonly TrapKind[] = ['summit', 'asean-row', 'vietnam-pole', 'sunset', 'red-building'];

export async function trapPhoto(kind: TrapKind, seed: number, width = 960, height = 540): Promise<RawImage> {
  const r = S.rng(seed * 31337 + kind.length);
  let scene: RawImage;
  switch (kind) {
    case 'summit': {
      // Two leaders shaking hands in front of their two flags on stands: the PRC's and the host's.
      scene = S.blank(width, height, [206, 196, 178]);
      fill(scene, 0, height * 0.78, width, height * 0.22, [120, 40, 40]);
      const fw = Math.round(width * (0.26 + 0.06 * r()));
      const host = r() < 0.5 ? japanSvg : philippinesSvg;
      const left = cloth(await flagImage((w) => S.prcSvg(w), fw), seed, { pole: true, strength: 0.5 });
      const right = cloth(await flagImage((w) => host(w, Math.round((w * 2) / 3)), fw), seed + 1, { pole: true, strength: 0.5 });
      const t = Math.max(4, Math.round(fw / 50));
      const lx = Math.round(width * 0.12);
      const rx = Math.round(width * 0.55);
      pole(scene, lx, Math.round(height * 0.05), height, t);
      pole(scene, rx, Math.round(height * 0.05), height, t);
      S.paste(scene, left, lx + t, Math.round(height * 0.07));
      S.paste(scene, right, rx + t, Math.round(height * 0.07));
      person(scene, width * 0.4, height, height * 0.75);
      person(scene, width * 0.6, height, height * 0.72, [30, 34, 60]);
      break;
    }
    case 'asean-row': {
      scene = streetScene(width, height, seed);
      const n = ASEAN.length;
      const gap = width / n;
      const fw = Math.round(gap * 0.8);
      for (let i = 0; i < n; i++) {
        const make = ASEAN[(i + seed) % n] as (w: number) => string;
        const flag = cloth(await flagImage(make, fw), seed + i, { pole: true, strength: 0.6 });
        const x = Math.round(i * gap + gap * 0.1);
        pole(scene, x - 3, Math.round(height * 0.2), height, 3);
        S.paste(scene, flag, x, Math.round(height * 0.22));
      }
      break;
    }
    case 'vietnam-pole': {
      // Vietnam's own flag photographed as the PRC flag would be: waving, on a pole.
      return flagPhoto((w) => S.vietnamSvg(w), r() < 0.5 ? 'pole' : 'waving', seed, width, height);
    }
    case 'sunset': {
      scene = S.blank(width, height);
      const sunX = width * (0.2 + 0.6 * r());
      const sunY = height * (0.45 + 0.15 * r());
      for (let y = 0; y < height; y++) {
        const t = y / height;
        for (let x = 0; x < width; x++) {
          const o = (y * width + x) * 4;
          const d = Math.hypot(x - sunX, y - sunY) / width;
          const glow = Math.max(0, 1 - d * 2.5);
          scene.data[o] = Math.round(Math.min(255, 200 + 55 * glow));
          scene.data[o + 1] = Math.round(Math.min(255, 40 + 90 * t + 170 * glow ** 2));
          scene.data[o + 2] = Math.round(30 + 40 * (1 - t));
          scene.data[o + 3] = 255;
        }
      }
      ellipse(scene, sunX, sunY, height * 0.08, height * 0.08, [255, 236, 90]);
      // Hills and a few birds in silhouette.
      for (let x = 0; x < width; x++) fill(scene, x, height * (0.72 + 0.05 * Math.sin(x / 90 + seed)), 1, height, [40, 16, 20]);
      break;
    }
    case 'red-building': {
      // A red-painted facade with lit yellow windows in rows, under the sky.
      scene = streetScene(width, height, seed, 0.95);
      const x0 = width * 0.1;
      const w = width * (0.7 + 0.15 * r());
      fill(scene, x0, height * 0.12, w, height * 0.83, [170 + r() * 40, 36, 30]);
      for (let y = height * 0.18; y < height * 0.9; y += height * 0.12) {
        for (let x = x0 + 20; x < x0 + w - 40; x += width * 0.07) fill(scene, x, y, width * 0.035, height * 0.06, r() < 0.6 ? [250, 210, 90] : [60, 50, 50]);
      }
      break;
    }
  }
  return S.jpeg(S.addNoise(scene, 4, seed), 70);
}

/**
 * An animated GIF whose first frame shows `first` (a plain "loading" tile, a logo) and the next ones
 * `frames`: a browser shows every frame, one after the other.
 */
export async function animatedGif(first: RawImage, frames: readonly RawImage[], delayMs = 400): Promise<Buffer> {
  const all = [first, ...frames];
  const { width, height } = first;
  const data = Buffer.alloc(width * height * 4 * all.length);
  all.forEach((f, i) => {
    if (f.width !== width || f.height !== height) throw new RangeError('every frame must have the first frame’s size');
    data.set(f.data, i * width * height * 4);
  });
  return sharp(data, { raw: { width, height: height * all.length, channels: 4, pageHeight: height } })
    .gif({ delay: all.map(() => delayMs), loop: 0 })
    .toBuffer();
}

/** Encodes a picture as JPEG bytes (what a page serves). */
export function jpegBytes(img: RawImage, quality = 80): Promise<Buffer> {
  return sharp(img.data, { raw: { width: img.width, height: img.height, channels: 4 } })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality })
    .toBuffer();
}
