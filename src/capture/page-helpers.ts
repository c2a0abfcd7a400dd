/**
 * Helpers shared by the page scripts. A page script is sent to the browser as its source text
 * alone, so it cannot import; the isolated world declares these before every script it runs
 * (PAGE_HELPERS_SOURCE) and scripts call them under the global names declared below.
 */

/** An element's box in viewport pixels, edges only. */
export interface ViewportRect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * What is left of an element's box once every ancestor whose `overflow` is not `visible` clipped
 * it: a picture on a carousel slide scrolled out of its strip comes out empty. Runs in the page.
 */
function clippedRect(el: Element): ViewportRect {
  let { left, top, right, bottom } = el.getBoundingClientRect();
  const root = document.documentElement;
  for (let node = el.parentElement; node && node !== root && node !== document.body; node = node.parentElement) {
    const style = getComputedStyle(node);
    if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
    const clip = node.getBoundingClientRect();
    if (style.overflowX !== 'visible') {
      left = Math.max(left, clip.left);
      right = Math.min(right, clip.right);
    }
    if (style.overflowY !== 'visible') {
      top = Math.max(top, clip.top);
      bottom = Math.min(bottom, clip.bottom);
    }
  }
  return { left, top, right, bottom };
}

/**
 * Whether a picture element shows on a screenshot `width` wide and `height` high: rendered, not
 * transparent or hidden, at least 8x8 px once clipped, and on the captured part of the page. Runs
 * in the page; it calls clippedRect under its page name.
 */
function shownOnScreenshot(el: Element, width: number, height: number): boolean {
  if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
  const { left, top, right, bottom } = pageClippedRect(el);
  return (
    right - left >= 8 &&
    bottom - top >= 8 &&
    right + window.scrollX > 0 &&
    bottom + window.scrollY > 0 &&
    left + window.scrollX < width &&
    top + window.scrollY < height
  );
}

declare global {
  /** clippedRect, as page scripts see it (declared by PAGE_HELPERS_SOURCE). */
  const pageClippedRect: typeof clippedRect;
  /** shownOnScreenshot, as page scripts see it (declared by PAGE_HELPERS_SOURCE). */
  const pageShownOnScreenshot: typeof shownOnScreenshot;
}

/** Declarations put in front of every page script's body. */
export const PAGE_HELPERS_SOURCE = `const pageClippedRect = ${clippedRect.toString()}; const pageShownOnScreenshot = ${shownOnScreenshot.toString()};`;
