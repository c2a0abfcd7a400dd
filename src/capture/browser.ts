import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';
import { DefacewatchError } from '../core/errors.js';
import type { Logger } from '../log.js';
import { RendererWatchdog } from './renderer-watchdog.js';

/** Where Debian puts the headless shell: ~4x cheaper per check than full Chromium (docs/performance.md). */
export const HEADLESS_SHELL_PATH = '/usr/lib/chromium/chromium-headless-shell';
/** Debian's full Chromium, the fallback. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** What one page's scripts may keep in V8's heap before its process is stopped (the switch below). */
export const PAGE_HEAP_MIB = 512;
/** What one page process may hold in memory in all (heap, array buffers, DOM, pictures) before the watchdog stops it. */
export const RENDERER_MEMORY_MIB = 1024;
/** How often the watchdog looks at the page processes while captures run. */
const WATCHDOG_INTERVAL_MS = 250;

/**
 * Chromium switches, on top of the ones Playwright always passes. Several repeat Playwright's
 * defaults on purpose: what the captures depend on should be stated here, not inherited silently.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  // Chromium's sandbox needs user namespaces or a setuid helper, which the containers this runs in
  // rarely allow. The price: a renderer exploit is not contained, hence the throwaway contexts.
  '--no-sandbox',
  // No traffic of the browser's own: it would muddy network-idle detection and leak the monitor.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // QUIC is UDP, often dropped by egress firewalls; the fallback to TCP adds seconds at random.
  '--disable-quic',
  // Software rasterising only: the same pixels on every host, and no GPU process to feed.
  '--disable-gpu',
  // A scrollbar's thumb depends on the page height: a page that only grew would differ down its
  // whole right edge.
  '--hide-scrollbars',
  // Glyphs rasterised without the host's fontconfig hinting, so a baseline made on one host
  // compares cleanly with a capture from another.
  '--font-render-hinting=none',
  // Colours independent of the host's display profile.
  '--force-color-profile=srgb',
  '--mute-audio',
  // Keeps cross-site iframes in the page's renderer. The headless shell already does; for full
  // Chromium it means the request guard's interception on the page target sees every frame's
  // requests, and no renderer process is spawned per embedded video or map. Isolation protects
  // a user's cross-site secrets; these throwaway contexts hold none.
  '--disable-site-isolation-trials',
  // Pop-ups opened by the page would load outside the page target the request guard watches.
  // The headless shell has no pop-up blocker but honours this switch; full Chromium's blocker is
  // switched back on by dropping Playwright's --disable-popup-blocking (see #launch).
  '--block-new-web-contents',
  // Playwright's own hover/pointer settings (this switch replaces its copy, so they are repeated)
  // plus imageAnimationPolicy=2: animated GIFs show their first frame, not whichever frame the
  // clock happened to pick, so unchanged pages stay byte-identical.
  '--blink-settings=primaryHoverType=2,availableHoverTypes=2,primaryPointerType=4,availablePointerTypes=4,imageAnimationPolicy=2',
  // A page whose scripts fill the heap crashes at this size instead of growing to V8's default of
  // several GB; memory outside the heap is the renderer watchdog's (renderer-watchdog.ts).
  `--js-flags=--max-old-space-size=${PAGE_HEAP_MIB}`,
];

/**
 * Picks the Chromium binary: `DEFACEWATCH_CHROMIUM` when set, else Debian's headless shell when
 * present, else Debian's full Chromium.
 */
export function resolveChromiumPath(env: NodeJS.ProcessEnv = process.env, exists: (path: string) => boolean = existsSync): string {
  const fromEnv = env.DEFACEWATCH_CHROMIUM?.trim();
  if (fromEnv) return fromEnv;
  return exists(HEADLESS_SHELL_PATH) ? HEADLESS_SHELL_PATH : CHROMIUM_PATH;
}

export interface BrowserPoolOptions {
  logger: Logger;
  /** Overrides DEFACEWATCH_CHROMIUM and the Debian defaults. */
  executablePath?: string;
  /** Switches added after CHROMIUM_ARGS. */
  extraArgs?: readonly string[];
  /** How long Chromium may take to start. Default 30 s. */
  launchTimeoutMs?: number;
  /** A page process holding more memory than this is stopped. Default RENDERER_MEMORY_MIB. */
  rendererMemoryMiB?: number;
}

/**
 * One Chromium, shared by every check; each check opens its own context from it. The browser is
 * launched on first use and, when it dies or disconnects, launched again on the next use. Create one
 * per process and pass it down; `close()` it on shutdown.
 */
export class BrowserPool {
  /** The binary this pool launches. */
  readonly executablePath: string;
  readonly #logger: Logger;
  readonly #args: string[];
  readonly #launchTimeoutMs: number;
  readonly #watchdog: RendererWatchdog;
  /** The ceiling the watchdog holds each page process to, in MiB. */
  readonly rendererMemoryMiB: number;
  #browser: Browser | null = null;
  #launching: Promise<Browser> | null = null;
  #version: string | null = null;
  #closed = false;

  constructor(options: BrowserPoolOptions) {
    this.executablePath = options.executablePath ?? resolveChromiumPath();
    this.#logger = options.logger;
    this.#args = [...CHROMIUM_ARGS, ...(options.extraArgs ?? [])];
    this.#launchTimeoutMs = options.launchTimeoutMs ?? 30_000;
    this.rendererMemoryMiB = options.rendererMemoryMiB ?? RENDERER_MEMORY_MIB;
    this.#watchdog = new RendererWatchdog({ ceilingBytes: this.rendererMemoryMiB * 2 ** 20, intervalMs: WATCHDOG_INTERVAL_MS, logger: this.#logger });
  }

  /** The running browser, launching it if there is none (or the last one died). */
  async browser(): Promise<Browser> {
    if (this.#closed) throw new DefacewatchError('INTERNAL', 'the browser pool was used after close()');
    if (this.#browser?.isConnected()) return this.#browser;
    this.#browser = null;
    // Concurrent checks share one launch instead of starting a browser each.
    this.#launching ??= this.#launch().finally(() => {
      this.#launching = null;
    });
    return await this.#launching;
  }

  /**
   * A new, empty context. If the browser turns out to be dead (killed, crashed, not yet noticed as
   * disconnected), it is relaunched once and the context opened there.
   */
  async newContext(options: BrowserContextOptions): Promise<BrowserContext> {
    const context = await this.#openContext(options);
    // The watchdog looks at the page processes while any context is open.
    this.#watchdog.retain();
    context.once('close', () => this.#watchdog.release());
    return context;
  }

  /** Whether a page process was stopped for its memory at or after `since` (performance.now() time). */
  stoppedForMemorySince(since: number): boolean {
    return this.#watchdog.stoppedSince(since);
  }

  async #openContext(options: BrowserContextOptions): Promise<BrowserContext> {
    const browser = await this.browser();
    try {
      return await browser.newContext(options);
    } catch (err) {
      // Only a dead browser is worth a relaunch; a bad option would fail again anyway.
      const dead = !browser.isConnected() || /closed|crashed|disconnected/i.test(errorText(err));
      if (this.#closed || !dead) throw err;
      this.#logger.warn({ err: firstLine(errorText(err)) }, 'Chromium did not open a context; relaunching it');
      this.#forget(browser);
      await this.#closeBrowser(browser);
      return await (await this.browser()).newContext(options);
    }
  }

  /**
   * The browser's product string, e.g. "HeadlessChrome/156.0.8078.108", recorded with baselines
   * because diff numbers depend on it. Launches the browser if needed.
   */
  async version(): Promise<string> {
    if (this.#version === null) await this.browser();
    return this.#version ?? 'unknown';
  }

  /** Closes the browser. The pool cannot be used afterwards. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#watchdog.close();
    // A launch that failed has no browser to close; whoever awaited it got the error.
    const browser = this.#browser ?? (await this.#launching?.catch(() => null)) ?? null;
    this.#browser = null;
    if (browser) await this.#closeBrowser(browser);
  }

  async #launch(): Promise<Browser> {
    const started = performance.now();
    let browser: Browser;
    try {
      browser = await chromium.launch({
        executablePath: this.executablePath,
        args: this.#args,
        ignoreDefaultArgs: ['--disable-popup-blocking'],
        timeout: this.#launchTimeoutMs,
        // Signals belong to the daemon's entry point, which drains checks and then calls close().
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
      });
    } catch (err) {
      throw new DefacewatchError('BROWSER_LAUNCH_FAILED', `Chromium at ${this.executablePath} could not be started: ${firstLine(errorText(err))}`, { cause: err });
    }
    if (this.#closed) {
      await this.#closeBrowser(browser);
      throw new DefacewatchError('INTERNAL', 'the browser pool was closed while Chromium was starting');
    }
    this.#version = await productVersion(browser);
    browser.on('disconnected', () => {
      if (this.#browser !== browser) return;
      this.#browser = null;
      if (!this.#closed) this.#logger.warn('Chromium disconnected; it will be relaunched on next use');
    });
    this.#browser = browser;
    this.#watchdog.attach(browser);
    this.#logger.info({ executablePath: this.executablePath, version: this.#version, ms: Math.round(performance.now() - started) }, 'Chromium started');
    return browser;
  }

  #forget(browser: Browser): void {
    if (this.#browser === browser) this.#browser = null;
  }

  /** Closes a browser the pool is done with; a failure (it died, or is gone already) is logged, never thrown. */
  async #closeBrowser(browser: Browser): Promise<void> {
    await browser.close().catch((err: unknown) => this.#logger.debug({ err: firstLine(errorText(err)) }, 'closing Chromium failed'));
  }
}

/** "HeadlessChrome/156.0.8078.108" from the DevTools protocol; the bare version if that fails. */
async function productVersion(browser: Browser): Promise<string> {
  try {
    const session = await browser.newBrowserCDPSession();
    const { product } = await session.send('Browser.getVersion');
    await session.detach().catch(() => undefined); // the product is read; a session left attached goes with the browser
    return product;
  } catch {
    return `Chromium/${browser.version()}`; // without DevTools, the bare version still names the build
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .find((line) => line.trim() !== '')
      ?.trim() ?? text
  );
}
