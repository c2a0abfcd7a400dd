import type { Page, Request } from 'playwright-core';

/**
 * Requests that never finish by design; counting them would make every page with live updates
 * look busy until the settle deadline.
 */
const LONG_LIVED: ReadonlySet<string> = new Set(['eventsource', 'websocket', 'media']);

/**
 * The page's requests in flight, how many it has started, and when the in-flight count last changed.
 * Fed by Playwright's page events; create it before the first navigation.
 */
export class NetworkActivity {
  readonly #inflight = new Set<Request>();
  #lastChange = performance.now();
  #started = 0;

  constructor(page: Page) {
    page.on('request', (request) => {
      if (LONG_LIVED.has(request.resourceType())) return;
      this.#inflight.add(request);
      this.#started++;
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

  /** Requests started so far (each redirect hop counts), long-lived ones left out. */
  get started(): number {
    return this.#started;
  }
}

/**
 * Counts `load` events of the page's main frame: one per document, so a count that grew means a
 * script or meta redirect replaced the document. Same-document navigations (history.pushState,
 * anchors) fire no `load` and are not counted. Create it before the first navigation.
 */
export class MainFrameLoads {
  #count = 0;
  #waiters: { after: number; resolve: () => void; reject: (err: Error) => void }[] = [];
  #gone: Error | null = null;

  constructor(page: Page) {
    page.on('load', () => {
      this.#count++;
      const due = this.#waiters.filter((waiter) => this.#count > waiter.after);
      this.#waiters = this.#waiters.filter((waiter) => this.#count <= waiter.after);
      for (const waiter of due) waiter.resolve();
    });
    // No load will come: waiting for one must fail, not run out the budget.
    page.on('crash', () => this.#fail(new Error('the page crashed')));
    page.on('close', () => this.#fail(new Error('the page was closed')));
  }

  /** Main-frame `load` events so far. */
  get count(): number {
    return this.#count;
  }

  /**
   * Resolves once more than `count` loads have happened (at once if they already have); rejects if
   * the page crashes or closes first.
   */
  after(count: number): Promise<void> {
    if (this.#count > count) return Promise.resolve();
    if (this.#gone) return Promise.reject(this.#gone);
    return new Promise((resolve, reject) => this.#waiters.push({ after: count, resolve, reject }));
  }

  #fail(err: Error): void {
    this.#gone ??= err;
    for (const waiter of this.#waiters.splice(0)) waiter.reject(err);
  }
}

/** Whether `request` is for the page's main frame; false for a service worker's, which has no frame. */
export function isMainFrame(request: Request, page: Page): boolean {
  try {
    return request.frame() === page.mainFrame();
  } catch {
    return false; // service-worker requests have no frame
  }
}
