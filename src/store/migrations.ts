import { DefacewatchError } from '../core/errors.js';
import type { Db } from './database.js';

/**
 * The state database's schema as numbered steps. The version reached is kept in SQLite's
 * `user_version`; opening a database runs the steps it has not had yet, each in one transaction with
 * its version bump, so an upgrade interrupted by a crash resumes where it stopped. A step is never
 * edited once shipped: a new table or column is a new step at the end.
 */
export interface Migration {
  version: number;
  /** What the step brings, for the log and for people reading this list. */
  summary: string;
  up(db: Db): void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    summary: 'site records, incidents, digest, outbox, published TAXII objects, shared indicators and pull cursors',
    // IF NOT EXISTS: databases from before schema versions (user_version 0) already hold some of these.
    up: (db) =>
      db.exec(`
        CREATE TABLE IF NOT EXISTS site_records (
          site TEXT PRIMARY KEY,
          record TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS incidents (
          id TEXT PRIMARY KEY,
          site TEXT NOT NULL,
          status TEXT NOT NULL,
          opened_at TEXT NOT NULL,
          closed_at TEXT,
          data TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS incidents_site ON incidents (site, opened_at);
        CREATE TABLE IF NOT EXISTS digest_entries (
          agency TEXT NOT NULL,
          site TEXT NOT NULL,
          url TEXT NOT NULL,
          checks INTEGER NOT NULL,
          first_at TEXT NOT NULL,
          last_at TEXT NOT NULL,
          last_reason TEXT NOT NULL,
          max_score REAL NOT NULL,
          PRIMARY KEY (agency, site)
        );
        CREATE TABLE IF NOT EXISTS outbox_messages (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          id TEXT NOT NULL UNIQUE,
          kind TEXT NOT NULL,
          agency TEXT,
          site TEXT,
          created_at TEXT NOT NULL,
          payload TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS outbox_deliveries (
          message_id TEXT NOT NULL REFERENCES outbox_messages (id),
          sink TEXT NOT NULL,
          status TEXT NOT NULL,
          attempts INTEGER NOT NULL DEFAULT 0,
          next_attempt_at TEXT NOT NULL,
          last_error TEXT,
          delivered_at TEXT,
          detail TEXT,
          claimed_by TEXT,
          claimed_until TEXT,
          PRIMARY KEY (message_id, sink)
        );
        CREATE INDEX IF NOT EXISTS outbox_deliveries_status ON outbox_deliveries (status, sink);
        CREATE TABLE IF NOT EXISTS taxii_objects (
          id           TEXT    NOT NULL,
          version_us   INTEGER NOT NULL,
          version      TEXT    NOT NULL,
          type         TEXT    NOT NULL,
          spec_version TEXT    NOT NULL,
          unversioned  INTEGER NOT NULL DEFAULT 0,
          date_added   INTEGER NOT NULL UNIQUE,
          json         TEXT    NOT NULL,
          PRIMARY KEY (id, version_us)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS taxii_objects_type ON taxii_objects (type, date_added);
        CREATE TABLE IF NOT EXISTS shared_indicators (
          id             TEXT    PRIMARY KEY,
          source         TEXT    NOT NULL,
          modified       TEXT    NOT NULL,
          modified_us    INTEGER NOT NULL,
          valid_from_us  INTEGER,
          valid_until_us INTEGER,
          received_at    INTEGER NOT NULL,
          json           TEXT    NOT NULL
        );
        CREATE TABLE IF NOT EXISTS taxii_pull_cursors (
          source      TEXT    PRIMARY KEY,
          url         TEXT    NOT NULL,
          added_after TEXT    NOT NULL,
          updated_at  INTEGER NOT NULL
        );
      `),
  },
  {
    version: 2,
    summary: 'a revoked shared indicator is kept as a tombstone without its JSON; names of the identities peers share as',
    up: (db) => {
      // A database from before schema versions may already have this shape.
      if (!columnsOf(db, 'shared_indicators').includes('revoked')) {
        // SQLite cannot drop a NOT NULL constraint in place: the table is rebuilt, rows kept.
        db.exec(`
          CREATE TABLE shared_indicators_v2 (
            id             TEXT    PRIMARY KEY,
            source         TEXT    NOT NULL,
            modified       TEXT    NOT NULL,
            modified_us    INTEGER NOT NULL,
            valid_from_us  INTEGER,
            valid_until_us INTEGER,
            received_at    INTEGER NOT NULL,
            revoked        INTEGER NOT NULL DEFAULT 0,
            json           TEXT
          );
          INSERT INTO shared_indicators_v2 (id, source, modified, modified_us, valid_from_us, valid_until_us, received_at, json)
            SELECT id, source, modified, modified_us, valid_from_us, valid_until_us, received_at, json FROM shared_indicators;
          DROP TABLE shared_indicators;
          ALTER TABLE shared_indicators_v2 RENAME TO shared_indicators;
        `);
      }
      db.exec(`
        CREATE TABLE IF NOT EXISTS shared_identities (
          source TEXT NOT NULL,
          id     TEXT NOT NULL,
          name   TEXT NOT NULL,
          PRIMARY KEY (source, id)
        );
      `);
    },
  },
  {
    version: 3,
    summary: 'the audit log of actions taken by hand (approve, acknowledge, retry…), append-only; the checks in progress',
    up: (db) =>
      db.exec(`
        CREATE TABLE audit_log (
          seq      INTEGER PRIMARY KEY AUTOINCREMENT,
          at       TEXT NOT NULL,
          actor    TEXT NOT NULL,
          action   TEXT NOT NULL,
          site     TEXT,
          incident TEXT,
          reason   TEXT,
          detail   TEXT
        );
        CREATE INDEX audit_log_site ON audit_log (site, seq);
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TABLE running_checks (
          site       TEXT PRIMARY KEY,
          pid        INTEGER NOT NULL,
          host       TEXT NOT NULL,
          started_at TEXT NOT NULL
        );
      `),
  },
  {
    version: 4,
    summary: 'maintenance windows started by hand (`defacewatch maintenance`)',
    up: (db) =>
      db.exec(`
        CREATE TABLE maintenance_windows (
          id         INTEGER PRIMARY KEY AUTOINCREMENT,
          site       TEXT NOT NULL,
          starts_at  TEXT NOT NULL,
          ends_at    TEXT NOT NULL,
          reason     TEXT NOT NULL,
          actor      TEXT NOT NULL,
          created_at TEXT NOT NULL,
          ended_at   TEXT
        );
        CREATE INDEX maintenance_windows_site ON maintenance_windows (site, ends_at);
      `),
  },
];

/** The schema version this build of defacewatch writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

function columnsOf(db: Db, table: string): string[] {
  return db
    .prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?)')
    .all(table)
    .map((c) => c.name);
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the database at `file` up to SCHEMA_VERSION and returns the versions it went from and to.
 * Throws DATA_TOO_NEW for a database a newer defacewatch wrote: its tables may mean what this
 * build cannot know, and writing to them would lose data.
 */
export function migrate(db: Db, file: string): { from: number; to: number } {
  const from = schemaVersion(db);
  if (from > SCHEMA_VERSION) {
    throw new DefacewatchError('DATA_TOO_NEW', `${file}: the state database has schema version ${from}; this defacewatch knows versions up to ${SCHEMA_VERSION}`);
  }
  for (const step of MIGRATIONS.filter((m) => m.version > from)) {
    db.transaction(() => {
      step.up(db);
      db.pragma(`user_version = ${step.version}`);
    })();
  }
  return { from, to: SCHEMA_VERSION };
}
