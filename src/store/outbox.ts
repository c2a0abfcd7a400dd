import os from 'node:os';
import type { Db } from './database.js';
import { processAlive } from './process-alive.js';

/**
 * The durable outbox: every alert (and every STIX bundle for the sharing network) is written here,
 * in the same transaction as the state change that caused it, before any delivery is tried. Each
 * (message, sink) pair is a delivery that is retried with backoff until it succeeds or fails for
 * good, so an SMTP outage or a daemon restart loses nothing. Deliveries to one sink go out in the
 * order they were written: a later alert never overtakes an earlier one that is waiting to retry.
 */

/** What a message carries: an Alert for alert sinks, or STIX objects for TAXII publishers. */
export type OutboxKind = 'alert' | 'stix';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface OutboxMessage<P = unknown> {
  /** Insertion order. */
  seq: number;
  id: string;
  kind: OutboxKind;
  /** The agency whose sinks deliver it (null for network-wide messages). */
  agency: string | null;
  site: string | null;
  createdAt: string;
  payload: P;
}

export interface Delivery {
  messageId: string;
  sink: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError?: string;
  deliveredAt?: string;
  /** What the sink said (Message-ID, file, status id). */
  detail?: string;
}

export interface DueDelivery {
  message: OutboxMessage;
  delivery: Delivery;
}

export interface RetryPolicy {
  /** Wait after the first failure; doubled after each further one. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A delivery still failing this long after its message was written is marked failed. */
  giveUpAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  baseDelayMs: 30_000,
  maxDelayMs: 30 * 60_000,
  giveUpAfterMs: 72 * 3_600_000,
});

/** How long a claim on a delivery lasts if its owner dies without a trace on another host. */
const CLAIM_MS = 10 * 60_000;

/** Delay before attempt `attempts + 1`, after `attempts` failures (exponential, capped). */
export function retryDelayMs(attempts: number, policy: RetryPolicy): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
}

interface MessageRow {
  seq: number;
  id: string;
  kind: OutboxKind;
  agency: string | null;
  site: string | null;
  created_at: string;
  payload: string;
}

interface DeliveryRow {
  message_id: string;
  sink: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  delivered_at: string | null;
  detail: string | null;
}

export class Outbox {
  /** Who claims deliveries: this process, so a restarted daemon can take back a dead one's claims. */
  readonly owner = `${os.hostname()}:${process.pid}`;
  readonly #insertMessage;
  readonly #insertDelivery;

  constructor(
    private readonly db: Db,
    readonly retry: RetryPolicy = DEFAULT_RETRY_POLICY,
  ) {
    this.#insertMessage = db.prepare(
      'INSERT OR IGNORE INTO outbox_messages (id, kind, agency, site, created_at, payload) VALUES (@id, @kind, @agency, @site, @createdAt, @payload)',
    );
    this.#insertDelivery = db.prepare("INSERT OR IGNORE INTO outbox_deliveries (message_id, sink, status, next_attempt_at) VALUES (?, ?, 'pending', ?)");
  }

  /**
   * Writes a message and one pending delivery per sink. Idempotent: a message id already written
   * is left as it is (returns false). Call inside the transaction that changes the state.
   */
  enqueue(message: Omit<OutboxMessage, 'seq'>, sinks: readonly string[]): boolean {
    const inserted = this.#insertMessage.run({
      id: message.id,
      kind: message.kind,
      agency: message.agency,
      site: message.site,
      createdAt: message.createdAt,
      payload: JSON.stringify(message.payload),
    });
    if (inserted.changes === 0) return false;
    for (const sink of new Set(sinks)) this.#insertDelivery.run(message.id, sink, message.createdAt);
    return true;
  }

  /**
   * Claims the deliveries that may go now: for each sink, its oldest pending delivery, if that one
   * is due and not claimed by another live process. Claimed deliveries must be settled with
   * `delivered` or `failedAttempt`.
   */
  claimDue(now: Date): DueDelivery[] {
    const at = now.toISOString();
    const until = new Date(now.getTime() + CLAIM_MS).toISOString();
    return this.db.transaction(() => {
      const heads = this.db
        .prepare<[], DeliveryRow & { claimed_by: string | null; claimed_until: string | null }>(
          `SELECT d.* FROM outbox_deliveries d JOIN outbox_messages m ON m.id = d.message_id
           WHERE d.status = 'pending' AND m.seq = (
             SELECT min(m2.seq) FROM outbox_deliveries d2 JOIN outbox_messages m2 ON m2.id = d2.message_id
             WHERE d2.status = 'pending' AND d2.sink = d.sink)
           ORDER BY m.seq`,
        )
        .all();
      const due: DueDelivery[] = [];
      for (const row of heads) {
        if (row.next_attempt_at > at) continue;
        if (row.claimed_by !== null && row.claimed_by !== this.owner && row.claimed_until !== null && row.claimed_until > at) continue;
        this.db
          .prepare('UPDATE outbox_deliveries SET claimed_by = ?, claimed_until = ? WHERE message_id = ? AND sink = ?')
          .run(this.owner, until, row.message_id, row.sink);
        const message = this.message(row.message_id);
        if (message !== undefined) due.push({ message, delivery: deliveryOf(row) });
      }
      return due;
    })();
  }

  /** Releases claims held by processes of this host that are gone (a daemon killed mid-send). */
  releaseDeadClaims(): number {
    const host = `${os.hostname()}:`;
    const owners = this.db
      .prepare<[], { claimed_by: string }>("SELECT DISTINCT claimed_by FROM outbox_deliveries WHERE status = 'pending' AND claimed_by IS NOT NULL")
      .all()
      .map((row) => row.claimed_by)
      .filter((owner) => owner.startsWith(host) && owner !== this.owner && !processAlive(Number(owner.slice(host.length))));
    let released = 0;
    for (const owner of owners) {
      released += this.db.prepare('UPDATE outbox_deliveries SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = ?').run(owner).changes;
    }
    return released;
  }

  delivered(messageId: string, sink: string, detail: string, now: Date): void {
    this.db
      .prepare(
        "UPDATE outbox_deliveries SET status = 'delivered', attempts = attempts + 1, delivered_at = ?, detail = ?, last_error = NULL, claimed_by = NULL, claimed_until = NULL WHERE message_id = ? AND sink = ?",
      )
      .run(now.toISOString(), detail, messageId, sink);
  }

  /**
   * Records a failed attempt: retried after the backoff, or marked failed for good when `retryable`
   * is false or the message is older than the give-up time. Returns the new status.
   */
  failedAttempt(messageId: string, sink: string, error: string, retryable: boolean, now: Date): Delivery | undefined {
    const current = this.delivery(messageId, sink);
    const message = this.message(messageId);
    if (current === undefined || message === undefined) return undefined;
    const attempts = current.attempts + 1;
    const tooOld = now.getTime() - Date.parse(message.createdAt) >= this.retry.giveUpAfterMs;
    const status: DeliveryStatus = retryable && !tooOld ? 'pending' : 'failed';
    const next = new Date(now.getTime() + retryDelayMs(attempts, this.retry)).toISOString();
    this.db
      .prepare(
        'UPDATE outbox_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?, claimed_by = NULL, claimed_until = NULL WHERE message_id = ? AND sink = ?',
      )
      .run(status, attempts, next, error.slice(0, 2000), messageId, sink);
    return this.delivery(messageId, sink);
  }

  /** Puts failed deliveries back in the queue, due now (`defacewatch outbox --retry-failed`). */
  retryFailed(now: Date): number {
    return this.db.prepare("UPDATE outbox_deliveries SET status = 'pending', next_attempt_at = ? WHERE status = 'failed'").run(now.toISOString()).changes;
  }

  message(id: string): OutboxMessage | undefined {
    const row = this.db.prepare<[string], MessageRow>('SELECT * FROM outbox_messages WHERE id = ?').get(id);
    return row === undefined ? undefined : messageOf(row);
  }

  delivery(messageId: string, sink: string): Delivery | undefined {
    const row = this.db.prepare<[string, string], DeliveryRow>('SELECT * FROM outbox_deliveries WHERE message_id = ? AND sink = ?').get(messageId, sink);
    return row === undefined ? undefined : deliveryOf(row);
  }

  /** Deliveries with their messages, oldest first, of the given statuses (all when none). */
  list(statuses: readonly DeliveryStatus[] = []): DueDelivery[] {
    const where = statuses.length > 0 ? `WHERE d.status IN (${statuses.map(() => '?').join(', ')})` : '';
    return this.db
      .prepare<string[], DeliveryRow & MessageRow>(
        `SELECT d.*, m.* FROM outbox_deliveries d JOIN outbox_messages m ON m.id = d.message_id ${where} ORDER BY m.seq, d.sink`,
      )
      .all(...statuses)
      .map((row) => ({ message: messageOf(row), delivery: deliveryOf(row) }));
  }

  /**
   * Forgets messages whose every delivery succeeded before `before`, so the file does not grow for
   * as long as the daemon runs. Pending and failed ones are always kept. Returns how many went.
   */
  pruneDelivered(before: Date): number {
    return this.db.transaction(() => {
      const ids = this.db
        .prepare<[string], { id: string }>(
          `SELECT m.id FROM outbox_messages m WHERE m.created_at < ? AND NOT EXISTS (
             SELECT 1 FROM outbox_deliveries d WHERE d.message_id = m.id AND d.status != 'delivered')`,
        )
        .all(before.toISOString())
        .map((row) => row.id);
      for (const id of ids) {
        this.db.prepare('DELETE FROM outbox_deliveries WHERE message_id = ?').run(id);
        this.db.prepare('DELETE FROM outbox_messages WHERE id = ?').run(id);
      }
      return ids.length;
    })();
  }

  /** When the next pending delivery is due, if any (the worker sleeps until then). */
  nextDueAt(): string | undefined {
    const row = this.db.prepare<[], { at: string | null }>("SELECT min(next_attempt_at) AS at FROM outbox_deliveries WHERE status = 'pending'").get();
    return row?.at ?? undefined;
  }
}

function messageOf(row: MessageRow): OutboxMessage {
  return {
    seq: row.seq,
    id: row.id,
    kind: row.kind,
    agency: row.agency,
    site: row.site,
    createdAt: row.created_at,
    payload: JSON.parse(row.payload) as unknown,
  };
}

function deliveryOf(row: DeliveryRow): Delivery {
  return {
    messageId: row.message_id,
    sink: row.sink,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    ...(row.last_error === null ? {} : { lastError: row.last_error }),
    ...(row.delivered_at === null ? {} : { deliveredAt: row.delivered_at }),
    ...(row.detail === null ? {} : { detail: row.detail }),
  };
}
