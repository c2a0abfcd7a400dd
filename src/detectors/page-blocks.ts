/**
 * The visible text blocks of a page's HTML, each with the text nodes it is made of, so that what
 * surrounds a phrase can be read: is it link text, one item of a list of similar items, next to a
 * date, set large? Pure: parses with cheerio's htmlparser2 mode (as src/compare/dom.ts does) and
 * reads attributes from `attribs` directly. Styles are the inline ones only: a detector sees HTML,
 * not the computed style sheet.
 */
import { load } from 'cheerio';
import { BLOCK_ELEMENTS, HIDDEN_STYLE, TEXTLESS_ELEMENTS } from '../compare/dom.js';
import { foldText } from '../compare/text.js';
import { hasDate, type StructureContext } from './phrase-context.js';

/** The shape of htmlparser2's nodes that we read. */
export interface HtmlNode {
  type: string;
  name?: string;
  attribs?: Record<string, string>;
  children?: HtmlNode[];
  parent?: HtmlNode | null;
  data?: string;
}

/** One visible text block: its folded text and the text nodes it was made of. */
export interface PageBlock {
  /** Folded (NFKC, lower case), whitespace collapsed, trimmed. */
  text: string;
  /** Where each text node's text lies in `text`. */
  pieces: { start: number; end: number; node: HtmlNode }[];
}

/** Tags whose text is set large or moving by default. */
const PROMINENT_TAGS = new Set(['h1', 'h2', 'marquee', 'blink', 'big']);
/** Tags that are one item of a list by definition… */
const ITEM_TAGS = new Set(['li', 'tr', 'dt', 'dd']);
/** …and containers that are one when siblings of the same tag and class repeat them (paragraphs never). */
const SIBLING_ITEM_TAGS = new Set(['div', 'article', 'section', 'aside', 'figure']);
/** Text at least this large (CSS px) is prominent. */
export const PROMINENT_FONT_PX = 20;
/** How far up from a text node a list item is looked for. */
const ITEM_DEPTH = 5;

function isHidden(attribs: Record<string, string>): boolean {
  if (attribs.hidden !== undefined) return true;
  if (attribs.type !== undefined && attribs.type.toLowerCase() === 'hidden') return true;
  const style = attribs.style;
  return style !== undefined && HIDDEN_STYLE.test(style);
}

/** Reads the visible text blocks of an HTML document, in document order. */
export function readPageBlocks(html: string): PageBlock[] {
  const $ = load(html, { xml: { xmlMode: false, decodeEntities: true } });
  const root = $.root()[0] as unknown as HtmlNode;
  const blocks: PageBlock[] = [];
  let text = '';
  let pieces: PageBlock['pieces'] = [];
  const flush = (): void => {
    const trimmed = text.trimEnd();
    if (/[\p{L}\p{N}]/u.test(trimmed)) blocks.push({ text: trimmed, pieces: pieces.map((p) => ({ ...p, end: Math.min(p.end, trimmed.length) })) });
    text = '';
    pieces = [];
  };
  const append = (node: HtmlNode): void => {
    const piece = foldText(node.data ?? '');
    const leadingSpace = /^\s/u.test(node.data ?? '');
    const trailingSpace = /\s$/u.test(node.data ?? '');
    if (piece === '') {
      if (leadingSpace && text !== '' && !text.endsWith(' ')) text += ' ';
      return;
    }
    if (leadingSpace && text !== '' && !text.endsWith(' ')) text += ' ';
    const start = text.length;
    text += piece;
    pieces.push({ start, end: text.length, node });
    if (trailingSpace) text += ' ';
  };

  // An explicit stack: page HTML is attacker-controlled and may nest deeper than the call stack.
  const EXIT = null;
  const stack: (HtmlNode | typeof EXIT)[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === undefined) break;
    if (node === EXIT) {
      flush();
      continue;
    }
    if (node.type === 'text') {
      append(node);
      continue;
    }
    if (node.type !== 'tag' && node.type !== 'root') continue;
    const name = node.name?.toLowerCase() ?? '';
    if (name === 'head' || TEXTLESS_ELEMENTS.has(name) || (node.type === 'tag' && isHidden(node.attribs ?? {}))) continue;
    if (BLOCK_ELEMENTS.has(name)) {
      flush();
      stack.push(EXIT);
    }
    const children = node.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  flush();
  return blocks;
}

/** The font size an inline style sets, in CSS px (rem and em taken as 16 px), or null. */
export function inlineFontPx(style: string): number | null {
  const m = /(?:^|;)\s*font-size\s*:\s*([\d.]+)\s*(px|pt|r?em|%)/i.exec(style) ?? /(?:^|;)\s*font\s*:[^;]*?(?<![\w-])([\d.]+)\s*(px|pt|r?em|%)/i.exec(style);
  if (!m) return null;
  const n = Number(m[1]);
  if (!Number.isFinite(n)) return null;
  switch (m[2]!.toLowerCase()) {
    case 'px':
      return n;
    case 'pt':
      return (n * 4) / 3;
    case '%':
      return (n / 100) * 16;
    default:
      return n * 16;
  }
}

/**
 * Class and id words of carousel slides in common sliders and hand-made ones (the capture's picture
 * places use the same words, in page code that cannot import this).
 */
const SLIDE_WORDS = /(?:carousel|slider|slideshow|slide|swiper|slick|splide|glide|owl-item)/i;

/** A carousel slide or its carousel: ARIA says so, or its class or id words do. */
function isSlideElement(node: HtmlNode): boolean {
  const attribs = node.attribs ?? {};
  const described = (attribs['aria-roledescription'] ?? '').toLowerCase();
  if (described === 'slide' || described === 'carousel') return true;
  return SLIDE_WORDS.test(`${attribs.id ?? ''} ${attribs.class ?? ''}`);
}

/** Set large, or bold and coloured, by its tag or inline style. */
function isProminentElement(node: HtmlNode): boolean {
  const name = node.name?.toLowerCase() ?? '';
  if (PROMINENT_TAGS.has(name)) return true;
  const style = node.attribs?.style;
  if (style === undefined) return false;
  const px = inlineFontPx(style);
  if (px !== null && px >= PROMINENT_FONT_PX) return true;
  const bold = /(?:^|;)\s*font-weight\s*:\s*(?:bold|bolder|[6-9]00)/i.test(style) || /(?:^|;)\s*font\s*:[^;]*(?:bold|[6-9]00)/i.test(style);
  const coloured = /(?:^|;)\s*(?:color|background(?:-color)?)\s*:/i.test(style);
  return bold && coloured;
}

function sameKind(a: HtmlNode, b: HtmlNode): boolean {
  return a.type === 'tag' && b.type === 'tag' && a.name === b.name && (a.attribs?.class ?? '') === (b.attribs?.class ?? '');
}

/** One item of a list: an li/tr/dt/dd, or a container with at least two siblings of its tag and class. */
function isListItem(node: HtmlNode): boolean {
  const name = node.name?.toLowerCase() ?? '';
  if (ITEM_TAGS.has(name)) return true;
  if (!SIBLING_ITEM_TAGS.has(name)) return false;
  const siblings = node.parent?.children ?? [];
  let alike = 0;
  for (const s of siblings) if (s !== node && sameKind(s, node)) alike++;
  return alike >= 2;
}

function textOf(node: HtmlNode): string {
  const parts: string[] = [];
  const stack: HtmlNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type === 'text' && n.data) parts.push(n.data);
    if (n.type === 'script' || n.type === 'style') continue;
    const children = n.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return parts.join(' ');
}

function hasTimeElement(node: HtmlNode): boolean {
  const stack: HtmlNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type === 'tag' && n.name?.toLowerCase() === 'time') return true;
    for (const c of n.children ?? []) stack.push(c);
  }
  return false;
}

/** What surrounds the text at [start, end) of a block: link, list item, date, prominence. */
export function structureAt(block: PageBlock, start: number, end: number): StructureContext {
  const piece = block.pieces.find((p) => p.end > start && p.start < end) ?? block.pieces[0];
  const out: StructureContext = { link: false, listItem: false, dated: false, prominent: false };
  if (!piece) return out;
  let item: HtmlNode | null = null;
  let depth = 0;
  for (let n = piece.node.parent ?? null; n && n.type === 'tag'; n = n.parent ?? null, depth++) {
    const name = n.name?.toLowerCase() ?? '';
    if (name === 'a' && n.attribs?.href !== undefined) out.link = true;
    if (isProminentElement(n)) out.prominent = true;
    if (isSlideElement(n)) out.slide = true;
    if (!item && depth < ITEM_DEPTH && isListItem(n)) item = n;
    if (name === 'body') break;
  }
  out.listItem = item !== null;
  out.dated = item ? hasTimeElement(item) || hasDate(foldText(textOf(item))) : hasDate(block.text);
  return out;
}

/**
 * The block of `blocks` that holds `snippet` (folded text around a match, as read from the page's
 * visible text) and where in it, or null. Blocks are searched in document order.
 */
export function locateSnippet(blocks: readonly PageBlock[], snippet: string): { block: PageBlock; at: number } | null {
  if (snippet === '') return null;
  for (const block of blocks) {
    const at = block.text.indexOf(snippet);
    if (at >= 0) return { block, at };
  }
  return null;
}
