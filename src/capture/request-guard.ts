import type { BrowserContext, CDPSession, Response } from 'playwright-core';
import { DefacewatchError } from '../core/errors.js';
import type { Logger } from '../log.js';
import { checkUrl, classifyAddress, refusalReason, urlPrivateError, type HostResolver, type UrlCheck } from './url-guard.js';

/**
 * Enforces the URL guard inside the browser, for everything the page loads once the site URL has
 * passed `assertUrlAllowed`. Three layers:
 *
 * 1. Every request of the page target (main frame, each redirect hop, iframes, sub-resources) is
 *    paused with the DevTools `Fetch` domain and its host checked before it is sent. Playwright's
 *    `route()` would be simpler but is not called for redirect hops, the case that matters most
 *    (a public URL that 302s to 169.254.169.254). Host checks are cached per capture, so DNS runs
 *    once per host. Cost, measured on a 155 KB page with 20 requests: ~0.03 CPU-s a capture (~5 %).
 * 2. A refused main-frame navigation fails the capture with URL_PRIVATE. A refused iframe or
 *    sub-resource is only blocked and logged: a defacement that adds one is still captured, and
 *    its origin shows up in the capture's origins for the detectors.
 * 3. Afterwards, the address Chromium actually connected to for every response in the context
 *    (`serverAddr`) is checked, and the capture refused if one is refused. This catches DNS
 *    rebinding (Chromium resolves again, after us) and whatever the page target's interception does
 *    not see (a pop-up that got past the blocker, an out-of-process frame), so nothing fetched from
 *    a private address reaches the evidence.
 *
 * Not covered: WebSocket and WebRTC connections, which are not HTTP requests. Layer 3 catches a
 * rebinding only after the request was made (its response is discarded, its side effects are not).
 */
export interface RequestGuard {
  /**
   * Throws why the main frame was stopped, when it was: the capture must fail with this. A method, not
   * a property the caller tests: TypeScript would keep such a property narrowed to null across the
   * awaits between two tests, while the guard sets it from browser events in between.
   */
  throwIfRefused(): void;
  /** Iframes and sub-resources that were blocked. */
  readonly blocked: readonly string[];
  /** Checks the server address of every response so far; throws URL_PRIVATE on a refused one. */
  verifyConnections(): Promise<void>;
}

export interface RequestGuardOptions {
  /** The site URL, named in refusal messages. */
  siteUrl: string;
  allowPrivateNetworks: boolean;
  logger: Logger;
  resolve?: HostResolver;
}

/** Installs the guard on the page behind `cdp`, before its first navigation. */
export async function installRequestGuard(context: BrowserContext, cdp: CDPSession, options: RequestGuardOptions): Promise<RequestGuard> {
  const { siteUrl, allowPrivateNetworks, logger } = options;
  const hostChecks = new Map<string, Promise<UrlCheck>>();
  const blocked: string[] = [];
  const connections: ReturnType<typeof connectionRefusal>[] = [];
  let mainFrameRefusal: DefacewatchError | null = null;

  const { frameTree } = await cdp.send('Page.getFrameTree');
  const mainFrameId = frameTree.frame.id;

  const check = (url: string): Promise<UrlCheck> => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      // No host to check in what does not parse; layer 3 still checks the address a response came from.
      return Promise.resolve({ allowed: true });
    }
    const key = `${parsed.protocol}//${parsed.hostname}`;
    let pending = hostChecks.get(key);
    if (!pending) {
      pending = checkUrl(parsed, {
        allowPrivateNetworks,
        literalOnly: allowPrivateNetworks,
        ...(options.resolve ? { resolve: options.resolve } : {}),
      }).catch((): UrlCheck => ({ allowed: true })); // unresolvable: Chromium will fail it itself
      hostChecks.set(key, pending);
    }
    return pending;
  };

  cdp.on('Fetch.requestPaused', (event) => {
    void (async () => {
      const url = event.request.url;
      const verdict = await check(url);
      if (verdict.allowed) {
        await cdp.send('Fetch.continueRequest', { requestId: event.requestId });
        return;
      }
      // Recorded before the request fails, so the failed navigation already finds the reason.
      if (event.resourceType === 'Document' && event.frameId === mainFrameId) {
        const how = url === siteUrl ? 'resolves to' : `led to ${clip(url)}, which resolves to`;
        mainFrameRefusal ??= urlPrivateError(`site URL ${siteUrl} ${how} ${verdict.reason}`, verdict.range);
      } else {
        blocked.push(url);
        logger.warn({ url: clip(url), resource: event.resourceType, address: verdict.reason }, 'blocked a request to a refused address');
      }
      await cdp.send('Fetch.failRequest', { requestId: event.requestId, errorReason: 'BlockedByClient' });
    })().catch(() => undefined); // the session closes with the context; late replies do not matter
  });
  await cdp.send('Fetch.enable', { patterns: [{ urlPattern: '*', requestStage: 'Request' }] });

  // Context-wide, so a pop-up that slipped past the blocker is checked too.
  context.on('response', (response) => {
    connections.push(connectionRefusal(response, allowPrivateNetworks));
  });

  return {
    throwIfRefused() {
      if (mainFrameRefusal) throw mainFrameRefusal;
    },
    blocked,
    async verifyConnections() {
      const refusal = (await Promise.all(connections)).find((r) => r !== null);
      if (refusal) throw urlPrivateError(`site URL ${siteUrl}: ${refusal.sentence}`, refusal.range);
    },
  };
}

/** Why the response's server address is refused, or null when it is not. */
async function connectionRefusal(response: Response, allowPrivateNetworks: boolean): Promise<{ sentence: string; range: string } | null> {
  const addr = await response.serverAddr().catch(() => null); // gone with its page: no address to check
  if (!addr) return null;
  let cls;
  try {
    cls = classifyAddress(addr.ipAddress);
  } catch {
    return null; // not an IP address: nothing to classify
  }
  const range = refusalReason(cls, allowPrivateNetworks);
  if (range === null) return null;
  return { sentence: `${clip(response.url())} was served from ${addr.ipAddress} (${range})`, range };
}

function clip(url: string): string {
  return url.length > 200 ? `${url.slice(0, 200)}…` : url;
}
