/**
 * The page's image responses: what every picture it loaded hashes to, and, for the check that
 * made the capture only, the bytes of the smaller ones. A carousel's first picture swapped for a
 * foreign flag changes nothing in a screenshot taken while another slide shows; its hash does.
 */
import { createHash } from 'node:crypto';
import type { Page, Request, Response } from 'playwright-core';
import type { CapturedImage } from '../core/types.js';
import { withTimeout } from './timeout.js';

/** Bounds on what is read and kept. */
export interface ImageLimits {
  /** Images hashed, first ones by URL. */
  maxImages: number;
  /** Bodies larger than this (by Content-Length or once read) are neither hashed nor kept. */
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

  constructor(page: Page) {
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
   * `shown` tells, by URL, whether an `<img>` showing the image was visible (page-scripts.ts).
   * A body Chromium no longer holds, or that is not read in time, is left out.
   */
  async read(shown: ReadonlyMap<string, boolean>, limits: ImageLimits = IMAGE_LIMITS): Promise<ImagesRead> {
    const urls = [...this.#responses.keys()].sort().slice(0, limits.maxImages);
    // In parallel, each bounded by the same time: one stuck body costs only itself.
    const bodies = await Promise.all(
      urls.map((url) => withTimeout(bodyOf(this.#responses.get(url) as Response, limits.maxHashBytes), limits.timeoutMs)),
    );
    const images: CapturedImage[] = [];
    const kept = new TransientImageBodies();
    let keptBytes = 0;
    urls.forEach((url, i) => {
      const body = bodies[i];
      if (!body) return;
      const sha256 = createHash('sha256').update(body).digest('hex');
      const seen = shown.get(url);
      images.push({ url, sha256, bytes: body.length, ...(seen === undefined ? {} : { shown: seen }) });
      if (
        !kept.has(sha256) &&
        kept.size < limits.maxBodies &&
        body.length <= limits.maxBodyBytes &&
        keptBytes + body.length <= limits.maxTotalBodyBytes
      ) {
        kept.set(sha256, body);
        keptBytes += body.length;
      }
    });
    return { images, bodies: kept };
  }
}

async function bodyOf(response: Response, maxBytes: number): Promise<Buffer | null> {
  const declared = Number(response.headers()['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return null;
  try {
    const body = await response.body();
    return body.length > 0 && body.length <= maxBytes ? body : null;
  } catch {
    return null; // evicted from Chromium's buffer, or the frame went away
  }
}

function isMainFrame(request: Request, page: Page): boolean {
  try {
    return request.frame() === page.mainFrame();
  } catch {
    return false; // service-worker requests have no frame
  }
}
