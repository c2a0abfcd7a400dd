/**
 * Indicators other members shared with us (pulled over TAXII), and how far each pull source has
 * been read. An indicator is kept once per STIX id, at its newest `modified`: re-pulling the same
 * objects, or an older version arriving late, changes nothing. A revocation (STIX 2.1 §3.6: a
 * version with `revoked: true`) is kept as a tombstone at its `modified`, so the indicator stops
 * matching and an older copy pulled later cannot bring it back. Identity names are kept per source,
 * to name who shared an indicator when its identity came in an earlier pull.
 */

import type BetterSqlite3 from 'better-sqlite3';
import { parseTimestampMicros } from '../taxii-client/timestamps.js';

type Database = BetterSqlite3.Database;

/**
 * What the store needs of an indicator; the STIX parser's `SharedIndicator` has these and more,
 * and the store gives back whatever type it was given (stored as JSON).
 */
export interface SharedIndicatorLike {
  /** STIX id of the indicator. */
  id: string;
  /** The pull source (collection config name) it came from. */
  source: string;
  /** STIX `modified`: the newest wins. */
  modified: string;
  validFrom: string;
  validUntil?: string | undefined;
}

/** A pull source, as the cursor is kept per name and collection URL. */
export interface PullSourceKey {
  name: string;
  url: string;
}

/** A revocation seen in a pull: the indicator's id and the `modified` of its revoked version. */
export interface Revocation {
  id: string;
  modified: string;
}

/** What else a pulled page brings besides indicators. */
export interface PullExtras {
  /** Identity names (by STIX id) learnt from this source. */
  identities?: Readonly<Record<string, string>>;
  revocations?: readonly Revocation[];
}

/** What one upsert did. */
export interface UpsertCounts {
  inserted: number;
  updated: number;
  /** Already stored at this or a newer `modified`. */
  unchanged: number;
  /** Indicators now revoked (tombstones written at a newer or equal `modified`). */
  revoked: number;
  /** Not storable (a `modified` that is not a timestamp); never expected from the STIX parser. */
  skipped: Array<{ id: string; reason: string }>;
}

export interface SharedIndicatorStore<T extends SharedIndicatorLike = SharedIndicatorLike> {
  /** Inserts new indicators and replaces older versions, in one transaction. */
  upsert(indicators: readonly T[]): UpsertCounts;
  /**
   * Stores a pulled page's indicators, revocations and identity names and moves the source's cursor,
   * all in one transaction, so a crash can never leave the cursor past what was not stored. A
   * `cursor` of undefined keeps the saved one.
   */
  commitPull(source: PullSourceKey, indicators: readonly T[], cursor: string | undefined, extras?: PullExtras): UpsertCounts;
  /** Identity names learnt from this source, by STIX id (for the parser's next page or pull). */
  identities(sourceName: string): Record<string, string>;
  /**
   * The saved `added_after` for this source, or undefined when it was never pulled — or pulled
   * from another URL under the same name (the collection moved: read it from the start).
   */
  getCursor(source: PullSourceKey): string | undefined;
  get(id: string): T | undefined;
  /** All indicators not revoked, oldest first. */
  all(): T[];
  /** Indicators not revoked and valid at `atMs` (valid_from ≤ at < valid_until), for the detectors. */
  active(atMs: number): T[];
  /** Indicators not revoked. */
  count(): number;
}

/**
 * Opens the store on `db`, a database opened with openDatabase (src/store: its migrations create the
 * `shared_indicators`, `shared_identities` and `taxii_pull_cursors` tables). The caller owns the handle.
 */
export function createSharedIndicatorStore<T extends SharedIndicatorLike = SharedIndicatorLike>(
  db: Database,
  options: { now?: () => number } = {},
): SharedIndicatorStore<T> {
  const now = options.now ?? Date.now;
  const statements = prepareStatements(db);
  const upsert = db.transaction((indicators: readonly T[]) => upsertAll(statements, indicators, now()));
  const commitPull = db.transaction((source: PullSourceKey, indicators: readonly T[], cursor: string | undefined, extras: PullExtras) => {
    const counts = upsertAll(statements, indicators, now());
    writeTombstones(statements, source, extras.revocations ?? [], now, counts);
    for (const [id, name] of Object.entries(extras.identities ?? {})) statements.writeIdentity.run(source.name, id, name);
    if (cursor !== undefined) statements.writeCursor.run(source.name, source.url, cursor, now());
    return counts;
  });

  const parse = (row: { json: string } | undefined): T | undefined => (row === undefined ? undefined : (JSON.parse(row.json) as T));

  return Object.freeze({
    upsert: (indicators: readonly T[]) => upsert(indicators),
    commitPull: (source: PullSourceKey, indicators: readonly T[], cursor: string | undefined, extras: PullExtras = {}) => commitPull(source, indicators, cursor, extras),
    identities: (sourceName: string) => Object.fromEntries(statements.readIdentities.all(sourceName).map((row) => [row.id, row.name])),
    getCursor(source: PullSourceKey): string | undefined {
      const row = statements.readCursor.get(source.name);
      return row === undefined || row.url !== source.url ? undefined : row.added_after;
    },
    get: (id: string) => parse(statements.byId.get(id)),
    all: () => statements.allRows.all().map((row) => JSON.parse(row.json) as T),
    active(atMs: number): T[] {
      const at = atMs * 1000;
      return statements.activeRows.all(at, at).map((row) => JSON.parse(row.json) as T);
    },
    count: () => statements.countRows.get()?.n ?? 0,
  });
}

function prepareStatements(db: Database) {
  return {
    existing: db.prepare<[string], { modified_us: number }>('SELECT modified_us FROM shared_indicators WHERE id = ?'),
    write: db.prepare(
      `INSERT INTO shared_indicators (id, source, modified, modified_us, valid_from_us, valid_until_us, received_at, json)
       VALUES (@id, @source, @modified, @modifiedUs, @validFromUs, @validUntilUs, @receivedAt, @json)
       ON CONFLICT (id) DO UPDATE SET
         source = excluded.source, modified = excluded.modified, modified_us = excluded.modified_us,
         valid_from_us = excluded.valid_from_us, valid_until_us = excluded.valid_until_us,
         received_at = excluded.received_at, revoked = 0, json = excluded.json
       WHERE excluded.modified_us > shared_indicators.modified_us`,
    ),
    tombstone: db.prepare(
      `INSERT INTO shared_indicators (id, source, modified, modified_us, received_at, revoked, json)
       VALUES (@id, @source, @modified, @modifiedUs, @receivedAt, 1, NULL)
       ON CONFLICT (id) DO UPDATE SET
         source = excluded.source, modified = excluded.modified, modified_us = excluded.modified_us,
         received_at = excluded.received_at, revoked = 1, json = NULL
       WHERE excluded.modified_us >= shared_indicators.modified_us AND shared_indicators.revoked = 0`,
    ),
    writeIdentity: db.prepare('INSERT INTO shared_identities (source, id, name) VALUES (?, ?, ?) ON CONFLICT (source, id) DO UPDATE SET name = excluded.name'),
    readIdentities: db.prepare<[string], { id: string; name: string }>('SELECT id, name FROM shared_identities WHERE source = ?'),
    readCursor: db.prepare<[string], { url: string; added_after: string }>('SELECT url, added_after FROM taxii_pull_cursors WHERE source = ?'),
    writeCursor: db.prepare(
      `INSERT INTO taxii_pull_cursors (source, url, added_after, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (source) DO UPDATE SET url = excluded.url, added_after = excluded.added_after, updated_at = excluded.updated_at`,
    ),
    byId: db.prepare<[string], { json: string }>('SELECT json FROM shared_indicators WHERE id = ? AND revoked = 0'),
    allRows: db.prepare<[], { json: string }>('SELECT json FROM shared_indicators WHERE revoked = 0 ORDER BY received_at, id'),
    activeRows: db.prepare<[number, number], { json: string }>(
      `SELECT json FROM shared_indicators
       WHERE revoked = 0 AND (valid_from_us IS NULL OR valid_from_us <= ?) AND (valid_until_us IS NULL OR valid_until_us > ?)
       ORDER BY received_at, id`,
    ),
    countRows: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM shared_indicators WHERE revoked = 0'),
  };
}

type Statements = ReturnType<typeof prepareStatements>;

/** Writes each indicator unless a version as new is stored; all received at `receivedAt`. */
function upsertAll(statements: Statements, indicators: readonly SharedIndicatorLike[], receivedAt: number): UpsertCounts {
  const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0, revoked: 0, skipped: [] };
  for (const indicator of indicators) {
    const modifiedUs = parseTimestampMicros(indicator.modified);
    if (modifiedUs === null) {
      counts.skipped.push({ id: indicator.id, reason: `"modified" ${JSON.stringify(indicator.modified)} is not a timestamp` });
      continue;
    }
    const before = statements.existing.get(indicator.id);
    const result = statements.write.run({
      id: indicator.id,
      source: indicator.source,
      modified: indicator.modified,
      modifiedUs,
      validFromUs: parseTimestampMicros(indicator.validFrom),
      validUntilUs: indicator.validUntil === undefined ? null : parseTimestampMicros(indicator.validUntil),
      receivedAt,
      json: JSON.stringify(indicator),
    });
    if (before === undefined) counts.inserted++;
    else if (result.changes > 0) counts.updated++;
    else counts.unchanged++;
  }
  return counts;
}

/** Writes a tombstone per revocation, counted in `counts` (revoked, or skipped without a valid `modified`). */
function writeTombstones(statements: Statements, source: PullSourceKey, revocations: readonly Revocation[], now: () => number, counts: UpsertCounts): void {
  for (const revocation of revocations) {
    const modifiedUs = parseTimestampMicros(revocation.modified);
    if (modifiedUs === null) {
      counts.skipped.push({ id: revocation.id, reason: 'revocation without a valid "modified"' });
      continue;
    }
    const result = statements.tombstone.run({ id: revocation.id, source: source.name, modified: revocation.modified, modifiedUs, receivedAt: now() });
    if (result.changes > 0) counts.revoked++;
  }
}
