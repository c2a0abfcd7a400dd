/**
 * How opaque the paint at a point of the viewport is, and which layer over the page the point
 * belongs to: the page helpers of surveyViewport (frame-scripts.ts). Each runs in the page (the
 * capture's isolated world); page-helpers.ts declares them, and they call one another, under their
 * page names.
 */

/** A layer drawn by CSS alone, on a `::before`/`::after` of the body or the root. */
export interface CssLayer {
  /** The element whose pseudo-element it is: hit testing answers with it. */
  owner: Element;
  /** `body::after`, `html::before`… */
  name: string;
  style: CSSStyleDeclaration;
  /** How opaque it paints (0..1), its own opacity included. */
  paint: number;
}

/** What the survey knows of the document while it samples it. */
export interface PaintScene {
  /** Computed style of an element, cached for the survey. */
  styleOf: (el: Element) => CSSStyleDeclaration;
  /** Alpha of the canvas background. */
  canvasAlpha: number;
  css: CssLayer | null;
}

/** What one sample point hit. */
export interface PointPaint {
  /** The layer over the page the point belongs to: its element, `'css'` for the CSS layer, null for none. */
  layer: Element | 'css' | null;
  /** How opaque the paint is, composited from the hit element up to that layer (up to the document without one). */
  alpha: number;
  /** The same over the canvas background, for a point on no layer; `alpha` for one on a layer. */
  pageAlpha: number;
}

/** Alpha of a computed colour: "rgba(0, 0, 0, 0.5)", "rgb(1, 2, 3)", "transparent", "color(srgb 1 0 0 / 0.5)". */
export function alphaOf(colour: string): number {
  if (colour === 'transparent' || colour === '') return 0;
  const slash = /\/\s*([\d.]+)(%?)\s*\)$/.exec(colour);
  if (slash) return Math.min(1, Number(slash[1]) / (slash[2] === '%' ? 100 : 1));
  const parts = /^rgba?\(([^)]*)\)$/.exec(colour)?.[1]?.split(',');
  if (parts && parts.length === 4) {
    const last = (parts[3] ?? '').trim();
    return Math.min(1, parseFloat(last) / (last.endsWith('%') ? 100 : 1)) || 0;
  }
  return 1;
}

/**
 * The layer drawn by CSS alone, on a `::before`/`::after` of the body or the root (injected CSS
 * needs no new element), or null. Layers behind the page (negative z-index, a fixed background
 * picture) are not over anything.
 */
export function cssLayer(): CssLayer | null {
  for (const owner of [document.body, document.documentElement]) {
    for (const name of ['::after', '::before']) {
      if (!owner) continue;
      const style = getComputedStyle(owner, name);
      const content = style.content;
      const layered = style.position === 'fixed' || style.position === 'absolute';
      if (layered && content !== 'none' && content !== 'normal' && !(parseInt(style.zIndex, 10) < 0)) {
        const paint = (style.backgroundImage !== 'none' ? 1 : pageAlphaOf(style.backgroundColor)) * (Number(style.opacity) || 0);
        return { owner, name: `${owner.localName}${name}`, style, paint };
      }
    }
  }
  return null;
}

/**
 * How opaque an element's own paint is (0..1), before any opacity: background colours with their
 * alpha, background images, replaced elements (images, video, canvas) as opaque, a frame as opaque
 * as its own document paints itself (recorded on its element by `inspectFrameOwner`). `backdrop`:
 * the point hit the element's `::backdrop` (a modal dialog), whose own background counts.
 */
export function ownPaint(el: Element, backdrop: boolean, styleOf: (el: Element) => CSSStyleDeclaration): number {
  if (backdrop) return pageAlphaOf(getComputedStyle(el, '::backdrop').backgroundColor);
  const tag = el.localName;
  if (tag === 'iframe' || tag === 'frame') {
    const known = (el as Element & Record<symbol, number | undefined>)[Symbol.for('defacewatch.frameOpaque')];
    return typeof known === 'number' ? known : 1;
  }
  if (['img', 'video', 'canvas', 'svg', 'object', 'embed', 'picture'].includes(tag)) return 1;
  const s = styleOf(el);
  return s.backgroundImage !== 'none' && s.backgroundImage !== '' ? 1 : pageAlphaOf(s.backgroundColor);
}

/**
 * Hit-tests the viewport at (x, y) with `elementFromPoint`, which answers with what is on top,
 * z-order, transforms and clipping included; null when nothing is there. The layer is the outermost
 * element holding what was hit that is fixed, sticky, or absolute and placed against the page (not
 * inside a positioned component such as a carousel), or the CSS layer when its owner was hit. The
 * paint is composited from the hit element up to that layer, each element's own paint times the
 * `opacity` of it and every ancestor. A point outside the hit element's box hit its `::backdrop`.
 */
export function paintAt(x: number, y: number, scene: PaintScene): PointPaint | null {
  const hit = document.elementFromPoint(x, y);
  if (!hit) return null;
  const { styleOf, css } = scene;
  const root = document.documentElement;
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
    through *= 1 - Math.min(1, pageOwnPaint(chain[i] as Element, i === 0 && outside, styleOf) * (opacity[i] ?? 1));
    if (through === 0) break;
  }
  const onCss = overlayAt < 0 && css !== null && hit === css.owner;
  const alpha = onCss ? Math.min(1, css.paint * (opacity[0] ?? 1)) : 1 - through;
  const pageAlpha = overlayAt >= 0 || onCss ? alpha : 1 - (1 - alpha) * (1 - scene.canvasAlpha);
  return { layer: onCss ? 'css' : overlayAt >= 0 ? (chain[overlayAt] as Element) : null, alpha, pageAlpha };
}
