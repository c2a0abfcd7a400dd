/**
 * The page's image responses: what every picture it loaded hashes to, and, for the check that
 * made the capture only, the bytes of the smaller ones. A carousel's first picture swapped for a
 * foreign flag changes nothing in a screenshot taken while another slide shows; its hash does.
 */
import { createHash } from 'node:crypto';
import type { Page, Response } from 'playwright-core';
import type { CapturedImage, ImagePlace, ImageRole } from '../core/types.js';
import type { IsolatedWorld } from './isolated-world.js';
import { isMainFrame } from './network-activity.js';
import type { ResponseSizes } from './response-sizes.js';
import { withTimeout } from './timeout.js';

/** Bounds on what is read and kept. */
export interface ImageLimits {
  /** Images hashed, first ones by URL. */
  maxImages: number;
  /**
   * Bodies larger than this (by Content-Length, or as they arrive) are neither read, hashed nor
   * kept; a body still arriving is read only once it finished within this size.
   */
  maxHashBytes: number;
  /** Bodies kept in memory for the check: at most this many… */
  maxBodies: number;
  /** …each at most this big… */
  maxBodyBytes: number;
  /** …and this many bytes in all. */
  maxTotalBodyBytes: number;
  /** Time reading the bodies may take (they are read in parallel); what is not read by then is left out. */
  timeoutMs: number;
}

export const IMAGE_LIMITS: Readonly<ImageLimits> = {
  maxImages: 200,
  maxHashBytes: 20_000_000,
  maxBodies: 40,
  maxBodyBytes: 2_000_000,
  maxTotalBodyBytes: 16_000_000,
  timeoutMs: 3_000,
};

/**
 * Image bodies by sha256. Serialises to nothing (`toJSON` returns undefined, so JSON.stringify
 * leaves the property out): image bytes must never reach meta.json or a log line.
 */
export class TransientImageBodies extends Map<string, Uint8Array> {
  toJSON(): undefined {
    return undefined;
  }
}

export interface ImagesRead {
  images: CapturedImage[];
  bodies: TransientImageBodies;
}

/**
 * Watches a page's responses for images (`<img>`, CSS backgrounds, in every frame of the page) of
 * its latest main-frame document. Create it before the first navigation; `read` once the page settled.
 */
export class ImageResponses {
  readonly #responses = new Map<string, Response>();
  readonly #sizes: ResponseSizes;

  constructor(page: Page, sizes: ResponseSizes) {
    this.#sizes = sizes;
    // A new main-frame document (a script or meta redirect) starts over: only the pictures of the
    // document that is captured count, and an old document's bodies may be gone from Chromium.
    page.on('request', (request) => {
      if (request.resourceType() === 'document' && isMainFrame(request, page)) this.#responses.clear();
    });
    page.on('response', (response) => {
      if (response.request().resourceType() !== 'image') return;
      const status = response.status();
      if (status < 200 || status >= 300) return;
      const url = response.url();
      if (!url.startsWith('http:') && !url.startsWith('https:')) return;
      // The first answer for a URL: a picture fetched twice in one load is the same picture.
      if (!this.#responses.has(url)) this.#responses.set(url, response);
    });
  }

  /** Image responses seen so far. */
  get count(): number {
    return this.#responses.size;
  }

  /**
   * Hashes the bodies of the images seen so far (first `maxImages` by URL) and keeps the small ones.
   * `shown` tells, by URL, whether an `<img>` showing the image was visible (page-scripts.ts);
   * `places`, where the page shows it (readImagePlaces). A body Chromium no longer holds, or that is
   * not read in time, is left out.
   */
  async read(shown: ReadonlyMap<string, boolean>, limits: ImageLimits = IMAGE_LIMITS, places: ReadonlyMap<string, ImagePlace> = new Map()): Promise<ImagesRead> {
    const urls = [...this.#responses.keys()].sort().slice(0, limits.maxImages);
    // In parallel, each bounded by the same time: one stuck body costs only itself.
    const bodies = await Promise.all(
      urls.map((url) => withTimeout(bodyOf(this.#responses.get(url) as Response, this.#sizes.finished(url, limits.maxHashBytes), limits.maxHashBytes), limits.timeoutMs)),
    );
    const images: CapturedImage[] = [];
    const kept = new TransientImageBodies();
    let keptBytes = 0;
    urls.forEach((url, i) => {
      const body = bodies[i];
      if (!body) return;
      const sha256 = createHash('sha256').update(body).digest('hex');
      const seen = shown.get(url);
      const place = places.get(url);
      images.push({ url, sha256, bytes: body.length, ...(seen === undefined ? {} : { shown: seen }), ...(place ? { place } : {}) });
      if (!kept.has(sha256) && kept.size < limits.maxBodies && body.length <= limits.maxBodyBytes && keptBytes + body.length <= limits.maxTotalBodyBytes) {
        kept.set(sha256, body);
        keptBytes += body.length;
      }
    });
    return { images, bodies: kept };
  }
}

/** The body, read only once `size` says it arrived whole within `maxBytes`: a larger one never reaches this process. */
async function bodyOf(response: Response, size: Promise<number | null>, maxBytes: number): Promise<Buffer | null> {
  const declared = Number(response.headers()['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return null;
  if ((await size) === null) return null;
  try {
    const body = await response.body();
    return body.length > 0 && body.length <= maxBytes ? body : null;
  } catch {
    return null; // evicted from Chromium's buffer, or the frame went away
  }
}

export interface PlacesArgs {
  /** Width of the screenshot; boxes are clipped to it. */
  width: number;
  /** Maximum screenshot height; boxes are clipped to it. */
  maxHeight: number;
  /** Elements whose CSS background is read, at most (document order). */
  maxElements: number;
}

/**
 * Where the document shows each picture, by absolute URL: `<img>` (its `currentSrc`, so `<picture>`
 * and `srcset` give the one the browser chose; lazy ones were switched to eager before) and CSS
 * background images of elements. A picture used in several places gets its most prominent one.
 * Runs in the page (isolated world); self-contained.
 *
 * The role comes from the nearest element that says what it is: the page's `<header>` or
 * `role="banner"` (not a section's own header), an ARIA carousel or slide, an `<article>`, else class
 * and id words sites use for these parts (header, logo, carousel, slider, hero, banner, news, post…).
 */
export function readImagePlacesInPage(args: PlacesArgs): [string, ImagePlace][] {
  const WORDS: [ImageRole, RegExp][] = [
    ['header', /(?:^|[\s_-])(?:header|masthead|logo|brand|navbar|topbar|site-?title)(?:$|[\s_-])/i],
    ['carousel-slide', /(?:carousel|slider|slideshow|slide|swiper|slick|splide|glide|owl-item)/i],
    ['hero', /(?:^|[\s_-])(?:hero|jumbotron|banner|key-?visual|main-?visual|cover)(?:$|[\s_-])/i],
    ['article', /(?:^|[\s_-])(?:article|news|post|entry|story|press|blog)(?:$|[\s_-])/i],
  ];
  const RANK: Record<ImageRole, number> = { header: 4, 'carousel-slide': 4, hero: 4, content: 2, article: 1 };
  const roleOf = (el: Element): ImageRole => {
    for (let n: Element | null = el; n && n !== document.body && n !== document.documentElement; n = n.parentElement) {
      const tag = n.tagName.toLowerCase();
      const aria = (n.getAttribute('role') ?? '').toLowerCase();
      const described = (n.getAttribute('aria-roledescription') ?? '').toLowerCase();
      // HTML: a <header> inside sectioning content is that section's header, not the page's banner.
      if ((tag === 'header' && !n.parentElement?.closest('article, aside, main, nav, section')) || aria === 'banner') return 'header';
      if (described === 'carousel' || described === 'slide') return 'carousel-slide';
      if (tag === 'article' || aria === 'article') return 'article';
      const cls = n.getAttribute('class') ?? '';
      const words = `${n.id} ${cls}`;
      for (const [role, re] of WORDS) if (re.test(words)) return role;
    }
    return 'content';
  };
  const boxOf = (el: Element): ImagePlace['box'] => {
    const r = el.getBoundingClientRect();
    const left = Math.max(0, Math.floor(r.left + window.scrollX));
    const top = Math.max(0, Math.floor(r.top + window.scrollY));
    const right = Math.min(args.width, Math.ceil(r.right + window.scrollX));
    const bottom = Math.min(args.maxHeight, Math.ceil(r.bottom + window.scrollY));
    return right > left && bottom > top ? { x: left, y: top, width: right - left, height: bottom - top } : { x: 0, y: 0, width: 0, height: 0 };
  };
  const places = new Map<string, ImagePlace>();
  const note = (url: string, el: Element): void => {
    let absolute: string;
    try {
      absolute = new URL(url, document.baseURI).href;
    } catch {
      return; // not a URL: no picture to place
    }
    const place: ImagePlace = { role: roleOf(el), box: boxOf(el) };
    const before = places.get(absolute);
    const score = (p: ImagePlace): number => RANK[p.role] * 1e9 + p.box.width * p.box.height;
    if (!before || score(place) > score(before)) places.set(absolute, place);
  };
  for (const img of Array.from(document.images)) {
    const url = img.currentSrc || img.src;
    if (url) note(url, img);
  }
  const elements = Array.from(document.querySelectorAll('body *')).slice(0, args.maxElements);
  for (const el of elements) {
    const bg = getComputedStyle(el).backgroundImage;
    if (!bg || bg === 'none') continue;
    for (const m of bg.matchAll(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)]*?))\s*\)/g)) {
      const url = m[1] ?? m[2] ?? m[3] ?? '';
      if (url && !url.startsWith('data:')) note(url, el);
    }
  }
  return [...places];
}

/** Elements whose CSS background readImagePlaces looks at, at most: bounds its cost on a huge DOM. */
export const MAX_PLACE_ELEMENTS = 5_000;

/**
 * Where the main document shows its pictures (readImagePlacesInPage), by URL. Best effort: a page
 * that defeats the script gets an empty map, and its pictures no place.
 */
export async function readImagePlaces(world: IsolatedWorld, screen: { width: number; maxHeight: number }): Promise<Map<string, ImagePlace>> {
  // undefined when the script failed or ran out of time.
  const pairs = await withTimeout(world.evaluate(readImagePlacesInPage, { ...screen, maxElements: MAX_PLACE_ELEMENTS }), 2_000);
  return new Map(pairs ?? []);
}
