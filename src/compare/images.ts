/**
 * Images a page loads (or draws) now that its baseline did not: hashes the capture recorded that the
 * baseline does not have, decoded for the image detectors (which do no decoding of their own).
 */
import sharp from 'sharp';
import type { Capture, CapturedImage, ChangedImage, RawImage } from '../core/types.js';

/** Bounds on decoding: what an attacker-controlled page can make a check spend. */
export interface ChangedImageLimits {
  /** Images decoded at most, first ones by URL. */
  maxImages: number;
  /** Smaller images are skipped: no flag or slogan worth finding fits. */
  minWidth: number;
  minHeight: number;
  /** Larger images are refused before decoding (sharp's `limitInputPixels`). */
  maxInputPixels: number;
  /** Larger images are scaled down to this many pixels on their long side. */
  maxSide: number;
  /** Frames of an animation read at most (the first ones), and distinct ones kept at most; default 24 and 6. */
  maxFramesRead?: number;
  maxFramesKept?: number;
}

export const CHANGED_IMAGE_LIMITS: Readonly<ChangedImageLimits> = {
  maxImages: 24,
  minWidth: 24,
  minHeight: 16,
  maxInputPixels: 40_000_000,
  maxSide: 1_600,
  maxFramesRead: 24,
  maxFramesKept: 6,
};

/** Raster formats decoded; vector (SVG) and anything else are skipped. */
const FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'avif', 'heif', 'tiff']);

/**
 * The current capture's images whose bytes the baseline never loaded, decoded to RGBA. Empty when
 * either capture predates image recording or the bodies are not at hand (a capture read from
 * disk). The same bytes under two URLs are decoded once; an image that fails to decode is skipped.
 */
export async function decodeChangedImages(baseline: Capture, current: Capture, limits: ChangedImageLimits = CHANGED_IMAGE_LIMITS): Promise<ChangedImage[]> {
  const bodies = current.imageBodies;
  if (!baseline.images || !current.images || !bodies || bodies.size === 0) return [];
  const known = new Set(baseline.images.map((i) => i.sha256));
  const volatile = volatileDrawings(baseline.images);
  const seen = new Set<string>();
  const candidates = current.images.filter((i) => {
    if (known.has(i.sha256) || volatile.has(i.url) || seen.has(i.sha256) || !bodies.has(i.sha256)) return false;
    seen.add(i.sha256);
    return true;
  });
  const out: ChangedImage[] = [];
  for (const candidate of candidates.slice(0, limits.maxImages)) {
    const decoded = await decodeFrames(bodies.get(candidate.sha256) as Uint8Array, limits);
    const [image, ...frames] = decoded ?? [];
    if (!image) continue;
    out.push({
      url: candidate.url,
      sha256: candidate.sha256,
      ...(candidate.shown === undefined ? {} : { shown: candidate.shown }),
      ...(candidate.place ? { place: candidate.place } : {}),
      image,
      ...(frames.length > 0 ? { frames } : {}),
    });
  }
  return out;
}

/** Synthetic URLs the capture records drawings under (capture/drawings.ts): `canvas:…`, `svg:…`. */
const DRAWING_URL = /^(?:canvas|svg):/u;

/**
 * Drawings (by their element's URL) that came out differently in the baseline's samples: a clock
 * or a live chart on a canvas. The baseline keeps every sample's image hashes, so such an element
 * has two or more; whatever it shows at a check is its own motion, not a new picture. Loaded
 * images are not treated so: a server rotating pictures under one URL still sends each one's bytes.
 */
function volatileDrawings(images: readonly CapturedImage[]): Set<string> {
  const hashes = new Map<string, string>();
  const volatile = new Set<string>();
  for (const image of images) {
    if (!DRAWING_URL.test(image.url)) continue;
    const first = hashes.get(image.url);
    if (first === undefined) hashes.set(image.url, image.sha256);
    else if (first !== image.sha256) volatile.add(image.url);
  }
  return volatile;
}

/** An image file as RGBA (first frame of an animation), or null when it is not worth or fit to decode. */
export async function decodeImage(body: Uint8Array, limits: ChangedImageLimits = CHANGED_IMAGE_LIMITS): Promise<RawImage | null> {
  return decodeFrame(body, limits, 0);
}

/** Mean absolute difference over a sparse sample of pixels above which two frames differ. */
const FRAME_DIFFERENCE = 6;

function framesDiffer(a: RawImage, b: RawImage): boolean {
  if (a.width !== b.width || a.height !== b.height) return true;
  let sum = 0;
  let n = 0;
  // Every 7th pixel, channels R G B: enough to tell a new picture from the same one.
  for (let o = 0; o < a.data.length; o += 28) {
    sum +=
      Math.abs((a.data[o] as number) - (b.data[o] as number)) +
      Math.abs((a.data[o + 1] as number) - (b.data[o + 1] as number)) +
      Math.abs((a.data[o + 2] as number) - (b.data[o + 2] as number));
    n += 3;
  }
  return n > 0 && sum / n > FRAME_DIFFERENCE;
}

/**
 * An image file's frames as RGBA: the first, then later ones of an animated GIF or WebP that differ
 * from every frame kept before (a GIF that opens on a blank or logo frame and then shows a flag is
 * seen whole; a browser plays it). Null when it is not worth or fit to decode.
 */
export async function decodeFrames(body: Uint8Array, limits: ChangedImageLimits = CHANGED_IMAGE_LIMITS): Promise<RawImage[] | null> {
  const first = await decodeFrame(body, limits, 0);
  if (!first) return null;
  let pages = 1;
  try {
    pages = (await sharp(body, { limitInputPixels: limits.maxInputPixels, failOn: 'none' }).metadata()).pages ?? 1;
  } catch {
    // The first frame decoded; a file whose frame count cannot be read is judged by that frame alone.
    return [first];
  }
  const kept = [first];
  const read = Math.min(pages, limits.maxFramesRead ?? 24);
  for (let page = 1; page < read && kept.length < (limits.maxFramesKept ?? 6); page++) {
    const frame = await decodeFrame(body, limits, page);
    if (frame && kept.every((k) => framesDiffer(k, frame))) kept.push(frame);
  }
  return kept;
}

async function decodeFrame(body: Uint8Array, limits: ChangedImageLimits, page: number): Promise<RawImage | null> {
  try {
    const input = sharp(body, { limitInputPixels: limits.maxInputPixels, failOn: 'none', animated: false, page });
    const meta = await input.metadata();
    if (!meta.format || !FORMATS.has(meta.format)) return null;
    if ((meta.width ?? 0) < limits.minWidth || (meta.height ?? 0) < limits.minHeight) return null;
    const { data, info } = await input
      .rotate() // EXIF orientation: the picture as a browser shows it
      .resize({ width: limits.maxSide, height: limits.maxSide, fit: 'inside', withoutEnlargement: true })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const aligned = data.byteOffset % 4 === 0 ? data : new Uint8Array(data);
    return { width: info.width, height: info.height, data: aligned };
  } catch {
    // A picture sharp cannot decode (truncated, a format it lacks) is not fit to decode: null, as documented.
    return null;
  }
}
