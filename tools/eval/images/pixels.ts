import sharp, { type Sharp } from 'sharp';

/**
 * A small RGBA canvas for photo-like corpus pictures: flat artwork is rasterised by sharp from SVG,
 * then bent, shaded, covered and grained here pixel by pixel, and encoded by sharp again.
 */

export interface Rgba {
  width: number;
  height: number;
  /** width × height × 4 bytes, row by row. */
  data: Uint8ClampedArray;
}

export type Colour = readonly [number, number, number];

export function blank(width: number, height: number, fill: Colour = [255, 255, 255]): Rgba {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < data.length; i += 4) {
    data[i] = fill[0];
    data[i + 1] = fill[1];
    data[i + 2] = fill[2];
    data[i + 3] = 255;
  }
  return { width, height, data };
}

/** Rasterises SVG text at its own size into RGBA pixels. */
export async function rasterSvg(svgText: string): Promise<Rgba> {
  const { data, info } = await sharp(Buffer.from(svgText), { density: 72 }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length) };
}

/** Paints colour `c` over pixel (x, y) with opacity `a` (0–1). Out-of-bounds pixels are ignored. */
export function blend(img: Rgba, x: number, y: number, c: Colour, a: number): void {
  if (x < 0 || y < 0 || x >= img.width || y >= img.height || a <= 0) return;
  const i = (y * img.width + x) * 4;
  const k = Math.min(1, a);
  const d = img.data;
  d[i] = d[i]! + (c[0] - d[i]!) * k;
  d[i + 1] = d[i + 1]! + (c[1] - d[i + 1]!) * k;
  d[i + 2] = d[i + 2]! + (c[2] - d[i + 2]!) * k;
}

/** Bilinear sample of `img` at fractional pixel coordinates; alpha is returned 0–1. */
export function sample(img: Rgba, x: number, y: number): [number, number, number, number] {
  const x0 = Math.max(0, Math.min(img.width - 1, Math.floor(x)));
  const y0 = Math.max(0, Math.min(img.height - 1, Math.floor(y)));
  const x1 = Math.min(img.width - 1, x0 + 1);
  const y1 = Math.min(img.height - 1, y0 + 1);
  const fx = Math.max(0, Math.min(1, x - x0));
  const fy = Math.max(0, Math.min(1, y - y0));
  const out: [number, number, number, number] = [0, 0, 0, 0];
  const d = img.data;
  for (let c = 0; c < 4; c++) {
    const a = d[(y0 * img.width + x0) * 4 + c]!;
    const b = d[(y0 * img.width + x1) * 4 + c]!;
    const e = d[(y1 * img.width + x0) * 4 + c]!;
    const f = d[(y1 * img.width + x1) * 4 + c]!;
    out[c] = (a * (1 - fx) + b * fx) * (1 - fy) + (e * (1 - fx) + f * fx) * fy;
  }
  out[3] /= 255;
  return out;
}

/** Fills an axis-aligned ellipse, anti-aliased on its edge. */
export function fillEllipse(img: Rgba, cx: number, cy: number, rx: number, ry: number, c: Colour, alpha = 1): void {
  for (let y = Math.floor(cy - ry - 1); y <= Math.ceil(cy + ry + 1); y++) {
    for (let x = Math.floor(cx - rx - 1); x <= Math.ceil(cx + rx + 1); x++) {
      const d = Math.hypot((x + 0.5 - cx) / rx, (y + 0.5 - cy) / ry);
      const edge = Math.min(rx, ry) * (1 - d);
      if (edge > -1) blend(img, x, y, c, alpha * Math.min(1, edge + 0.5));
    }
  }
}

/** Fills a quadrilateral-ish shape: for each row y in [top, bottom], the span from left(y) to right(y). */
export function fillSpan(
  img: Rgba,
  top: number,
  bottom: number,
  left: (y: number) => number,
  right: (y: number) => number,
  colour: (x: number, y: number) => Colour,
  alpha = 1,
): void {
  for (let y = Math.floor(top); y < Math.ceil(bottom); y++) {
    const cover = Math.min(1, y + 1 - top, bottom - y);
    const l = left(y + 0.5);
    const r = right(y + 0.5);
    for (let x = Math.floor(l); x < Math.ceil(r); x++) {
      const a = Math.min(1, x + 1 - l, r - x) * cover;
      blend(img, x, y, colour(x, y), alpha * a);
    }
  }
}

export function fillRect(img: Rgba, x: number, y: number, w: number, h: number, c: Colour | ((x: number, y: number) => Colour), alpha = 1): void {
  const colour = typeof c === 'function' ? c : () => c;
  fillSpan(
    img,
    y,
    y + h,
    () => x,
    () => x + w,
    colour,
    alpha,
  );
}

/** Photographic grain: small per-pixel luminance noise, deterministic for a seed. */
export function grain(img: Rgba, amount: number, rnd: () => number): void {
  const d = img.data;
  for (let i = 0; i < d.length; i += 4) {
    const n = (rnd() - 0.5) * 2 * amount;
    d[i] = d[i]! + n;
    d[i + 1] = d[i + 1]! + n;
    d[i + 2] = d[i + 2]! + n;
  }
}

/** Multiplies brightness towards the corners, like a real lens. */
export function vignette(img: Rgba, strength: number): void {
  const { width: w, height: h, data: d } = img;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const r = Math.hypot((x - w / 2) / (w / 2), (y - h / 2) / (h / 2)) / Math.SQRT2;
      const k = 1 - strength * r * r;
      const i = (y * w + x) * 4;
      d[i] = d[i]! * k;
      d[i + 1] = d[i + 1]! * k;
      d[i + 2] = d[i + 2]! * k;
    }
  }
}

/** Copies `src` onto `dst` at (x, y), honouring its alpha. */
export function paste(dst: Rgba, src: Rgba, x: number, y: number): void {
  for (let j = 0; j < src.height; j++) {
    for (let i = 0; i < src.width; i++) {
      const k = (j * src.width + i) * 4;
      blend(dst, x + i, y + j, [src.data[k]!, src.data[k + 1]!, src.data[k + 2]!], src.data[k + 3]! / 255);
    }
  }
}

function rawInput(img: Rgba): Sharp {
  return sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.length), { raw: { width: img.width, height: img.height, channels: 4 } });
}

/** Encodes as JPEG after a slight lens blur; quality ~70 keeps the corpus small. */
export async function toJpeg(img: Rgba, quality = 70, blur = 0.5): Promise<Buffer> {
  const pipeline = rawInput(img).removeAlpha();
  return (blur >= 0.3 ? pipeline.blur(blur) : pipeline).jpeg({ quality, mozjpeg: true }).toBuffer();
}

export async function toPng(img: Rgba): Promise<Buffer> {
  return rawInput(img).png({ compressionLevel: 9, palette: true, quality: 85 }).toBuffer();
}

/** An endlessly looping animated GIF from frames of the same size, `delayMs` each. */
export async function toGif(frames: readonly Rgba[], delayMs: number): Promise<Buffer> {
  const first = frames[0];
  if (!first) throw new Error('toGif: no frames');
  const all = new Uint8ClampedArray(first.width * first.height * 4 * frames.length);
  frames.forEach((f, i) => all.set(f.data, i * f.data.length));
  return sharp(Buffer.from(all.buffer), { raw: { width: first.width, height: first.height * frames.length, channels: 4, pageHeight: first.height } })
    .gif({ loop: 0, delay: frames.map(() => delayMs), colours: 64, effort: 7 })
    .toBuffer();
}
