import { canvasPng, drawingSelector, svgDeclaredSize, svgPng } from './drawings.js';
import { alphaOf, cssLayer, ownPaint, paintAt } from './viewport-paint.js';
import { hiddenSlides, hiddenSlideTexts, slideLines } from './slide-text.js';

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
    right - left >= 8 && bottom - top >= 8 && right + window.scrollX > 0 && bottom + window.scrollY > 0 && left + window.scrollX < width && top + window.scrollY < height
  );
}

/**
 * The text of visible CSS generated content (`content: "Hacked by X"` on a `::before` or
 * `::after`), one entry per pseudo-element, in document order. The computed value has `attr()`
 * resolved and strings quoted; counters, images and icon-font glyphs (private-use characters) are
 * not text. Runs in the page.
 */
function generatedTexts(): string[] {
  const out: string[] = [];
  const body = document.body;
  if (!body) return out;
  const privateUse = /[\uE000-\uF8FF]/gu;
  const unescapeCss = (s: string): string =>
    s.replace(/\\([0-9a-f]{1,6}) ?|\\(.)/giu, (_, hex: string | undefined, ch: string | undefined) =>
      hex !== undefined ? String.fromCodePoint(Math.min(parseInt(hex, 16), 0x10ffff)) : (ch ?? ''),
    );
  // Computing every element's pseudo-element styles costs ~25 ms a thousand elements (measured), so
  // only the elements of rules that set a string-like `content` on a pseudo-element are looked at,
  // unless a style sheet cannot be read (cross-origin) or a selector cannot be queried.
  const selectors: string[] = [];
  let readAll = false;
  const pseudoRule = /::?(?:before|after)(?![\w-])/giu;
  const visit = (rules: CSSRuleList): void => {
    for (const rule of Array.from(rules)) {
      if (rule instanceof CSSStyleRule) {
        pseudoRule.lastIndex = 0;
        if (pseudoRule.test(rule.selectorText) && /["']|attr\(|var\(/iu.test(rule.style.content)) {
          selectors.push(rule.selectorText.replace(pseudoRule, '') || '*');
        }
      }
      if (rule instanceof CSSImportRule) {
        if (rule.styleSheet) sheet(rule.styleSheet);
      } else if ('cssRules' in rule && (rule as CSSGroupingRule).cssRules) visit((rule as CSSGroupingRule).cssRules);
    }
  };
  const sheet = (s: CSSStyleSheet): void => {
    try {
      visit(s.cssRules);
    } catch {
      readAll = true; // a cross-origin sheet's rules cannot be read
    }
  };
  for (const s of [...Array.from(document.styleSheets), ...document.adoptedStyleSheets]) sheet(s);
  const all = Array.from(body.querySelectorAll('*'));
  let candidates = all;
  if (!readAll) {
    const wanted = new Set<Element>();
    for (const selector of selectors) {
      try {
        for (const el of Array.from(body.querySelectorAll(selector))) wanted.add(el);
      } catch {
        readAll = true; // a selector this browser cannot query
        break;
      }
    }
    if (!readAll) candidates = all.filter((el) => wanted.has(el));
  }
  for (const el of candidates) {
    for (const pseudo of ['::before', '::after']) {
      const style = getComputedStyle(el, pseudo);
      const content = style.content;
      // Most elements have none: 'none' or 'normal', no quoted string.
      if (!content.includes('"')) continue;
      if (style.display === 'none' || style.visibility !== 'visible' || Number(style.opacity) === 0 || parseFloat(style.fontSize) < 4) continue;
      const text = Array.from(content.matchAll(/"((?:[^"\\]|\\.)*)"/gu), (m) => unescapeCss(m[1] ?? ''))
        .join('')
        .replace(privateUse, '')
        .replace(/\s+/gu, ' ')
        .trim();
      if (!/[\p{L}\p{N}]/u.test(text)) continue;
      if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
      out.push(text);
    }
  }
  return out;
}

declare global {
  /** clippedRect, as page scripts see it (declared by PAGE_HELPERS_SOURCE). */
  const pageClippedRect: typeof clippedRect;
  /** shownOnScreenshot, as page scripts see it (declared by PAGE_HELPERS_SOURCE). */
  const pageShownOnScreenshot: typeof shownOnScreenshot;
  /** generatedTexts, as page scripts see it (declared by PAGE_HELPERS_SOURCE). */
  const pageGeneratedTexts: typeof generatedTexts;
  /** hiddenSlideTexts (./slide-text.ts), as page scripts see it (declared by PAGE_HELPERS_SOURCE). */
  const pageHiddenSlideTexts: typeof hiddenSlideTexts;
  /** hiddenSlides (./slide-text.ts), as page scripts see it (declared by PAGE_HELPERS_SOURCE). */
  const pageHiddenSlides: typeof hiddenSlides;
  /** slideLines (./slide-text.ts), as page scripts see it (declared by PAGE_HELPERS_SOURCE). */
  const pageSlideLines: typeof slideLines;
  /** drawingSelector (./drawings.ts), as page scripts see it (declared by PAGE_HELPERS_SOURCE). */
  const pageDrawingSelector: typeof drawingSelector;
  /** canvasPng (./drawings.ts), as page scripts see it (declared by PAGE_HELPERS_SOURCE). */
  const pageCanvasPng: typeof canvasPng;
  /** svgDeclaredSize (./drawings.ts), as page scripts see it (declared by PAGE_HELPERS_SOURCE). */
  const pageSvgDeclaredSize: typeof svgDeclaredSize;
  /** svgPng (./drawings.ts), as page scripts see it (declared by PAGE_HELPERS_SOURCE). */
  const pageSvgPng: typeof svgPng;
  /** alphaOf (./viewport-paint.ts), as page scripts see it (declared by PAGE_HELPERS_SOURCE). */
  const pageAlphaOf: typeof alphaOf;
  /** cssLayer (./viewport-paint.ts), as page scripts see it (declared by PAGE_HELPERS_SOURCE). */
  const pageCssLayer: typeof cssLayer;
  /** ownPaint (./viewport-paint.ts), as page scripts see it (declared by PAGE_HELPERS_SOURCE). */
  const pageOwnPaint: typeof ownPaint;
  /** paintAt (./viewport-paint.ts), as page scripts see it (declared by PAGE_HELPERS_SOURCE). */
  const pagePaintAt: typeof paintAt;
}

/** Declarations put in front of every page script's body. */
export const PAGE_HELPERS_SOURCE = [
  `const pageClippedRect = ${clippedRect.toString()};`,
  `const pageShownOnScreenshot = ${shownOnScreenshot.toString()};`,
  `const pageGeneratedTexts = ${generatedTexts.toString()};`,
  `const pageHiddenSlideTexts = ${hiddenSlideTexts.toString()};`,
  `const pageHiddenSlides = ${hiddenSlides.toString()};`,
  `const pageSlideLines = ${slideLines.toString()};`,
  `const pageDrawingSelector = ${drawingSelector.toString()};`,
  `const pageCanvasPng = ${canvasPng.toString()};`,
  `const pageSvgDeclaredSize = ${svgDeclaredSize.toString()};`,
  `const pageSvgPng = ${svgPng.toString()};`,
  `const pageAlphaOf = ${alphaOf.toString()};`,
  `const pageCssLayer = ${cssLayer.toString()};`,
  `const pageOwnPaint = ${ownPaint.toString()};`,
  `const pagePaintAt = ${paintAt.toString()};`,
].join(' ');
