/**
 * Page functions (run in the capture's isolated world, see isolated-world.ts) that look at what
 * covers the first screen and at the page's child frames. Like page-scripts.ts, each is sent as its
 * source text alone: what it shares with others is a page helper (page-helpers.ts).
 */

import type { OverlayBox } from '../core/types.js';
import type { CssLayer, PaintScene } from './viewport-paint.js';

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

/** What surveyViewport counts of one layer over the page (its element, or the CSS layer's name). */
interface LayerTally {
  /** Sample points it was hit at… */
  hits: number;
  /** …and of those, points it paints opaquely. */
  opaque: number;
  element: Element | null;
  tag: string;
  position: string;
  /** Bounds of the sample cells it was hit in (for a pseudo-element, which has no box to ask for). */
  cells: { x0: number; y0: number; x1: number; y1: number };
}

/**
 * Samples the viewport of this document (scrolled to the top) on a grid (pagePaintAt, see
 * viewport-paint.ts): at each point, the layer over the page it belongs to, if any, and how opaque
 * the paint there is. Layers hit at enough points are the overlays, with the share of points they
 * cover and cover opaquely; `opaque` is the share of points the document paints opaquely.
 */
export function surveyViewport(args: ViewportSurveyArgs): ViewportSurvey {
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
  const body = document.body;
  // The canvas background: the root's, or the body's when the root has none (CSS Backgrounds §2.11.2).
  const canvasAlpha = Math.max(pageAlphaOf(styleOf(document.documentElement).backgroundColor), body ? pageAlphaOf(styleOf(body).backgroundColor) : 0);
  const scene: PaintScene = { styleOf, canvasAlpha, css: pageCssLayer() };

  const tallies = new Map<Element | string, LayerTally>();
  let opaqueSamples = 0;
  const total = args.cols * args.rows;
  for (let r = 0; r < args.rows; r++) {
    for (let c = 0; c < args.cols; c++) {
      const paint = pagePaintAt(((c + 0.5) * width) / args.cols, ((r + 0.5) * height) / args.rows, scene);
      if (!paint) continue;
      if (paint.pageAlpha >= args.opaqueAlpha) opaqueSamples++;
      if (paint.layer === null) continue;
      const element = paint.layer === 'css' ? null : paint.layer;
      const css = scene.css as CssLayer;
      const key = element ?? css.name;
      let tally = tallies.get(key);
      if (!tally) {
        tally = {
          hits: 0,
          opaque: 0,
          element,
          tag: element ? element.localName : css.name,
          position: element ? styleOf(element).position : css.style.position,
          cells: { x0: width, y0: height, x1: 0, y1: 0 },
        };
        tallies.set(key, tally);
      }
      tally.hits++;
      if (paint.alpha >= args.opaqueAlpha) tally.opaque++;
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
