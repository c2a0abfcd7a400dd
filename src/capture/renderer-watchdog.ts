import { readFileSync } from 'node:fs';
import type { Browser, CDPSession } from 'playwright-core';
import type { Logger } from '../log.js';

/**
 * Holds each page process (renderer) of one Chromium to a memory ceiling. V8's heap limit
 * (`--max-old-space-size` in CHROMIUM_ARGS) stops a script that fills the JavaScript heap, but not
 * one that fills array buffers, canvases or the DOM: those live outside that heap, and a single page
 * filled gigabytes in seconds. While captures run, the watchdog asks the browser for its renderers'
 * process ids (DevTools `SystemInfo.getProcessInfo`), reads each one's resident memory from /proc and
 * kills one over the ceiling. Its page crashes, and the capture that held it fails, naming the ceiling.
 *
 * Linux only: elsewhere /proc is absent and only the heap limit applies.
 */
export class RendererWatchdog {
  #browser: Browser | null = null;
  readonly #ceilingBytes: number;
  readonly #intervalMs: number;
  readonly #logger: Logger;
  #session: Promise<CDPSession> | null = null;
  #active = 0;
  #timer: NodeJS.Timeout | null = null;
  #closed = false;
  /** performance.now() of each renderer stopped, newest last (the last few minutes only). */
  #stops: number[] = [];

  constructor(options: { ceilingBytes: number; intervalMs: number; logger: Logger }) {
    this.#ceilingBytes = options.ceilingBytes;
    this.#intervalMs = options.intervalMs;
    this.#logger = options.logger;
  }

  /** The browser to watch (again after a relaunch). */
  attach(browser: Browser): void {
    this.#browser = browser;
    this.#session = null;
  }

  /** A capture started: watch until every capture that started has ended. */
  retain(): void {
    this.#active += 1;
    if (this.#active === 1) this.#schedule();
  }

  release(): void {
    this.#active = Math.max(0, this.#active - 1);
    if (this.#active === 0 && this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
  }

  /** Whether a renderer was stopped for its memory at or after `since` (performance.now() time). */
  stoppedSince(since: number): boolean {
    return this.#stops.some((at) => at >= since);
  }

  close(): void {
    this.#closed = true;
    this.#active = 0;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #schedule(): void {
    if (this.#closed || this.#active === 0) return;
    this.#timer = setTimeout(() => void this.#look().finally(() => this.#schedule()), this.#intervalMs);
    // A daemon shutting down must not wait for the next look.
    this.#timer.unref();
  }

  async #look(): Promise<void> {
    const browser = this.#browser;
    if (browser === null) return;
    let renderers: number[];
    try {
      this.#session ??= browser.newBrowserCDPSession();
      const { processInfo } = await (await this.#session).send('SystemInfo.getProcessInfo');
      renderers = processInfo.filter((p) => p.type === 'renderer').map((p) => p.id);
    } catch (err) {
      // The browser is closing or gone: the pool relaunches it with a new watchdog.
      this.#logger.debug({ err: err instanceof Error ? err.message : String(err) }, 'could not list the page processes');
      this.#session = null;
      return;
    }
    for (const pid of renderers) {
      const rss = residentBytes(pid);
      if (rss === undefined || rss <= this.#ceilingBytes) continue;
      try {
        process.kill(pid, 'SIGKILL');
      } catch (err) {
        // It ended by itself meanwhile: nothing to stop.
        this.#logger.debug({ pid, err: err instanceof Error ? err.message : String(err) }, 'a page process over its memory ceiling was already gone');
        continue;
      }
      const now = performance.now();
      this.#stops = [...this.#stops.filter((at) => now - at < 600_000), now];
      this.#logger.warn(
        { pid, rssMiB: Math.round(rss / 2 ** 20), ceilingMiB: Math.round(this.#ceilingBytes / 2 ** 20) },
        'stopped a page process over its memory ceiling',
      );
    }
  }
}

/** A process's resident memory in bytes from /proc; undefined where there is no /proc or the process is gone. */
export function residentBytes(pid: number): number | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined; // not Linux, or the process ended: nothing to measure
  }
  const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
  return match ? Number(match[1]) * 1024 : undefined;
}
