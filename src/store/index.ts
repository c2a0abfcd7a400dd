import { AuditLog } from './audit.js';
import { databasePath, openDatabase, type Db } from './database.js';
import { DigestStore } from './digest.js';
import { MaintenanceWindowStore } from './maintenance.js';
import { Outbox, type RetryPolicy } from './outbox.js';
import { RunningChecks } from './running-checks.js';
import { SiteRecordStore } from './site-records.js';

/**
 * The daemon's state behind one handle: site records and incidents, the digest queue, the outbox,
 * the audit log and maintenance windows started by hand, in one SQLite file so a state change, the
 * alerts it causes and the record of who did it commit together.
 */
export interface StateStore {
  readonly db: Db;
  readonly records: SiteRecordStore;
  readonly digest: DigestStore;
  readonly outbox: Outbox;
  readonly audit: AuditLog;
  readonly running: RunningChecks;
  /** Maintenance windows started by hand. */
  readonly maintenance: MaintenanceWindowStore;
  /** Runs `work` in one transaction: all of it is stored, or none. */
  transaction<T>(work: () => T): T;
  close(): void;
}

export function openStateStore(dataDir: string, options: { retry?: RetryPolicy; file?: string } = {}): StateStore {
  const db = openDatabase(options.file ?? databasePath(dataDir));
  const store: StateStore = {
    db,
    records: new SiteRecordStore(db),
    digest: new DigestStore(db),
    outbox: new Outbox(db, options.retry),
    audit: new AuditLog(db),
    running: new RunningChecks(db),
    maintenance: new MaintenanceWindowStore(db),
    transaction: <T>(work: () => T) => db.transaction(work)(),
    close: () => db.close(),
  };
  return store;
}

export type { Db } from './database.js';
export type { RunningCheck } from './running-checks.js';
export type { StoredWindow } from './maintenance.js';
export { AUDIT_ACTIONS, type AuditAction, type AuditEntry, type NewAuditEntry } from './audit.js';
export { DEFAULT_RETRY_POLICY, type Delivery, type DeliveryStatus, type DueDelivery, type OutboxMessage, type RetryPolicy } from './outbox.js';
