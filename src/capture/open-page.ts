import type { BrowserContext, CDPSession, Page, Request } from 'playwright-core';
import { DefacewatchError } from '../core/errors.js';
import type { Logger } from '../log.js';
import type { Budget } from './budget.js';
import { ImageResponses } from './images.js';
import { IsolatedWorld } from './isolated-world.js';
import { isMainFrame, MainFrameLoads, NetworkActivity } from './network-activity.js';
import { OriginCollector } from './origins.js';
import { PageClock, type Determinism } from './page-determinism.js';
import { installRequestGuard, type RequestGuard } from './request-guard.js';
import { ResponseSizes } from './response-sizes.js';
import type { HostResolver } from './url-guard.js';

/** The capture's one page and everything that watches it, set up before its first navigation. */
export interface OpenedPage {
  page: Page;
  cdp: CDPSession;
  clock: PageClock;
  guard: RequestGuard;
  network: NetworkActivity;
  loads: MainFrameLoads;
  imageResponses: ImageResponses;
  world: IsolatedWorld;
  /** Origins of the scripts, images and child frames the page requested. */
  origins: OriginCollector;
  /** The main frame's document requests, in order (each redirect hop is one). */
  mainDocuments: Request[];
}

export interface OpenPageArgs {
  url: string;
  allowPrivateNetworks: boolean;
  determinism: Determinism;
  budget: Budget;
  logger: Logger;
  resolve?: HostResolver;
  /** A main document growing past this many bytes (decoded) is not captured. */
  maxDocumentBytes: number;
  /** Called when the page's process crashes (or is stopped for its memory). */
  onCrash: () => void;
}

/**
 * Opens the page in `context`, within the budget: the paused clock first, then the page (pop-ups
 * closed, dialogs dismissed), its DevTools session and request guard, and the watchers of its
 * network, loads, images and requested origins.
 */
export async function openPage(context: BrowserContext, args: OpenPageArgs): Promise<OpenedPage> {
  const { budget, logger } = args;
  // Before the first page: its very first document must already run on the paused clock.
  const clock = await budget.run('browser', PageClock.install(context, args.determinism));
  const page = await budget.run('browser', context.newPage());
  context.on('page', (other) => {
    // Pop-ups are blocked at launch; one that slips through is closed, never captured.
    if (other !== page) other.close().catch(() => undefined); // one that will not close goes with the context
  });
  page.on('crash', args.onCrash);
  page.on('dialog', (dialog) => {
    logger.debug({ type: dialog.type() }, 'dismissed a JavaScript dialog');
    dialog.dismiss().catch(() => undefined); // a dialog already gone with its page needs no dismissing
  });
  const cdp = await budget.run('browser', context.newCDPSession(page));
  const guard = await budget.run(
    'browser',
    installRequestGuard(context, cdp, {
      siteUrl: args.url,
      allowPrivateNetworks: args.allowPrivateNetworks,
      logger,
      ...(args.resolve ? { resolve: args.resolve } : {}),
    }),
  );
  const sizes = await budget.run(
    'browser',
    ResponseSizes.install(cdp, {
      maxDocumentBytes: args.maxDocumentBytes,
      onDocumentTooLarge: (url, bytes) => budget.stop(documentTooLarge(args.url, url, args.maxDocumentBytes, bytes)),
    }),
  );
  const network = new NetworkActivity(page);
  const imageResponses = new ImageResponses(page, sizes);
  const loads = new MainFrameLoads(page);
  const world = new IsolatedWorld(cdp);
  const origins = new OriginCollector();
  const mainDocuments: Request[] = [];
  page.on('request', (req) => {
    const type = req.resourceType();
    if (type === 'script') origins.add('scripts', [req.url()]);
    else if (type === 'image') origins.add('images', [req.url()]);
    else if (type === 'document') {
      if (isMainFrame(req, page)) mainDocuments.push(req);
      else origins.add('iframes', [req.url()]);
    }
  });
  return { page, cdp, clock, guard, network, loads, imageResponses, world, origins, mainDocuments };
}

/** Why a page whose document grew past the limit is not captured. */
function documentTooLarge(siteUrl: string, documentUrl: string, maxBytes: number, bytes: number): DefacewatchError {
  const which = documentUrl === siteUrl ? '' : ` (at ${documentUrl.slice(0, 200)})`;
  return new DefacewatchError(
    'CAPTURE_FAILED',
    `site URL ${siteUrl} sent a page of more than ${Math.round(maxBytes / 2 ** 20)} MB${which}; it was cut off at ${Math.round(bytes / 2 ** 20)} MB and not captured`,
  );
}
