/**
 * PNG in and out of raw RGBA, through sharp. Decoding costs more than diffing (docs/performance.md), so a
 * comparison decodes each screenshot once and encodes only the evidence image.
 */
import sharp from 'sharp';
import type { RawImage, Viewport } from '../core/types.js';

/** The 8-byte PNG signature (PNG spec §5.2). */
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;

/**
 * Width and height from a PNG's IHDR chunk without decoding it, or null when the bytes are not a PNG.
 * PNG spec §11.2.2: IHDR is the first chunk; width and height are big-endian at bytes 16 and 20.
 */
export function pngSize(png: Uint8Array): Viewport | null {
  if (png.length < 24) return null;
  for (let i = 0; i < PNG_SIGNATURE.length; i++) if (png[i] !== PNG_SIGNATURE[i]) return null;
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/**
 * Decodes a PNG (or any format sharp reads) into tightly packed RGBA. The returned data starts on a
 * 4-byte boundary so it can be viewed as 32-bit words.
 */
export async function decodePng(png: Buffer): Promise<RawImage> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const aligned = data.byteOffset % 4 === 0 ? data : new Uint8Array(data);
  return { width: info.width, height: info.height, data: aligned };
}

/** Encodes raw RGBA as PNG with fast settings: evidence images are written often and read rarely. */
export async function encodePng(image: RawImage): Promise<Buffer> {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 4 } })
    .png({ compressionLevel: 1, adaptiveFiltering: false })
    .toBuffer();
}

/** Raw RGBA pixels as 32-bit words (one per pixel); the data must start on a 4-byte boundary. */
export function pixelWords(image: RawImage): Uint32Array {
  const { data } = image;
  if (data.byteOffset % 4 !== 0) return new Uint32Array(new Uint8Array(data).buffer, 0, image.width * image.height);
  return new Uint32Array(data.buffer, data.byteOffset, image.width * image.height);
}
