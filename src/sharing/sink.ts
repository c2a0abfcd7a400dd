/**
 * Publishing STIX objects over TAXII 2.1: to a hub's collection (createTaxiiPublisher), and into
 * this sensor's own collection that its TAXII server serves (createLocalTaxiiPublisher). Both have
 * one shape, so the outbox treats them alike: publish() resolves only when every object is in,
 * and throws ALERT_FAILED (retryable) otherwise, naming each object that did not get in. Sending
 * the same objects again is safe: TAXII 2.1 §5.5 makes an exact duplicate no error, and both
 * collections keep one copy per (id, version).
 */

import type { TaxiiCollectionConfig } from '../config/daemon-schema.js';
import { DefacewatchError } from '../core/errors.js';
import type { Logger } from '../log.js';
import type { Receipt } from '../sinks/types.js';
import type { TaxiiObjectStore } from './store/taxii-objects.js';
import { credentialsFromEnv } from './taxii-client/auth.js';
import { createTaxiiClient, type AddObjectsResult, type TaxiiClientOptions } from './taxii-client/client.js';
import { locateCollection } from './taxii-client/collection-url.js';
import { clean } from './taxii-client/http.js';
import type { TaxiiStatusDetails } from './taxii-client/resources.js';

export interface PublishOptions {
  /** Cancels the delivery; it then throws ALERT_FAILED. */
  signal?: AbortSignal | undefined;
  /** Check the objects and say what would be sent, without sending. */
  dryRun?: boolean;
}

/** A Receipt, with what the collection said. */
export interface PublishReceipt extends Receipt {
  /** Objects handed over. */
  objects: number;
  /** The hub's status resource id, when there was one. */
  statusId?: string;
}

/** Where the outbox sends a list of STIX objects (one incident's bundle contents). */
export interface TaxiiPublisher {
  readonly name: string;
  publish(objects: readonly unknown[], options?: PublishOptions): Promise<PublishReceipt>;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * A publisher to one hub collection. Credentials are read now, so a missing variable fails at
 * start-up (CONFIG_INVALID). `client` tunes timeouts, size limits and status polling.
 */
export function createTaxiiPublisher(
  config: TaxiiCollectionConfig,
  env: Env,
  logger: Logger,
  options: { client?: Omit<TaxiiClientOptions, 'name' | 'credentials'> } = {},
): TaxiiPublisher {
  const { name } = config;
  const where = locateCollection(config.url);
  const client = createTaxiiClient({ ...options.client, name, credentials: credentialsFromEnv(config, env) });
  const log = logger.child({ sink: name, collection: where.collectionUrl });

  async function publish(objects: readonly unknown[], publishOptions: PublishOptions = {}): Promise<PublishReceipt> {
    if (objects.length === 0) return { sink: name, delivered: true, detail: 'nothing to publish', objects: 0 };
    if (publishOptions.dryRun) {
      return { sink: name, delivered: false, detail: `dry run: would add ${objects.length} object(s) to ${where.collectionUrl}`, objects: objects.length };
    }
    let result: AddObjectsResult;
    try {
      result = await client.addObjects(where.collectionUrl, objects, { signal: publishOptions.signal });
    } catch (err) {
      const failure =
        err instanceof DefacewatchError && (err.code === 'ALERT_FAILED' || err.code === 'TAXII_FAILED')
          ? err
          : new DefacewatchError('ALERT_FAILED', `${label()}: ${messageOf(err)}`, { cause: err, hint: 'It will be tried again.' });
      log.warn({ err: { message: failure.message } }, 'TAXII publish failed');
      throw failure;
    }
    const { status } = result;
    const problems: string[] = [];
    if (status.failure_count > 0 || result.failures.length > 0) {
      problems.push(`${Math.max(status.failure_count, result.failures.length)} of ${objects.length} object(s) refused: ${listDetails(result.failures)}`);
    }
    if (!result.complete || status.pending_count > 0) {
      problems.push(
        `${Math.max(status.pending_count, result.pendings.length)} object(s) still pending after ${result.polls} status poll(s): ${listDetails(result.pendings)}`,
      );
    }
    if (problems.length > 0) {
      log.warn({ statusId: status.id, failures: result.failures.length, pendings: result.pendings.length }, 'TAXII publish incomplete');
      throw new DefacewatchError('ALERT_FAILED', `${label()}: ${problems.join('; ')} (status ${clean(status.id)})`, {
        hint: 'The whole set is sent again later; objects the hub already has are not duplicated. If an object is always refused, report it with the message.',
      });
    }
    log.info({ statusId: status.id, objects: objects.length, polls: result.polls }, 'STIX objects published over TAXII');
    return {
      sink: name,
      delivered: true,
      detail: `${status.success_count} of ${objects.length} object(s) added to ${where.collectionUrl} (status ${clean(status.id)})`,
      objects: objects.length,
      statusId: status.id,
    };
  }

  function label(): string {
    return `TAXII collection "${name}" (${where.collectionUrl})`;
  }

  return Object.freeze({ name, publish });
}

/**
 * A publisher into this sensor's own collection (the one its TAXII server serves). Objects the
 * store refuses (not STIX, too large) make it throw ALERT_FAILED naming them; the others are kept.
 */
export function createLocalTaxiiPublisher(store: TaxiiObjectStore, logger: Logger, name = 'taxii-server'): TaxiiPublisher {
  const log = logger.child({ sink: name });
  async function publish(objects: readonly unknown[], options: PublishOptions = {}): Promise<PublishReceipt> {
    if (options.signal?.aborted) {
      throw new DefacewatchError('ALERT_FAILED', `Own TAXII collection: cancelled before storing`, {
        cause: options.signal.reason,
        hint: 'Nothing to do: the daemon is stopping.',
      });
    }
    if (options.dryRun) return { sink: name, delivered: false, detail: `dry run: would store ${objects.length} object(s)`, objects: objects.length };
    const outcomes = store.add(objects);
    const rejected = outcomes.filter((o) => o.status === 'rejected');
    const added = outcomes.filter((o) => o.status === 'added').length;
    if (rejected.length > 0) {
      const list = rejected.map((o) => ({ id: o.id ?? '(no id)', message: 'message' in o ? o.message : undefined }));
      throw new DefacewatchError('ALERT_FAILED', `Own TAXII collection: ${rejected.length} of ${objects.length} object(s) refused: ${listDetails(list)}`, {
        hint: 'This is a bug in the STIX mapping; please report it with the message.',
      });
    }
    log.info({ objects: objects.length, added }, 'STIX objects stored in the TAXII collection');
    return { sink: name, delivered: true, detail: `${added} new of ${objects.length} object(s) in the own TAXII collection`, objects: objects.length };
  }
  return Object.freeze({ name, publish });
}

/** "indicator--… (version): message; …", at most ten, the rest counted. */
function listDetails(details: ReadonlyArray<Pick<TaxiiStatusDetails, 'id' | 'message'> & { version?: string | undefined }>): string {
  if (details.length === 0) return 'the hub did not say which';
  const shown = details.slice(0, 10).map((d) => {
    const version = d.version === undefined || d.version === '' ? '' : ` (${clean(d.version)})`;
    return `${clean(d.id)}${version}${d.message === undefined ? '' : `: ${clean(d.message)}`}`;
  });
  return `${shown.join('; ')}${details.length > 10 ? `; and ${details.length - 10} more` : ''}`;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
