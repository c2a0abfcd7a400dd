/**
 * The links of a page (`a[href]`, `area[href]`) with their text, the origin they point to, and
 * whether a visitor could see them. SEO spam injected into compromised sites ("slot gacor", betting,
 * pharmacy link farms) is written for search engines and hidden from people: `display:none`, the
 * `hidden` attribute, off-screen positioning, 1 px boxes, zero font size, a class a `<style>` hides.
 *
 * Pure: parses with cheerio's htmlparser2 mode (as ./dom.ts does) and reads attributes from
 * `attribs` directly. Only inline styles and simple `<style>` rules (`.class`, `#id`, `tag.class`)
 * are understood; a detector sees HTML, not the computed style sheet. The browser's `innerText` can
 * be given too: link text it does not contain was not rendered.
 */
import { load } from 'cheerio';
import { foldText, normaliseSpace } from './text.js';

/** Why a link is not visible to a visitor. */
export type HiddenReason =
  | 'hidden-attribute'
  | 'display-none'
  | 'visibility-hidden'
  | 'transparent'
  | 'zero-font'
  | 'tiny-box'
  | 'off-screen'
  | 'clipped'
  | 'not-rendered-element'
  | 'not-in-visible-text';

/** One link of a page. */
export interface PageLink {
  /** Absolute URL without its fragment, or the attribute as written when it cannot be resolved. */
  href: string;
  /** scheme://host[:port] of an http(s) link; null for mailto:, tel:, javascript: and the like. */
  origin: string | null;
  /** Its text (or its image's alt text), whitespace-normalised. */
  text: string;
  /** Why no visitor sees it, or null when nothing says it is hidden. */
  hidden: HiddenReason | null;
}

export interface LinkOptions {
  /** The page's URL: relative links resolve against it (and a `<base href>` in the page). */
  baseUrl: string;
  /**
   * The page's `innerText`, when the browser gave it: a link with text (three letters or more) that
   * it does not contain was not rendered. Omit or pass "" to judge by markup alone.
   */
  visibleText?: string;
}

interface Node {
  type: string;
  name?: string;
  attribs?: Record<string, string>;
  children?: Node[];
  data?: string;
}

/** Elements whose content is never rendered as part of the page. */
const NOT_RENDERED = new Set(['noscript', 'template', 'head', 'title', 'datalist', 'object']);
/** Text in a box no more than this wide or high (CSS px) with its overflow hidden is invisible. */
export const TINY_BOX_PX = 2;
/** Text at most this large (CSS px) cannot be read. */
export const TINY_FONT_PX = 2;
/** Positioned this far left or up (CSS px), a box is off-screen. */
export const OFF_SCREEN_PX = 500;
/** At most this opaque, a box is invisible. */
export const INVISIBLE_OPACITY = 0.05;

/** Declarations of one inline style or rule, property → value (lower case, `!important` dropped). */
export function parseDeclarations(style: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of style.split(';')) {
    const colon = part.indexOf(':');
    if (colon < 0) continue;
    const prop = part.slice(0, colon).trim().toLowerCase();
    const value = part
      .slice(colon + 1)
      .replace(/!\s*important/i, '')
      .trim()
      .toLowerCase();
    if (prop && value) out.set(prop, value);
  }
  return out;
}

/** A CSS length in px (em and rem taken as 16 px, pt as 4/3 px), or null (percentages, auto, calc…). */
function lengthPx(value: string | undefined): number | null {
  if (value === undefined) return null;
  const m = /^(-?[\d.]+)(px|pt|r?em)?$/.exec(value.trim());
  if (!m) return null;
  const n = Number(m[1]);
  if (!Number.isFinite(n)) return null;
  if (m[2] === undefined) return n === 0 ? 0 : null;
  return m[2] === 'px' ? n : m[2] === 'pt' ? (n * 4) / 3 : n * 16;
}

/** Font size set by `font-size` or the `font` shorthand, in px. */
function fontPx(d: Map<string, string>): number | null {
  const size = lengthPx(d.get('font-size'));
  if (size !== null) return size;
  const font = d.get('font');
  if (font === undefined) return null;
  const m = /(?:^|\s)(-?[\d.]+(?:px|pt|r?em)?)(?:\/\S+)?\s/.exec(`${font} `);
  return m ? lengthPx(m[1]) : null;
}

/** Why a set of declarations hides its element's content, or null. */
export function hiddenByDeclarations(d: Map<string, string>): HiddenReason | null {
  if (d.get('display') === 'none') return 'display-none';
  const visibility = d.get('visibility');
  if (visibility === 'hidden' || visibility === 'collapse') return 'visibility-hidden';
  const opacity = Number(d.get('opacity'));
  if (d.has('opacity') && Number.isFinite(opacity) && opacity <= INVISIBLE_OPACITY) return 'transparent';
  const font = fontPx(d);
  if (font !== null && font <= TINY_FONT_PX) return 'zero-font';
  const overflowHidden = /hidden|clip/.test(d.get('overflow') ?? '') || /hidden|clip/.test(d.get('overflow-x') ?? '') || /hidden|clip/.test(d.get('overflow-y') ?? '');
  if (overflowHidden) {
    for (const prop of ['width', 'height', 'max-width', 'max-height']) {
      const px = lengthPx(d.get(prop));
      if (px !== null && px <= TINY_BOX_PX) return 'tiny-box';
    }
  }
  const position = d.get('position');
  if (position === 'absolute' || position === 'fixed') {
    for (const prop of ['left', 'top', 'right', 'bottom']) {
      const px = lengthPx(d.get(prop));
      if (px !== null && px <= -OFF_SCREEN_PX) return 'off-screen';
    }
  }
  for (const prop of ['text-indent', 'margin-left', 'margin-top']) {
    const px = lengthPx(d.get(prop));
    if (px !== null && px <= -OFF_SCREEN_PX * 2) return 'off-screen';
  }
  const clip = d.get('clip') ?? '';
  if (/^rect\(\s*0(?:px)?[\s,]+0(?:px)?[\s,]+0(?:px)?[\s,]+0(?:px)?\s*\)$/.test(clip)) return 'clipped';
  const clipPath = d.get('clip-path') ?? '';
  if (/^inset\(\s*50%/.test(clipPath) || /^circle\(\s*0/.test(clipPath)) return 'clipped';
  const transform = d.get('transform') ?? '';
  if (/scale\(\s*0(?:\.0+)?\s*(?:,\s*0(?:\.0+)?\s*)?\)/.test(transform) || /scale[xy]\(\s*0(?:\.0+)?\s*\)/.test(transform)) return 'clipped';
  return null;
}

/** Selectors a page's `<style>` elements hide: `.class`, `#id`, `tag.class`, `tag#id`. */
interface HiddenSelectors {
  classes: Map<string, HiddenReason>;
  ids: Map<string, HiddenReason>;
}

const SIMPLE_SELECTOR = /^(?:[a-z][a-z0-9-]*)?([.#])([\w-]+)$/i;

/** Reads simple rules of style sheets that hide what they select. At-rules' blocks are skipped. */
export function hiddenSelectors(css: string): HiddenSelectors {
  const out: HiddenSelectors = { classes: new Map(), ids: new Map() };
  const flat = css.replace(/\/\*[\s\S]*?\*\//g, '').replace(/@[^{;]+\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}/g, '');
  for (const m of flat.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const reason = hiddenByDeclarations(parseDeclarations(m[2]!));
    if (!reason) continue;
    for (const selector of m[1]!.split(',')) {
      const s = SIMPLE_SELECTOR.exec(selector.trim());
      if (!s) continue;
      (s[1] === '.' ? out.classes : out.ids).set(s[2]!, reason);
    }
  }
  return out;
}

function ownHiddenReason(name: string, attribs: Record<string, string>, sheets: HiddenSelectors): HiddenReason | null {
  if (attribs.hidden !== undefined) return 'hidden-attribute';
  if (NOT_RENDERED.has(name)) return 'not-rendered-element';
  const style = attribs.style;
  if (style !== undefined) {
    const reason = hiddenByDeclarations(parseDeclarations(style));
    if (reason) return reason;
  }
  const id = attribs.id;
  if (id !== undefined && sheets.ids.has(id)) return sheets.ids.get(id)!;
  for (const cls of (attribs.class ?? '').split(/\s+/)) {
    if (cls && sheets.classes.has(cls)) return sheets.classes.get(cls)!;
  }
  return null;
}

function textOf(node: Node): string {
  const parts: string[] = [];
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type === 'text' && n.data) parts.push(n.data);
    else if (n.type === 'tag' && n.name?.toLowerCase() === 'img' && n.attribs?.alt) parts.push(` ${n.attribs.alt} `);
    const children = n.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return normaliseSpace(parts.join(''));
}

function resolve(href: string, base: string): { href: string; origin: string | null } {
  try {
    const url = new URL(href.trim(), base);
    url.hash = '';
    const web = url.protocol === 'http:' || url.protocol === 'https:';
    return { href: url.href, origin: web ? url.origin : null };
  } catch {
    // An href that is not a URL leads nowhere: kept as written, with no origin, like a mailto: link.
    return { href: href.trim(), origin: null };
  }
}

function baseOf(root: Node, pageUrl: string): string {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type === 'tag' && n.name?.toLowerCase() === 'base' && n.attribs?.href) {
      try {
        return new URL(n.attribs.href, pageUrl).href;
      } catch {
        // A <base href> that is not a URL is ignored, as browsers ignore it.
        return pageUrl;
      }
    }
    if (n.type === 'tag' && n.name?.toLowerCase() === 'body') continue;
    for (const c of n.children ?? []) stack.push(c);
  }
  return pageUrl;
}

/** Reads every link of an HTML document, in document order. */
export function extractLinks(html: string, options: LinkOptions): PageLink[] {
  const $ = load(html, { xml: { xmlMode: false, decodeEntities: true } });
  const root = $.root()[0] as unknown as Node;
  const base = baseOf(root, options.baseUrl);
  const visible = options.visibleText ? foldText(options.visibleText) : '';

  const css: string[] = [];
  const sheets: Node[] = [root];
  while (sheets.length > 0) {
    const n = sheets.pop()!;
    if ((n.type === 'style' || (n.type === 'tag' && n.name?.toLowerCase() === 'style')) && n.children) {
      for (const c of n.children) if (c.type === 'text' && c.data) css.push(c.data);
      continue;
    }
    for (const c of n.children ?? []) sheets.push(c);
  }
  const hiddenBySheet = hiddenSelectors(css.join('\n'));

  const links: PageLink[] = [];
  // An explicit stack with the nearest hidden ancestor's reason: page HTML is attacker-controlled
  // and may nest deeper than the call stack.
  const stack: { node: Node; hidden: HiddenReason | null }[] = [{ node: root, hidden: null }];
  while (stack.length > 0) {
    const { node, hidden: inherited } = stack.pop()!;
    if (node.type !== 'tag' && node.type !== 'root') continue; // text, comments; script and style hold no links
    const name = node.name?.toLowerCase() ?? '';
    const attribs = node.attribs ?? {};
    const hidden = inherited ?? (node.type === 'root' ? null : ownHiddenReason(name, attribs, hiddenBySheet));
    if ((name === 'a' || name === 'area') && attribs.href !== undefined && attribs.href.trim() !== '') {
      const { href, origin } = resolve(attribs.href, base);
      const text = name === 'area' ? normaliseSpace(attribs.alt ?? '') : textOf(node);
      let reason = hidden;
      if (!reason && visible && (text.match(/\p{L}/gu)?.length ?? 0) >= 3 && !visible.includes(foldText(text))) reason = 'not-in-visible-text';
      links.push({ href, origin, text, hidden: reason });
    }
    const children = node.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, hidden });
  }
  return links;
}
