import path from 'node:path';
import type { DaemonConfig } from '../../src/config/daemon-schema.js';
import { defaultDaemonConfig } from '../../src/config/load-daemon-config.js';
import { operatorCommands, type AlertRouting } from '../../src/sinks/routing.js';
import type { Alert, Sink } from '../../src/sinks/types.js';
import { openStateStore, type StateStore } from '../../src/store/index.js';
import { definedOnly } from '../../src/core/defined.js';

/** A sink that keeps what it receives, for tests that check which alerts a flow produces. */
export function recordingSink(name = 'memory'): Sink & { received: Alert[] } {
  const received: Alert[] = [];
  return {
    name,
    received,
    send: async (alert) => {
      received.push(alert);
      return { sink: name, delivered: true, detail: `kept ${alert.id}` };
    },
  };
}

/** Routing that sends every agency's alerts to the given sinks, with the daemon's default policy. */
export function routingTo(sinks: readonly Sink[], config: DaemonConfig = defaultDaemonConfig()): AlertRouting {
  return {
    sinkNames: () => sinks.map((sink) => sink.name),
    sink: (_agency, name) => sinks.find((sink) => sink.name === name),
    policy: (agency) => ({ ...config.alerts, ...definedOnly(agency.alerts ?? {}) }),
    alertAgency: (agency) => ({ name: agency.agency, contacts: [...agency.contacts], timezone: agency.timezone }),
    actions: (siteId) => operatorCommands(siteId),
  };
}

/** The state store, routing and incident folder of a check, under `root`. */
export function alertStores(root: string, sinks: readonly Sink[]): { store: StateStore; routing: AlertRouting; incidentsDir: string } {
  return { store: openStateStore(root), routing: routingTo(sinks), incidentsDir: path.join(root, 'incidents') };
}
