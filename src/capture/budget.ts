import { DefacewatchError } from '../core/errors.js';

/**
 * The time budget of one capture: one deadline for every stage together, and the caller's
 * AbortSignal. Stages await through `run`, which rejects as soon as either fires, so a hung page
 * cannot hold a check past its `timeoutMs` however many awaits it is stuck in.
 */
export class Budget {
  /** Aborts when the deadline passes or the caller aborts; pass it to anything that takes a signal. */
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  /** The site URL, named in error messages. */
  readonly url: string;
  readonly #deadline: number;
  readonly #external: AbortSignal | undefined;
  readonly #controller = new AbortController();
  readonly #timer: NodeJS.Timeout;
  readonly #onExternalAbort = (): void => this.#controller.abort();
  #stage = 'start';
  #stopped: DefacewatchError | null = null;

  constructor(timeoutMs: number, url: string, external?: AbortSignal) {
    this.timeoutMs = timeoutMs;
    this.#deadline = performance.now() + timeoutMs;
    this.url = url;
    this.#external = external;
    this.signal = this.#controller.signal;
    this.#timer = setTimeout(() => this.#controller.abort(), timeoutMs);
    // The timer must not keep a daemon that is shutting down alive.
    this.#timer.unref();
    if (external?.aborted) this.#controller.abort();
    else external?.addEventListener('abort', this.#onExternalAbort, { once: true });
  }

  /** Milliseconds left, never negative. */
  remaining(): number {
    return Math.max(0, this.#deadline - performance.now());
  }

  /** The stage the capture is in, named in the timeout message. */
  get stage(): string {
    return this.#stage;
  }

  /**
   * Awaits `work` as stage `stage`, or rejects when the budget runs out (CAPTURE_TIMEOUT) or the caller
   * aborts (the signal's reason, as fetch does). A late rejection of `work` is swallowed.
   */
  run<T>(stage: string, work: Promise<T>): Promise<T> {
    this.#stage = stage;
    return new Promise<T>((resolve, reject) => {
      if (this.signal.aborted) {
        work.catch(() => undefined); // rejected with the abort error instead: work's own failure is a symptom, and must not go unhandled
        reject(this.abortError());
        return;
      }
      const onAbort = (): void => reject(this.abortError());
      this.signal.addEventListener('abort', onAbort, { once: true });
      work.then(
        (value) => {
          this.signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (err: unknown) => {
          this.signal.removeEventListener('abort', onAbort);
          reject(err);
        },
      );
    });
  }

  /**
   * Ends the capture now with `error` (a page that broke a limit while it loads): every stage
   * awaiting through `run` rejects with it. The first reason given wins.
   */
  stop(error: DefacewatchError): void {
    this.#stopped ??= error;
    this.#controller.abort();
  }

  /** Whether the caller (not the deadline) aborted. */
  get callerAborted(): boolean {
    return this.#external?.aborted ?? false;
  }

  /** The error to throw now that the budget is spent: the caller's reason, why it was stopped, or CAPTURE_TIMEOUT. */
  abortError(): unknown {
    if (this.#external?.aborted) return this.#external.reason;
    if (this.#stopped !== null) return this.#stopped;
    return new DefacewatchError('CAPTURE_TIMEOUT', `site URL ${this.url} did not finish loading within ${this.timeoutMs} ms (stuck in ${this.#stage})`);
  }

  /** Stops the timer and lets go of the caller's signal. */
  dispose(): void {
    clearTimeout(this.#timer);
    this.#external?.removeEventListener('abort', this.#onExternalAbort);
  }
}
