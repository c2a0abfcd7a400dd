import type { BrowserContext, BrowserContextOptions, Page, Request } from 'playwright-core';
import { DefacewatchError } from '../core/errors.js';
import type { Capture, Viewport } from '../core/types.js';
import type { Logger } from '../log.js';
import { PAGE_HEAP_MIB } from './browser.js';
import { Budget } from './budget.js';
import { NO_FRAMES, readFramesAndOverlays, type FramesAndOverlays } from './frames.js';
import { readDrawings } from './drawings.js';
import { IMAGE_LIMITS, readImagePlaces, type ImageResponses, type ImagesRead } from './images.js';
import type { IsolatedWorld } from './isolated-world.js';
import { navigationError } from './navigation-error.js';
import { openPage } from './open-page.js';
import { DEFAULT_RANDOM_SEED, type Determinism } from './page-determinism.js';
import { freezePage, snapshotPage, type PageSnapshot } from './page-scripts.js';
import { SLIDE_TEXT_LIMITS } from './slide-text.js';
import type { RequestGuard } from './request-guard.js';
import { captureScreenshot, pngSize } from './screenshot.js';
import { DEFAULT_SETTLE, settlePage, type SettleOptions } from './settle.js';
import { withTimeout } from './timeout.js';
import { assertUrlAllowed, type HostResolver } from './url-guard.js';

/** What to load and how. Optional fields take the defaults in CAPTURE_DEFAULTS. */
export interface CaptureRequest {
  url: string;
  /** Browser window size in CSS pixels; the screenshot is this wide. Default 1366x768. */
  viewport?: Viewport;
  /** CSS selectors whose boxes are returned as `ignoredBoxes` (masked from the visual diff). */
  ignoreSelectors?: string[];
  /** Budget for the whole capture, from DNS check to screenshot. Default 30 s. */
  timeoutMs?: number;
  /** The screenshot is cut at this height. Default 10,000 px. */
  maxScreenshotHeight?: number;
  /** Allow loopback and private addresses (intranet sites, demos). Default false. */
  allowPrivateNetworks?: boolean;
  /** How the page is brought to rest after `load`. Default DEFAULT_SETTLE. */
  settle?: Partial<SettleOptions>;
  /**
   * Epoch milliseconds the page's clock is paused at before the page loads; settling then runs it
   * forward (`settle.horizonMs`). The page's `Date`, `performance.now` and timers see only this
   * clock. Default: the real time when the capture starts. Two captures with the same clockTime
   * and randomSeed of an unchanged page are byte-identical, live clocks and carousels included;
   * captures with different ones show which regions of a page are volatile.
   */
  clockTime?: number;
  /** Seed of the page's `Math.random` (an integer, taken modulo 2^32). Default DEFAULT_RANDOM_SEED. */
  randomSeed?: number;
}

/** The defaults of CaptureRequest's optional fields. */
export const CAPTURE_DEFAULTS = {
  viewport: { width: 1366, height: 768 },
  timeoutMs: 30_000,
  maxScreenshotHeight: 10_000,
  randomSeed: DEFAULT_RANDOM_SEED,
} as const;

export interface CaptureOptions {
  logger: Logger;
  /** Aborting rejects the capture with the signal's reason and closes its context. */
  signal?: AbortSignal | undefined;
  /** DNS used by the URL guard; the system resolver by default. Tests pass a fake. */
  resolve?: HostResolver;
}

/** What capturePage needs from the browser pool (an interface, so tests can hand in another). */
export interface ContextSource {
  newContext(options: BrowserContextOptions): Promise<BrowserContext>;
  version(): Promise<string>;
  /** Whether a page process was stopped for its memory at or after `since` (performance.now() time). */
  stoppedForMemorySince?(since: number): boolean;
  /** The memory ceiling of a page process, in MiB. */
  readonly rendererMemoryMiB?: number;
}

/**
 * What one page may bring into the capture: a main document larger than `maxDocumentBytes` stops
 * the capture as it streams; the HTML and the visible text read from the DOM are cut at their limits.
 */
export const PAGE_LIMITS = {
  maxDocumentBytes: 10 * 2 ** 20,
  maxHtmlChars: 5_000_000,
  maxTextChars: 1_000_000,
} as const;

/** Time kept back from settling for extraction and the screenshot of a tall page. */
const RESERVE_MS = 3_000;
/** How long making one frame still may take (it waits a few animation frames and image decodes). */
const FREEZE_TIMEOUT_MS = 2_000;
/** How long closing a context may take before it is abandoned (a wedged renderer must not hold the check). */
const CLOSE_TIMEOUT_MS = 5_000;

/**
 * Loads `request.url` in a fresh browser context and records what a visitor would see: the settled
 * DOM, visible text, resource origins and a full-page PNG.
 *
 * Throws DefacewatchError with code URL_PRIVATE, DNS_FAILED, CAPTURE_FAILED, CAPTURE_TIMEOUT,
 * BROWSER_LAUNCH_FAILED, (a URL that is not http(s)) CONFIG_INVALID or (a clockTime or randomSeed
 * that is no time or no integer) INTERNAL; messages name the URL, and callers prefix the site id.
 * When `options.signal` aborts, rejects with its reason instead. The context is closed however the
 * capture ends.
 *
 * The page runs on a paused clock started at `request.clockTime` and a seeded `Math.random`
 * (page-determinism.ts); settling runs its clock forward (settle.ts), and the capture's own page
 * scripts run in an isolated world (isolated-world.ts).
 */
export async function capturePage(pool: ContextSource, request: CaptureRequest, options: CaptureOptions): Promise<Capture> {
  const started = performance.now();
  const capturedAt = new Date().toISOString();
  const url = request.url;
  const viewport = request.viewport ?? { ...CAPTURE_DEFAULTS.viewport };
  const timeoutMs = request.timeoutMs ?? CAPTURE_DEFAULTS.timeoutMs;
  const allowPrivateNetworks = request.allowPrivateNetworks ?? false;
  const determinism = determinismOf(request);
  const budget = new Budget(timeoutMs, url, options.signal);
  let crashed = false;
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const lap = (stage: string): void => {
    const now = performance.now();
    timings[stage] = Math.round(now - mark);
    mark = now;
  };

  try {
    await budget.run(
      'guard',
      assertUrlAllowed(url, {
        allowPrivateNetworks,
        // With private networks allowed only metadata is refused; no DNS needed before loading.
        literalOnly: allowPrivateNetworks,
        ...(options.resolve ? { resolve: options.resolve } : {}),
      }),
    );
    lap('guard');
    const context = await openContext(pool, viewport, budget);
    try {
      const capture = await captureInContext(context, {
        url,
        viewport,
        ignoreSelectors: request.ignoreSelectors ?? [],
        maxScreenshotHeight: request.maxScreenshotHeight ?? CAPTURE_DEFAULTS.maxScreenshotHeight,
        allowPrivateNetworks,
        settle: { ...DEFAULT_SETTLE, ...request.settle },
        determinism,
        budget,
        lap,
        logger: options.logger,
        ...(options.resolve ? { resolve: options.resolve } : {}),
        maxDocumentBytes: PAGE_LIMITS.maxDocumentBytes,
        onCrash: () => (crashed = true),
      });
      const browserVersion = await budget.run('browser', pool.version());
      const durationMs = Math.round(performance.now() - started);
      options.logger.debug({ url, status: capture.status, durationMs, timings }, 'captured');
      return { ...capture, ...determinism, browserVersion, capturedAt, durationMs, timings };
    } finally {
      await closeQuietly(context, options.logger);
    }
  } catch (err) {
    // Whatever a stage threw once the page crashed or the budget ran out ("Target closed" and the like) is a symptom.
    if (crashed || (pageGone(err) && pool.stoppedForMemorySince?.(started) === true)) throw crashError(url, pool, started);
    if (budget.signal.aborted) throw budget.abortError();
    // A browser that died mid-capture, a crashed renderer: CAPTURE_FAILED, naming the URL.
    throw navigationError(err, url);
  } finally {
    budget.dispose();
  }
}

/** Why the page's process went away: stopped by the memory watchdog, or crashed (V8's heap limit among the likely causes). */
function crashError(url: string, pool: ContextSource, since: number): DefacewatchError {
  if (pool.stoppedForMemorySince?.(since) === true) {
    return new DefacewatchError('CAPTURE_FAILED', `site URL ${url} used more than ${pool.rendererMemoryMiB} MB of memory; its page was stopped`);
  }
  return new DefacewatchError('CAPTURE_FAILED', `site URL ${url} crashed the browser's page process (for example, its scripts used more than ${PAGE_HEAP_MIB} MB)`);
}

/** Whether a stage failed because the page went away: its crash event may arrive after this error. */
function pageGone(err: unknown): boolean {
  return /Target .*closed|crashed/i.test(err instanceof Error ? err.message : String(err));
}

/** The request's clock start and random seed, defaulted and checked. */
function determinismOf(request: CaptureRequest): Determinism {
  const clockTime = request.clockTime ?? Date.now();
  const randomSeed = request.randomSeed ?? CAPTURE_DEFAULTS.randomSeed;
  // A programming error of the caller, not a site's fault: refused before anything is loaded.
  if (!Number.isFinite(new Date(clockTime).getTime())) {
    throw new DefacewatchError('INTERNAL', `capture of ${request.url}: clockTime ${clockTime} is not a valid epoch-milliseconds time`);
  }
  if (!Number.isSafeInteger(randomSeed)) {
    throw new DefacewatchError('INTERNAL', `capture of ${request.url}: randomSeed ${randomSeed} is not an integer`);
  }
  return { clockTime, randomSeed };
}

/** Opens the context within the budget, closing it if it arrives after the budget ran out. */
async function openContext(pool: ContextSource, viewport: Viewport, budget: Budget): Promise<BrowserContext> {
  const pending = pool.newContext({
    viewport,
    screen: viewport,
    deviceScaleFactor: 1,
    isMobile: false,
    hasTouch: false,
    colorScheme: 'light',
    // Many sites honour it, which removes their animations at the source.
    reducedMotion: 'reduce',
    acceptDownloads: false,
    // A service worker could answer from a cache of an earlier visit, and its requests bypass the guard.
    serviceWorkers: 'block',
  });
  try {
    return await budget.run('browser', pending);
  } catch (err) {
    // The capture has failed already: a context that arrives late is closed, and its failing to open or close is a symptom.
    pending.then((context) => context.close()).catch(() => undefined);
    throw err;
  }
}

interface InContextArgs {
  url: string;
  viewport: Viewport;
  ignoreSelectors: string[];
  maxScreenshotHeight: number;
  allowPrivateNetworks: boolean;
  settle: SettleOptions;
  determinism: Determinism;
  budget: Budget;
  lap: (stage: string) => void;
  logger: Logger;
  resolve?: HostResolver;
  maxDocumentBytes: number;
  onCrash: () => void;
}

type PageCapture = Omit<Capture, 'browserVersion' | 'capturedAt' | 'durationMs' | 'timings'>;

async function captureInContext(context: BrowserContext, args: InContextArgs): Promise<PageCapture> {
  const { url, viewport, budget, lap, logger } = args;
  const { page, cdp, clock, guard, network, loads, imageResponses, world, origins, mainDocuments } = await openPage(context, args);
  lap('open');

  const loadsBefore = loads.count;
  await navigate(page, guard, url, budget);
  lap('navigate');

  const settled = await settlePage({ page, world, clock, network, loads, loadsSoFar: loadsBefore + 1, budget }, args.settle, RESERVE_MS);
  guard.throwIfRefused();
  lap('settle');

  const snapshot = await extractSnapshot(world, args);
  origins.add('scripts', snapshot.scriptUrls);
  origins.add('iframes', snapshot.iframeUrls);
  origins.add('images', snapshot.imageUrls);
  lap('extract');

  const layers = await readLayers(world, budget, logger);
  lap('frames');

  const screenshotHeight = Math.min(snapshot.pageHeight, args.maxScreenshotHeight);
  const screenshot = await budget.run('screenshot', captureScreenshot(cdp, viewport.width, screenshotHeight));
  lap('screenshot');

  const images = await readPictures(world, imageResponses, snapshot, args);
  lap('images');

  // Last, so that nothing fetched from a refused address leaves this function.
  await budget.run('verify', guard.verifyConnections());
  guard.throwIfRefused();
  const chain = redirectChain(mainDocuments, url);
  const { status, serverAddress } = await budget.run('verify', finalResponse(mainDocuments));
  lap('verify');

  logger.debug(
    {
      quiet: settled.quiet,
      navigations: settled.navigations,
      advancedMs: settled.advancedMs,
      pageErrors: settled.pageErrors,
      blocked: guard.blocked.length,
      pngBytes: screenshot.length,
      frames: layers.frames.frames,
      visibleFrames: layers.frames.visible,
      overlays: layers.overlays.length,
      images: images.images.length,
      imageBodies: images.bodies.size,
      drawings: images.drawings,
    },
    'page settled and captured',
  );
  return {
    url,
    finalUrl: page.url(),
    redirectChain: chain,
    status,
    ...(serverAddress === undefined ? {} : { serverAddress }),
    title: snapshot.title,
    html: snapshot.html,
    visibleText: snapshot.visibleText,
    slideText: snapshot.slideText,
    screenshot,
    screenshotSize: pngSize(screenshot),
    pageHeight: snapshot.pageHeight,
    viewport,
    origins: origins.result(),
    ignoredBoxes: snapshot.ignoredBoxes,
    frameText: layers.frames.text,
    overlays: layers.overlays,
    images: images.images,
    imageBodies: images.bodies,
  };
}

/** Loads the site URL up to its `load` event; a refused main frame, a timeout or a failed load throws. */
async function navigate(page: Page, guard: RequestGuard, url: string, budget: Budget): Promise<void> {
  try {
    await budget.run('navigate', page.goto(url, { waitUntil: 'load', timeout: budget.remaining() }));
  } catch (err) {
    guard.throwIfRefused();
    if (budget.signal.aborted || (err instanceof Error && err.name === 'TimeoutError')) throw budget.abortError();
    throw navigationError(err, url);
  }
  guard.throwIfRefused();
}

/** Makes every frame still, then reads the settled main document (page-scripts.ts). */
async function extractSnapshot(world: IsolatedWorld, args: InContextArgs): Promise<PageSnapshot> {
  const { budget, url } = args;
  let snapshot: PageSnapshot;
  try {
    // Best effort per frame, and bounded: a frame that cannot be frozen must not stop the capture.
    const frameIds = await budget.run('extract', world.frameIds());
    await budget.run('extract', Promise.all(frameIds.map((frameId) => withTimeout(world.evaluate(freezePage, undefined, frameId), FREEZE_TIMEOUT_MS))));
    snapshot = await budget.run(
      'extract',
      world.evaluate(snapshotPage, {
        ignoreSelectors: args.ignoreSelectors,
        width: args.viewport.width,
        maxHeight: args.maxScreenshotHeight,
        slideText: SLIDE_TEXT_LIMITS,
        maxHtmlChars: PAGE_LIMITS.maxHtmlChars,
        maxTextChars: PAGE_LIMITS.maxTextChars,
      }),
    );
  } catch (err) {
    if (budget.signal.aborted) throw budget.abortError();
    throw navigationError(err, url);
  }
  if (snapshot.cut.length > 0) args.logger.warn({ cut: snapshot.cut }, 'the page is larger than a capture keeps; it was cut');
  if (snapshot.invalidSelectors.length > 0) {
    args.logger.warn({ selectors: snapshot.invalidSelectors }, 'ignore selectors the browser cannot parse were skipped');
  }
  return snapshot;
}

/** The child frames and the layers over the first screen; best effort: a page that defeats reading them is still captured. */
async function readLayers(world: IsolatedWorld, budget: Budget, logger: Logger): Promise<FramesAndOverlays> {
  try {
    return await budget.run('frames', readFramesAndOverlays(world));
  } catch (err) {
    if (budget.signal.aborted) throw budget.abortError();
    logger.debug({ err: err instanceof Error ? err.message : String(err) }, 'frames or overlays could not be read');
    return NO_FRAMES;
  }
}

/** The pictures the page loaded and drew, in one list sorted by URL as Capture.images promises; `drawings` counts the drawn ones. */
async function readPictures(
  world: IsolatedWorld,
  imageResponses: ImageResponses,
  snapshot: PageSnapshot,
  args: InContextArgs,
): Promise<ImagesRead & { drawings: number }> {
  const screen = { width: args.viewport.width, maxHeight: args.maxScreenshotHeight };
  // Drawings are read while the image bodies are: one waits on the renderer, the other on the network stack.
  const [images, drawings] = await args.budget.run(
    'images',
    Promise.all([
      readImagePlaces(world, screen).then((places) => imageResponses.read(new Map(snapshot.shownImages), IMAGE_LIMITS, places)),
      snapshot.hasDrawings ? readDrawings(world, screen) : null,
    ]),
  );
  if (!drawings) return { ...images, drawings: 0 };
  // The drawings' PNGs join the transient bodies.
  images.images = [...images.images, ...drawings.images].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  for (const [sha256, png] of drawings.bodies) images.bodies.set(sha256, png);
  return { ...images, drawings: drawings.images.length };
}

/**
 * Every URL the main frame went through, first to last: each document's HTTP redirects (walked
 * back through `redirectedFrom()`), then any script or meta redirect that replaced it.
 */
export function redirectChain(mainDocuments: readonly Request[], requestedUrl: string): string[] {
  const chain: string[] = [];
  for (const last of mainDocuments.filter((req) => req.redirectedTo() === null)) {
    const hops: string[] = [];
    for (let hop: Request | null = last; hop; hop = hop.redirectedFrom()) hops.unshift(hop.url());
    for (const hop of hops) if (chain[chain.length - 1] !== hop) chain.push(hop);
  }
  return chain.length > 0 ? chain : [requestedUrl];
}

/** HTTP status of the last main-frame document that got a response, and the address that served it. */
async function finalResponse(mainDocuments: readonly Request[]): Promise<{ status: number | null; serverAddress?: string }> {
  for (const req of [...mainDocuments].reverse()) {
    if (req.redirectedTo() !== null) continue;
    const response = await req.response().catch(() => null); // gone with its page: as if it got no response
    if (!response) continue;
    const address = await response.serverAddr().catch(() => null); // gone with its page: no address is recorded
    return { status: response.status(), ...(address ? { serverAddress: address.ipAddress } : {}) };
  }
  return { status: null };
}

async function closeQuietly(context: BrowserContext, logger: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), CLOSE_TIMEOUT_MS);
  });
  try {
    const closing = context.close().catch((err: unknown) => {
      // Treated as closed: waiting longer would not close it, and the check must go on.
      logger.debug({ err: err instanceof Error ? err.message : String(err) }, 'a browser context failed to close');
      return 'closed' as const;
    });
    const outcome = await Promise.race([closing, gaveUp]);
    if (outcome === 'timeout') logger.error('a browser context did not close in time and was abandoned');
  } finally {
    clearTimeout(timer);
  }
}
