/**
 * The STIX objects this sensor has published, as its TAXII collection serves them to peers.
 * Each version of an object is one row keyed by (id, version); the row's `date_added` is the
 * server's own clock (TAXII 2.1 §3.3 sorts by it, `added_after` filters on it), kept strictly
 * increasing in whole milliseconds so that every object has a distinct, exactly representable
 * cursor — a client that reads the X-TAXII-Date-Added-Last header with millisecond precision
 * can neither skip nor repeat objects.
 */

import type BetterSqlite3 from 'better-sqlite3';
import { formatTaxiiTimestamp, parseTimestampMicros } from '../taxii-client/timestamps.js';

type Database = BetterSqlite3.Database;

/** One stored version of an object. */
export interface TaxiiObjectRecord {
  id: string;
  type: string;
  /** The object's `modified` (or `created`) as given; see add() for objects with neither. */
  version: string;
  specVersion: string;
  /** When this sensor added it, as a TAXII timestamp (microsecond digits, TAXII 2.1 §2). */
  dateAdded: string;
  /** The same instant in milliseconds since the epoch: also the row's pagination cursor. */
  dateAddedMs: number;
  /** The object, serialised exactly as it was stored. */
  json: string;
}

/** What add() did with one object. */
export type TaxiiAddOutcome =
  { status: 'added' | 'duplicate'; id: string; version: string; dateAdded: string } | { status: 'rejected'; id?: string; version?: string; message: string };

/**
 * Which versions of each object to return (TAXII 2.1 §3.4.1 `match[version]`). `all` wins;
 * otherwise a version qualifies when it is the last, the first, or one of `exact` (microseconds).
 */
export type VersionSelector = { all: true } | { all?: false; last?: boolean; first?: boolean; exact?: readonly number[] };

/** A Get Objects / Get Manifest query (TAXII 2.1 §3.4), already validated. */
export interface TaxiiObjectQuery {
  /** `added_after`, in microseconds: date_added strictly later. */
  addedAfterMicros?: number | undefined;
  /** The pagination cursor (`next`): date_added in ms strictly later. */
  afterDateAddedMs?: number | undefined;
  ids?: readonly string[] | undefined;
  types?: readonly string[] | undefined;
  specVersions?: readonly string[] | undefined;
  /** Default: the last version of each object (§3.4.1). */
  versions?: VersionSelector | undefined;
  /** Rows to return at the most (≥ 1). */
  limit: number;
}

export interface TaxiiObjectPage {
  records: TaxiiObjectRecord[];
  /** True when more rows match after the last one returned. */
  more: boolean;
}

export interface TaxiiObjectStore {
  /**
   * Adds objects; per object: `added`, `duplicate` (this (id, version) is already stored: nothing
   * changes, TAXII 2.1 §5.5 says it is no error), or `rejected` with the reason (not a STIX object
   * with a type, an id and valid timestamps, or too large). One transaction for the lot.
   */
  add(objects: readonly unknown[]): TaxiiAddOutcome[];
  /** Rows matching the query, oldest date_added first (TAXII 2.1 §3.3). */
  query(query: TaxiiObjectQuery): TaxiiObjectPage;
  /** True when any version of the object is stored. */
  has(id: string): boolean;
  /** Number of stored rows (object versions). */
  count(): number;
}

export interface TaxiiObjectStoreOptions {
  /** Milliseconds since the epoch; injected by tests. */
  now?: () => number;
  /** Largest serialised object accepted (default 10 MiB: a screenshot artifact fits). */
  maxObjectBytes?: number;
}

// STIX 2.1 §3.1 / §2.9: a type is 3–250 characters of a–z, 0–9 and "-"; an id is `type--UUID`.
const STIX_TYPE = /^[a-z0-9][a-z0-9-]{1,248}[a-z0-9]$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Opens the store on `db`, a database opened with openDatabase (src/store: its migrations create the
 * `taxii_objects` table). The caller owns the handle.
 */
export function createTaxiiObjectStore(db: Database, options: TaxiiObjectStoreOptions = {}): TaxiiObjectStore {
  const now = options.now ?? Date.now;
  const maxObjectBytes = options.maxObjectBytes ?? 10 * 1024 * 1024;
  const statements = prepareStatements(db);
  const add = db.transaction((objects: readonly unknown[]) => addAll(statements, objects, now(), maxObjectBytes));
  return Object.freeze({
    add: (objects: readonly unknown[]) => add(objects),
    query: (q: TaxiiObjectQuery) => queryObjects(db, q),
    has: (id: string) => statements.hasId.get(id) !== undefined,
    count: () => statements.countRows.get()?.n ?? 0,
  });
}

function prepareStatements(db: Database) {
  return {
    lastAdded: db.prepare<[], { last: number | null }>('SELECT MAX(date_added) AS last FROM taxii_objects'),
    findVersion: db.prepare<[string, number], { date_added: number }>('SELECT date_added FROM taxii_objects WHERE id = ? AND version_us = ?'),
    latestUnversioned: db.prepare<[string], { json: string; date_added: number; version: string }>(
      'SELECT json, date_added, version FROM taxii_objects WHERE id = ? AND unversioned = 1 ORDER BY version_us DESC LIMIT 1',
    ),
    insert: db.prepare(
      `INSERT INTO taxii_objects (id, version_us, version, type, spec_version, unversioned, date_added, json)
       VALUES (@id, @versionUs, @version, @type, @specVersion, @unversioned, @dateAdded, @json)`,
    ),
    hasId: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM taxii_objects WHERE id = ? LIMIT 1'),
    countRows: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM taxii_objects'),
  };
}

type Statements = ReturnType<typeof prepareStatements>;

/** add(), inside its transaction: each object added gets the next millisecond of the store's clock. */
function addAll(statements: Statements, objects: readonly unknown[], nowMs: number, maxObjectBytes: number): TaxiiAddOutcome[] {
  let clock = Math.max(nowMs, (statements.lastAdded.get()?.last ?? 0) + 1);
  const outcomes: TaxiiAddOutcome[] = [];
  for (const object of objects) {
    const checked = checkObject(object, maxObjectBytes);
    if ('message' in checked) {
      outcomes.push({ status: 'rejected', ...checked });
      continue;
    }
    const outcome = addOne(statements, checked, clock);
    if (outcome.status === 'added') clock++;
    outcomes.push(outcome);
  }
  return outcomes;
}

/** Stores one checked object at `clock` (its date_added), unless this version is already there. */
function addOne(statements: Statements, checked: StorableObject, clock: number): TaxiiAddOutcome {
  const { id, type, specVersion, json } = checked;
  let { version, versionUs } = checked;
  const unversioned = versionUs === null;
  if (versionUs === null) {
    // TAXII 2.1 §5.3.1: an object with neither `modified` nor `created` (a STIX 2.1 SCO) gets a
    // version "consistent to the server": here, the time its current content was first added.
    const latest = statements.latestUnversioned.get(id);
    if (latest !== undefined && latest.json === json) {
      return { status: 'duplicate', id, version: latest.version, dateAdded: formatTaxiiTimestamp(latest.date_added * 1000) };
    }
    versionUs = clock * 1000;
    version = new Date(clock).toISOString();
  }
  const existing = statements.findVersion.get(id, versionUs);
  if (existing !== undefined) return { status: 'duplicate', id, version, dateAdded: formatTaxiiTimestamp(existing.date_added * 1000) };
  statements.insert.run({ id, versionUs, version, type, specVersion, unversioned: unversioned ? 1 : 0, dateAdded: clock, json });
  return { status: 'added', id, version, dateAdded: formatTaxiiTimestamp(clock * 1000) };
}

type ObjectRow = { id: string; type: string; version: string; spec_version: string; date_added: number; json: string };

function queryObjects(db: Database, q: TaxiiObjectQuery): TaxiiObjectPage {
  const filter = whereClause(q);
  if (filter === null) return { records: [], more: false };
  const sql = `SELECT o.id, o.type, o.version, o.spec_version, o.date_added, o.json FROM taxii_objects o
      ${filter.where.length === 0 ? '' : `WHERE ${filter.where.join(' AND ')}`} ORDER BY o.date_added LIMIT ?`;
  const rows = db.prepare<Array<string | number>, ObjectRow>(sql).all(...filter.params, q.limit + 1);
  const more = rows.length > q.limit;
  const records = rows.slice(0, q.limit).map((row) => ({
    id: row.id,
    type: row.type,
    version: row.version,
    specVersion: row.spec_version,
    dateAdded: formatTaxiiTimestamp(row.date_added * 1000),
    dateAddedMs: row.date_added,
    json: row.json,
  }));
  return { records, more };
}

/** The query's conditions (joined with AND) and their parameters, or null when no version can qualify. */
function whereClause(q: TaxiiObjectQuery): { where: string[]; params: Array<string | number> } | null {
  const where: string[] = [];
  const params: Array<string | number> = [];
  const inList = (column: string, values: readonly (string | number)[]) => {
    where.push(`${column} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  if (q.ids !== undefined && q.ids.length > 0) inList('o.id', q.ids);
  if (q.types !== undefined && q.types.length > 0) inList('o.type', q.types);
  const spec = q.specVersions !== undefined && q.specVersions.length > 0 ? q.specVersions : undefined;
  if (spec !== undefined) inList('o.spec_version', spec);
  const selector = q.versions ?? { last: true };
  if (selector.all !== true) {
    const versions = versionCondition(selector, spec);
    if (versions === null) return null;
    where.push(versions.sql);
    params.push(...versions.params);
  }
  if (q.addedAfterMicros !== undefined) {
    // date_added is whole milliseconds: later than t µs means at least floor(t / 1000) + 1 ms.
    where.push('o.date_added > ?');
    params.push(Math.floor(q.addedAfterMicros / 1000));
  }
  if (q.afterDateAddedMs !== undefined) {
    where.push('o.date_added > ?');
    params.push(q.afterDateAddedMs);
  }
  return { where, params };
}

/** The `match[version]` condition short of `all`, or null when it names no version. */
function versionCondition(
  selector: Exclude<VersionSelector, { all: true }>,
  spec: readonly string[] | undefined,
): { sql: string; params: Array<string | number> } | null {
  // "last"/"first" are judged among all stored versions of the object (of the requested spec
  // versions), before added_after: a puller sees a version only if it is still the latest.
  const among = spec === undefined ? '' : ` AND i.spec_version IN (${spec.map(() => '?').join(', ')})`;
  const alternatives: string[] = [];
  const params: Array<string | number> = [];
  if (selector.last) {
    alternatives.push(`o.version_us = (SELECT MAX(i.version_us) FROM taxii_objects i WHERE i.id = o.id${among})`);
    if (spec !== undefined) params.push(...spec);
  }
  if (selector.first) {
    alternatives.push(`o.version_us = (SELECT MIN(i.version_us) FROM taxii_objects i WHERE i.id = o.id${among})`);
    if (spec !== undefined) params.push(...spec);
  }
  if (selector.exact !== undefined && selector.exact.length > 0) {
    alternatives.push(`o.version_us IN (${selector.exact.map(() => '?').join(', ')})`);
    params.push(...selector.exact);
  }
  return alternatives.length === 0 ? null : { sql: `(${alternatives.join(' OR ')})`, params };
}

/** An object the collection can store, with the fields it indexes; `versionUs` null when it has no version of its own. */
type StorableObject = { id: string; type: string; specVersion: string; version: string; versionUs: number | null; json: string };

type Checked = StorableObject | { id?: string; version?: string; message: string };

/** The fields the collection indexes, or why the object cannot be stored. */
function checkObject(object: unknown, maxBytes: number): Checked {
  if (typeof object !== 'object' || object === null || Array.isArray(object)) return { message: 'not a JSON object' };
  const o = object as Record<string, unknown>;
  const id = typeof o.id === 'string' ? o.id : undefined;
  const base = id === undefined ? {} : { id };
  if (typeof o.type !== 'string' || !STIX_TYPE.test(o.type)) return { ...base, message: 'no valid STIX "type"' };
  if (id === undefined || !id.startsWith(`${o.type}--`) || !UUID.test(id.slice(o.type.length + 2))) {
    return { ...base, message: `"id" is not "${o.type}--<UUID>"` };
  }
  // TAXII 2.1 §3.4.1: the version of a STIX object is `modified`, else `created`.
  const stamp = o.modified ?? o.created;
  let version = '';
  let versionUs: number | null = null;
  if (stamp !== undefined) {
    versionUs = typeof stamp === 'string' ? parseTimestampMicros(stamp) : null;
    if (versionUs === null) return { ...base, message: `"${o.modified === undefined ? 'created' : 'modified'}" is not an RFC 3339 UTC timestamp` };
    version = stamp as string;
  }
  if (o.spec_version !== undefined && typeof o.spec_version !== 'string') return { ...base, version, message: '"spec_version" is not a string' };
  const json = JSON.stringify(object);
  if (Buffer.byteLength(json) > maxBytes) return { ...base, version, message: `larger than ${maxBytes} bytes` };
  // STIX 2.1 §3.2: objects of this collection are 2.1; an SCO may omit spec_version.
  return { id, type: o.type, specVersion: o.spec_version ?? '2.1', version, versionUs, json };
}
