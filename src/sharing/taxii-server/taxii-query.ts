/**
 * The URL filtering parameters of the TAXII 2.1 collection endpoints (§3.4), checked strictly:
 * a malformed or repeated parameter is an HTTP 400 (§3.4: "MUST return an HTTP 400"), never a
 * guess. Unknown parameters and unknown match fields are ignored, as §3.4 allows.
 */

import type { TaxiiObjectQuery, VersionSelector } from '../store/taxii-objects.js';
import { parseTimestampMicros } from '../taxii-client/timestamps.js';

/** A request the server refuses with 400, and why (the TAXII error's description). */
export class TaxiiBadRequest extends Error {
  override readonly name = 'TaxiiBadRequest';
}

/** Which filters an endpoint takes (TAXII 2.1 §5.3, §5.4, §5.6, §5.8). */
export type FilteredEndpoint = 'objects' | 'manifest' | 'object' | 'versions';

export interface PageLimits {
  /** Rows per page when the client gives no `limit`. */
  defaultPageSize: number;
  /** The most rows per page, whatever the client asks (§3.4 lets the server limit). */
  maxPageSize: number;
}

// STIX 2.1 §2.9 identifiers; §3.1 type names.
const STIX_TYPE = /^[a-z0-9][a-z0-9-]{1,248}[a-z0-9]$/;
const STIX_ID = /^[a-z0-9][a-z0-9-]{1,248}[a-z0-9]--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SPEC_VERSION = /^\d{1,3}\.\d{1,3}$/;
const NEXT = /^n(\d{1,16})$/;
// Bounds what one request can make the database do.
const MAX_VALUES = 100;

/** True for a well-formed STIX identifier (`type--UUID`). */
export function isStixId(value: string): boolean {
  return STIX_ID.test(value);
}

/** The opaque `next` value (§3.7) for a page whose last row was added at `dateAddedMs`. */
export function nextToken(dateAddedMs: number): string {
  return `n${dateAddedMs}`;
}

/**
 * The store query for one request. `objectId` is the `{object-id}` of the by-id endpoints; there
 * only `match[version]` (and `spec_version`) apply (§5.6), and on versions/ every version is listed.
 */
export function parseFilters(params: URLSearchParams, endpoint: FilteredEndpoint, limits: PageLimits, objectId?: string): TaxiiObjectQuery {
  const query: TaxiiObjectQuery = { limit: limits.defaultPageSize };

  const addedAfter = single(params, 'added_after');
  if (addedAfter !== undefined) {
    const micros = parseTimestampMicros(addedAfter);
    if (micros === null) throw new TaxiiBadRequest('added_after is not a timestamp like "2026-01-31T12:00:00.000000Z"');
    query.addedAfterMicros = micros;
  }

  const limit = single(params, 'limit');
  if (limit !== undefined) {
    // §3.4: a positive integer greater than zero.
    if (!/^[1-9]\d{0,8}$/.test(limit)) throw new TaxiiBadRequest('limit is not a positive integer');
    query.limit = Math.min(Number(limit), limits.maxPageSize);
  } else {
    query.limit = Math.min(query.limit, limits.maxPageSize);
  }

  const next = single(params, 'next');
  if (next !== undefined) {
    const m = NEXT.exec(next);
    if (m === null) throw new TaxiiBadRequest('next is not a value this server gave out');
    query.afterDateAddedMs = Number(m[1]);
  }

  const specVersions = values(params, 'match[spec_version]', (v) => SPEC_VERSION.test(v), 'a STIX specification version like "2.1"');
  if (specVersions !== undefined) query.specVersions = specVersions;

  if (endpoint === 'objects' || endpoint === 'manifest') {
    const ids = values(params, 'match[id]', isStixId, 'a STIX id like "indicator--<UUID>"');
    if (ids !== undefined) query.ids = ids;
    const types = values(params, 'match[type]', (v) => STIX_TYPE.test(v), 'a STIX type like "indicator"');
    if (types !== undefined) query.types = types;
  } else if (objectId !== undefined) {
    query.ids = [objectId];
  }

  if (endpoint === 'versions') {
    query.versions = { all: true };
  } else {
    const selector = versionSelector(params);
    if (selector !== undefined) query.versions = selector;
  }
  return query;
}

/** `match[version]` (§3.4.1): last, first, all (alone) or exact timestamps, each at most once. */
function versionSelector(params: URLSearchParams): VersionSelector | undefined {
  const list = values(
    params,
    'match[version]',
    (v) => v === 'last' || v === 'first' || v === 'all' || parseTimestampMicros(v) !== null,
    '"last", "first", "all" or a timestamp',
  );
  if (list === undefined) return undefined;
  if (list.includes('all')) {
    if (list.length > 1) throw new TaxiiBadRequest('match[version]=all cannot be combined with other versions');
    return { all: true };
  }
  const exact = list.filter((v) => v !== 'last' && v !== 'first').map((v) => parseTimestampMicros(v) as number);
  if (new Set(exact).size !== exact.length) throw new TaxiiBadRequest('match[version] names the same version twice');
  return { last: list.includes('last'), first: list.includes('first'), exact };
}

/** The one value of a parameter; §3.4: added_after, limit, next and each match field at most once. */
function single(params: URLSearchParams, name: string): string | undefined {
  const all = params.getAll(name);
  if (all.length > 1) throw new TaxiiBadRequest(`${name} is given more than once`);
  return all[0];
}

/** A match field's comma-separated values (§3.4: no spaces, a logical OR), each checked. */
function values(params: URLSearchParams, name: string, valid: (value: string) => boolean, expected: string): string[] | undefined {
  const raw = single(params, name);
  if (raw === undefined) return undefined;
  const list = raw.split(',');
  if (list.length > MAX_VALUES) throw new TaxiiBadRequest(`${name} has more than ${MAX_VALUES} values`);
  for (const value of list) {
    if (!valid(value)) throw new TaxiiBadRequest(`${name}: "${value.slice(0, 80)}" is not ${expected}`);
  }
  if (new Set(list).size !== list.length) throw new TaxiiBadRequest(`${name} repeats a value`);
  return list;
}
