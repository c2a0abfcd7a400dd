import type { Db } from './database.js';

/** A maintenance window started by hand: from when, until when, why and by whom. */
export interface StoredWindow {
  id: number;
  site: string;
  from: string;
  /** When it ends: as asked, or earlier when someone ended it (`endedAt`). */
  until: string;
  reason: string;
  actor: string;
  createdAt: string;
  /** Set when `defacewatch maintenance --end` closed it before its time. */
  endedAt?: string;
}

interface Row {
  id: number;
  site: string;
  starts_at: string;
  ends_at: string;
  reason: string;
  actor: string;
  created_at: string;
  ended_at: string | null;
}

function fromRow(row: Row): StoredWindow {
  return {
    id: row.id,
    site: row.site,
    from: row.starts_at,
    until: row.ended_at ?? row.ends_at,
    reason: row.reason,
    actor: row.actor,
    createdAt: row.created_at,
    ...(row.ended_at === null ? {} : { endedAt: row.ended_at }),
  };
}

const COLUMNS = 'id, site, starts_at, ends_at, reason, actor, created_at, ended_at';
/** When a window stops counting: at its end, or when it was ended by hand. ISO strings in UTC compare as times. */
const END = 'COALESCE(ended_at, ends_at)';

/**
 * Maintenance windows started with `defacewatch maintenance SITE --for …` (those of the targets
 * files live there). Rows are kept after they end, for `status` and the audit trail.
 */
export class MaintenanceWindowStore {
  readonly #add;
  readonly #current;
  readonly #end;

  constructor(db: Db) {
    this.#add = db.prepare<[string, string, string, string, string, string]>(
      'INSERT INTO maintenance_windows (site, starts_at, ends_at, reason, actor, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.#current = db.prepare<[string, string], Row>(`SELECT ${COLUMNS} FROM maintenance_windows WHERE site = ? AND ${END} > ? ORDER BY starts_at, id`);
    this.#end = db.prepare<[string, string, string, string]>(`UPDATE maintenance_windows SET ended_at = ? WHERE site = ? AND starts_at <= ? AND ${END} > ?`);
  }

  /** Records a window; call inside the transaction that writes its audit entry. */
  add(window: Omit<StoredWindow, 'id' | 'endedAt'>): StoredWindow {
    const { lastInsertRowid } = this.#add.run(window.site, window.from, window.until, window.reason, window.actor, window.createdAt);
    return { ...window, id: Number(lastInsertRowid) };
  }

  /** The site's windows not over at `at` (open now, or to come), earliest first. */
  notOver(site: string, at: Date): StoredWindow[] {
    return this.#current.all(site, at.toISOString()).map(fromRow);
  }

  /** Ends the site's windows open at `at`, now; returns how many there were. */
  endOpen(site: string, at: Date): number {
    const iso = at.toISOString();
    return this.#end.run(iso, site, iso, iso).changes;
  }
}
