/**
 * DOM/text diff of two captures: visible text blocks added and removed, how similar the text is, how
 * much of it is gone, the title, and resource origins that are new. cheerio's htmlparser2 mode is
 * used (docs/performance.md: 4 ms vs 27 ms on 150 KB) and attributes are read from `attribs` directly.
 */
import { load } from 'cheerio';
import type { Capture, DomDiff, ResourceOrigins } from '../core/types.js';
import { hasWordCharacters, isVolatileText, jaccard, multisetMinus, normaliseSpace, removedFraction, shingles, textUnits } from './text.js';

/** What a page shows as text, read from its HTML. */
export interface PageText {
  title: string;
  /** Visible text blocks in document order, whitespace-normalised. */
  blocks: string[];
  /** Alt/title text of visible images, image inputs and image-map areas. */
  imageTexts: string[];
}

/** The shape of htmlparser2's nodes that we read; cheerio's types come from a package we do not depend on. */
interface DomNode {
  type: string;
  name?: string;
  attribs?: Record<string, string>;
  children?: DomNode[];
  data?: string;
}

/** Elements whose content is never shown as page text. (Word lists laid out by hand: Prettier leaves them as they are.) */
// prettier-ignore
export const TEXTLESS_ELEMENTS: ReadonlySet<string> = new Set([
  'title', 'script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'canvas',
  'select', 'datalist', 'audio', 'video', 'map',
]);

/** Elements that start a new block of text (HTML Living Standard §15.3 default `display: block`, plus cells). */
// prettier-ignore
export const BLOCK_ELEMENTS: ReadonlySet<string> = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'dd', 'details', 'dialog',
  'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4',
  'h5', 'h6', 'header', 'hgroup', 'hr', 'html', 'legend', 'li', 'main', 'marquee', 'menu', 'nav', 'ol',
  'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul', 'button',
  'option', 'textarea', 'br',
]);

/** An inline style that hides the element. */
export const HIDDEN_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important\s*)?(?:;|$)/i;

function isHidden(attribs: Record<string, string>): boolean {
  if (attribs.hidden !== undefined) return true;
  if (attribs['aria-hidden'] === 'true') return true;
  if (attribs.type !== undefined && attribs.type.toLowerCase() === 'hidden') return true;
  const style = attribs.style;
  return style !== undefined && HIDDEN_STYLE.test(style);
}

function imageText(name: string, attribs: Record<string, string>): string[] {
  const isImage = name === 'img' || name === 'area' || (name === 'input' && attribs.type?.toLowerCase() === 'image');
  if (!isImage) return [];
  const out: string[] = [];
  for (const v of [attribs.alt, attribs.title]) {
    const t = v === undefined ? '' : normaliseSpace(v);
    if (t && hasWordCharacters(t) && !out.includes(t)) out.push(t);
  }
  return out;
}

/**
 * Reads the visible text blocks, title and image texts of an HTML document. With `blocks: false`
 * only the title and image texts are read (when `innerText` supplies the blocks).
 */
export function extractPageText(html: string, options: { blocks?: boolean } = {}): PageText {
  const wantBlocks = options.blocks !== false;
  const $ = load(html, { xml: { xmlMode: false, decodeEntities: true } });
  const root = $.root()[0] as unknown as DomNode;
  const blocks: string[] = [];
  const imageTexts: string[] = [];
  let title = '';
  let buffer: string[] = [];
  const flush = (): void => {
    if (buffer.length === 0) return;
    const text = normaliseSpace(buffer.join(''));
    buffer = [];
    if (text && hasWordCharacters(text)) blocks.push(text);
  };

  // An explicit stack: page HTML is attacker-controlled and may nest deeper than the call stack.
  const EXIT = null;
  const stack: (DomNode | typeof EXIT)[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === EXIT) {
      flush();
      continue;
    }
    if (node === undefined) break;
    if (node.type === 'text') {
      if (wantBlocks && node.data) buffer.push(node.data);
      continue;
    }
    const name = node.name?.toLowerCase() ?? '';
    const attribs = node.attribs ?? {};
    if (name === 'title' && !title) title = normaliseSpace(textOf(node));
    if (node.type !== 'tag' && node.type !== 'root') continue; // script, style, comment, directive, cdata
    if (TEXTLESS_ELEMENTS.has(name) || (node.type === 'tag' && isHidden(attribs))) continue;
    for (const t of imageText(name, attribs)) imageTexts.push(t);
    const block = BLOCK_ELEMENTS.has(name);
    if (block) {
      flush();
      stack.push(EXIT);
    }
    const children = node.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as DomNode);
  }
  flush();
  return { title, blocks, imageTexts };
}

function textOf(node: DomNode): string {
  const parts: string[] = [];
  const stack: DomNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop() as DomNode;
    if (n.type === 'text' && n.data) parts.push(n.data);
    const children = n.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as DomNode);
  }
  return parts.join('');
}

/** Lines of `innerText`, whitespace-normalised, without empty or punctuation-only lines. */
export function innerTextBlocks(visibleText: string): string[] {
  const out: string[] = [];
  for (const line of visibleText.split(/\r?\n|\r|\u2028|\u2029/u)) {
    const t = normaliseSpace(line);
    if (t && hasWordCharacters(t)) out.push(t);
  }
  return out;
}

function hasInnerText(c: Capture): boolean {
  return typeof c.visibleText === 'string' && hasWordCharacters(c.visibleText);
}

/** Lines of the text of the capture's visible child frames (none for captures that did not read frames). */
function frameBlocks(capture: Capture): string[] {
  return capture.frameText ? innerTextBlocks(capture.frameText) : [];
}

/**
 * The text a person can read on a capture, as blocks: `innerText` lines when the browser gave them
 * (it knows what CSS hides), else blocks read from the HTML; then the lines of its visible frames.
 */
export function visibleBlocks(capture: Capture, page?: PageText): string[] {
  const own = hasInnerText(capture) ? innerTextBlocks(capture.visibleText) : (page ?? extractPageText(capture.html)).blocks;
  return [...own, ...frameBlocks(capture)];
}

/**
 * Lines of the capture's slides not showing (Capture.slideText), or null for a capture made before
 * slides were read.
 */
export function slideBlocks(capture: Capture): string[] | null {
  return capture.slideText === undefined ? null : innerTextBlocks(capture.slideText);
}

/**
 * Lines of slides not showing now that were nowhere before, neither shown (as text or an image's
 * text) nor on a slide, and that the page does not show now either (a slide made transparent is in
 * `innerText` too): a slide that turned is old text. Null when either capture predates slide text.
 */
function slidesAdded(
  baseline: Capture,
  current: Capture,
  shown: { before: readonly string[]; after: readonly string[] },
  steady: (block: string) => boolean,
): { added: string[]; same: boolean } | null {
  const before = slideBlocks(baseline)?.filter(steady);
  const after = slideBlocks(current)?.filter(steady);
  if (!before || !after) return null;
  // Sets: a slide made transparent is counted shown and on a slide, once or twice as the carousel turns.
  const all = { before: new Set([...shown.before, ...before]), after: new Set([...shown.after, ...after]) };
  const same = all.before.size === all.after.size && [...all.after].every((line) => all.before.has(line));
  return { added: multisetMinus(after, [...all.before, ...shown.after]), same };
}

function originsMinus(after: ResourceOrigins, before: ResourceOrigins): ResourceOrigins {
  const minus = (a: string[], b: string[]): string[] => {
    const known = new Set(b);
    return [...new Set(a.filter((o) => !known.has(o)))].sort();
  };
  return {
    scripts: minus(after.scripts, before.scripts),
    iframes: minus(after.iframes, before.iframes),
    images: minus(after.images, before.images),
  };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * Compares what two captures say. Text blocks come from `innerText` when both captures have it and
 * from the HTML otherwise, so both sides are always read the same way; the text of visible child
 * frames follows (a full-window iframe's defacement is text the main document does not have).
 * `identical` means the same title, the same text blocks in the same order, the same text shown and
 * on slides not showing (in any order: a carousel turns), the same image texts and the same origins.
 */
export function compareDom(baseline: Capture, current: Capture, options: { volatility?: { textShapes: readonly string[] } } = {}): DomDiff {
  const useInnerText = hasInnerText(baseline) && hasInnerText(current);
  const pageBefore = extractPageText(baseline.html, { blocks: !useInnerText });
  const pageAfter = baseline.html === current.html ? pageBefore : extractPageText(current.html, { blocks: !useInnerText });
  // Blocks the baseline samples showed to change by themselves (clocks, rotating slides) are not news.
  const steady = (block: string) => !isVolatileText(block, options.volatility);
  const before = [...(useInnerText ? innerTextBlocks(baseline.visibleText) : pageBefore.blocks), ...frameBlocks(baseline)].filter(steady);
  const after = [...(useInnerText ? innerTextBlocks(current.visibleText) : pageAfter.blocks), ...frameBlocks(current)].filter(steady);

  const titleBefore = normaliseSpace(baseline.title || pageBefore.title);
  const titleAfter = normaliseSpace(current.title || pageAfter.title);
  const textAdded = multisetMinus(after, before);
  const textRemoved = multisetMinus(before, after);
  // A rotating banner's alt text the samples showed is as volatile as the banner itself.
  const imagesBefore = pageBefore.imageTexts.filter(steady);
  const imagesAfter = pageAfter.imageTexts.filter(steady);
  const imageTextAdded = multisetMinus(imagesAfter, imagesBefore);
  const imageTextRemoved = multisetMinus(imagesBefore, imagesAfter);
  const newOrigins = originsMinus(current.origins, baseline.origins);
  const sameText = sameList(before, after);
  // A slide's picture texts are the page's image texts once it shows.
  const slides = slidesAdded(baseline, current, { before: [...before, ...pageBefore.imageTexts], after: [...after, ...pageAfter.imageTexts] }, steady);

  const identical =
    titleBefore === titleAfter &&
    sameText &&
    (slides?.same ?? true) &&
    sameList(imagesBefore, imagesAfter) &&
    sameList(baseline.origins.scripts, current.origins.scripts) &&
    sameList(baseline.origins.iframes, current.origins.iframes) &&
    sameList(baseline.origins.images, current.origins.images);

  return {
    identical,
    titleBefore,
    titleAfter,
    titleChanged: titleBefore !== titleAfter,
    textAdded,
    textRemoved,
    textSimilarity: sameText ? 1 : jaccard(shingles(before), shingles(after)),
    removedTextFraction: sameText ? 0 : removedFraction(textUnits(before), textUnits(after)),
    newOrigins,
    imageTextAdded,
    imageTextRemoved,
    ...(slides ? { slideTextAdded: slides.added } : {}),
  };
}
