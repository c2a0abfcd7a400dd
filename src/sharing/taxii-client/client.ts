/**
 * A TAXII 2.1 client for one remote (a network hub or a peer sensor): discovery, collections,
 * adding objects and following the status resource to completion, and reading objects page by
 * page. Every answer is checked against the spec's resource shapes before it is used.
 */

import { setTimeout as sleep } from 'node:timers/promises';
import type { z } from 'zod';
import { PACKAGE_VERSION } from '../../core/version.js';
import { authorizationHeader, type TaxiiCredentials } from './auth.js';
import { locateCollection, statusUrlOf, type CollectionLocation } from './collection-url.js';
import { checked, clean, taxiiHttp, TaxiiRequestError, type TaxiiHttpOptions } from './http.js';
import { iterateObjectPages, type ObjectsPage, type ObjectsQuery } from './pagination.js';
import {
  apiRootSchema,
  collectionSchema,
  collectionsSchema,
  discoverySchema,
  statusSchema,
  type TaxiiApiRoot,
  type TaxiiCollection,
  type TaxiiDiscovery,
  type TaxiiStatus,
  type TaxiiStatusDetails,
} from './resources.js';

export type { ObjectsPage, ObjectsQuery } from './pagination.js';

/** How long and how often to poll a pending status resource (TAXII 2.1 §5.5: "periodically"). */
export interface StatusPollOptions {
  /** First wait after a pending answer (default 500 ms); doubled after each poll. */
  initialDelayMs?: number;
  /** Longest wait between polls (default 5 s). */
  maxDelayMs?: number;
  /** Give up polling after this long and report the objects still pending (default 60 s). */
  budgetMs?: number;
}

export interface TaxiiClientOptions {
  /** Shown in every error and log, e.g. the collection config's name ("asean-hub"). */
  name: string;
  /** Default: anonymous. */
  credentials?: TaxiiCredentials;
  /** Per request, headers and body (default 30 s). */
  timeoutMs?: number;
  /** Largest response accepted (default 16 MiB). */
  maxResponseBytes?: number;
  statusPoll?: StatusPollOptions;
  /** Default `defacewatch/<version>`. */
  userAgent?: string;
  /** For tests; the global fetch otherwise. */
  fetch?: typeof fetch;
}

export interface CallOptions {
  signal?: AbortSignal | undefined;
}

/** What became of the objects of one add request, once the hub completed it or polling gave up. */
export interface AddObjectsResult {
  /** The last status resource the hub gave. */
  status: TaxiiStatus;
  /** True when the hub said `complete`; false when polling ran out of time with objects pending. */
  complete: boolean;
  successes: TaxiiStatusDetails[];
  failures: TaxiiStatusDetails[];
  pendings: TaxiiStatusDetails[];
  /** Status polls made after the POST. */
  polls: number;
}

/** All objects of a query, with the cursor to resume from. */
export interface GetObjectsResult {
  objects: unknown[];
  /**
   * `X-TAXII-Date-Added-Last` of the last page that carried one: pass it as `addedAfter` next time
   * (TAXII 2.1 §3.5). Undefined when no page had objects.
   */
  dateAddedLast: string | undefined;
  /** True when the page or object limit stopped the walk before the server ran out. */
  more: boolean;
  pages: number;
}

export interface TaxiiClient {
  readonly name: string;
  /** GET /taxii2/ on the server of `url` (TAXII 2.1 §4.1); API root URLs come back absolute. */
  discover(url: string, options?: CallOptions): Promise<TaxiiDiscovery>;
  /** GET {api-root}/ (TAXII 2.1 §4.2). */
  getApiRoot(apiRootUrl: string, options?: CallOptions): Promise<TaxiiApiRoot>;
  /** GET {api-root}/collections/ (TAXII 2.1 §5.1). */
  getCollections(apiRootUrl: string, options?: CallOptions): Promise<TaxiiCollection[]>;
  /** GET {api-root}/collections/{id}/ (TAXII 2.1 §5.2). */
  getCollection(collectionUrl: string, options?: CallOptions): Promise<TaxiiCollection>;
  /**
   * POST an envelope to {collection}/objects/ (TAXII 2.1 §5.5), then poll the status resource
   * (§4.3) with backoff until it is `complete` or the poll budget is spent. Objects must be
   * non-empty (§2: empty lists are prohibited).
   */
  addObjects(collectionUrl: string, objects: readonly unknown[], options?: CallOptions): Promise<AddObjectsResult>;
  /** GET {api-root}/status/{status-id}/ (TAXII 2.1 §4.3). */
  getStatus(collectionUrl: string, statusId: string, options?: CallOptions): Promise<TaxiiStatus>;
  /** Pages of GET {collection}/objects/ (TAXII 2.1 §5.4), following `more`/`next` (§3.5). */
  objectPages(collectionUrl: string, query?: ObjectsQuery, options?: CallOptions): AsyncGenerator<ObjectsPage>;
  /** Every page of objectPages collected, with the cursor to resume from. */
  getObjects(collectionUrl: string, query?: ObjectsQuery, options?: CallOptions): Promise<GetObjectsResult>;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** Creates a client for one remote. No request is made until a method is called. */
export function createTaxiiClient(options: TaxiiClientOptions): TaxiiClient {
  const { name } = options;
  const authorization = authorizationHeader(options.credentials ?? { kind: 'none' });
  const http: TaxiiHttpOptions = {
    name,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    userAgent: options.userAgent ?? defaultUserAgent(),
    fetch: options.fetch ?? globalThis.fetch,
  };
  const poll = {
    initialDelayMs: options.statusPoll?.initialDelayMs ?? 500,
    maxDelayMs: options.statusPoll?.maxDelayMs ?? 5_000,
    budgetMs: options.statusPoll?.budgetMs ?? 60_000,
  };
  const label = (url: string) => `TAXII collection "${name}" (${url})`;

  async function get<S extends z.ZodType>(url: string, schema: S, call: CallOptions = {}, what = label(url)) {
    const response = await taxiiHttp({ method: 'GET', url, label: what, authorization, expect: [200], signal: call.signal }, http);
    return { value: checked(schema, response.json, what, url), headers: response.headers };
  }

  async function discover(url: string, call: CallOptions = {}): Promise<TaxiiDiscovery> {
    const discoveryUrl = new URL('/taxii2/', url).href;
    const { value } = await get(discoveryUrl, discoverySchema, call, `TAXII server of "${name}" (${discoveryUrl})`);
    // TAXII 2.1 §4.1.1: API roots are absolute HTTPS URLs or relative paths beginning with one "/".
    const roots = (value.api_roots ?? []).filter((root) => !root.startsWith('//')).map((root) => new URL(root, discoveryUrl).href);
    const result: TaxiiDiscovery = { ...value, ...(value.api_roots === undefined ? {} : { api_roots: roots }) };
    if (value.default !== undefined) result.default = new URL(value.default, discoveryUrl).href;
    return result;
  }

  async function getApiRoot(apiRootUrl: string, call: CallOptions = {}): Promise<TaxiiApiRoot> {
    return (await get(withSlash(apiRootUrl), apiRootSchema, call)).value;
  }

  async function getCollections(apiRootUrl: string, call: CallOptions = {}): Promise<TaxiiCollection[]> {
    const url = new URL('collections/', withSlash(apiRootUrl)).href;
    return (await get(url, collectionsSchema, call)).value.collections ?? [];
  }

  async function getCollection(collectionUrl: string, call: CallOptions = {}): Promise<TaxiiCollection> {
    const where = locateCollection(collectionUrl);
    return (await get(where.collectionUrl, collectionSchema, call)).value;
  }

  async function getStatus(collectionUrl: string, statusId: string, call: CallOptions = {}): Promise<TaxiiStatus> {
    const where = locateCollection(collectionUrl);
    return statusOf(where, statusId, call);
  }

  async function statusOf(where: CollectionLocation, statusId: string, call: CallOptions): Promise<TaxiiStatus> {
    const url = statusUrlOf(where, statusId);
    if (url === null) {
      throw new TaxiiRequestError(`${label(where.collectionUrl)}: answered with an unusable status id`, {
        hint: `The server of TAXII collection "${name}" does not follow TAXII 2.1 §4.3.1 (status ids are identifiers); tell its operators.`,
        url: where.apiRootUrl,
      });
    }
    return (await get(url, statusSchema, call, label(where.collectionUrl))).value;
  }

  async function addObjects(collectionUrl: string, objects: readonly unknown[], call: CallOptions = {}): Promise<AddObjectsResult> {
    const where = locateCollection(collectionUrl);
    const what = label(where.collectionUrl);
    if (objects.length === 0) {
      throw new TaxiiRequestError(`${what}: nothing to add`, { hint: 'TAXII 2.1 §2 forbids empty lists; send at least one object.', url: where.objectsUrl });
    }
    const response = await taxiiHttp(
      {
        method: 'POST',
        url: where.objectsUrl,
        label: what,
        authorization,
        body: JSON.stringify({ objects }),
        // TAXII 2.1 §5.5: 202 Accepted with a status resource.
        expect: [202],
        signal: call.signal,
      },
      http,
    );
    let status = checked(statusSchema, response.json, what, where.objectsUrl);
    let polls = 0;
    const started = Date.now();
    let delay = poll.initialDelayMs;
    // TAXII 2.1 §5.5: while pending, the client SHOULD poll the status endpoint until complete.
    while (status.status === 'pending' && Date.now() - started + delay <= poll.budgetMs) {
      try {
        await sleep(delay, undefined, call.signal === undefined ? {} : { signal: call.signal });
      } catch (err) {
        throw new TaxiiRequestError(`${what}: cancelled while waiting for status ${clean(status.id)}`, {
          hint: 'Nothing to do: the daemon is stopping; the objects are sent again later.',
          url: where.objectsUrl,
          cause: err,
        });
      }
      const next = await statusOf(where, status.id, call);
      polls++;
      if (next.id !== status.id) {
        throw new TaxiiRequestError(`${what}: status ${clean(status.id)} was answered with status ${clean(next.id)}`, {
          hint: `The server of TAXII collection "${name}" does not follow TAXII 2.1 §4.3; tell its operators.`,
          url: where.objectsUrl,
        });
      }
      status = next;
      delay = Math.min(delay * 2, poll.maxDelayMs);
    }
    return {
      status,
      complete: status.status === 'complete',
      successes: status.successes ?? [],
      failures: status.failures ?? [],
      pendings: status.pendings ?? [],
      polls,
    };
  }

  function objectPages(collectionUrl: string, query: ObjectsQuery = {}, call: CallOptions = {}): AsyncGenerator<ObjectsPage> {
    const where = locateCollection(collectionUrl);
    const what = label(where.collectionUrl);
    return iterateObjectPages(query, {
      label: what,
      fetchPage: (url) => taxiiHttp({ method: 'GET', url, label: what, authorization, expect: [200], signal: call.signal }, http),
      objectsUrl: where.objectsUrl,
    });
  }

  async function getObjects(collectionUrl: string, query: ObjectsQuery = {}, call: CallOptions = {}): Promise<GetObjectsResult> {
    const objects: unknown[] = [];
    let dateAddedLast: string | undefined;
    let more = false;
    let pages = 0;
    for await (const page of objectPages(collectionUrl, query, call)) {
      objects.push(...page.objects);
      if (page.dateAddedLast !== undefined) dateAddedLast = page.dateAddedLast;
      more = page.more && page.last;
      pages++;
    }
    return { objects, dateAddedLast, more, pages };
  }

  return Object.freeze({ name, discover, getApiRoot, getCollections, getCollection, addObjects, getStatus, objectPages, getObjects });
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** `defacewatch/<version>` (TAXII 2.1 §8.4.1: name and version). */
function defaultUserAgent(): string {
  return `defacewatch/${PACKAGE_VERSION} (TAXII 2.1 client)`;
}
