/**
 * Learning from the network: each configured pull collection is read from where the last pull
 * stopped (`added_after` = the saved X-TAXII-Date-Added-Last, TAXII 2.1 §3.5), its objects are
 * validated by the STIX parser, and the indicators it understands are stored. A page's
 * indicators and the cursor after it are committed together, so the cursor never runs ahead of
 * what was stored. One peer failing is recorded and logged; the others are still pulled.
 */

import type { TaxiiCollectionConfig } from '../config/daemon-schema.js';
import { toDefacewatchError, type DefacewatchError } from '../core/errors.js';
import type { Logger } from '../log.js';
import type { Revocation, SharedIndicatorLike, SharedIndicatorStore, UpsertCounts } from './store/shared-indicators.js';
import { credentialsFromEnv } from './taxii-client/auth.js';
import { createTaxiiClient, type TaxiiClientOptions } from './taxii-client/client.js';
import { locateCollection } from './taxii-client/collection-url.js';
import { clean } from './taxii-client/http.js';
import { isLater } from './taxii-client/pagination.js';
import { parseTimestampMicros } from './taxii-client/timestamps.js';

/**
 * Validates a peer's STIX objects: the indicators understood, why each other object was not, and
 * the identity names seen (the STIX module's parseSharedObjects has this shape). `identities` are
 * the names already known from this source, for indicators whose identity came earlier.
 */
export type SharedObjectParser<T> = (
  objects: unknown[],
  source: string,
  options: { identities?: Readonly<Record<string, string>> },
) => { indicators: T[]; rejected: Array<{ id?: string; reason: string }>; identities?: Record<string, string> };

export interface PullDeps<T extends SharedIndicatorLike> {
  store: SharedIndicatorStore<T>;
  parse: SharedObjectParser<T>;
  /** Where the credentials' variables are read. */
  env: Readonly<Record<string, string | undefined>>;
  logger: Logger;
  /** Stops the pull between requests (shutdown). */
  signal?: AbortSignal | undefined;
  /** Timeouts, size limits, fetch for tests. */
  client?: Omit<TaxiiClientOptions, 'name' | 'credentials'>;
  /** `limit` per page (default 100). */
  pageSize?: number;
  /** Pages per source and pull (default 50); the rest waits for the next pull. */
  maxPages?: number;
  /** `match[type]` (default: every type; the parser needs identities too, to name who shared). */
  types?: readonly string[];
}

/** What one pull did with one source. */
export interface PullResult {
  source: string;
  url: string;
  ok: boolean;
  pages: number;
  /** Objects received. */
  fetched: number;
  stored: Pick<UpsertCounts, 'inserted' | 'updated' | 'unchanged' | 'revoked'>;
  /** Objects the parser did not accept (each logged with its reason). */
  rejected: number;
  cursorBefore: string | undefined;
  cursorAfter: string | undefined;
  /** True when the page limit stopped the pull before the peer ran out. */
  more: boolean;
  error?: DefacewatchError;
}

// Rejections logged one by one per page; the rest are counted.
const MAX_REJECTIONS_LOGGED = 20;

/**
 * Pulls every source once, one after another. Never throws for a source: its failure is in its
 * result (and the log) and its cursor stays where it was.
 */
export async function pullOnce<T extends SharedIndicatorLike>(
  sources: readonly Pick<TaxiiCollectionConfig, 'name' | 'url' | 'userEnv' | 'passwordEnv' | 'tokenEnv'>[],
  deps: PullDeps<T>,
): Promise<PullResult[]> {
  const results: PullResult[] = [];
  for (const source of sources) results.push(await pullSource(source, deps));
  return results;
}

async function pullSource<T extends SharedIndicatorLike>(
  source: Pick<TaxiiCollectionConfig, 'name' | 'url' | 'userEnv' | 'passwordEnv' | 'tokenEnv'>,
  deps: PullDeps<T>,
): Promise<PullResult> {
  const log = deps.logger.child({ source: source.name });
  const result: PullResult = {
    source: source.name,
    url: source.url,
    ok: false,
    pages: 0,
    fetched: 0,
    stored: { inserted: 0, updated: 0, unchanged: 0, revoked: 0 },
    rejected: 0,
    cursorBefore: undefined,
    cursorAfter: undefined,
    more: false,
  };
  // The cursor as committed so far: a failure on a later page keeps the earlier pages' progress.
  let cursor: string | undefined;
  try {
    const where = locateCollection(source.url);
    const key = { name: source.name, url: where.collectionUrl };
    result.url = where.collectionUrl;
    cursor = deps.store.getCursor(key);
    result.cursorBefore = cursor;
    const client = createTaxiiClient({ ...deps.client, name: source.name, credentials: credentialsFromEnv(source, deps.env) });
    const pages = client.objectPages(
      where.collectionUrl,
      { addedAfter: cursor, limit: deps.pageSize ?? 100, maxPages: deps.maxPages ?? 50, types: deps.types },
      { signal: deps.signal },
    );
    let identities = deps.store.identities(source.name);
    for await (const page of pages) {
      result.pages++;
      result.fetched += page.objects.length;
      const parsed = deps.parse(page.objects, source.name, { identities });
      const revocations = revocationsIn(page.objects);
      const revokedIds = new Set(revocations.map((r) => r.id));
      // A revocation is news, not a bad object: logged apart from the rejections.
      const rejected = parsed.rejected.filter((r) => r.id === undefined || !revokedIds.has(r.id));
      logRejections(log, rejected);
      result.rejected += rejected.length;
      // Only forward: a peer's header going back in time must not make us re-read or skip.
      const next = page.dateAddedLast !== undefined && isLater(page.dateAddedLast, cursor) ? page.dateAddedLast : undefined;
      const counts = deps.store.commitPull(key, parsed.indicators, next, { identities: parsed.identities ?? {}, revocations });
      if (next !== undefined) cursor = next;
      identities = { ...identities, ...parsed.identities };
      result.stored.inserted += counts.inserted;
      result.stored.updated += counts.updated;
      result.stored.unchanged += counts.unchanged;
      result.stored.revoked += counts.revoked;
      for (const id of revokedIds) log.info({ id: clean(id) }, 'shared indicator revoked by its author');
      for (const skipped of counts.skipped) log.warn({ id: clean(skipped.id), reason: skipped.reason }, 'shared indicator not stored');
      if (page.last) result.more = page.more;
    }
    result.cursorAfter = cursor;
    result.ok = true;
    log.info({ pages: result.pages, fetched: result.fetched, ...result.stored, rejected: result.rejected, cursor, more: result.more }, 'pulled shared indicators');
  } catch (err) {
    const error = toDefacewatchError(err, 'TAXII_FAILED');
    result.error = error;
    result.cursorAfter = cursor;
    log.warn({ err: { message: error.message, hint: error.hint } }, 'pull of shared indicators failed');
  }
  return result;
}

/**
 * Revoked indicators in a page (STIX 2.1 §3.6: `revoked: true` on a later version): the parser
 * leaves them out, but a copy stored from an earlier pull must stop matching.
 */
function revocationsIn(objects: readonly unknown[]): Revocation[] {
  const found: Revocation[] = [];
  for (const object of objects) {
    if (typeof object !== 'object' || object === null) continue;
    const o = object as Record<string, unknown>;
    if (o.type !== 'indicator' || o.revoked !== true || typeof o.id !== 'string' || typeof o.modified !== 'string') continue;
    if (!/^indicator--[0-9a-f-]{36}$/.test(o.id) || parseTimestampMicros(o.modified) === null) continue;
    found.push({ id: o.id, modified: o.modified });
  }
  return found;
}

function logRejections(log: Logger, rejected: ReadonlyArray<{ id?: string; reason: string }>): void {
  for (const r of rejected.slice(0, MAX_REJECTIONS_LOGGED)) {
    log.warn({ id: r.id === undefined ? undefined : clean(r.id), reason: clean(r.reason) }, 'shared object rejected');
  }
  if (rejected.length > MAX_REJECTIONS_LOGGED) log.warn({ more: rejected.length - MAX_REJECTIONS_LOGGED }, 'more shared objects rejected');
}
