import type { Page } from 'playwright-core';
import { DefacewatchError } from '../core/errors.js';
import type { Budget } from './budget.js';
import type { IsolatedWorld } from './isolated-world.js';
import type { MainFrameLoads, NetworkActivity } from './network-activity.js';
import type { PageClock } from './page-determinism.js';
import { documentToken, fontsReady, loadLazyImages, waitForDomQuiet } from './page-scripts.js';

/** How the page is brought to rest after `load`. */
export interface SettleOptions {
  /**
   * Real time, after the clock has been run, without a request in flight or a DOM mutation for the
   * page to count as settled. With the page's clock paused only the network (and CSS events,
   * workers) can still change it, so this can be short.
   */
  quietMs: number;
  /**
   * How far the page's paused clock is run after `load`: timers due this soon fire, e.g. a
   * defacement script's `setTimeout(inject, 2000)` or a carousel's first turn. It costs the CPU of
   * the timers fired, not this much waiting. Each request the page starts meanwhile (a fetch whose
   * answer schedules more content) moves the horizon to that moment plus `horizonMs`.
   */
  horizonMs: number;
  /** The clock is never run further than this after `load`, however busy the page keeps itself. */
  maxAdvanceMs: number;
  /**
   * Once settled, the clock is run this much further in one go (default 0): a baseline sample shows
   * what a carousel or a rotating banner shows later, for the cost of the timers fired, not of
   * settling step by step again.
   */
  laterMs?: number;
  /**
   * Real time after `load` after which waiting for the network and the DOM stops (polling, long
   * requests). The clock is still run to `horizonMs`, without waiting between steps.
   */
  maxMs: number;
}

/** Defaults: timers due up to 5 s after load (15 s with follow-up requests) fire; restless pages wait at most 6 s. */
export const DEFAULT_SETTLE: Readonly<SettleOptions> = { quietMs: 300, horizonMs: 5_000, maxAdvanceMs: 15_000, maxMs: 6_000 };

/**
 * The clock runs in steps of this much page time, with the network let finish between steps, so a
 * response is handled at (nearly) the page time its request was made, as on a fast network: a
 * fetch started by a timer at 1 s that schedules content 2 s after its answer shows it at ~3 s.
 */
const STEP_MS = 500;
/** Between steps, the network counts as idle after this long with nothing in flight. */
const STEP_QUIET_MS = 50;
/** Between steps, the network is waited for at most this long (a long poll never finishes). */
const STEP_WAIT_MS = 1_000;
/** Navigations followed while settling before giving up; a page that keeps reloading is not settling. */
const MAX_NAVIGATIONS = 5;

/** What settling works on: the page and the capture's handles on it. */
export interface SettleTarget {
  page: Page;
  world: IsolatedWorld;
  clock: PageClock;
  network: NetworkActivity;
  loads: MainFrameLoads;
  /** Main-frame loads up to and including the document being settled. */
  loadsSoFar: number;
  budget: Budget;
}

export interface SettleResult {
  /** False when the page was still changing when the wait ended. */
  quiet: boolean;
  /** Main-frame navigations (script or meta redirects) that happened while settling. */
  navigations: number;
  /** Page time the clock was run after the last document's `load`, in ms. */
  advancedMs: number;
  /** Clock steps in which one of the page's own timers threw: the page's bugs, reported for debugging. */
  pageErrors: number;
}

/**
 * Brings the page to rest after `load`, its clock paused (page-determinism.ts):
 *
 * 1. Lazy images are switched to eager loading, so they are part of what is waited for.
 * 2. The clock is run to the horizon in steps, the network let finish before each step. Timers,
 *    intervals and animation frames due meanwhile fire: content a script injects 2 s after load is
 *    in the DOM without waiting 2 s.
 * 3. Then, in real time, the network must be idle and the DOM unmutated for `quietMs`. Requests
 *    started meanwhile move the horizon and the clock runs again.
 * 4. Web fonts are awaited.
 *
 * Waiting ends `maxMs` after load, and early enough to leave `reserveMs` of the budget for the
 * screenshot. A main-frame navigation meanwhile (script or meta redirect) is followed: its `load`
 * is awaited and settling starts again on the new document.
 */
export async function settlePage(target: SettleTarget, options: SettleOptions, reserveMs: number): Promise<SettleResult> {
  const { world, network, budget } = target;
  const doc = new SettlingDocument(target);
  let pageErrors = 0;
  const hardDeadline = (): number => performance.now() + budget.remaining() - reserveMs;
  const deadline = (): number => Math.min(doc.loadedAt + options.maxMs, hardDeadline());

  await doc.begin();
  let quiet = false;
  for (;;) {
    // The network first: a response may schedule timers or change the DOM, at the current page time.
    await waitForNetwork(network, budget, STEP_QUIET_MS, Math.min(deadline(), performance.now() + STEP_WAIT_MS));
    if (await doc.followNavigation(false)) continue;
    if (network.started > doc.requestsSeen) {
      doc.requestsSeen = network.started;
      doc.activeAt = doc.advanced;
    }

    const until = Math.min(doc.activeAt + options.horizonMs, options.maxAdvanceMs);
    const now = performance.now();
    // Past `maxMs` the clock still runs to the first horizon, back to back: that is where delayed
    // injections are, and it costs no waiting.
    if (doc.advanced < until && (now < deadline() || (doc.advanced < options.horizonMs && now < hardDeadline()))) {
      const step = Math.min(STEP_MS, until - doc.advanced);
      if (!(await advanceClock(target, step))) pageErrors++;
      doc.advanced += step;
      continue;
    }

    if (performance.now() >= deadline()) break;
    const requestsBefore = network.started;
    let dom;
    try {
      dom = await budget.run('settle', world.evaluate(waitForDomQuiet, { quietMs: options.quietMs, maxMs: Math.max(0, deadline() - performance.now()) }));
    } catch (err) {
      if (budget.signal.aborted || target.page.isClosed()) throw err;
      // The document was replaced while we watched it.
      await doc.followNavigation(true);
      continue;
    }
    if (await doc.followNavigation(false)) continue;
    // New requests: their answers may change the page or schedule more; the loop moves the horizon.
    if (network.started > requestsBefore) continue;
    if (!dom.quiet) break;
    if (network.idleForMs() >= options.quietMs) {
      quiet = true;
      break;
    }
  }
  if (options.laterMs !== undefined && options.laterMs > 0) {
    if (!(await advanceClock(target, options.laterMs))) pageErrors++;
    doc.advanced += options.laterMs;
    // A page that reloads itself on a timer shows its new document once loaded.
    await doc.followNavigation(false);
    await waitForNetwork(network, budget, STEP_QUIET_MS, Math.min(hardDeadline(), performance.now() + STEP_WAIT_MS));
  }
  await awaitFonts(target);
  return { quiet, navigations: doc.navigations, advancedMs: doc.advanced, pageErrors };
}

/**
 * The document being settled (when it loaded, how far its clock ran, when it last started a
 * request) and the main-frame navigations that replaced the ones before it.
 */
class SettlingDocument {
  /** Real time (performance.now) the document loaded. */
  loadedAt = 0;
  /** Page time its clock has been run since, in ms. */
  advanced = 0;
  /** Page time at which it last started a request. */
  activeAt = 0;
  /** The network's `started` count when its requests were last looked at. */
  requestsSeen = 0;
  /** Navigations followed so far. */
  navigations = 0;
  readonly #target: SettleTarget;
  #seenLoads: number;
  #documentId: number | undefined;

  constructor(target: SettleTarget) {
    this.#target = target;
    this.#seenLoads = target.loadsSoFar;
  }

  /** Starts over on the main frame's current document. */
  async begin(): Promise<void> {
    this.loadedAt = performance.now();
    this.advanced = 0;
    this.activeAt = 0;
    this.requestsSeen = this.#target.network.started;
    this.#documentId = await currentDocument(this.#target);
    await startLazyImages(this.#target);
  }

  /**
   * Whether a new document replaced the one being settled; if so, waits for its `load` and starts
   * over. `replaced`: the caller saw the document go (an evaluation's context was destroyed).
   */
  async followNavigation(replaced: boolean): Promise<boolean> {
    const { loads, budget } = this.#target;
    if (!replaced) {
      if (loads.count <= this.#seenLoads) return false;
      // A late `load` of the document already being settled (or of the initial about:blank) is no navigation.
      const current = await currentDocument(this.#target);
      if (current !== undefined && current === this.#documentId) {
        this.#seenLoads = loads.count;
        return false;
      }
    }
    if (this.navigations >= MAX_NAVIGATIONS) {
      throw new DefacewatchError('CAPTURE_FAILED', `site URL ${budget.url} kept navigating (${this.navigations} script or meta redirects after load) and never settled`);
    }
    this.navigations++;
    if (loads.count <= this.#seenLoads) await budget.run('navigate', loads.after(this.#seenLoads));
    this.#seenLoads = loads.count;
    await this.begin();
    return true;
  }
}

/**
 * Runs the page's clock `ms` forward. False when one of the page's own timers threw: the page's
 * bug, counted by the caller, not a reason to stop. A closed page or a spent budget rejects.
 */
async function advanceClock({ clock, page, budget }: SettleTarget, ms: number): Promise<boolean> {
  try {
    await budget.run('settle', clock.advance(ms));
    return true;
  } catch (err) {
    if (budget.signal.aborted || page.isClosed()) throw err;
    return false;
  }
}

/** Text drawn before a web font arrives would be laid out again after the screenshot. */
async function awaitFonts({ world, page, budget }: SettleTarget): Promise<void> {
  try {
    await budget.run('fonts', world.evaluate(fontsReady, undefined));
  } catch (err) {
    if (budget.signal.aborted || page.isClosed()) throw err;
    // Best effort: a document replaced meanwhile is captured without waiting for its fonts.
  }
}

/** Waits until nothing has been in flight for `quietMs`, or until `until` (performance.now() time). */
async function waitForNetwork(network: NetworkActivity, budget: Budget, quietMs: number, until: number): Promise<void> {
  for (;;) {
    const idle = network.idleForMs();
    const left = until - performance.now();
    if (idle >= quietMs || left <= 0) return;
    await budget.run('settle', sleep(Math.max(1, Math.min(quietMs - idle, left, 50))));
  }
}

/** The main frame's documentToken; undefined when the document went away while asked. */
async function currentDocument({ world, page, budget }: SettleTarget): Promise<number | undefined> {
  try {
    return await budget.run('settle', world.evaluate(documentToken, undefined));
  } catch (err) {
    if (budget.signal.aborted || page.isClosed()) throw err;
    return undefined;
  }
}

/** Best effort: a document replaced meanwhile gets its turn after its own load. */
async function startLazyImages({ world, page, budget }: SettleTarget): Promise<void> {
  try {
    await budget.run('settle', world.evaluate(loadLazyImages, undefined));
  } catch (err) {
    if (budget.signal.aborted || page.isClosed()) throw err;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
