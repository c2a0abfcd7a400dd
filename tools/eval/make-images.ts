#!/usr/bin/env node
import { mkdir, writeFile } from 'node:fs/promises';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { IMAGES } from './images/catalogue.js';

/**
 * Regenerates every image of the evaluation corpus from `images/catalogue.ts` (SVG drawn in code,
 * rasterised by sharp) into the corpus folder. The images are committed; run this only after changing
 * the catalogue: `npm run build:tools && node dist-tools/tools/eval/make-images.js [test/corpus]
 * [path-prefix…]`; with prefixes (e.g. `ministry-vn/`) only the images under them are written, so
 * other sites' files stay untouched.
 */

export type ImageFormat = { kind: 'png' } | { kind: 'jpeg'; quality: number };

/** Rasterises SVG text to PNG or JPEG bytes. */
export async function rasterise(svgText: string, format: ImageFormat): Promise<Buffer> {
  const image = sharp(Buffer.from(svgText), { density: 72 });
  if (format.kind === 'png') return image.png({ compressionLevel: 9, palette: true, quality: 90 }).toBuffer();
  return image.flatten({ background: '#ffffff' }).jpeg({ quality: format.quality, mozjpeg: true }).toBuffer();
}

/** Decodes an image and encodes it again: same picture, different bytes (a CMS re-compressing uploads). */
export async function reencode(bytes: Buffer, format: ImageFormat): Promise<Buffer> {
  const image = sharp(bytes);
  if (format.kind === 'png') return image.png({ compressionLevel: 6 }).toBuffer();
  return image.jpeg({ quality: format.quality, mozjpeg: false }).toBuffer();
}

async function main(): Promise<void> {
  const root = path.resolve(process.argv[2] ?? 'test/corpus');
  const prefixes = process.argv.slice(3);
  const chosen = Object.entries(IMAGES).filter(([file]) => prefixes.length === 0 || prefixes.some((p) => file.startsWith(p)));
  let bytes = 0;
  for (const [file, spec] of chosen) {
    const out = path.join(root, file);
    const ext = path.extname(file).toLowerCase();
    const format: ImageFormat = ext === '.png' ? { kind: 'png' } : { kind: 'jpeg', quality: ('quality' in spec ? spec.quality : undefined) ?? 72 };
    const data =
      'bytes' in spec
        ? await spec.bytes()
        : 'reencode' in spec
          ? await reencode(await readFile(path.join(root, spec.reencode)), format)
          : await rasterise(spec.svg(), format);
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, data);
    bytes += data.length;
  }
  process.stderr.write(`${chosen.length} images, ${(bytes / 1024).toFixed(0)} KiB, written under ${root}\n`);
}

await main();
