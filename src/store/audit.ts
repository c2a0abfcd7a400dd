import type { Db } from './database.js';

/** What people (or their scripts) did by hand: the actions the audit log records. */
export const AUDIT_ACTIONS = ['approve', 'acknowledge', 'retry', 'discard', 'maintenance', 'baseline'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  /** Position in the log: entries are numbered in the order they were written. */
  seq: number;
  at: string;
  /** Who: the OS user running the command, or what `--by` said. */
  actor: string;
  action: AuditAction;
  site?: string;
  incident?: string;
  /** Why, in the actor's words (required for approve). */
  reason?: string;
  /** What the action did, for people: "latest capture of 2026-12-08T03:00Z (verdict defaced, 0.91) became the baseline". */
  detail?: string;
}

export type NewAuditEntry = Omit<AuditEntry, 'seq'>;

interface Row {
  seq: number;
  at: string;
  actor: string;
  action: AuditAction;
  site: string | null;
  incident: string | null;
  reason: string | null;
  detail: string | null;
}

function fromRow(row: Row): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    ...(row.site === null ? {} : { site: row.site }),
    ...(row.incident === null ? {} : { incident: row.incident }),
    ...(row.reason === null ? {} : { reason: row.reason }),
    ...(row.detail === null ? {} : { detail: row.detail }),
  };
}

/**
 * The append-only record of actions taken by hand. The table refuses updates and deletes itself
 * (triggers of migration 3), so no code path, and no one with the CLI, can rewrite history.
 */
export class AuditLog {
  readonly #append;

  constructor(private readonly db: Db) {
    this.#append = db.prepare<[NewAuditEntryRow]>(
      'INSERT INTO audit_log (at, actor, action, site, incident, reason, detail) VALUES (@at, @actor, @action, @site, @incident, @reason, @detail)',
    );
  }

  /** Writes one entry; call it inside the transaction of the action it records. */
  append(entry: NewAuditEntry): void {
    this.#append.run({
      at: entry.at,
      actor: entry.actor,
      action: entry.action,
      site: entry.site ?? null,
      incident: entry.incident ?? null,
      reason: entry.reason ?? null,
      detail: entry.detail ?? null,
    });
  }

  /** Entries oldest first, optionally of some sites or one incident only. */
  entries(filter: { sites?: readonly string[]; incident?: string } = {}): AuditEntry[] {
    const where: string[] = [];
    const params: string[] = [];
    if (filter.sites !== undefined && filter.sites.length > 0) {
      where.push(`site IN (${filter.sites.map(() => '?').join(', ')})`);
      params.push(...filter.sites);
    }
    if (filter.incident !== undefined) {
      where.push('incident = ?');
      params.push(filter.incident);
    }
    const sql = `SELECT seq, at, actor, action, site, incident, reason, detail FROM audit_log ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq`;
    return this.db
      .prepare<string[], Row>(sql)
      .all(...params)
      .map(fromRow);
  }
}

type NewAuditEntryRow = Omit<Row, 'seq'>;
