import type { CDPSession } from 'playwright-core';
import type { Viewport } from '../core/types.js';

/**
 * A full-page PNG of the top `height` CSS pixels, `width` wide, at scale 1.
 *
 * Straight through the DevTools protocol rather than `page.screenshot`: `optimizeForSpeed` makes
 * Chromium's PNG encoder ~3x cheaper (0.4 s instead of 1.1–1.3 s a full page, docs/performance.md) and
 * is still lossless, and `captureBeyondViewport` renders the page below the fold without resizing
 * the viewport, so `100vh` elements keep their height. The bytes are deterministic for the same
 * pixels, which the baseline store relies on to skip decoding unchanged pages.
 */
export async function captureScreenshot(cdp: CDPSession, width: number, height: number): Promise<Buffer> {
  const { data } = await cdp.send('Page.captureScreenshot', {
    format: 'png',
    optimizeForSpeed: true,
    captureBeyondViewport: true,
    clip: { x: 0, y: 0, width, height, scale: 1 },
  });
  return Buffer.from(data, 'base64');
}

/** Width and height from a PNG's IHDR chunk (PNG spec §11.2.2), without decoding it. */
export function pngSize(png: Buffer): Viewport {
  if (png.length < 24 || png.toString('latin1', 12, 16) !== 'IHDR') throw new Error('not a PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
