/**
 * Page functions (run in the capture's isolated world, see isolated-world.ts) that look at what
 * covers the first screen and at the page's child frames. Like page-scripts.ts, each must be
 * self-contained: only its source text is sent, so helpers are repeated inside the functions.
 */

import type { OverlayBox } from '../core/types.js';

export interface ViewportSurveyArgs {
  /** Sample points across and down the viewport (cell centres of a cols × rows grid). */
  cols: number;
  rows: number;
  /** Overlays covering less than this share of the samples are not reported. */
  minCoverage: number;
  /** At most this many overlays, largest first. */
  maxOverlays: number;
  /** Paint at least this opaque (0..1) hides what is under it. */
  opaqueAlpha: number;
}

export interface ViewportSurvey {
  overlays: OverlayBox[];
  /** Share of the samples where the document paints at least `opaqueAlpha` (for a frame's own viewport). */
  opaque: number;
}

/**
 * Samples the viewport of this document (scrolled to the top) on a grid with `elementFromPoint`,
 * which answers with what is on top at each point, z-order, transforms and clipping included. For
 * each sample: the outermost element holding what was hit that is fixed, sticky, or absolute and
 * placed against the page (not inside a positioned component such as a carousel), which is the
 * overlay it belongs to, if any (or a positioned `::before`/`::after` of the body or root, which
 * injected CSS can draw a layer with); and how opaque the paint at that point is, composited from the hit element
 * up to that overlay: background colours with their alpha, background images, replaced elements
 * (images, video, canvas) as opaque, a frame as opaque as its own document paints itself
 * (recorded on its element by `inspectFrameOwner`), all times the `opacity` of every ancestor. A point outside the hit element's
 * box hit its `::backdrop` (a modal dialog), whose own background counts.
 */
export function surveyViewport(args: ViewportSurveyArgs): ViewportSurvey {
  const frameKey = Symbol.for('defacewatch.frameOpaque');
  const width = window.innerWidth;
  const height = window.innerHeight;
  const styles = new Map<Element, CSSStyleDeclaration>();
  const styleOf = (el: Element): CSSStyleDeclaration => {
    let s = styles.get(el);
    if (!s) {
      s = getComputedStyle(el);
      styles.set(el, s);
    }
    return s;
  };
  /** Alpha of a computed colour: "rgba(0, 0, 0, 0.5)", "rgb(1, 2, 3)", "transparent", "color(srgb 1 0 0 / 0.5)". */
  const alphaOf = (colour: string): number => {
    if (colour === 'transparent' || colour === '') return 0;
    const slash = /\/\s*([\d.]+)(%?)\s*\)$/.exec(colour);
    if (slash) return Math.min(1, Number(slash[1]) / (slash[2] === '%' ? 100 : 1));
    const parts = /^rgba?\(([^)]*)\)$/.exec(colour)?.[1]?.split(',');
    if (parts && parts.length === 4) {
      const last = (parts[3] ?? '').trim();
      return Math.min(1, parseFloat(last) / (last.endsWith('%') ? 100 : 1)) || 0;
    }
    return 1;
  };
  const REPLACED = new Set(['img', 'video', 'canvas', 'svg', 'object', 'embed', 'picture']);
  const ownPaint = (el: Element, outside: boolean): number => {
    if (outside) return alphaOf(getComputedStyle(el, '::backdrop').backgroundColor);
    const tag = el.localName;
    if (tag === 'iframe' || tag === 'frame') {
      const known = (el as Element & Record<symbol, number | undefined>)[frameKey];
      return typeof known === 'number' ? known : 1;
    }
    if (REPLACED.has(tag)) return 1;
    const s = styleOf(el);
    return s.backgroundImage !== 'none' && s.backgroundImage !== '' ? 1 : alphaOf(s.backgroundColor);
  };
  const root = document.documentElement;
  // The canvas background: the root's, or the body's when the root has none (CSS Backgrounds §2.11.2).
  const canvasAlpha = Math.max(alphaOf(styleOf(root).backgroundColor), document.body ? alphaOf(styleOf(document.body).backgroundColor) : 0);

  // A layer drawn by CSS alone, on a `::before`/`::after` of the body or the root (injected CSS needs
  // no new element): hit testing answers with its owner. Layers behind the page (negative z-index,
  // a fixed background picture) are not over anything.
  let pseudo: { owner: Element; name: string; style: CSSStyleDeclaration } | null = null;
  for (const owner of [document.body, root]) {
    for (const name of ['::after', '::before']) {
      if (pseudo || !owner) continue;
      const style = getComputedStyle(owner, name);
      const content = style.content;
      const layered = style.position === 'fixed' || style.position === 'absolute';
      if (layered && content !== 'none' && content !== 'normal' && !(parseInt(style.zIndex, 10) < 0)) {
        pseudo = { owner, name: `${owner.localName}${name}`, style };
      }
    }
  }
  const pseudoPaint = pseudo ? (pseudo.style.backgroundImage !== 'none' ? 1 : alphaOf(pseudo.style.backgroundColor)) * (Number(pseudo.style.opacity) || 0) : 0;

  interface Tally {
    hits: number;
    opaque: number;
    element: Element | null;
    tag: string;
    position: string;
    /** Bounds of the sample cells it was hit in (for a pseudo-element, which has no box to ask for). */
    cells: { x0: number; y0: number; x1: number; y1: number };
  }
  const tallies = new Map<Element | string, Tally>();
  let opaqueSamples = 0;
  const total = args.cols * args.rows;
  for (let r = 0; r < args.rows; r++) {
    for (let c = 0; c < args.cols; c++) {
      const x = ((c + 0.5) * width) / args.cols;
      const y = ((r + 0.5) * height) / args.rows;
      const hit = document.elementFromPoint(x, y);
      if (!hit) continue;
      const chain: Element[] = [];
      for (let el: Element | null = hit; el; el = el.parentElement) chain.push(el);
      // The outermost layer over the page: fixed or sticky, or absolute against the page itself.
      // Absolute inside a positioned component (a carousel's slides) is part of that component.
      let overlayAt = -1;
      let insideComponent = false;
      for (let i = chain.length - 1; i >= 0; i--) {
        const el = chain[i] as Element;
        if (el === root || el === document.body) continue;
        const position = styleOf(el).position;
        if (position === 'fixed' || position === 'sticky' || (position === 'absolute' && !insideComponent)) {
          overlayAt = i;
          break;
        }
        if (position !== 'static') insideComponent = true;
      }
      // Opacity applies to an element's whole subtree: the product over it and its ancestors.
      const opacity = new Array<number>(chain.length);
      let product = 1;
      for (let i = chain.length - 1; i >= 0; i--) {
        product *= Number(styleOf(chain[i] as Element).opacity) || 0;
        opacity[i] = product;
      }
      const rect = hit.getBoundingClientRect();
      const outside = x < rect.left || x >= rect.right || y < rect.top || y >= rect.bottom;
      const top = overlayAt >= 0 ? overlayAt : chain.length - 1;
      let through = 1;
      for (let i = 0; i <= top; i++) {
        const el = chain[i] as Element;
        through *= 1 - Math.min(1, ownPaint(el, i === 0 && outside) * (opacity[i] ?? 1));
        if (through === 0) break;
      }
      const onPseudo = overlayAt < 0 && pseudo !== null && hit === pseudo.owner;
      const alpha = onPseudo ? Math.min(1, pseudoPaint * (opacity[0] ?? 1)) : 1 - through;
      const pageAlpha = overlayAt >= 0 || onPseudo ? alpha : 1 - (1 - alpha) * (1 - canvasAlpha);
      if (pageAlpha >= args.opaqueAlpha) opaqueSamples++;
      if (overlayAt < 0 && !onPseudo) continue;
      const element = onPseudo ? null : (chain[overlayAt] as Element);
      const key = element ?? (pseudo as { name: string }).name;
      let tally = tallies.get(key);
      if (!tally) {
        tally = {
          hits: 0,
          opaque: 0,
          element,
          tag: element ? element.localName : (pseudo as { name: string }).name,
          position: element ? styleOf(element).position : (pseudo as { style: CSSStyleDeclaration }).style.position,
          cells: { x0: width, y0: height, x1: 0, y1: 0 },
        };
        tallies.set(key, tally);
      }
      tally.hits++;
      if (alpha >= args.opaqueAlpha) tally.opaque++;
      const cell = tally.cells;
      cell.x0 = Math.min(cell.x0, Math.floor((c * width) / args.cols));
      cell.y0 = Math.min(cell.y0, Math.floor((r * height) / args.rows));
      cell.x1 = Math.max(cell.x1, Math.ceil(((c + 1) * width) / args.cols));
      cell.y1 = Math.max(cell.y1, Math.ceil(((r + 1) * height) / args.rows));
    }
  }

  const overlays: OverlayBox[] = [];
  for (const tally of tallies.values()) {
    const coverage = tally.hits / total;
    if (coverage < args.minCoverage) continue;
    const rect = tally.element ? tally.element.getBoundingClientRect() : { left: tally.cells.x0, top: tally.cells.y0, right: tally.cells.x1, bottom: tally.cells.y1 };
    const x0 = Math.max(0, Math.floor(rect.left));
    const y0 = Math.max(0, Math.floor(rect.top));
    const x1 = Math.min(width, Math.ceil(rect.right));
    const y1 = Math.min(height, Math.ceil(rect.bottom));
    overlays.push({
      box: { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) },
      tag: tally.tag,
      position: tally.position as OverlayBox['position'],
      coverage: Math.round(coverage * 1000) / 1000,
      opaqueCoverage: Math.round((tally.opaque / total) * 1000) / 1000,
    });
  }
  overlays.sort((a, b) => b.coverage - a.coverage || a.box.y - b.box.y || a.box.x - b.box.x);
  return { overlays: overlays.slice(0, args.maxOverlays), opaque: total > 0 ? opaqueSamples / total : 0 };
}

export interface FrameTextArgs {
  /** The text is cut after this many characters. */
  maxChars: number;
}

/** What a person can read in this frame's document: its body's `innerText`, cut at `maxChars`. */
export function frameText(args: FrameTextArgs): string {
  const text = document.body?.innerText ?? '';
  return text.length > args.maxChars ? text.slice(0, args.maxChars) : text;
}

export interface FrameOwnerArgs {
  /** Share of the frame's viewport its document paints opaquely (surveyViewport's `opaque`). */
  opaque: number;
  /** The frame counts as visible when at least this wide and high once clipped. */
  minWidth: number;
  minHeight: number;
}

/**
 * Called with `this` bound to a frame's owner element (`<iframe>`, `<frame>`), in its document:
 * whether a person can see the frame. Also records on the element how opaque the frame paints, as
 * an expando under `Symbol.for('defacewatch.frameOpaque')`: a property of the isolated world,
 * invisible to the page and to outerHTML, read by `surveyViewport`.
 * Hidden means: not rendered, `visibility: hidden` or `opacity: 0` on it or an ancestor
 * (`checkVisibility`), clipped away by an ancestor's `overflow` (a zero-height box), too small
 * once clipped, or entirely outside the page (`left: -9999px`).
 */
export function inspectFrameOwner(this: Element, args: FrameOwnerArgs): boolean {
  (this as Element & Record<symbol, number>)[Symbol.for('defacewatch.frameOpaque')] = args.opaque;
  if (!this.isConnected || !this.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
  const { left, top, right, bottom } = pageClippedRect(this);
  const root = document.documentElement;
  if (right - left < args.minWidth || bottom - top < args.minHeight) return false;
  // In page coordinates: entirely above or left of the page, or past its scrollable size, is off-page.
  const page = document.scrollingElement ?? root;
  const x0 = left + window.scrollX;
  const y0 = top + window.scrollY;
  return right + window.scrollX > 0 && bottom + window.scrollY > 0 && x0 < page.scrollWidth && y0 < page.scrollHeight;
}
