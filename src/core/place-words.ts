/**
 * Where something is on a page, in the words a person uses: "at the top of the page", "on the first
 * screen on the right", "near the bottom of the page". Sentences for people (verdict reasons, signal
 * summaries, alert captions) say this instead of pixel coordinates; the exact boxes stay in the
 * signals' evidence, for machines. Pure.
 */
import type { Box, Capture } from './types.js';

/** The page a box is on: its size and, when known, the height of its first screen (the viewport). */
export interface PageFrame {
  width: number;
  height: number;
  /** The first screen's height; unknown for a picture seen without its capture. */
  screenHeight?: number;
}

/** Rows from the top of a page that are its top: the header, a top banner. */
export const TOP_ROWS = 140;
/** A box at least this share of the page's width and height covers the whole page. */
const WHOLE_SHARE = 0.9;
/** A box narrower than this share of the page's width sits on one side or in the middle. */
const SIDE_SHARE = 0.5;

/** The frame of a capture's screenshot. */
export function pageFrameOf(capture: Pick<Capture, 'screenshotSize' | 'viewport'>): PageFrame {
  return { width: capture.screenshotSize.width, height: capture.screenshotSize.height, screenHeight: capture.viewport.height };
}

/**
 * Where `box` is on `page`, e.g. "at the top of the page", "on the first screen on the left", "in
 * the middle of the page", "near the bottom of the page", "across the whole page".
 */
export function whereOnPage(box: Box, page: PageFrame): string {
  const width = Math.max(1, page.width);
  const height = Math.max(1, page.height);
  if (box.width >= WHOLE_SHARE * width && box.height >= WHOLE_SHARE * height) return 'across the whole page';
  const side = sideWords(box, width);
  return side === '' ? heightWords(box, page, height) : `${heightWords(box, page, height)} ${side}`;
}

function heightWords(box: Box, page: PageFrame, height: number): string {
  if (box.y < TOP_ROWS) return 'at the top of the page';
  if (page.screenHeight !== undefined && box.y < page.screenHeight) return 'on the first screen';
  const middle = (box.y + box.height / 2) / height;
  if (middle < 1 / 3) return 'in the upper part of the page';
  if (middle < 2 / 3) return 'in the middle of the page';
  return 'near the bottom of the page';
}

function sideWords(box: Box, width: number): string {
  if (box.width >= SIDE_SHARE * width) return '';
  const middle = (box.x + box.width / 2) / width;
  if (middle < 1 / 3) return 'on the left';
  if (middle > 2 / 3) return 'on the right';
  return '';
}
