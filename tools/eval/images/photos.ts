import { random, svg } from './draw.js';
import { ASEAN, flagRatio, flagSvg, type FlagName } from './flags.js';
import { blank, blend, fillEllipse, fillRect, fillSpan, grain, rasterSvg, sample, toGif, toJpeg, vignette, type Colour, type Rgba } from './pixels.js';

/**
 * Photograph-like corpus pictures: flags as cloth (sinusoidal folds with light and shade, on a pole,
 * turned away from the camera, partly hidden, small in a wide scene, animated), a bilateral-summit
 * table with two flags, a row of the ASEAN flags, and benign photos that share a flag's colours (a
 * red-and-yellow sunset) or its settings (a crowd, a hospital building). Everything is drawn in code,
 * deterministic for a seed, and JPEG-compressed like an upload from a phone.
 */

/** How a cloth flag hangs and is seen. */
export interface ClothOptions {
  flag: FlagName;
  /** Top of the hoist edge (where the cloth meets the pole), in pixels. */
  x: number;
  y: number;
  /** Width of the flat flag, in pixels; its height follows the flag's proportions. */
  width: number;
  /** Folds along the fly (default 1.7). */
  waves?: number;
  /** Fold height as a share of the flag's height (default 0.09). */
  amplitude?: number;
  /** Phase of the folds in radians: animation frames step it. */
  phase?: number;
  /** 0–0.6: how much the fly end shrinks, as when the flag is turned away from the camera. */
  perspective?: number;
  /** Strength of light and shade on the folds (default 0.5). */
  light?: number;
}

/** Paints a waving flag onto `img`; the hoist edge stays straight (it is tied to the pole). */
export async function paintCloth(img: Rgba, o: ClothOptions): Promise<void> {
  const W = Math.round(o.width);
  const H = Math.round(W * flagRatio(o.flag));
  // Rasterise at twice the size so the bent cloth stays sharp after bilinear sampling.
  const flat = await rasterSvg(flagSvg(o.flag, W * 2));
  const waves = o.waves ?? 1.7;
  const amp = (o.amplitude ?? 0.09) * H;
  const phase = o.phase ?? 0;
  const persp = o.perspective ?? 0;
  const light = o.light ?? 0.5;
  // Folds run slightly diagonally across real cloth; the tilt shifts their phase with height.
  const tilt = 0.9;
  const arg = (u: number, v: number): number => 2 * Math.PI * waves * u + phase + tilt * v;
  const lift = (u: number): number => 0.15 + 0.85 * u;
  // Folds take up cloth: the seen width is a little shorter than the flat one, more so turned away.
  const seenW = W * (1 - 0.06 * Math.min(1, amp / (0.09 * H))) * (1 - persp * 0.45);
  for (let dx = 0; dx < Math.ceil(seenW); dx++) {
    const u = dx / seenW;
    const hf = 1 - persp * u;
    const colH = H * hf;
    for (let dy = Math.floor(o.y - amp * 2 - H); dy < Math.ceil(o.y + H + amp * 2); dy++) {
      // Solve for v with one refinement: the vertical offset depends on v through the diagonal folds.
      let v = (dy - o.y - (H - colH) / 2) / colH;
      for (let k = 0; k < 2; k++) v = (dy - o.y - (H - colH) / 2 - amp * Math.sin(arg(u, v)) * lift(u)) / colH;
      const inside = Math.min(v * colH, (1 - v) * colH) + 0.5;
      if (inside <= 0) continue;
      // Texture is compressed on the slopes of each fold, stretched on the crests.
      const us = Math.max(0, Math.min(1, u + 0.018 * Math.sin(arg(u, v) * 1.0 + 0.6)));
      const [r, g, b, a] = sample(flat, us * (flat.width - 1), Math.max(0, Math.min(1, v)) * (flat.height - 1));
      const slope = Math.cos(arg(u, v)) * lift(u);
      const shade = 1 + light * 0.42 * slope - light * 0.12 * u;
      const shine = light * 0.3 * Math.max(0, slope) ** 6;
      const c: Colour = [r * shade + 255 * shine, g * shade + 255 * shine, b * shade + 255 * shine];
      blend(img, Math.round(o.x + dx), dy, c, a * Math.min(1, inside));
    }
  }
}

/** A metal flagpole with a gold finial, from `top` to `bottom` at `x` (its right edge). */
export function paintPole(img: Rgba, x: number, top: number, bottom: number, thickness: number): void {
  fillRect(img, x - thickness, top, thickness, bottom - top, (px) => {
    const t = (px - (x - thickness)) / thickness;
    const k = 150 + 90 * Math.sin(Math.PI * Math.min(1, Math.max(0, t * 1.2)));
    return [k, k, k + 6];
  });
  fillEllipse(img, x - thickness / 2, top - thickness * 0.9, thickness * 1.1, thickness * 1.1, [212, 175, 55]);
}

/** A standing person seen from behind or in front: head, neck and shoulders, in clothing colour `cloth`. */
export function paintPerson(img: Rgba, cx: number, headY: number, scale: number, cloth: Colour, skin: Colour = [120, 86, 64], hair: Colour = [28, 24, 22]): void {
  const s = scale;
  fillSpan(
    img,
    headY + 15 * s,
    img.height + 2,
    (y) => cx - 22 * s - Math.min(12 * s, (y - headY - 15 * s) * 0.35),
    (y) => cx + 22 * s + Math.min(12 * s, (y - headY - 15 * s) * 0.35),
    () => cloth,
  );
  fillEllipse(img, cx, headY + 15 * s, 26 * s, 10 * s, cloth);
  fillRect(img, cx - 5 * s, headY + 6 * s, 10 * s, 10 * s, skin);
  fillEllipse(img, cx, headY - 2 * s, 10 * s, 12.5 * s, skin);
  fillEllipse(img, cx, headY - 9 * s, 10.5 * s, 6.5 * s, hair);
}

/** A leafy tree: a trunk and a canopy of overlapping round clumps. */
export function paintTree(img: Rgba, cx: number, groundY: number, height: number, rnd: () => number): void {
  fillRect(img, cx - height * 0.04, groundY - height * 0.55, height * 0.08, height * 0.55, [84, 60, 40]);
  for (let i = 0; i < 26; i++) {
    const a = rnd() * Math.PI * 2;
    const d = rnd() * height * 0.22;
    const g = 70 + rnd() * 70;
    fillEllipse(img, cx + Math.cos(a) * d * 1.3, groundY - height * 0.68 + Math.sin(a) * d, height * (0.1 + rnd() * 0.08), height * (0.09 + rnd() * 0.07), [
      30 + g * 0.3,
      g + 20,
      30 + g * 0.2,
    ]);
  }
}

/** An outdoor backdrop as SVG: graded sky with soft clouds, optionally a city block and trees. */
function outdoorSvg(w: number, h: number, seed: number, o: { sky?: [string, string]; buildings?: boolean; horizon?: number }): string {
  const rnd = random(seed);
  const sky = o.sky ?? ['#5d9bd6', '#d9e9f7'];
  const horizon = (o.horizon ?? 0.78) * h;
  const clouds = Array.from({ length: 6 }, () => {
    const cx = rnd() * w;
    const cy = rnd() * horizon * 0.55;
    return `<ellipse cx="${cx.toFixed(0)}" cy="${cy.toFixed(0)}" rx="${(w * (0.06 + rnd() * 0.1)).toFixed(0)}" ry="${(h * (0.03 + rnd() * 0.04)).toFixed(0)}" fill="#fff" opacity="${(0.5 + rnd() * 0.4).toFixed(2)}"/>`;
  }).join('');
  let city = '';
  if (o.buildings) {
    for (let x = -10; x < w; x += w * (0.05 + rnd() * 0.07)) {
      const bw = w * (0.05 + rnd() * 0.08);
      const bh = h * (0.18 + rnd() * 0.3);
      const tone = 150 + Math.floor(rnd() * 70);
      city += `<rect x="${x.toFixed(0)}" y="${(horizon - bh).toFixed(0)}" width="${bw.toFixed(0)}" height="${bh.toFixed(0)}" fill="rgb(${tone},${tone - 6},${tone - 14})"/>`;
      for (let wy = horizon - bh + 6; wy < horizon - 8; wy += 11) {
        city += `<rect x="${(x + 4).toFixed(0)}" y="${wy.toFixed(0)}" width="${(bw - 8).toFixed(0)}" height="4" fill="#6f8397" opacity="0.55"/>`;
      }
    }
  }
  return svg(
    w,
    h,
    `<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${sky[0]}"/><stop offset="1" stop-color="${sky[1]}"/></linearGradient>
     <filter id="soft"><feGaussianBlur stdDeviation="${(h / 60).toFixed(1)}"/></filter></defs>
     <rect width="${w}" height="${h}" fill="url(#sky)"/><g filter="url(#soft)">${clouds}</g>${city}
     <rect y="${horizon}" width="${w}" height="${h - horizon}" fill="#6d7f5a"/><rect y="${horizon}" width="${w}" height="${(h - horizon) * 0.25}" fill="#8a8d86"/>`,
  );
}

/** What covers part of a flag photo. */
export type Occluder = 'none' | 'person' | 'tree';

export interface FlagPhotoOptions {
  width: number;
  height: number;
  flag?: FlagName;
  seed: number;
  /** Width of the flag as a share of the picture's width (default 0.55; 0.1 for a flag far away). */
  flagShare?: number;
  /** Where the pole stands, as a share of the picture's width (default 0.2). */
  poleAt?: number;
  /** Draw the pole (default true); false for a close-up of the cloth alone. */
  pole?: boolean;
  /** Top of the flag as a share of the picture's height, negative for a flag cropped by the top (default: set by the pole). */
  flagTop?: number;
  buildings?: boolean;
  perspective?: number;
  occluder?: Occluder;
  phase?: number;
  quality?: number;
}

/** The pixels of a flag photo, for callers that add more (a caption, a frame). */
export async function flagPhotoPixels(o: FlagPhotoOptions): Promise<Rgba> {
  const rnd = random(o.seed);
  const flag = o.flag ?? 'prc';
  const img = await rasterSvg(outdoorSvg(o.width, o.height, o.seed, { buildings: o.buildings ?? false }));
  const fw = o.width * (o.flagShare ?? 0.55);
  const fh = fw * flagRatio(flag);
  const poleX = o.width * (o.poleAt ?? 0.2);
  const top = o.flagTop !== undefined ? o.flagTop * o.height : (o.pole ?? true) ? Math.max(o.height * 0.08, o.height * 0.45 - fh * 0.75) : (o.height - fh) / 2;
  const thick = Math.max(3, fw * 0.025);
  if (o.pole ?? true) paintPole(img, poleX, top - thick, o.height * 0.96, thick);
  await paintCloth(img, { flag, x: poleX - 1, y: top, width: fw, perspective: o.perspective ?? 0, phase: o.phase ?? rnd() * 6 });
  if (o.occluder === 'person') {
    paintPerson(img, poleX + fw * 0.55, top + fh * 0.55, fh / 60, [38, 44, 58]);
  } else if (o.occluder === 'tree') {
    paintTree(img, poleX + fw * 0.78, o.height * 1.02, fh * 2.2, rnd);
  }
  vignette(img, 0.22);
  grain(img, 7, rnd);
  return img;
}

/** A flag photograph (JPEG): waving cloth, by default the PRC flag on a pole against the sky. */
export async function flagPhoto(o: FlagPhotoOptions): Promise<Buffer> {
  return toJpeg(await flagPhotoPixels(o), o.quality ?? 70);
}

/** A close-up of the waving cloth filling most of the frame, no pole: the classic hero-slide flag. */
export async function wavingFlagPhoto(o: Omit<FlagPhotoOptions, 'pole' | 'flagShare' | 'poleAt'>): Promise<Buffer> {
  return flagPhoto({ ...o, pole: false, flagShare: 0.8, poleAt: 0.1 });
}

/** A small animated GIF of a waving flag (a header ornament), `frames` frames looping. */
export async function flagGif(o: { width: number; height: number; flag?: FlagName; frames?: number; background?: Colour; delayMs?: number }): Promise<Buffer> {
  const n = o.frames ?? 6;
  const out: Rgba[] = [];
  for (let i = 0; i < n; i++) {
    const img = blank(o.width, o.height, o.background ?? [255, 255, 255]);
    const thick = Math.max(2, o.width * 0.04);
    paintPole(img, thick + 2, 3, o.height, thick);
    await paintCloth(img, { flag: o.flag ?? 'prc', x: thick + 1, y: o.height * 0.1, width: o.width * 0.86, phase: (i / n) * 2 * Math.PI, amplitude: 0.08 });
    out.push(img);
  }
  return toGif(out, o.delayMs ?? 120);
}

/**
 * A bilateral meeting: two delegates behind a table, two small flags on chrome stands between them
 * (the guest's and the host's), a blue backdrop. News sites publish such photos every week.
 */
export async function summitPhoto(o: { width: number; height: number; flags: [FlagName, FlagName]; seed: number; quality?: number }): Promise<Buffer> {
  const { width: w, height: h } = o;
  const rnd = random(o.seed);
  const img = await rasterSvg(
    svg(
      w,
      h,
      `<defs><linearGradient id="wall" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#1d3f73"/><stop offset="1" stop-color="#2d5a9a"/></linearGradient></defs>
       <rect width="${w}" height="${h}" fill="url(#wall)"/>
       ${Array.from({ length: 9 }, (_, i) => `<rect x="${(i * w) / 8 - 2}" y="0" width="3" height="${h * 0.62}" fill="#16345f" opacity="0.7"/>`).join('')}
       <rect x="${w * 0.3}" y="${h * 0.07}" width="${w * 0.4}" height="${h * 0.05}" fill="#c9d6ea" opacity="0.5"/>
       <rect y="${h * 0.62}" width="${w}" height="${h * 0.38}" fill="#5b3a22"/>`,
    ),
  );
  // Two delegates, seated, their shoulders above the table edge.
  paintPerson(img, w * 0.22, h * 0.33, h / 260, [30, 33, 42], [196, 160, 128]);
  paintPerson(img, w * 0.78, h * 0.34, h / 260, [24, 28, 36], [176, 132, 100]);
  // The table with a green baize and white cloth front.
  fillRect(img, 0, h * 0.64, w, h * 0.06, [42, 96, 60]);
  fillRect(img, 0, h * 0.7, w, h * 0.3, (x, y) => {
    const k = 232 - 10 * Math.abs(Math.sin(x / 9)) - (y - h * 0.7) * 0.1;
    return [k, k, k - 4];
  });
  // Name plates.
  for (const cx of [w * 0.22, w * 0.78]) fillRect(img, cx - w * 0.06, h * 0.6, w * 0.12, h * 0.045, [245, 245, 240]);
  // The two table flags, crossed slightly on their stands in the middle.
  const fw = w * 0.1;
  const poleTop = h * 0.3;
  const base = h * 0.66;
  for (const [i, name] of o.flags.entries()) {
    const px = w * (i === 0 ? 0.455 : 0.545);
    paintPole(img, px + (i === 0 ? 0 : 2), poleTop, base, 2.5);
    await paintCloth(img, { flag: name, x: i === 0 ? px - 1 : px + 1, y: poleTop + 2, width: fw, amplitude: 0.04, waves: 1.2, phase: 1 + i, light: 0.35 });
  }
  fillEllipse(img, w * 0.5, base, w * 0.05, h * 0.015, [190, 190, 196]);
  // Flowers in front, as at every such table.
  for (let i = 0; i < 14; i++) fillEllipse(img, w * 0.5 + (rnd() - 0.5) * w * 0.12, h * 0.69 + rnd() * h * 0.04, 5, 4, rnd() < 0.5 ? [250, 240, 210] : [240, 160, 60]);
  vignette(img, 0.2);
  grain(img, 6, rnd);
  return toJpeg(img, o.quality ?? 70);
}

/** The ten ASEAN member flags on poles in a row in front of a building, as at a summit venue. */
export async function aseanFlagsPhoto(o: { width: number; height: number; seed: number; quality?: number }): Promise<Buffer> {
  const { width: w, height: h } = o;
  const rnd = random(o.seed);
  const img = await rasterSvg(outdoorSvg(w, h, o.seed, { buildings: true, horizon: 0.8 }));
  const step = w / (ASEAN.length + 0.4);
  const fw = step * 0.78;
  for (const [i, name] of ASEAN.entries()) {
    const px = step * (i + 0.45);
    paintPole(img, px, h * 0.12, h * 0.9, Math.max(2, fw * 0.04));
    await paintCloth(img, { flag: name, x: px - 1, y: h * 0.14, width: fw, amplitude: 0.07, phase: rnd() * 6, waves: 1.4 });
  }
  vignette(img, 0.2);
  grain(img, 6, rnd);
  return toJpeg(img, o.quality ?? 70);
}

/** A red, orange and yellow sunset over water with a palm and a boat: a flag's colours, no flag. */
export async function sunsetPhoto(o: { width: number; height: number; seed: number; quality?: number }): Promise<Buffer> {
  const { width: w, height: h } = o;
  const rnd = random(o.seed);
  const horizon = h * 0.62;
  const img = await rasterSvg(
    svg(
      w,
      h,
      `<defs><linearGradient id="s" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#8e1b14"/><stop offset="0.45" stop-color="#d8431b"/><stop offset="0.85" stop-color="#f6a21c"/><stop offset="1" stop-color="#ffd34d"/></linearGradient>
       <radialGradient id="sun"><stop offset="0" stop-color="#fff6b0"/><stop offset="0.35" stop-color="#ffe04a"/><stop offset="1" stop-color="#ffb300" stop-opacity="0"/></radialGradient>
       <linearGradient id="sea" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#c8561e"/><stop offset="1" stop-color="#4a1a12"/></linearGradient></defs>
       <rect width="${w}" height="${h}" fill="url(#s)"/>
       <circle cx="${w * 0.62}" cy="${horizon - h * 0.06}" r="${h * 0.22}" fill="url(#sun)"/>
       <circle cx="${w * 0.62}" cy="${horizon - h * 0.06}" r="${h * 0.075}" fill="#ffe866"/>
       <rect y="${horizon}" width="${w}" height="${h - horizon}" fill="url(#sea)"/>`,
    ),
  );
  for (let i = 0; i < 60; i++) {
    const y = horizon + 3 + rnd() * (h - horizon);
    const spread = ((y - horizon) / (h - horizon)) * w * 0.18 + 10;
    fillRect(img, w * 0.62 + (rnd() - 0.5) * spread * 2, y, 10 + rnd() * 40, 2, rnd() < 0.6 ? [255, 214, 80] : [236, 110, 40], 0.8);
  }
  // A palm on the left and a fishing boat, as silhouettes.
  fillSpan(
    img,
    h * 0.25,
    h,
    (y) => w * 0.12 + (h - y) * 0.12,
    (y) => w * 0.12 + (h - y) * 0.12 + 7,
    () => [40, 14, 10],
  );
  for (let i = 0; i < 7; i++) {
    const a = -Math.PI * 0.95 + (i / 6) * Math.PI * 0.9;
    for (let t = 0; t < 1; t += 0.02) {
      fillEllipse(
        img,
        w * 0.12 + h * 0.09 + Math.cos(a) * t * h * 0.22,
        h * 0.25 + Math.sin(a) * t * h * 0.12 + t * t * h * 0.1,
        4 * (1 - t) + 1.5,
        3 * (1 - t) + 1,
        [40, 14, 10],
      );
    }
  }
  fillSpan(
    img,
    horizon + h * 0.06,
    horizon + h * 0.09,
    (y) => w * 0.3 + (y - horizon - h * 0.06) * 1.5,
    (y) => w * 0.42 - (y - horizon - h * 0.06) * 1.5,
    () => [30, 10, 8],
  );
  vignette(img, 0.25);
  grain(img, 6, rnd);
  return toJpeg(img, o.quality ?? 70);
}

/** A crowd at a public event: rows of people, smaller towards the back, in varied clothing. */
export async function crowdPhoto(o: { width: number; height: number; seed: number; quality?: number }): Promise<Buffer> {
  const { width: w, height: h } = o;
  const rnd = random(o.seed);
  const img = await rasterSvg(outdoorSvg(w, h, o.seed, { buildings: true, horizon: 0.5 }));
  const cloth: Colour[] = [
    [200, 40, 40],
    [240, 240, 235],
    [40, 70, 140],
    [230, 190, 40],
    [60, 120, 70],
    [120, 120, 125],
    [30, 30, 35],
    [220, 120, 150],
  ];
  const skin: Colour[] = [
    [200, 160, 125],
    [170, 125, 95],
    [140, 100, 75],
    [215, 180, 145],
  ];
  for (let row = 0; row < 6; row++) {
    const scale = (h / 300) * (0.45 + row * 0.16);
    const y = h * (0.42 + row * 0.1);
    for (let x = -20 + rnd() * 30; x < w + 20; x += 44 * scale + rnd() * 10) {
      paintPerson(img, x, y + rnd() * 6, scale, cloth[Math.floor(rnd() * cloth.length)]!, skin[Math.floor(rnd() * skin.length)]);
    }
  }
  vignette(img, 0.2);
  grain(img, 7, rnd);
  return toJpeg(img, o.quality ?? 70);
}

/** A provincial hospital building: white blocks, rows of windows, a red cross sign, trees in front. */
export async function hospitalPhoto(o: { width: number; height: number; seed: number; quality?: number }): Promise<Buffer> {
  const { width: w, height: h } = o;
  const rnd = random(o.seed);
  const img = await rasterSvg(outdoorSvg(w, h, o.seed, { horizon: 0.82 }));
  const blocks: [number, number, number][] = [
    [0.08, 0.3, 0.5],
    [0.34, 0.2, 0.36],
    [0.66, 0.28, 0.44],
  ];
  for (const [x0, top, bw] of blocks) {
    const bx = w * x0;
    const by = h * top;
    const width = w * bw * 0.62;
    fillRect(img, bx, by, width, h * 0.82 - by, (x) => {
      const k = 236 - ((x - bx) / width) * 24;
      return [k, k, k - 6];
    });
    for (let wy = by + 10; wy < h * 0.76; wy += h * 0.07) {
      for (let wx = bx + 8; wx < bx + width - 16; wx += w * 0.035) fillRect(img, wx, wy, w * 0.022, h * 0.04, [96, 140, 178]);
    }
  }
  // The red cross on the middle block.
  const cx = w * 0.34 + w * 0.36 * 0.31;
  const cy = h * 0.13;
  fillRect(img, cx - w * 0.04, cy - h * 0.07, w * 0.08, h * 0.14, [255, 255, 255]);
  fillRect(img, cx - w * 0.01, cy - h * 0.055, w * 0.02, h * 0.11, [214, 30, 40]);
  fillRect(img, cx - w * 0.03, cy - h * 0.018, w * 0.06, h * 0.036, [214, 30, 40]);
  for (let i = 0; i < 7; i++) paintTree(img, w * (0.05 + i * 0.15 + rnd() * 0.04), h * 1.0, h * (0.3 + rnd() * 0.12), rnd);
  vignette(img, 0.2);
  grain(img, 6, rnd);
  return toJpeg(img, o.quality ?? 70);
}
