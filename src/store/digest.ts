import type { DigestEntry } from '../core/digest.js';
import type { CheckResult } from '../core/types.js';
import type { Db } from './database.js';

/**
 * `changed` verdicts waiting for an agency's next digest: one row per site, folded as checks
 * arrive, taken (read and deleted) when the digest is written to the outbox.
 */
export class DigestStore {
  readonly #record;
  readonly #entries;
  readonly #clear;

  constructor(db: Db) {
    this.#record = db.prepare(
      `INSERT INTO digest_entries (agency, site, url, checks, first_at, last_at, last_reason, max_score)
       VALUES (@agency, @site, @url, 1, @at, @at, @reason, @score)
       ON CONFLICT (agency, site) DO UPDATE SET checks = checks + 1, url = excluded.url, last_at = excluded.last_at,
         last_reason = excluded.last_reason, max_score = max(max_score, excluded.max_score)`,
    );
    this.#entries = db.prepare<[string], DigestRow>('SELECT * FROM digest_entries WHERE agency = ? ORDER BY site');
    this.#clear = db.prepare('DELETE FROM digest_entries WHERE agency = ?');
  }

  /** Adds a `changed` check to the agency's next digest. */
  record(agency: string, result: CheckResult): void {
    this.#record.run({ agency, site: result.site, url: result.url, at: result.checkedAt, reason: result.reason, score: result.score });
  }

  /** The agency's entries, removed from the store. Call inside the transaction that enqueues the digest. */
  take(agency: string): DigestEntry[] {
    const rows = this.#entries.all(agency);
    this.#clear.run(agency);
    return rows.map((row) => ({
      site: row.site,
      url: row.url,
      checks: row.checks,
      firstAt: row.first_at,
      lastAt: row.last_at,
      lastReason: row.last_reason,
      maxScore: row.max_score,
    }));
  }
}

interface DigestRow {
  site: string;
  url: string;
  checks: number;
  first_at: string;
  last_at: string;
  last_reason: string;
  max_score: number;
}
