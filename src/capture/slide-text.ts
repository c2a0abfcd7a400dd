/**
 * The text of carousel slides that are not showing when the page is captured. A slide hidden with
 * `display: none`, `visibility: hidden`, opacity 0 or moved out of its strip is in neither the
 * screenshot nor (for the first two) `innerText`, yet every visitor reads it when the carousel turns.
 */

/** Bounds on what an attacker-controlled page can make the capture read. */
export interface SlideTextLimits {
  /** Elements of the body looked at, in document order. */
  maxElements: number;
  /** Characters recorded at most. */
  maxChars: number;
}

export const SLIDE_TEXT_LIMITS: Readonly<SlideTextLimits> = { maxElements: 5_000, maxChars: 20_000 };

/**
 * Lines of text (one per block, then the alt and title of each picture) of the slides that do not
 * show, in document order. Runs in the page; its two steps (hiddenSlides, then slideLines) are page
 * helpers it calls under their page names.
 */
export function hiddenSlideTexts(limits: SlideTextLimits): string[] {
  const body = document.body;
  if (!body) return [];
  // Elements that hold no text a visitor reads, as a slide or inside one.
  const textless = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'canvas', 'select', 'datalist', 'audio', 'video', 'map']);
  return pageSlideLines(pageHiddenSlides(body, textless, limits.maxElements), textless, limits.maxChars);
}

/**
 * The slides of the first `maxElements` elements of the body, in document order. A slide is an
 * element that does not show while its parent does, and that is inside a carousel (an ARIA carousel
 * or slide, or class and id words of sliders; the same words as detectors/page-blocks.ts) or takes
 * turns with a sibling that shows (same tag, one's classes a subset of the other's: `li` and
 * `li.on`, `.item` and `.item.current`). Runs in the page; it calls clippedRect under its page name.
 */
export function hiddenSlides(body: HTMLElement, textless: ReadonlySet<string>, maxElements: number): Element[] {
  const SLIDE_WORDS = /(?:carousel|slider|slideshow|slide|swiper|slick|splide|glide|owl-item)/i;
  const pageWidth = Math.max(document.documentElement.scrollWidth, window.innerWidth);
  const named = (el: Element): boolean => {
    const described = (el.getAttribute('aria-roledescription') ?? '').toLowerCase();
    return described === 'slide' || described === 'carousel' || SLIDE_WORDS.test(`${el.id} ${el.getAttribute('class') ?? ''}`);
  };
  const showing = new Map<Element, boolean>();
  const shows = (el: Element, carousel: boolean): boolean => {
    const known = showing.get(el);
    if (known !== undefined) return known;
    let result = true;
    if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) {
      // `display: contents` has no box of its own, yet its children show.
      result = getComputedStyle(el).display === 'contents';
    } else {
      const r = el.getBoundingClientRect();
      const offPage = r.right + window.scrollX <= 0 || r.bottom + window.scrollY <= 0 || r.left + window.scrollX >= pageWidth;
      // A box of no size hides nothing (its children may overflow it); one its strip clips away is a slide out of view.
      const clip = carousel && r.width >= 1 && r.height >= 1 ? pageClippedRect(el) : null;
      const clipped = clip !== null && (clip.right - clip.left < 1 || clip.bottom - clip.top < 1);
      result = !offPage && !clipped;
    }
    showing.set(el, result);
    return result;
  };
  const classes = (el: Element): string[] => Array.from(el.classList);
  const subset = (a: string[], b: string[]): boolean => a.every((c) => b.includes(c));
  const takesTurns = (el: Element): boolean => {
    const parent = el.parentElement;
    if (!parent || parent === body) return false;
    const own = classes(el);
    return Array.from(parent.children).some((s) => {
      if (s === el || s.tagName !== el.tagName) return false;
      const other = classes(s);
      return (subset(own, other) || subset(other, own)) && shows(s, named(s));
    });
  };

  const slides: Element[] = [];
  const hidden = new Set<Element>();
  const inCarousel = new Set<Element>();
  for (const el of Array.from(body.querySelectorAll('*')).slice(0, maxElements)) {
    const parent = el.parentElement;
    if (parent && hidden.has(parent)) {
      hidden.add(el); // read with the slide or hidden element it is part of
      continue;
    }
    if (textless.has(el.tagName.toLowerCase())) continue;
    const carousel = named(el) || (parent !== null && inCarousel.has(parent));
    if (carousel) inCarousel.add(el);
    if (shows(el, carousel)) continue;
    hidden.add(el);
    if (carousel || takesTurns(el)) slides.push(el);
  }
  return slides;
}

/**
 * The text of `slides`, one line per block, then the alt and title of each picture, at most about
 * `maxChars` characters. Inside a slide, parts the page hides on their own (`display: none`) stay
 * hidden when the slide turns and are left out. Runs in the page.
 */
export function slideLines(slides: readonly Element[], textless: ReadonlySet<string>, maxChars: number): string[] {
  // As innerText reads a showing slide (a kicker set in capitals), so a slide that turns reads the same.
  const transformed = (text: string, parent: Element | null): string => {
    const transform = parent ? getComputedStyle(parent).textTransform : 'none';
    if (transform === 'uppercase') return text.toUpperCase();
    if (transform === 'lowercase') return text.toLowerCase();
    if (transform === 'capitalize') return text.replace(/(^|[^\p{L}\p{N}'’])(\p{L})/gu, (_, before: string, letter: string) => before + letter.toUpperCase());
    return text;
  };
  const lines: string[] = [];
  let chars = 0;
  let line = '';
  const flush = (): void => {
    const text = line.replace(/\s+/gu, ' ').trim();
    line = '';
    if (!/[\p{L}\p{N}]/u.test(text) || chars >= maxChars) return;
    lines.push(text);
    chars += text.length;
  };
  for (const slide of slides) {
    // An explicit stack: page HTML is attacker-controlled and may nest deeper than the call stack.
    const stack: (Node | null)[] = [slide];
    while (stack.length > 0 && chars < maxChars) {
      const node = stack.pop();
      if (node === undefined) break;
      if (node === null) {
        flush();
        continue;
      }
      if (node.nodeType === Node.TEXT_NODE) {
        line += transformed(node.nodeValue ?? '', node.parentElement);
        continue;
      }
      if (!(node instanceof Element)) continue;
      const tag = node.tagName.toLowerCase();
      if (textless.has(tag)) continue;
      const display = getComputedStyle(node).display;
      if (node !== slide && display === 'none') continue;
      if (tag === 'img' || tag === 'area' || (tag === 'input' && (node.getAttribute('type') ?? '').toLowerCase() === 'image')) {
        flush();
        const alt = node.getAttribute('alt') ?? '';
        const title = node.getAttribute('title') ?? '';
        for (const text of title === alt ? [alt] : [alt, title]) {
          line = text;
          flush();
        }
        continue;
      }
      const block = tag === 'br' || !display.startsWith('inline');
      if (block) {
        flush();
        stack.push(null);
      }
      for (let i = node.childNodes.length - 1; i >= 0; i--) stack.push(node.childNodes[i]!);
    }
    flush();
  }
  return lines;
}
