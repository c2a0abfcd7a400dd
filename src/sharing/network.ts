import type { DaemonConfig, TaxiiPullConfig } from '../config/daemon-schema.js';
import { DefacewatchError } from '../core/errors.js';
import type { SharedIndicator } from '../core/shared-indicator.js';
import type { Logger } from '../log.js';
import type { StateStore } from '../store/index.js';
import { createIncidentSharing, type IncidentSharing } from './publish.js';
import { createLocalTaxiiPublisher, createTaxiiPublisher, type TaxiiPublisher } from './sink.js';
import { createSharedIndicatorStore, type SharedIndicatorStore } from './store/shared-indicators.js';
import { createTaxiiObjectStore, type TaxiiObjectStore } from './store/taxii-objects.js';
import { taxiiHubsFromEnv } from './taxii-client/index.js';

/** Name of the publisher that fills this sensor's own TAXII collection. */
export const OWN_COLLECTION_PUBLISHER = 'taxii-server';

/** This sensor's place in the sharing network, built from the daemon config and the environment. */
export interface Network {
  /** STIX publishers by outbox sink name: the own collection (when served) and every hub. */
  publishers: ReadonlyMap<string, TaxiiPublisher>;
  sharing: IncidentSharing;
  /** This sensor's published objects, which the TAXII server serves. */
  objects: TaxiiObjectStore;
  /** Peers' indicators. */
  indicators: SharedIndicatorStore<SharedIndicator>;
  /** Collections to pull indicators from (the config's, then DEFACEWATCH_TAXII_URL's). */
  pullSources: readonly TaxiiPullConfig[];
}

/**
 * Wires the network: publishers for `sharing.publish` plus the hub DEFACEWATCH_TAXII_URL names,
 * the own collection when `sharing.server` is set, and the pull sources. Throws CONFIG_INVALID
 * when two collections share a name (outbox deliveries are kept by name).
 */
export function createNetwork(options: {
  config: DaemonConfig;
  env: Readonly<Record<string, string | undefined>>;
  store: StateStore;
  logger: Logger;
  now: () => Date;
}): Network {
  const { config, env, store, logger } = options;
  const hubs = taxiiHubsFromEnv(env);
  const publish = [...config.sharing.publish, ...hubs.publish];
  const pullSources = [...config.sharing.pull, ...hubs.pull];
  for (const list of [publish, pullSources]) {
    const names = list.map((entry) => entry.name);
    const twice = names.find((name, index) => names.indexOf(name) !== index || name === OWN_COLLECTION_PUBLISHER);
    if (twice !== undefined) {
      throw new DefacewatchError('CONFIG_INVALID', `sharing: the collection name "${twice}" is used twice or is reserved`, {
        hint: `Give each collection its own name ("env" is taken by DEFACEWATCH_TAXII_URL, "${OWN_COLLECTION_PUBLISHER}" by the own collection).`,
      });
    }
  }
  const objects = createTaxiiObjectStore(store.db);
  const indicators = createSharedIndicatorStore<SharedIndicator>(store.db);
  const publishers = new Map<string, TaxiiPublisher>();
  if (config.sharing.server !== undefined) publishers.set(OWN_COLLECTION_PUBLISHER, createLocalTaxiiPublisher(objects, logger, OWN_COLLECTION_PUBLISHER));
  for (const hub of publish) publishers.set(hub.name, createTaxiiPublisher(hub, env, logger));
  const sharing = createIncidentSharing({ config, store, publisherNames: [...publishers.keys()], indicators, logger, now: options.now });
  return { publishers, sharing, objects, indicators, pullSources };
}
