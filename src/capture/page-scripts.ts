/**
 * Functions that run inside the page, in the capture's isolated world (isolated-world.ts), where
 * timers and `performance.now` are real although the page's own clock is paused. Each must be
 * self-contained: only its source text is sent, so nothing from the enclosing module is in scope.
 */

import type { Box } from '../core/types.js';
import type { SlideTextLimits } from './slide-text.js';

export interface DomQuietArgs {
  /** The DOM counts as settled after this long without a mutation. */
  quietMs: number;
  /** Give up after this many ms from now. */
  maxMs: number;
}

export interface DomQuietResult {
  /** False when maxMs ran out before the DOM was quiet for quietMs. */
  quiet: boolean;
  /** Mutations seen while waiting. */
  mutations: number;
}

/** Resolves once the document has gone `quietMs` without a mutation, or `maxMs` ran out. */
export function waitForDomQuiet(args: DomQuietArgs): Promise<DomQuietResult> {
  return new Promise((resolve) => {
    const start = performance.now();
    let last = start;
    let mutations = 0;
    const observer = new MutationObserver((records) => {
      mutations += records.length;
      last = performance.now();
    });
    observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    const tick = (): void => {
      const now = performance.now();
      const quiet = now - last >= args.quietMs;
      if (quiet || now - start >= args.maxMs) {
        observer.disconnect();
        resolve({ quiet, mutations });
        return;
      }
      setTimeout(tick, 50);
    };
    setTimeout(tick, 50);
  });
}

/**
 * A number that stays the same for the life of the document and differs for the next one: this
 * world's globals (where it is kept) are discarded with the document.
 */
export function documentToken(): number {
  const key = Symbol.for('defacewatch.document');
  const world = globalThis as unknown as Record<symbol, number | undefined>;
  return (world[key] ??= Math.random());
}

/** Resolves once the document's web fonts have loaded (or failed). */
export async function fontsReady(): Promise<void> {
  await document.fonts.ready;
}

/**
 * Starts loading every `loading="lazy"` image now. Chromium only loads them near the viewport, and
 * the full-page screenshot does not scroll, so the lower part of a long page would otherwise show
 * empty boxes where a visitor who scrolls sees pictures. Returns how many were switched.
 */
export function loadLazyImages(): number {
  // Marks the switched images, so freezePage can switch them back.
  const mark = Symbol.for('defacewatch.lazy');
  let switched = 0;
  for (const img of Array.from(document.querySelectorAll('img[loading="lazy" i]'))) {
    (img as HTMLImageElement & Record<symbol, boolean>)[mark] = true;
    (img as HTMLImageElement).loading = 'eager';
    switched++;
  }
  return switched;
}

/**
 * Makes the page still for the screenshot, in this frame. Runs once, after the page settled.
 *
 * Carets are hidden and new transitions prevented with a constructed stylesheet (adoptedStyleSheets
 * are not blocked by a page's Content-Security-Policy, unlike a <style> element, and do not show up
 * in outerHTML). Running animations are not disabled with `animation: none`: that would undo
 * `animation-fill-mode: forwards`, leaving fade-in content at opacity 0. Instead, as Playwright's
 * screenshot option does, finite animations are finished (their end state, and end events fire) and
 * infinite ones cancelled (back to the element's own style). Finally, all loaded images are decoded,
 * so none is painted blank by an asynchronous decode. Animated GIFs are held on their first frame
 * by the browser itself (imageAnimationPolicy in CHROMIUM_ARGS).
 */
export async function freezePage(): Promise<void> {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync('*, *::before, *::after { caret-color: transparent !important; transition: none !important; scroll-behavior: auto !important; }');
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  // Chromium never runs animation frames in a hidden or off-screen cross-origin iframe, so every
  // wait on one is also bounded by a timer.
  const frame = (): Promise<void> =>
    new Promise((resolve) => {
      requestAnimationFrame(() => resolve());
      setTimeout(resolve, 100);
    });
  // Finishing one animation can start another (end handlers); three passes bound that.
  for (let pass = 0; pass < 3; pass++) {
    const animations = document.getAnimations();
    if (animations.length === 0) break;
    for (const animation of animations) {
      try {
        const timing = animation.effect?.getComputedTiming();
        if (timing && Number.isFinite(timing.endTime)) animation.finish();
        else animation.cancel();
      } catch {
        animation.cancel(); // timing that cannot be read: cancelled like an endless one
      }
    }
    await frame();
  }
  // <marquee> scrolls with an animation in its closed user-agent shadow tree, out of
  // getAnimations()' reach. A fresh copy stopped before its first frame rests at its start
  // position, text in view: the same pixels every time.
  for (const marquee of Array.from(document.querySelectorAll('marquee'))) {
    const copy = marquee.cloneNode(true) as HTMLMarqueeElement;
    marquee.replaceWith(copy);
    copy.stop();
  }
  // Put back the attribute loadLazyImages changed (the images stay loaded), so the recorded DOM is the page's own.
  const mark = Symbol.for('defacewatch.lazy');
  for (const img of Array.from(document.images)) {
    if ((img as HTMLImageElement & Record<symbol, boolean>)[mark]) img.loading = 'lazy';
  }
  window.scrollTo({ left: 0, top: 0, behavior: 'instant' });
  await Promise.race([
    Promise.all(
      Array.from(document.images)
        .filter((img) => img.complete && img.naturalWidth > 0)
        .map((img) => img.decode().catch(() => undefined)), // one that will not decode is painted as it is
    ),
    new Promise((resolve) => setTimeout(resolve, 1_000)),
  ]);
  await frame();
  await frame();
}

export interface SnapshotArgs {
  ignoreSelectors: string[];
  /** Width of the screenshot; boxes are clipped to it. */
  width: number;
  /** Maximum screenshot height; boxes are clipped to the capped height. */
  maxHeight: number;
  /** Bounds on reading the text of slides not showing. */
  slideText: SlideTextLimits;
  /** The HTML, and the visible text and title, are cut at these lengths: a page can build a DOM of any size. */
  maxHtmlChars: number;
  maxTextChars: number;
}

export interface PageSnapshot {
  title: string;
  html: string;
  /**
   * `innerText` of the body, then one line per visible CSS generated text (`::before`/`::after`
   * content), which `innerText` leaves out although a visitor reads it.
   */
  visibleText: string;
  /** Lines of text of carousel slides not showing, and of their pictures' alt and title (./slide-text.ts). */
  slideText: string;
  /** Full scroll height of the document, in CSS pixels. */
  pageHeight: number;
  /** Boxes of elements matching the ignore selectors, in page (= screenshot) coordinates. */
  ignoredBoxes: Box[];
  /** Ignore selectors the browser could not parse. */
  invalidSelectors: string[];
  /** Absolute URLs referenced by <script src>, <iframe src>/<frame src> and <img>. */
  scriptUrls: string[];
  iframeUrls: string[];
  imageUrls: string[];
  /**
   * For each image URL of an `<img>`: whether one showing it is visible (rendered, not transparent
   * or hidden, not clipped away, at least 8 × 8 px, on the page), as [url, shown] pairs.
   */
  shownImages: [string, boolean][];
  /** Whether the document has a `<canvas>` or an `<svg>`: when not, drawings.ts has nothing to read. */
  hasDrawings: boolean;
  /** Which of `title`, `html` and `visibleText` were cut at their limit, with their full lengths. */
  cut: { field: 'title' | 'html' | 'visibleText'; chars: number }[];
}

/** Reads everything the capture records from the DOM, in one round trip. */
export function snapshotPage(args: SnapshotArgs): PageSnapshot {
  const root = document.scrollingElement ?? document.documentElement;
  const pageHeight = Math.max(root.scrollHeight, window.innerHeight);
  const capHeight = Math.min(pageHeight, args.maxHeight);
  const ignoredBoxes: Box[] = [];
  const invalidSelectors: string[] = [];
  for (const selector of args.ignoreSelectors) {
    let elements: NodeListOf<Element>;
    try {
      elements = document.querySelectorAll(selector);
    } catch {
      invalidSelectors.push(selector);
      continue;
    }
    for (const element of Array.from(elements)) {
      const rect = element.getBoundingClientRect();
      // Outward rounding: a mask must cover the element's partly covered pixels too.
      const left = Math.max(0, Math.floor(rect.left + window.scrollX));
      const top = Math.max(0, Math.floor(rect.top + window.scrollY));
      const right = Math.min(args.width, Math.ceil(rect.right + window.scrollX));
      const bottom = Math.min(capHeight, Math.ceil(rect.bottom + window.scrollY));
      if (right > left && bottom > top) ignoredBoxes.push({ x: left, y: top, width: right - left, height: bottom - top });
    }
  }
  const urls = (selector: string, read: (el: Element) => string | null | undefined): string[] =>
    Array.from(document.querySelectorAll(selector))
      .map((el) => read(el) ?? '')
      .filter((url) => url !== '');
  const shown = new Map<string, boolean>();
  for (const img of Array.from(document.images)) {
    const url = img.currentSrc || img.src;
    if (!url) continue;
    const visible = pageShownOnScreenshot(img, args.width, capHeight);
    shown.set(url, (shown.get(url) ?? false) || visible);
  }
  const cut: PageSnapshot['cut'] = [];
  // Only the part kept leaves the page: the rest never reaches the capture's process.
  const limit = (field: PageSnapshot['cut'][number]['field'], text: string, max: number): string => {
    if (text.length <= max) return text;
    cut.push({ field, chars: text.length });
    return text.slice(0, max);
  };
  return {
    title: limit('title', document.title, args.maxTextChars),
    html: limit('html', document.documentElement.outerHTML, args.maxHtmlChars),
    visibleText: limit('visibleText', [document.body?.innerText ?? '', ...pageGeneratedTexts()].join('\n'), args.maxTextChars),
    slideText: pageHiddenSlideTexts(args.slideText).join('\n'),
    pageHeight,
    ignoredBoxes,
    invalidSelectors,
    scriptUrls: urls('script[src]', (el) => (el as HTMLScriptElement).src),
    iframeUrls: urls('iframe[src], frame[src]', (el) => (el as HTMLIFrameElement).src),
    imageUrls: urls('img', (el) => (el as HTMLImageElement).currentSrc || (el as HTMLImageElement).src),
    shownImages: [...shown],
    hasDrawings: document.querySelector('canvas, svg') !== null,
    cut,
  };
}
