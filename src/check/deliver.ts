import { DefacewatchError, toDefacewatchError } from '../core/errors.js';
import type { Logger } from '../log.js';
import type { AlertRouting } from '../sinks/routing.js';
import type { Alert } from '../sinks/types.js';
import type { DueDelivery, StateStore } from '../store/index.js';

/** Publishes STIX objects to one TAXII collection (the sharing network's sink). */
export interface ObjectPublisher {
  readonly name: string;
  publish(objects: readonly unknown[], options?: { signal?: AbortSignal | undefined }): Promise<{ detail: string }>;
}

export interface DeliveryDeps {
  store: StateStore;
  routing: AlertRouting;
  /** TAXII publishers by sink name, for `stix` messages. */
  publishers?: ReadonlyMap<string, ObjectPublisher>;
  logger: Logger;
  now: () => Date;
}

export interface DeliveryRound {
  delivered: number;
  /** Attempts that failed and will be retried. */
  retrying: number;
  /** Deliveries that failed for good this round. */
  failed: number;
}

/**
 * Sends every delivery that is due, one sink's deliveries in order, until none is left that may go
 * now. A failure is recorded with its error and retried later; it never stops the others.
 */
export async function deliverDue(deps: DeliveryDeps, signal?: AbortSignal): Promise<DeliveryRound> {
  const round: DeliveryRound = { delivered: 0, retrying: 0, failed: 0 };
  for (;;) {
    if (signal?.aborted) return round;
    const due = deps.store.outbox.claimDue(deps.now());
    if (due.length === 0) return round;
    // Sinks are independent: one slow mail server must not hold the webhook back.
    const outcomes = await Promise.all(due.map((item) => deliverOne(item, deps, signal)));
    for (const outcome of outcomes) round[outcome] += 1;
    // Only a delivery makes the sink's next one due now; after failures, retries lie in the future.
    if (!outcomes.includes('delivered')) return round;
  }
}

async function deliverOne(item: DueDelivery, deps: DeliveryDeps, signal?: AbortSignal): Promise<keyof DeliveryRound> {
  const { message, delivery } = item;
  const kind = message.kind === 'stix' ? 'stix' : (message.payload as Alert).kind;
  const log = deps.logger.child({ alert: message.id, kind, sink: delivery.sink, attempt: delivery.attempts + 1 });
  try {
    let detail: string;
    if (message.kind === 'stix') {
      const publisher = deps.publishers?.get(delivery.sink);
      if (publisher === undefined) throw noSink(delivery.sink);
      detail = (await publisher.publish(message.payload as unknown[], signal === undefined ? {} : { signal })).detail;
    } else {
      const sink = deps.routing.sink(message.agency, delivery.sink);
      if (sink === undefined) throw noSink(delivery.sink);
      const receipt = await sink.send(message.payload as Alert, signal === undefined ? {} : { signal });
      detail = receipt.detail;
    }
    deps.store.outbox.delivered(message.id, delivery.sink, detail, deps.now());
    log.info({ detail }, 'alert delivered');
    return 'delivered';
  } catch (err) {
    const error = toDefacewatchError(err, 'ALERT_FAILED');
    const after = deps.store.outbox.failedAttempt(message.id, delivery.sink, error.message, error.retryable, deps.now());
    if (after?.status === 'failed') {
      log.error({ code: error.code, err: error.message, hint: error.hint }, 'alert delivery failed for good; see `defacewatch outbox`');
      return 'failed';
    }
    log.warn({ code: error.code, err: error.message, nextAttemptAt: after?.nextAttemptAt }, 'alert delivery failed; will retry');
    return 'retrying';
  }
}

function noSink(name: string): DefacewatchError {
  // Not retryable: the configuration changed since the alert was written; `outbox --retry-failed` after fixing it.
  return new DefacewatchError('ALERT_FAILED', `no sink named "${name}" is configured any more`, {
    hint: 'Restore the sink in the config, then run `defacewatch outbox --retry-failed`.',
    retryable: false,
  });
}
