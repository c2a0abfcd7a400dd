/**
 * Blocks found in several pictures, cut out and stacked into one image with white rows between them:
 * OCR then reads them all in one call a language pass (one process start and one load of its
 * models, 0.1–0.3 s each) instead of one call a picture.
 */
import type { RawImage } from '../core/types.js';
import type { TextBlock } from './text-blocks.js';

/** White rows above, between and below the parts. */
const GAP = 16;

export interface BlockStack {
  image: RawImage;
  /** Each part's block, moved to where it sits in the stack, in input order. */
  blocks: TextBlock[];
}

/** Stacks each part's block (whole pixels inside its image, as findTextBlocks gives them) top to bottom. */
export function stackBlocks(parts: readonly { image: RawImage; block: TextBlock }[]): BlockStack {
  const width = Math.max(1, ...parts.map((p) => p.block.box.width));
  const height = parts.reduce((n, p) => n + p.block.box.height + GAP, GAP);
  const data = new Uint8Array(width * height * 4).fill(255);
  const blocks: TextBlock[] = [];
  let top = GAP;
  for (const { image, block } of parts) {
    const { x, y, width: w, height: h } = block.box;
    for (let row = 0; row < h; row++) {
      const from = ((y + row) * image.width + x) * 4;
      data.set(image.data.subarray(from, from + w * 4), (top + row) * width * 4);
    }
    blocks.push({ ...block, box: { x: 0, y: top, width: w, height: h } });
    top += h + GAP;
  }
  return { image: { width, height, data }, blocks };
}
