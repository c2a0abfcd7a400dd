import type { Page, Request } from 'playwright-core';
import { DefacewatchError } from '../core/errors.js';
import type { Budget } from './budget.js';
import { loadLazyImages, waitForDomQuiet } from './page-scripts.js';

/** How long to wait after `load` for the page to stop changing. */
export interface SettleOptions {
  /** The page is settled after this long with no request in flight and no DOM mutation. */
  quietMs: number;
  /**
   * Never settled before this long after `load`. Defacement scripts (and some CMS widgets) inject
   * content a second or two after load into an otherwise idle page; no quiet window short enough to
   * be cheap would wait for them. The wait is idle wall time, not CPU.
   */
  minMs: number;
  /** Stop waiting this long after `load` even if the page never goes quiet (tickers, clocks, polling). */
  maxMs: number;
}

/** Defaults: content injected up to ~2.5 s after load is seen; a restless page costs at most 6 s. */
export const DEFAULT_SETTLE: Readonly<SettleOptions> = { quietMs: 500, minMs: 3_000, maxMs: 6_000 };

/**
 * Requests that never finish by design; counting them would make every page with live updates
 * look busy until maxMs.
 */
const LONG_LIVED: ReadonlySet<string> = new Set(['eventsource', 'websocket', 'media']);

/** Counts the page's requests in flight and when that count last changed. */
export class NetworkActivity {
  readonly #inflight = new Set<Request>();
  #lastChange = performance.now();

  constructor(page: Page) {
    page.on('request', (request) => {
      if (LONG_LIVED.has(request.resourceType())) return;
      this.#inflight.add(request);
      this.#lastChange = performance.now();
    });
    const done = (request: Request): void => {
      if (this.#inflight.delete(request)) this.#lastChange = performance.now();
    };
    page.on('requestfinished', done);
    page.on('requestfailed', done);
    // A redirected request fires neither; its successor fires 'request' and ends the chain.
    page.on('response', (response) => {
      if (response.status() >= 300 && response.status() < 400) done(response.request());
    });
  }

  /** Milliseconds since the network went idle; 0 while anything is in flight. */
  idleForMs(): number {
    return this.#inflight.size === 0 ? performance.now() - this.#lastChange : 0;
  }
}

export interface SettleResult {
  /** False when the page was still changing when the wait ended. */
  quiet: boolean;
  /** Main-frame navigations (script or meta redirects) that happened while waiting. */
  navigations: number;
}

/** Navigations followed while settling before giving up; a page that keeps reloading is not settling. */
const MAX_NAVIGATIONS = 5;

/**
 * Waits, after `load`, until the network is idle and the DOM unmutated for `quietMs` (but at least
 * `minMs` after load, at most `maxMs`), then for web fonts. Lazy images are switched to eager
 * loading first, so they are part of what is waited for. Stops early enough to leave `reserveMs`
 * of the budget for the screenshot. A main-frame navigation meanwhile (script redirect) is followed:
 * its `load` is awaited and the wait starts again.
 */
export async function settlePage(
  page: Page,
  network: NetworkActivity,
  budget: Budget,
  options: SettleOptions,
  reserveMs: number,
): Promise<SettleResult> {
  let loadedAt = performance.now();
  let navigations = 0;
  const deadline = (): number => Math.min(loadedAt + options.maxMs, performance.now() + budget.remaining() - reserveMs);
  let quiet = false;
  await startLazyImages(page, budget);
  while (!quiet && performance.now() < deadline()) {
    let dom;
    try {
      dom = await budget.run(
        'settle',
        page.evaluate(waitForDomQuiet, {
          quietMs: options.quietMs,
          minMs: Math.max(0, loadedAt + options.minMs - performance.now()),
          maxMs: Math.max(0, deadline() - performance.now()),
        }),
      );
    } catch (err) {
      if (budget.signal.aborted || page.isClosed()) throw err;
      if (navigations >= MAX_NAVIGATIONS) {
        throw new DefacewatchError(
          'CAPTURE_FAILED',
          `site URL ${budget.url} kept navigating (${navigations} script or meta redirects after load) and never settled`,
          { cause: err },
        );
      }
      // The document was replaced (a script or meta redirect): wait for the new one to load.
      navigations++;
      await budget.run('navigate', page.waitForLoadState('load', { timeout: budget.remaining() }));
      loadedAt = performance.now();
      await startLazyImages(page, budget);
      continue;
    }
    if (!dom.quiet) break;
    if (network.idleForMs() >= options.quietMs) {
      quiet = true;
      break;
    }
    // The DOM is quiet but a response is still due and may change it: wait for the network, then
    // for the DOM again.
    while (network.idleForMs() < options.quietMs && performance.now() < deadline()) {
      await budget.run('settle', sleep(Math.min(50, Math.max(1, deadline() - performance.now()))));
    }
  }
  // Text drawn before a web font arrives would be laid out again after the screenshot.
  try {
    await budget.run('fonts', page.evaluate(() => document.fonts.ready.then(() => undefined)));
  } catch (err) {
    if (budget.signal.aborted || page.isClosed()) throw err;
  }
  return { quiet, navigations };
}

/** Best effort: a document replaced meanwhile gets its turn after its own load. */
async function startLazyImages(page: Page, budget: Budget): Promise<void> {
  try {
    await budget.run('settle', page.evaluate(loadLazyImages));
  } catch (err) {
    if (budget.signal.aborted || page.isClosed()) throw err;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
