/**
 * Where a flag sits on the page, and whether that place is prominent. A defacer puts a flag where
 * every visitor looks — the header or logo area, the hero picture, a carousel slide, a large share
 * of the first screen — and a flag that newly takes such a place is a defacement on its own. A flag
 * in an article (a summit photograph beside the host's flag) is news, and two flags side by side
 * anywhere are diplomacy.
 *
 * The place comes from the capture's record of where each picture is shown (its element's role and
 * box, capture/images.ts) when there is one, else from the flag's box on the screenshot.
 */
import type { Box, Capture, CapturedImage, ImagePlace, ImageRole } from '../../core/types.js';

/** A place: the role of the picture's element, or `first-screen` for a large flag seen on it. */
export type FlagPlace = ImageRole | 'first-screen';

/** Places where a new foreign flag is a defacement on its own. */
export const PROMINENT_PLACES: ReadonlySet<FlagPlace> = new Set<FlagPlace>(['header', 'carousel-slide', 'hero', 'first-screen']);

/** A flag covering this share of the first screen (or more) takes a large share of it. */
export const FIRST_SCREEN_SHARE = 0.08;
/** Smaller flags (pixels high) are icons (a language picker), prominent nowhere. */
export const MIN_PROMINENT_HEIGHT = 36;
/** Rows from the top of the page taken as the header when no element says so. */
export const HEADER_ROWS = 140;

/** Words for a summary: "PRC flag in the header …". */
export const PLACE_WORDS: Readonly<Record<FlagPlace, string>> = {
  header: 'in the header',
  'carousel-slide': 'on a carousel slide',
  hero: 'in the hero picture',
  'first-screen': 'on the first screen',
  article: 'in an article',
  content: '',
};

function intersection(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w <= 0 || h <= 0 ? 0 : w * h;
}

/** Whether a box of that size and position takes a large share of the first screen. */
function onFirstScreen(box: Box, viewport: { width: number; height: number }): boolean {
  const share = (box.width * box.height) / Math.max(1, viewport.width * viewport.height);
  return box.y < viewport.height && share >= FIRST_SCREEN_SHARE;
}

/** A picture of the capture with the place it is shown at. */
export type PlacedImage = CapturedImage & { place: ImagePlace };

/** The smallest picture of the capture whose element holds most of `box`. */
export function pictureAt(box: Box, capture: Capture): PlacedImage | undefined {
  let best: PlacedImage | undefined;
  for (const image of capture.images ?? []) {
    const p = image.place;
    if (!p || p.box.width * p.box.height === 0) continue;
    if (intersection(p.box, box) < 0.5 * box.width * box.height) continue;
    if (!best || p.box.width * p.box.height < best.place.box.width * best.place.box.height) best = { ...image, place: p };
  }
  return best;
}

/**
 * The place of a flag seen at `box` on the current screenshot: the role of the smallest picture
 * whose element holds most of it, else `header` for a flag in the top rows, `first-screen` for a
 * large one on the first screen, `content` otherwise.
 */
export function placeOnScreen(box: Box, capture: Capture): FlagPlace {
  const best = pictureAt(box, capture)?.place;
  if (best && best.role !== 'content') return best.role;
  if (box.y + box.height <= HEADER_ROWS) return 'header';
  return onFirstScreen(box, capture.viewport) ? 'first-screen' : 'content';
}

/** The place of a flag inside a picture the page loads (ChangedImage.place), or `content` when unknown. */
export function placeOfImage(place: ImagePlace | undefined, viewport: { width: number; height: number }): FlagPlace {
  if (!place) return 'content';
  if (place.role !== 'content') return place.role;
  return onFirstScreen(place.box, viewport) ? 'first-screen' : 'content';
}

/** A flag filling this share of its picture (or more) is the picture's subject, not a detail of it. */
export const SUBJECT_FILL = 0.4;

/**
 * Whether the flag seen at `box` is its picture's subject: it fills SUBJECT_FILL of the smallest
 * picture holding it, or takes a large share of the first screen (a picture overwritten with a flag,
 * not a flag seen in a news photo).
 */
export function flagIsSubject(box: Box, capture: Capture): boolean {
  if (onFirstScreen(box, capture.viewport)) return true;
  const picture = pictureAt(box, capture)?.place.box;
  return picture !== undefined && intersection(picture, box) >= SUBJECT_FILL * picture.width * picture.height;
}

/**
 * Whether another flag of a different country is beside `box`: about as tall, level with it, and
 * no farther than two of its widths. Two national flags side by side are a meeting of two states.
 */
export function besideAnotherFlag(box: Box, id: string, others: readonly { box: Box; id: string }[]): boolean {
  return others.some((o) => {
    if (o.id === id) return false;
    const ratio = o.box.height / Math.max(1, box.height);
    const level = Math.abs(o.box.y + o.box.height / 2 - (box.y + box.height / 2)) < box.height;
    const gap = Math.max(o.box.x - (box.x + box.width), box.x - (o.box.x + o.box.width));
    return ratio > 0.5 && ratio < 2 && level && gap < 2 * box.width;
  });
}
