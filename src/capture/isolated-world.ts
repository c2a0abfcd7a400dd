import type { CDPSession } from 'playwright-core';
import { PAGE_HELPERS_SOURCE } from './page-helpers.js';

/** A frame of the page and its parent (null for the main frame). */
export interface FrameRef {
  id: string;
  parentId: string | null;
}

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
    return (await this.frames()).map((frame) => frame.id);
  }

  /** Every frame of the page with its parent's id, depth first in tree order, the main frame first. */
  async frames(): Promise<FrameRef[]> {
    const { frameTree } = await this.#cdp.send('Page.getFrameTree');
    const frames: FrameRef[] = [];
    const walk = (node: typeof frameTree, parentId: string | null): void => {
      frames.push({ id: node.frame.id, parentId });
      for (const child of node.childFrames ?? []) walk(child, node.frame.id);
    };
    walk(frameTree, null);
    return frames;
  }

  /**
   * Calls `fn(arg)` with `this` bound to the element that holds frame `frameId` (its `<iframe>` or
   * `<frame>`), in this world of the parent frame `parentId`, and returns the result by value.
   * Rejects as `evaluate` does, or when the frame has no owner element any more.
   */
  async evaluateOnFrameOwner<A, R>(frameId: string, parentId: string, fn: (this: Element, arg: A) => R, arg: A): Promise<R> {
    const { backendNodeId } = await this.#cdp.send('DOM.getFrameOwner', { frameId });
    const { executionContextId } = await this.#cdp.send('Page.createIsolatedWorld', { frameId: parentId, worldName: WORLD_NAME });
    const { object } = await this.#cdp.send('DOM.resolveNode', { backendNodeId, executionContextId });
    if (object.objectId === undefined) throw new Error(`the element holding frame ${frameId} is gone`);
    try {
      return await this.#call<R>(fn, arg, { objectId: object.objectId });
    } finally {
      // A failed release (the document went away) leaks nothing: the object goes with its world.
      await this.#cdp.send('Runtime.releaseObject', { objectId: object.objectId }).catch(() => undefined);
    }
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
    return this.#call<R>(fn, arg, { executionContextId });
  }

  /** Runs `fn(arg)` on an object or in a context, awaited and copied by value; page exceptions reject. */
  async #call<R>(fn: (...args: never[]) => unknown, arg: unknown, target: { objectId: string } | { executionContextId: number }): Promise<R> {
    const { result, exceptionDetails } = await this.#cdp.send('Runtime.callFunctionOn', {
      // The shared helpers are declared first; `this` and the argument pass through unchanged.
      functionDeclaration: `function (arg) { ${PAGE_HELPERS_SOURCE} return (${fn.toString()}).call(this, arg); }`,
      ...target,
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
