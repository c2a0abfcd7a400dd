import type { Capture } from '../core/types.js';
import type { Logger } from '../log.js';
import { BrowserPool, resolveChromiumPath } from './browser.js';
import { capturePage, type CaptureRequest } from './capture-page.js';
import type { SettleOptions } from './settle.js';
import type { HostResolver } from './url-guard.js';

/**
 * The production capturer: Chromium through one BrowserPool. It has the shape of check/'s
 * `Capturer` port (capture, browserVersion, close) without importing it, so data still flows one way.
 */
export class ChromiumCapturer {
  readonly #pool: BrowserPool;
  readonly #resolve: HostResolver | undefined;
  readonly #settle: Partial<SettleOptions>;

  /**
   * `settle` changes the settle defaults for every capture (a request's own `settle` still wins);
   * `resolve` replaces the system DNS for the URL guard (tests).
   */
  constructor(pool: BrowserPool, options: { settle?: Partial<SettleOptions>; resolve?: HostResolver } = {}) {
    this.#pool = pool;
    this.#resolve = options.resolve;
    this.#settle = { ...options.settle };
  }

  /** Loads and records one page; see capturePage. */
  capture(request: CaptureRequest, options: { logger: Logger; signal?: AbortSignal | undefined }): Promise<Capture> {
    return capturePage(this.#pool, { ...request, settle: { ...this.#settle, ...request.settle } }, { ...options, ...(this.#resolve ? { resolve: this.#resolve } : {}) });
  }

  /** Chromium's product string, recorded with every baseline. */
  browserVersion(): Promise<string> {
    return this.#pool.version();
  }

  /** The Chromium binary in use. */
  get executablePath(): string {
    return this.#pool.executablePath;
  }

  /** Closes the browser. */
  close(): Promise<void> {
    return this.#pool.close();
  }
}

export interface ChromiumCapturerOptions {
  logger: Logger;
  /** Where DEFACEWATCH_CHROMIUM is read from; process.env by default. */
  env?: NodeJS.ProcessEnv;
  /** Overrides DEFACEWATCH_CHROMIUM and the Debian defaults. */
  executablePath?: string;
  /** Switches added to CHROMIUM_ARGS. */
  extraArgs?: readonly string[];
  /** Settle defaults for every capture, e.g. a shorter `quietMs` for tests of many checks. */
  settle?: Partial<SettleOptions>;
  resolve?: HostResolver;
}

/** A ChromiumCapturer with its own BrowserPool; Chromium starts on the first capture. */
export function createChromiumCapturer(options: ChromiumCapturerOptions): ChromiumCapturer {
  const pool = new BrowserPool({
    logger: options.logger,
    executablePath: options.executablePath ?? resolveChromiumPath(options.env ?? process.env),
    ...(options.extraArgs ? { extraArgs: options.extraArgs } : {}),
  });
  return new ChromiumCapturer(pool, {
    ...(options.settle ? { settle: options.settle } : {}),
    ...(options.resolve ? { resolve: options.resolve } : {}),
  });
}
