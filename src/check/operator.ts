/**
 * What the operator's commands do besides checking: acknowledge, test the alert wiring, read the
 * outbox. The CLI only parses flags and prints; the work is here.
 */

import os from 'node:os';
import path from 'node:path';
import type { Agency, Targets } from '../config/load-targets.js';
import { DefacewatchError } from '../core/errors.js';
import { sampleAlert } from '../sinks/sample-alert.js';
import type { SiteAlert } from '../sinks/types.js';
import type { DeliveryStatus, DueDelivery } from '../store/index.js';
import { deliverDue, type DeliveryRound } from './deliver.js';
import type { Stores } from './runtime.js';

/** The agency named by `--agency`: its name as written in its file, or its file's name without `.yaml`. */
export function findAgency(targets: Targets, key: string): Agency {
  const wanted = key.trim().toLowerCase();
  const found = targets.agencies.find(
    (agency) =>
      agency.agency.toLowerCase() === wanted ||
      path
        .basename(agency.file)
        .replace(/\.ya?ml$/i, '')
        .toLowerCase() === wanted,
  );
  if (found !== undefined) return found;
  const known = targets.agencies.map((agency) => `"${agency.agency}" (${path.basename(agency.file)})`).join(', ');
  throw new DefacewatchError('USAGE', `--agency ${key}: no agency has this name or file (known: ${known})`);
}

/** Who is acting, for the audit log: what `--by` says, else the user running the command. */
export function operatorName(by: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const given = by?.trim();
  if (given) return given;
  try {
    return os.userInfo().username;
  } catch (err) {
    // No passwd entry for this uid (a container's arbitrary user): the environment may still name it.
    return env.USER ?? env.LOGNAME ?? `uid ${process.getuid?.() ?? '?'} (${(err as Error).message})`;
  }
}

/** `outbox --retry-failed`: failed deliveries go back in the queue, and who did it is recorded. */
export function retryFailedDeliveries(stores: Pick<Stores, 'store' | 'now'>, actor: string): number {
  const now = stores.now();
  return stores.store.transaction(() => {
    const count = stores.store.outbox.retryFailed(now);
    if (count > 0)
      stores.store.audit.append({ at: now.toISOString(), actor, action: 'retry', detail: `${count} failed deliver${count === 1 ? 'y' : 'ies'} queued again` });
    return count;
  });
}

export interface TestAlertOutcome {
  alert: SiteAlert;
  /** Per sink: what it did, or why it failed. */
  deliveries: Array<{ sink: string; delivered: boolean; detail: string }>;
}

/**
 * Sends a realistic sample alert through every sink of the agency, via the outbox as a real
 * alert would go, and reports each sink's outcome. With `dryRun`, sinks build their message
 * without sending and nothing is stored.
 */
export async function sendTestAlert(agency: Agency, stores: Stores, options: { dryRun: boolean; dataDir: string }): Promise<TestAlertOutcome> {
  const now = stores.now();
  const alert: SiteAlert = {
    ...(await sampleAlert(stores.routing.alertAgency(agency), now, path.join(options.dataDir, 'test-alert'))),
    actions: stores.routing.actions('sample-site'),
  };
  const sinkNames = stores.routing.sinkNames(agency);
  if (options.dryRun) {
    const deliveries = await Promise.all(
      sinkNames.map(async (name) => {
        const sink = stores.routing.sink(agency.agency, name);
        if (sink === undefined) return { sink: name, delivered: false, detail: 'not configured' };
        const receipt = await sink.send(alert, { dryRun: true }).catch((err: unknown) => ({ delivered: false, detail: (err as Error).message }));
        return { sink: name, delivered: false, detail: receipt.detail };
      }),
    );
    return { alert, deliveries };
  }
  stores.store.transaction(() =>
    stores.store.outbox.enqueue({ id: alert.id, kind: 'alert', agency: agency.agency, site: null, createdAt: alert.createdAt, payload: alert }, sinkNames),
  );
  await deliverDue({ store: stores.store, routing: stores.routing, logger: stores.logger, now: stores.now });
  const deliveries = sinkNames.map((name) => {
    const delivery = stores.store.outbox.delivery(alert.id, name);
    const delivered = delivery?.status === 'delivered';
    return { sink: name, delivered, detail: (delivered ? delivery?.detail : delivery?.lastError) ?? 'not attempted' };
  });
  return { alert, deliveries };
}

/** One line of `defacewatch outbox --json`. */
export interface OutboxLine {
  alert: string;
  kind: string;
  site: string | null;
  agency: string | null;
  sink: string;
  status: DeliveryStatus;
  attempts: number;
  createdAt: string;
  nextAttemptAt?: string;
  deliveredAt?: string;
  lastError?: string;
  detail?: string;
}

/** Deliveries pending and failed (with `all`, delivered ones too), oldest first. */
export function outboxLines(stores: Pick<Stores, 'store'>, options: { all: boolean }): OutboxLine[] {
  const statuses: DeliveryStatus[] = options.all ? [] : ['pending', 'failed'];
  return stores.store.outbox.list(statuses).map(lineOf);
}

function lineOf({ message, delivery }: DueDelivery): OutboxLine {
  const payload = message.payload as { kind?: unknown };
  return {
    alert: message.id,
    kind: message.kind === 'stix' ? 'stix' : typeof payload.kind === 'string' ? payload.kind : 'alert',
    site: message.site,
    agency: message.agency,
    sink: delivery.sink,
    status: delivery.status,
    attempts: delivery.attempts,
    createdAt: message.createdAt,
    ...(delivery.status === 'pending' ? { nextAttemptAt: delivery.nextAttemptAt } : {}),
    ...(delivery.deliveredAt === undefined ? {} : { deliveredAt: delivery.deliveredAt }),
    ...(delivery.lastError === undefined ? {} : { lastError: delivery.lastError }),
    ...(delivery.detail === undefined ? {} : { detail: delivery.detail }),
  };
}

/** The human line for `defacewatch outbox`. */
export function formatOutboxLine(line: OutboxLine): string {
  const when = line.status === 'delivered' ? line.deliveredAt : line.status === 'pending' ? `next ${line.nextAttemptAt}` : 'gave up';
  const why = line.lastError === undefined ? '' : `\t${line.lastError}`;
  return `${line.status}\t${line.sink}\t${line.kind}\t${line.alert}\tattempts ${line.attempts}\t${when ?? ''}${why}`;
}

export type { DeliveryRound };
