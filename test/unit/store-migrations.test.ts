import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { MIGRATIONS, SCHEMA_VERSION, schemaVersion } from '../../src/store/migrations.js';
import { createSharedIndicatorStore } from '../../src/sharing/store/shared-indicators.js';
import { AuditLog } from '../../src/store/audit.js';
import { openStateStore } from '../../src/store/index.js';
import { MaintenanceWindowStore } from '../../src/store/maintenance.js';

/**
 * Every database layout defacewatch has shipped opens in the current build with its rows kept.
 * The layouts are written here as they were shipped, not derived from the migrations under test.
 */

/** The first SQLite layout (2026-11-26), before schema versions: the outbox and the first shared-indicator table. */
const FIRST_SHIPPED = `
  CREATE TABLE outbox_messages (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, agency TEXT, site TEXT,
    created_at TEXT NOT NULL, payload TEXT NOT NULL
  );
  CREATE TABLE shared_indicators (
    id TEXT PRIMARY KEY, source TEXT NOT NULL, modified TEXT NOT NULL, modified_us INTEGER NOT NULL,
    valid_from_us INTEGER, valid_until_us INTEGER, received_at INTEGER NOT NULL, json TEXT NOT NULL
  );
  INSERT INTO outbox_messages (id, kind, agency, site, created_at, payload)
    VALUES ('m1', 'incident-opened', 'MOH', 'moh-home', '2026-11-26T00:00:00.000Z', '{}');
  INSERT INTO shared_indicators (id, source, modified, modified_us, received_at, json)
    VALUES ('indicator--0b7e1d36-5f6c-4a51-9c53-7f0e4a3c1a11', 'peer-a', '2026-11-26T00:00:00.000Z', 1795651200000000, 1795651200000,
            '{"id":"indicator--0b7e1d36-5f6c-4a51-9c53-7f0e4a3c1a11","modified":"2026-11-26T00:00:00.000Z"}');
`;

/** The layout from the TAXII transport on (revocable indicators, identities), still without a version. */
const SECOND_SHIPPED = `
  CREATE TABLE shared_indicators (
    id TEXT PRIMARY KEY, source TEXT NOT NULL, modified TEXT NOT NULL, modified_us INTEGER NOT NULL,
    valid_from_us INTEGER, valid_until_us INTEGER, received_at INTEGER NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0, json TEXT
  );
  CREATE TABLE shared_identities (source TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (source, id));
  INSERT INTO shared_indicators (id, source, modified, modified_us, received_at, revoked, json)
    VALUES ('indicator--5d2e8c7a-1b3f-4e6d-8a9b-0c1d2e3f4a5b', 'peer-b', '2026-12-01T00:00:00.000Z', 1796083200000000, 1796083200000, 1, NULL);
  INSERT INTO shared_identities VALUES ('peer-b', 'identity--1', 'CERT B');
`;

/** The audit log as version 3 (2026-12-08) shipped it, with one entry; the other tables of that version are left out. */
const AUDIT_SHIPPED = `
  CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
    site TEXT, incident TEXT, reason TEXT, detail TEXT
  );
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
  INSERT INTO audit_log (at, actor, action, site, reason) VALUES ('2026-12-08T03:00:00.000Z', 'tanaka', 'approve', 'moh-home', 'redesign');
`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dw-migrate-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function shipped(layout: string, userVersion = 0): string {
  const file = path.join(dir, 'defacewatch.db');
  const db = new Database(file);
  db.exec(layout);
  db.pragma(`user_version = ${userVersion}`);
  db.close();
  return file;
}

describe('state database schema versions', () => {
  it('numbers its steps 1, 2, … with nothing skipped, so SCHEMA_VERSION is the last', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.at(-1)!.version);
  });

  it('creates a new database at the current version, with every table the stores use', () => {
    const store = openStateStore(dir);
    try {
      expect(schemaVersion(store.db)).toBe(SCHEMA_VERSION);
      const tables = store.db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
      expect(tables.map((t) => t.name)).toEqual(
        expect.arrayContaining([
          'incidents',
          'maintenance_windows',
          'outbox_deliveries',
          'outbox_messages',
          'shared_identities',
          'shared_indicators',
          'site_records',
          'taxii_objects',
        ]),
      );
    } finally {
      store.close();
    }
  });

  it('upgrades the first shipped layout, keeping queued alerts and shared indicators, which can then be revoked', () => {
    const db = openDatabase(shipped(FIRST_SHIPPED));
    try {
      expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
      expect(db.prepare('SELECT id, kind, site FROM outbox_messages').all()).toEqual([{ id: 'm1', kind: 'incident-opened', site: 'moh-home' }]);
      const indicators = createSharedIndicatorStore(db);
      expect(indicators.count()).toBe(1);
      // A revocation keeps a tombstone without JSON: the column the first layout had as NOT NULL.
      const counts = indicators.commitPull({ name: 'peer-a', url: 'https://hub.example/collections/x/' }, [], undefined, {
        revocations: [{ id: 'indicator--0b7e1d36-5f6c-4a51-9c53-7f0e4a3c1a11', modified: '2026-11-27T00:00:00.000Z' }],
      });
      expect(counts.revoked).toBe(1);
      expect(indicators.count()).toBe(0);
    } finally {
      db.close();
    }
  });

  it('stamps the unversioned layout of the TAXII transport with the current version, rows untouched', () => {
    const db = openDatabase(shipped(SECOND_SHIPPED));
    try {
      expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
      expect(db.prepare('SELECT id, revoked, json FROM shared_indicators').all()).toEqual([
        { id: 'indicator--5d2e8c7a-1b3f-4e6d-8a9b-0c1d2e3f4a5b', revoked: 1, json: null },
      ]);
      expect(db.prepare('SELECT name FROM shared_identities').all()).toEqual([{ name: 'CERT B' }]);
    } finally {
      db.close();
    }
  });

  it('upgrades a version 3 database: the audit log keeps its entries, and windows started by hand can be kept', () => {
    const db = openDatabase(shipped(AUDIT_SHIPPED, 3));
    try {
      expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
      expect(new AuditLog(db).entries()).toEqual([expect.objectContaining({ actor: 'tanaka', action: 'approve', site: 'moh-home', reason: 'redesign' })]);
      const windows = new MaintenanceWindowStore(db);
      windows.add({
        site: 'moh-home',
        from: '2026-12-12T13:00:00.000Z',
        until: '2026-12-12T15:00:00.000Z',
        reason: 'CMS patch',
        actor: 'sato',
        createdAt: '2026-12-12T13:00:00.000Z',
      });
      expect(windows.notOver('moh-home', new Date('2026-12-12T14:00:00Z'))).toHaveLength(1);
    } finally {
      db.close();
    }
  });

  it('opens an up-to-date database again without changing it', () => {
    openStateStore(dir).close();
    const again = openStateStore(dir);
    try {
      expect(schemaVersion(again.db)).toBe(SCHEMA_VERSION);
    } finally {
      again.close();
    }
  });

  it('refuses a database a newer defacewatch wrote, naming the file and both versions, and leaves it as it was', () => {
    const file = shipped(SECOND_SHIPPED, SCHEMA_VERSION + 1);
    expect(() => openDatabase(file)).toThrow(
      expect.objectContaining({
        code: 'DATA_TOO_NEW',
        message: expect.stringContaining(`${file}: the state database has schema version ${SCHEMA_VERSION + 1}`),
      }),
    );
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    raw.close();
  });
});
