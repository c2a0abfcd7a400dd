/**
 * Pictures a page draws instead of loading: `<canvas>` bitmaps and inline `<svg>` drawings of the
 * main document, as PNGs recorded beside the loaded images (images.ts). A flag drawn on a carousel
 * slide that is not showing when the screenshot is taken is in no screenshot and no image response;
 * its PNG is, and a PNG the baseline never had goes to the image detectors like a new picture.
 */
import { createHash } from 'node:crypto';
import type { CapturedImage } from '../core/types.js';
import type { IsolatedWorld } from './isolated-world.js';
import { withTimeout } from './timeout.js';

/** Bounds on what a page can make the capture draw, encode and carry back. */
export interface DrawingLimits {
  /** Canvases read at most, first ones in document order. */
  maxCanvases: number;
  /** Inline SVGs rasterised at most, first ones in document order. */
  maxSvgs: number;
  /** Drawings smaller than this (canvas bitmap size; SVG declared size) are skipped: icons, spacers. */
  minWidth: number;
  minHeight: number;
  /** Larger drawings are scaled down to fit this many pixels on their long side before encoding. */
  maxSide: number;
  /** An SVG sized only by its viewBox (user units, often tiny) is drawn this big on its long side. */
  viewBoxSide: number;
  /** Elements of one SVG whose computed paint is copied onto the copy that is rasterised. */
  maxSvgElements: number;
  /** A PNG larger than this (bytes) is left out. */
  maxPngBytes: number;
  /** Time the whole reading may take; nothing is recorded when it runs out. */
  timeoutMs: number;
}

export const DRAWING_LIMITS: Readonly<DrawingLimits> = {
  maxCanvases: 12,
  maxSvgs: 12,
  minWidth: 24,
  minHeight: 16,
  maxSide: 800,
  viewBoxSide: 300,
  maxSvgElements: 400,
  maxPngBytes: 2_000_000,
  timeoutMs: 2_000,
};

/** One drawing as the page script hands it back. */
export interface PageDrawing {
  /** `canvas:` or `svg:` and a CSS selector of the element, e.g. `canvas:#slide-2>canvas:nth-of-type(1)`. */
  url: string;
  /** `data:image/png;base64,…` */
  dataUrl: string;
  /** Whether the element was visible on the screenshot (see CapturedImage.shown). */
  shown: boolean;
}

/** Drawings as image records, with their PNG bytes by sha256 (for the transient bodies). */
export interface DrawingsRead {
  images: CapturedImage[];
  bodies: Map<string, Uint8Array>;
}

/**
 * Reads the main document's drawings (readDrawingsInPage, in the isolated world) and hashes their
 * PNGs. Best effort: a page whose drawings cannot be read within `timeoutMs` records none.
 */
export async function readDrawings(world: IsolatedWorld, screen: { width: number; maxHeight: number }, limits: DrawingLimits = DRAWING_LIMITS): Promise<DrawingsRead> {
  // undefined when the script failed or ran out of time: no drawings.
  const drawn = await withTimeout(world.evaluate(readDrawingsInPage, { ...limits, width: screen.width, maxHeight: screen.maxHeight }), limits.timeoutMs);
  const images: CapturedImage[] = [];
  const bodies = new Map<string, Uint8Array>();
  const prefix = 'data:image/png;base64,';
  for (const drawing of drawn ?? []) {
    if (!drawing.dataUrl.startsWith(prefix)) continue;
    const png = Buffer.from(drawing.dataUrl.slice(prefix.length), 'base64');
    if (png.length === 0 || png.length > limits.maxPngBytes) continue;
    const sha256 = createHash('sha256').update(png).digest('hex');
    images.push({ url: drawing.url, sha256, bytes: png.length, shown: drawing.shown });
    bodies.set(sha256, png);
  }
  return { images, bodies };
}

/** What readDrawingsInPage needs: the limits and the screenshot's extent (for `shown`). */
export interface DrawingArgs extends DrawingLimits {
  width: number;
  maxHeight: number;
}

/**
 * Runs in the page (isolated world). Canvases are read with toDataURL, which the isolated world may
 * call on the main world's elements (same DOM). A canvas holding cross-origin pixels is tainted and
 * throws: it is skipped. An SVG is copied with its computed paint inlined (a page stylesheet does
 * not reach an SVG drawn as an image), serialised, loaded as an image and drawn on a canvas. That
 * works whether or not the element is rendered (a hidden slide), and the size comes from the
 * markup, never from layout, so a drawing rasterises the same on a showing and on a hidden slide.
 * The helpers below are page helpers it calls under their page names (page-helpers.ts).
 */
export async function readDrawingsInPage(args: DrawingArgs): Promise<PageDrawing[]> {
  const root = document.documentElement;
  const capHeight = Math.min(Math.max(root.scrollHeight, window.innerHeight), args.maxHeight);
  // Same test as snapshotPage's for <img>: rendered, not transparent or hidden, not clipped away.
  const isShown = (el: Element): boolean => pageShownOnScreenshot(el, args.width, capHeight);
  const fit = (w: number, h: number): { w: number; h: number } => {
    const scale = Math.min(1, args.maxSide / Math.max(w, h));
    return { w: Math.max(1, Math.round(w * scale)), h: Math.max(1, Math.round(h * scale)) };
  };
  const out: PageDrawing[] = [];

  let canvases = 0;
  for (const canvas of Array.from(document.querySelectorAll('canvas'))) {
    if (canvases >= args.maxCanvases) break;
    if (canvas.width < args.minWidth || canvas.height < args.minHeight) continue;
    canvases++;
    try {
      out.push({ url: `canvas:${pageDrawingSelector(canvas)}`, dataUrl: pageCanvasPng(canvas, fit(canvas.width, canvas.height)), shown: isShown(canvas) });
    } catch {
      // Tainted by cross-origin pixels (SecurityError), or a context that is lost: skipped.
    }
  }

  const svgs = Array.from(document.querySelectorAll('svg')).filter((svg) => !svg.parentElement?.closest('svg'));
  let rasterised = 0;
  for (const svg of svgs) {
    if (rasterised >= args.maxSvgs) break;
    const declared = pageSvgDeclaredSize(svg, args.viewBoxSide);
    if (!declared || declared.w < args.minWidth || declared.h < args.minHeight) continue;
    rasterised++;
    try {
      const dataUrl = await pageSvgPng(svg, fit(declared.w, declared.h), args.maxSvgElements);
      if (dataUrl !== null) out.push({ url: `svg:${pageDrawingSelector(svg)}`, dataUrl, shown: isShown(svg) });
    } catch {
      // Markup that does not load as an image (broken references, a CSP refusing data: images).
    }
  }
  return out;
}

/**
 * A CSS selector of a drawing: ids where there are, nth-of-type steps below them. Stable when
 * content is added elsewhere, readable in evidence. Runs in the page.
 */
export function drawingSelector(el: Element): string {
  const steps: string[] = [];
  for (let node: Element | null = el; node && node !== document.documentElement; node = node.parentElement) {
    if (node.id && /^[A-Za-z][\w-]*$/u.test(node.id)) {
      steps.unshift(`#${node.id}`);
      break;
    }
    const tag = node.localName;
    let index = 1;
    for (let sibling = node.previousElementSibling; sibling; sibling = sibling.previousElementSibling) {
      if (sibling.localName === tag) index++;
    }
    steps.unshift(tag === 'body' ? 'body' : `${tag}:nth-of-type(${index})`);
  }
  return steps.join('>');
}

/**
 * The canvas's bitmap as a PNG data URL, scaled to `size` first when that is smaller (encoding a
 * huge bitmap costs more than scaling it). Throws on a tainted canvas. Runs in the page.
 */
export function canvasPng(canvas: HTMLCanvasElement, size: { w: number; h: number }): string {
  let source: HTMLCanvasElement = canvas;
  if (size.w !== canvas.width || size.h !== canvas.height) {
    source = document.createElement('canvas');
    source.width = size.w;
    source.height = size.h;
    source.getContext('2d')?.drawImage(canvas, 0, 0, size.w, size.h);
  }
  return source.toDataURL('image/png');
}

/**
 * An SVG's declared size in CSS px: width/height attributes in absolute units, else the viewBox
 * (scaled to `viewBoxSide` on its long side when neither is given); null when it declares none.
 * Runs in the page.
 */
export function svgDeclaredSize(svg: SVGSVGElement, viewBoxSide: number): { w: number; h: number } | null {
  const length = (l: SVGAnimatedLength): number | null => {
    if (!l.baseVal || l.baseVal.unitType === SVGLength.SVG_LENGTHTYPE_PERCENTAGE || l.baseVal.unitType === SVGLength.SVG_LENGTHTYPE_UNKNOWN) {
      return null;
    }
    return l.baseVal.value > 0 ? l.baseVal.value : null;
  };
  const box = svg.viewBox.baseVal;
  const hasBox = svg.hasAttribute('viewBox') && box && box.width > 0 && box.height > 0;
  let w = svg.hasAttribute('width') ? length(svg.width) : null;
  let h = svg.hasAttribute('height') ? length(svg.height) : null;
  if (w !== null && h !== null) return { w, h };
  if (!hasBox) return null;
  if (w !== null) return { w, h: (w * box.height) / box.width };
  if (h !== null) return { w: (h * box.width) / box.height, h };
  const scale = viewBoxSide / Math.max(box.width, box.height);
  w = box.width * scale;
  h = box.height * scale;
  return { w, h };
}

/**
 * The SVG drawn `size` big as a PNG data URL: a copy with the computed paint of its first
 * `maxElements` elements inlined, loaded as an image and drawn on a canvas. Null when no canvas
 * context is to be had; rejects when the markup does not load as an image. Runs in the page.
 */
export async function svgPng(svg: SVGSVGElement, size: { w: number; h: number }, maxElements: number): Promise<string | null> {
  // Paint that usually comes from a stylesheet; layout properties do not matter inside an SVG.
  const PAINT = [
    'fill',
    'fill-opacity',
    'fill-rule',
    'stroke',
    'stroke-width',
    'stroke-opacity',
    'opacity',
    'stop-color',
    'stop-opacity',
    'font-family',
    'font-size',
    'font-weight',
    'display',
    'visibility',
  ];
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const originals = [svg, ...Array.from(svg.querySelectorAll('*'))].slice(0, maxElements);
  const copies = [copy, ...Array.from(copy.querySelectorAll('*'))];
  originals.forEach((original, i) => {
    const target = copies[i] as SVGElement | undefined;
    if (!target) return;
    const computed = getComputedStyle(original);
    // The root's own display and visibility are the slide's business, not the drawing's.
    for (const property of i === 0 ? PAINT.slice(0, -2) : PAINT) {
      const value = computed.getPropertyValue(property);
      if (value) target.style.setProperty(property, value);
    }
  });
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', String(size.w));
  copy.setAttribute('height', String(size.h));
  copy.style.removeProperty('width');
  copy.style.removeProperty('height');
  const image = new Image(size.w, size.h);
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(copy))}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = size.w;
  canvas.height = size.h;
  const context = canvas.getContext('2d');
  if (!context) return null;
  context.drawImage(image, 0, 0, size.w, size.h);
  return canvas.toDataURL('image/png');
}
