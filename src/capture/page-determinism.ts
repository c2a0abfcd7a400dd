import type { BrowserContext } from 'playwright-core';

/** Seed of the page's Math.random when the request gives none. */
export const DEFAULT_RANDOM_SEED = 1;

/** What a page's time and randomness start from. The same values give the same page. */
export interface Determinism {
  /** Epoch milliseconds the page's clock starts at. */
  clockTime: number;
  /** Seed of the page's Math.random (an integer, taken modulo 2^32). */
  randomSeed: number;
}

/**
 * The page's clock, frozen: time in the page moves only when `advance` runs it.
 *
 * Playwright's fake clock replaces, in the main world of every frame of the context, `Date`,
 * `performance.now`, `setTimeout`/`setInterval`, `requestAnimationFrame` and
 * `requestIdleCallback`. It is paused at `clockTime` before the first document loads, so nothing
 * ticks on its own: two loads of a page with a live clock, a carousel or a JavaScript animation
 * are in the same state after the same advance, and a timer due in 2 s fires when the capture
 * advances 2 s, not after 2 s of waiting. Network requests, CSS animations and workers keep real
 * time.
 */
export class PageClock {
  readonly #context: BrowserContext;

  private constructor(context: BrowserContext) {
    this.#context = context;
  }

  /**
   * Freezes the clock of every page of `context` at `clockTime` and seeds `Math.random`. Call it
   * before the context's first page is opened.
   */
  static async install(context: BrowserContext, determinism: Determinism): Promise<PageClock> {
    // pauseAt alone, without install(): replaying install-then-pause in a new document lets the real
    // time between the two calls leak into performance.now(); a lone pauseAt starts it at 0.
    await context.clock.pauseAt(determinism.clockTime);
    // After the clock's own init script, so that the setInterval it wraps is the fake one.
    await context.addInitScript(makePageDeterministic, { randomSeed: determinism.randomSeed });
    return new PageClock(context);
  }

  /**
   * Runs the clock `ms` forward in every frame, firing the timers and animation frames due on the
   * way; resolves once they ran. Rejects with the first exception one of the page's own timers
   * threw (after the others ran), as with any failure of the browser.
   */
  advance(ms: number): Promise<void> {
    return this.#context.clock.runFor(ms);
  }
}

/**
 * Init script, main world of every frame (self-contained: Playwright sends its source text).
 *
 * - `Math.random` becomes a seeded generator: a Weyl sequence (a counter stepped by 2^32/φ)
 *   scrambled by MurmurHash3's 32-bit finaliser, two draws per 53-bit double. Statistically plenty
 *   for picking a banner or shuffling tiles, and the same sequence for the same seed.
 *   `crypto.getRandomValues` and `crypto.randomUUID` stay truly random: pages use them for
 *   security (nonces, session ids), rarely for what they draw, and weakening them is not ours to do.
 * - `setInterval` gets the 4 ms floor browsers apply to repeating timers (HTML, timer initialisation
 *   steps). The fake clock re-arms an interval by adding its delay, so `setInterval(f, 0)` would
 *   fire forever at one instant and never let an advance finish.
 */
export function makePageDeterministic(args: { randomSeed: number }): void {
  const imul = Math.imul;
  let state = args.randomSeed >>> 0;
  const next32 = (): number => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = imul(z ^ (z >>> 16), 0x85ebca6b);
    z = imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  Math.random = function random(): number {
    // 27 high bits and 26 low bits make the 53-bit mantissa of a double in [0, 1).
    return ((next32() >>> 5) * 67108864 + (next32() >>> 6)) / 9007199254740992;
  };

  const schedule = window.setInterval.bind(window);
  window.setInterval = function setInterval(handler: TimerHandler, timeout?: number, ...rest: unknown[]): number {
    const ms = Number(timeout);
    return schedule(handler, ms >= 4 ? ms : 4, ...rest);
  } as typeof window.setInterval;
}
