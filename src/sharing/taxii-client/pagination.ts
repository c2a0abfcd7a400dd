/**
 * Walking a TAXII 2.1 objects endpoint page by page (TAXII 2.1 §3.5): follow `next` while the
 * server gives one, else move `added_after` to the page's X-TAXII-Date-Added-Last. A peer that
 * never stops (the same `next` again, a date that does not move) is cut off, and so is a walk
 * past the page or object limit.
 */

import { checked, TaxiiRequestError, type TaxiiHttpResponse } from './http.js';
import { envelopeSchema } from './resources.js';
import { parseTimestampMicros } from './timestamps.js';

/** Filters and limits of a Get Objects request (TAXII 2.1 §3.4, §5.4). */
export interface ObjectsQuery {
  /** `added_after`: only objects the server added after this TAXII timestamp (the saved cursor). */
  addedAfter?: string | undefined;
  /** `match[type]` */
  types?: readonly string[] | undefined;
  /** `match[id]` */
  ids?: readonly string[] | undefined;
  /** `match[version]`: "last" (the server's default), "first", "all" or modified timestamps. */
  versions?: readonly string[] | undefined;
  /** `match[spec_version]` */
  specVersions?: readonly string[] | undefined;
  /** `limit` per page. */
  limit?: number | undefined;
  /** `next` from an earlier envelope, to resume a walk. */
  next?: string | undefined;
  /** Pages fetched at the most in one walk (default 50). */
  maxPages?: number | undefined;
  /** Objects fetched at the most in one walk, counted at page ends (default 10,000). */
  maxObjects?: number | undefined;
}

/** One page of a walk. */
export interface ObjectsPage {
  objects: unknown[];
  /** The envelope's `more`. */
  more: boolean;
  /** The envelope's `next`. */
  next: string | undefined;
  /** X-TAXII-Date-Added-First/Last of this page (TAXII 2.1 §3.2), when present and valid. */
  dateAddedFirst: string | undefined;
  dateAddedLast: string | undefined;
  /** 1 for the first page. */
  index: number;
  /** True on the page the walk ends with (the server has no more, or a limit was reached). */
  last: boolean;
}

export interface PageSource {
  /** For messages, e.g. `TAXII collection "peer-a" (…)`. */
  label: string;
  objectsUrl: string;
  /** GETs one page URL; resolves with a 200 TAXII response. */
  fetchPage(url: string): Promise<TaxiiHttpResponse>;
}

/** Yields the pages of a Get Objects walk; see the file comment for when it stops. */
export async function* iterateObjectPages(query: ObjectsQuery, source: PageSource): AsyncGenerator<ObjectsPage> {
  const maxPages = query.maxPages ?? 50;
  const maxObjects = query.maxObjects ?? 10_000;
  if (query.limit !== undefined && !(Number.isInteger(query.limit) && query.limit > 0)) {
    // TAXII 2.1 §3.4: limit MUST be a positive integer.
    throw new TaxiiRequestError(`${source.label}: page limit ${query.limit} is not a positive integer`, { hint: 'This is a bug in the caller.', url: source.objectsUrl });
  }
  let addedAfter = query.addedAfter;
  let next = query.next;
  let fetched = 0;
  for (let index = 1; ; index++) {
    const url = objectsPageUrl(source.objectsUrl, { ...query, addedAfter, next });
    const response = await source.fetchPage(url);
    const envelope = checked(envelopeSchema, response.json, source.label, url);
    const objects = envelope.objects ?? [];
    fetched += objects.length;
    const dateAddedFirst = timestampHeader(response.headers, 'x-taxii-date-added-first');
    const dateAddedLast = timestampHeader(response.headers, 'x-taxii-date-added-last');
    const more = envelope.more === true;

    // Where the next page starts, if there is one we may fetch.
    let resume: { next: string | undefined; addedAfter: string | undefined } | null = null;
    if (more && index < maxPages && fetched < maxObjects) {
      if (envelope.next !== undefined && envelope.next !== '' && envelope.next !== next) {
        // §3.5: `next` with the same original query options (added_after unchanged).
        resume = { next: envelope.next, addedAfter };
      } else if (envelope.next === undefined && dateAddedLast !== undefined && isLater(dateAddedLast, addedAfter)) {
        // §3.5: no `next`, so added_after moves to this page's X-TAXII-Date-Added-Last.
        resume = { next: undefined, addedAfter: dateAddedLast };
      }
    }
    yield { objects, more, next: envelope.next, dateAddedFirst, dateAddedLast, index, last: resume === null };
    if (resume === null) return;
    ({ next, addedAfter } = resume);
  }
}

/** The URL of one Get Objects page: the filters as TAXII 2.1 §3.4 query parameters. */
export function objectsPageUrl(objectsUrl: string, query: ObjectsQuery): string {
  const url = new URL(objectsUrl);
  const set = (key: string, value: string | undefined) => {
    if (value !== undefined) url.searchParams.set(key, value);
  };
  // §3.4: several values of one match field are one parameter, comma-separated, without spaces.
  const list = (values: readonly string[] | undefined) => (values === undefined || values.length === 0 ? undefined : values.join(','));
  set('added_after', query.addedAfter);
  set('limit', query.limit === undefined ? undefined : String(query.limit));
  set('next', query.next);
  set('match[id]', list(query.ids));
  set('match[type]', list(query.types));
  set('match[version]', list(query.versions));
  set('match[spec_version]', list(query.specVersions));
  return url.href;
}

function timestampHeader(headers: Headers, name: string): string | undefined {
  const value = headers.get(name)?.trim();
  return value !== undefined && parseTimestampMicros(value) !== null ? value : undefined;
}

/** True when `candidate` is after `than` (or there is no `than`). */
export function isLater(candidate: string, than: string | undefined): boolean {
  const a = parseTimestampMicros(candidate);
  if (a === null) return false;
  if (than === undefined) return true;
  const b = parseTimestampMicros(than);
  return b === null || a > b;
}
