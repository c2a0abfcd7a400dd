import type { CDPSession } from 'playwright-core';

/**
 * How many bytes each response of the page has brought so far, decoded (after gzip and the like),
 * counted from the DevTools `Network` events of the capture's own session as they arrive. Two uses:
 * a main document that grows past its limit stops the capture while it streams (a 100 MB page must
 * not be parsed, let alone read), and a picture's body is only read into this process once it has
 * finished within its limit (images.ts), whatever its headers claimed. Install before the first
 * navigation.
 */
export class ResponseSizes {
  /** Per URL without its fragment: bytes so far, and whether a response for it finished (or failed). */
  readonly #byUrl = new Map<string, { bytes: number; done: boolean }>();
  readonly #urlOf = new Map<string, string>();
  readonly #waiters = new Set<() => void>();

  private constructor() {}

  /**
   * Starts counting. `onDocumentTooLarge` is called once when a document of the main frame has
   * brought more than `maxDocumentBytes`.
   */
  static async install(cdp: CDPSession, options: { maxDocumentBytes: number; onDocumentTooLarge: (url: string, bytes: number) => void }): Promise<ResponseSizes> {
    const sizes = new ResponseSizes();
    const { frameTree } = await cdp.send('Page.getFrameTree');
    const mainFrameId = frameTree.frame.id;
    const mainDocuments = new Set<string>();
    let reported = false;
    cdp.on('Network.requestWillBeSent', (event) => {
      const url = withoutFragment(event.request.url);
      sizes.#urlOf.set(event.requestId, url);
      sizes.#byUrl.set(url, { bytes: 0, done: false });
      if (event.type === 'Document' && event.frameId === mainFrameId) mainDocuments.add(event.requestId);
    });
    cdp.on('Network.dataReceived', (event) => {
      const entry = sizes.#entry(event.requestId);
      if (entry === undefined) return;
      entry.bytes += event.dataLength;
      if (!reported && mainDocuments.has(event.requestId) && entry.bytes > options.maxDocumentBytes) {
        reported = true;
        options.onDocumentTooLarge(sizes.#urlOf.get(event.requestId) ?? '', entry.bytes);
      }
      sizes.#wake();
    });
    const finish = (event: { requestId: string }): void => {
      const entry = sizes.#entry(event.requestId);
      if (entry !== undefined) entry.done = true;
      sizes.#wake();
    };
    cdp.on('Network.loadingFinished', finish);
    cdp.on('Network.loadingFailed', finish);
    // This session only counts: bodies are read through Playwright's, so none is kept here twice.
    await cdp.send('Network.enable', { maxTotalBufferSize: 0, maxResourceBufferSize: 0 });
    return sizes;
  }

  /**
   * Resolves with the decoded size of the response for `url` once it finished, or null as soon as
   * it passed `maxBytes`, failed to arrive, or was never seen by this session.
   */
  finished(url: string, maxBytes: number): Promise<number | null> {
    return new Promise((resolve) => {
      const look = (): boolean => {
        const entry = this.#byUrl.get(withoutFragment(url));
        if (entry === undefined || entry.bytes > maxBytes) resolve(null);
        else if (entry.done) resolve(entry.bytes);
        else return false;
        return true;
      };
      if (look()) return;
      const waiter = (): void => {
        if (look()) this.#waiters.delete(waiter);
      };
      this.#waiters.add(waiter);
    });
  }

  #entry(requestId: string): { bytes: number; done: boolean } | undefined {
    const url = this.#urlOf.get(requestId);
    return url === undefined ? undefined : this.#byUrl.get(url);
  }

  #wake(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }
}

function withoutFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash < 0 ? url : url.slice(0, hash);
}
