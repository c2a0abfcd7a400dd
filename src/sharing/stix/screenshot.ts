/**
 * From a defaced screenshot (PNG bytes) to what the STIX and MISP exports need: the perceptual hash
 * of its first screen and, when asked, that first screen encoded small enough to attach. The one
 * part of the sharing path that decodes a picture; the mappings themselves stay pure.
 */
import sharp from 'sharp';
import { decodePng } from '../../compare/png.js';
import { FIRST_SCREEN_HEIGHT, firstScreenHash } from '../../compare/perceptual-hash.js';
import { MAX_ATTACHMENT_BYTES, type ScreenshotFacts } from './context.js';

/** Options of describeScreenshot. */
export interface DescribeScreenshotOptions {
  /** Also encode the first screen to attach (`sharing.includeScreenshot`). */
  attach?: boolean;
  /** Largest attachment in bytes; default MAX_ATTACHMENT_BYTES. */
  maxBytes?: number;
}

/** JPEG settings tried in turn until the first screen fits: full width first, then narrower and coarser. */
const ENCODINGS = [
  { width: undefined, quality: 75 },
  { width: 1024, quality: 60 },
  { width: 800, quality: 45 },
] as const;

/**
 * The first-screen hash of a screenshot and, with `attach`, its first screen (top 768 px) as a JPEG
 * under `maxBytes` (omitted when even the smallest encoding is larger). Rejects when the bytes are
 * not a picture sharp can read.
 */
export async function describeScreenshot(png: Uint8Array, options: DescribeScreenshotOptions = {}): Promise<ScreenshotFacts> {
  const bytes = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  const image = await decodePng(bytes);
  const phash = firstScreenHash(image);
  const facts: ScreenshotFacts = phash === null ? {} : { phash };
  if (options.attach !== true) return facts;
  const maxBytes = options.maxBytes ?? MAX_ATTACHMENT_BYTES;
  const height = Math.min(FIRST_SCREEN_HEIGHT, image.height);
  for (const encoding of ENCODINGS) {
    let pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 4 } })
      .extract({ left: 0, top: 0, width: image.width, height })
      .flatten({ background: '#ffffff' });
    if (encoding.width !== undefined && image.width > encoding.width) pipeline = pipeline.resize({ width: encoding.width });
    const data = await pipeline.jpeg({ quality: encoding.quality, mozjpeg: true }).toBuffer();
    if (data.length <= maxBytes) return { ...facts, image: { data: new Uint8Array(data), mimeType: 'image/jpeg' } };
  }
  return facts;
}
