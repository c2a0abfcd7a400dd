import { hostname } from 'node:os';
import type { Db } from './database.js';
import { processAlive } from './process-alive.js';

/** A check older than this is no longer running whatever its row says (the longest budget is 300 s). */
export const RUNNING_CHECK_TTL_MS = 10 * 60_000;

export interface RunningCheck {
  site: string;
  pid: number;
  host: string;
  startedAt: string;
}

/**
 * The checks in progress, seen by every process on the data directory: `approve` refuses to replace
 * a baseline while the daemon is comparing the site with it. A row left by a process that died is
 * ignored (its process is gone, or it is older than RUNNING_CHECK_TTL_MS).
 */
export class RunningChecks {
  readonly #begin;
  readonly #end;
  readonly #get;

  constructor(db: Db) {
    this.#begin = db.prepare(
      'INSERT INTO running_checks (site, pid, host, started_at) VALUES (?, ?, ?, ?) ON CONFLICT (site) DO UPDATE SET pid = excluded.pid, host = excluded.host, started_at = excluded.started_at',
    );
    this.#end = db.prepare('DELETE FROM running_checks WHERE site = ? AND pid = ? AND host = ?');
    this.#get = db.prepare<[string], { site: string; pid: number; host: string; started_at: string }>(
      'SELECT site, pid, host, started_at FROM running_checks WHERE site = ?',
    );
  }

  begin(site: string, at: Date): void {
    this.#begin.run(site, process.pid, hostname(), at.toISOString());
  }

  end(site: string): void {
    this.#end.run(site, process.pid, hostname());
  }

  /** The check of `site` running now, if any. */
  running(site: string, now: Date): RunningCheck | undefined {
    const row = this.#get.get(site);
    if (row === undefined) return undefined;
    if (now.getTime() - Date.parse(row.started_at) > RUNNING_CHECK_TTL_MS) return undefined;
    if (row.host === hostname() && !processAlive(row.pid)) return undefined;
    return { site: row.site, pid: row.pid, host: row.host, startedAt: row.started_at };
  }
}
