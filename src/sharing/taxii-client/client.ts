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

/** What every request of one client shares: the remote's name, the credentials, the HTTP limits. */
interface Remote {
  name: string;
  authorization: string | undefined;
  http: TaxiiHttpOptions;
}

type PollSettings = Required<StatusPollOptions>;

/** Creates a client for one remote. No request is made until a method is called. */
export function createTaxiiClient(options: TaxiiClientOptions): TaxiiClient {
  const { name } = options;
  const remote: Remote = {
    name,
    authorization: authorizationHeader(options.credentials ?? { kind: 'none' }),
    http: {
      name,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      userAgent: options.userAgent ?? defaultUserAgent(),
      fetch: options.fetch ?? globalThis.fetch,
    },
  };
  const poll: PollSettings = {
    initialDelayMs: options.statusPoll?.initialDelayMs ?? 500,
    maxDelayMs: options.statusPoll?.maxDelayMs ?? 5_000,
    budgetMs: options.statusPoll?.budgetMs ?? 60_000,
  };
  const objectPages = (collectionUrl: string, query: ObjectsQuery = {}, call: CallOptions = {}) => pagesOf(remote, collectionUrl, query, call);

  // The methods that check a collection URL are async, so a URL that cannot be used is a rejection like any other failure.
  return Object.freeze({
    name,
    discover: (url: string, call: CallOptions = {}) => discover(remote, url, call),
    getApiRoot: (apiRootUrl: string, call: CallOptions = {}) => getResource(remote, withSlash(apiRootUrl), apiRootSchema, call),
    async getCollections(apiRootUrl: string, call: CallOptions = {}) {
      const url = new URL('collections/', withSlash(apiRootUrl)).href;
      return (await getResource(remote, url, collectionsSchema, call)).collections ?? [];
    },
    getCollection: async (collectionUrl: string, call: CallOptions = {}) => getResource(remote, locateCollection(collectionUrl).collectionUrl, collectionSchema, call),
    addObjects: (collectionUrl: string, objects: readonly unknown[], call: CallOptions = {}) => addObjects(remote, poll, collectionUrl, objects, call),
    getStatus: async (collectionUrl: string, statusId: string, call: CallOptions = {}) => statusOf(remote, locateCollection(collectionUrl), statusId, call),
    objectPages,
    getObjects: async (collectionUrl: string, query: ObjectsQuery = {}, call: CallOptions = {}) => collectPages(objectPages(collectionUrl, query, call)),
  });
}

function collectionLabel(remote: Remote, url: string): string {
  return `TAXII collection "${remote.name}" (${url})`;
}

/** GET one resource and check it against its schema. */
async function getResource<S extends z.ZodType>(remote: Remote, url: string, schema: S, call: CallOptions, what = collectionLabel(remote, url)): Promise<z.output<S>> {
  const response = await taxiiHttp({ method: 'GET', url, label: what, authorization: remote.authorization, expect: [200], signal: call.signal }, remote.http);
  return checked(schema, response.json, what, url);
}

async function discover(remote: Remote, url: string, call: CallOptions): Promise<TaxiiDiscovery> {
  const discoveryUrl = new URL('/taxii2/', url).href;
  const value = await getResource(remote, discoveryUrl, discoverySchema, call, `TAXII server of "${remote.name}" (${discoveryUrl})`);
  // TAXII 2.1 §4.1.1: API roots are absolute HTTPS URLs or relative paths beginning with one "/".
  const roots = (value.api_roots ?? []).filter((root) => !root.startsWith('//')).map((root) => new URL(root, discoveryUrl).href);
  const result: TaxiiDiscovery = { ...value, ...(value.api_roots === undefined ? {} : { api_roots: roots }) };
  if (value.default !== undefined) result.default = new URL(value.default, discoveryUrl).href;
  return result;
}

async function statusOf(remote: Remote, where: CollectionLocation, statusId: string, call: CallOptions): Promise<TaxiiStatus> {
  const url = statusUrlOf(where, statusId);
  if (url === null) {
    throw new TaxiiRequestError(`${collectionLabel(remote, where.collectionUrl)}: answered with an unusable status id`, {
      hint: `The server of TAXII collection "${remote.name}" does not follow TAXII 2.1 §4.3.1 (status ids are identifiers); tell its operators.`,
      url: where.apiRootUrl,
    });
  }
  return getResource(remote, url, statusSchema, call, collectionLabel(remote, where.collectionUrl));
}

/** POST the envelope (TAXII 2.1 §5.5), then follow its status resource. */
async function addObjects(remote: Remote, poll: PollSettings, collectionUrl: string, objects: readonly unknown[], call: CallOptions): Promise<AddObjectsResult> {
  const where = locateCollection(collectionUrl);
  const what = collectionLabel(remote, where.collectionUrl);
  if (objects.length === 0) {
    throw new TaxiiRequestError(`${what}: nothing to add`, { hint: 'TAXII 2.1 §2 forbids empty lists; send at least one object.', url: where.objectsUrl });
  }
  const response = await taxiiHttp(
    {
      method: 'POST',
      url: where.objectsUrl,
      label: what,
      authorization: remote.authorization,
      body: JSON.stringify({ objects }),
      // TAXII 2.1 §5.5: 202 Accepted with a status resource.
      expect: [202],
      signal: call.signal,
    },
    remote.http,
  );
  const accepted = checked(statusSchema, response.json, what, where.objectsUrl);
  const { status, polls } = await followStatus(remote, poll, where, accepted, call);
  return {
    status,
    complete: status.status === 'complete',
    successes: status.successes ?? [],
    failures: status.failures ?? [],
    pendings: status.pendings ?? [],
    polls,
  };
}

/**
 * TAXII 2.1 §5.5: while pending, the client SHOULD poll the status endpoint until complete. Polls
 * with a doubling delay until the status is no longer pending or the next wait would pass the budget.
 */
async function followStatus(
  remote: Remote,
  poll: PollSettings,
  where: CollectionLocation,
  accepted: TaxiiStatus,
  call: CallOptions,
): Promise<{ status: TaxiiStatus; polls: number }> {
  const what = collectionLabel(remote, where.collectionUrl);
  let status = accepted;
  let polls = 0;
  const started = Date.now();
  let delay = poll.initialDelayMs;
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
    const next = await statusOf(remote, where, status.id, call);
    polls++;
    if (next.id !== status.id) {
      throw new TaxiiRequestError(`${what}: status ${clean(status.id)} was answered with status ${clean(next.id)}`, {
        hint: `The server of TAXII collection "${remote.name}" does not follow TAXII 2.1 §4.3; tell its operators.`,
        url: where.objectsUrl,
      });
    }
    status = next;
    delay = Math.min(delay * 2, poll.maxDelayMs);
  }
  return { status, polls };
}

function pagesOf(remote: Remote, collectionUrl: string, query: ObjectsQuery, call: CallOptions): AsyncGenerator<ObjectsPage> {
  const where = locateCollection(collectionUrl);
  const what = collectionLabel(remote, where.collectionUrl);
  return iterateObjectPages(query, {
    label: what,
    fetchPage: (url) => taxiiHttp({ method: 'GET', url, label: what, authorization: remote.authorization, expect: [200], signal: call.signal }, remote.http),
    objectsUrl: where.objectsUrl,
  });
}

async function collectPages(pages: AsyncGenerator<ObjectsPage>): Promise<GetObjectsResult> {
  const objects: unknown[] = [];
  let dateAddedLast: string | undefined;
  let more = false;
  let count = 0;
  for await (const page of pages) {
    objects.push(...page.objects);
    if (page.dateAddedLast !== undefined) dateAddedLast = page.dateAddedLast;
    more = page.more && page.last;
    count++;
  }
  return { objects, dateAddedLast, more, pages: count };
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** `defacewatch/<version>` (TAXII 2.1 §8.4.1: name and version). */
function defaultUserAgent(): string {
  return `defacewatch/${PACKAGE_VERSION} (TAXII 2.1 client)`;
}
