import type { CDPSession } from 'playwright-core';

/** The world's name, as DevTools lists it. */
const WORLD_NAME = 'defacewatch';

/**
 * Runs the capture's own page scripts (page-scripts.ts) in an isolated JavaScript world of a frame,
 * over the DevTools protocol, instead of the page's main world where `page.evaluate` runs them.
 *
 * An isolated world shares the frame's DOM but has globals of its own, as a browser extension's
 * content script does. That matters twice here:
 * - The page's clock is faked and paused (page-determinism.ts): in the main world `setTimeout`,
 *   `requestAnimationFrame`, `performance.now` and `Date` only move when the capture advances them,
 *   so a script that waits on them there would wait forever. Here they are the real ones.
 * - The page cannot reach what runs here: a defaced page that redefines `innerText`, `outerHTML` or
 *   `MutationObserver` in its own world cannot change what the capture reads.
 *
 * Chromium keeps one world of a name per document, so expando properties set by one call are seen
 * by the next in the same document; a new document starts an empty world.
 */
export class IsolatedWorld {
  readonly #cdp: CDPSession;

  constructor(cdp: CDPSession) {
    this.#cdp = cdp;
  }

  /** Ids of every frame of the page, the main frame first. */
  async frameIds(): Promise<string[]> {
    const { frameTree } = await this.#cdp.send('Page.getFrameTree');
    const ids: string[] = [];
    const walk = (node: typeof frameTree): void => {
      ids.push(node.frame.id);
      for (const child of node.childFrames ?? []) walk(child);
    };
    walk(frameTree);
    return ids;
  }

  /**
   * Calls `fn(arg)` in this world of the frame (the main frame by default) and returns its result,
   * awaited and copied by value. `fn` must be self-contained: only its source text is sent. Rejects
   * when the frame's document goes away meanwhile (a navigation) or `fn` throws.
   */
  async evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A, frameId?: string): Promise<R> {
    // The main frame's id is asked each time: a navigation may swap the frame (a new process).
    const frame = frameId ?? (await this.#cdp.send('Page.getFrameTree')).frameTree.frame.id;
    const { executionContextId } = await this.#cdp.send('Page.createIsolatedWorld', { frameId: frame, worldName: WORLD_NAME });
    const { result, exceptionDetails } = await this.#cdp.send('Runtime.callFunctionOn', {
      functionDeclaration: fn.toString(),
      executionContextId,
      arguments: [{ value: arg }],
      awaitPromise: true,
      returnByValue: true,
    });
    if (exceptionDetails) {
      const detail = exceptionDetails.exception?.description ?? exceptionDetails.text;
      throw new Error(`${fn.name || 'page script'} failed in the page: ${detail.split('\n')[0]}`);
    }
    return result.value as R;
  }
}
