/**
 * Who hears about what: for each agency, the sinks its alerts go to (every kind of ./kinds.ts in
 * order: its mail, the JSON-lines file when asked for, then the daemon's webhooks), the people on the
 * mail (contacts, then the on-call list), its incident policy and the commands the alert offers. Built once at start-up from the config; the outbox
 * worker looks sinks up here by the names stored with each delivery.
 */

import type { AlertPolicy, DaemonConfig } from '../config/daemon-schema.js';
import type { Agency } from '../config/load-targets.js';
import { silentLogger, type Logger } from '../log.js';
import { SINK_KINDS } from './kinds.js';
import { createSinkRegistry, type SinkRegistry } from './registry.js';
import type { AlertActions, AlertAgency, Sink, SinkKind } from './types.js';
import { definedOnly } from '../core/defined.js';

export interface AlertRouting {
  /** Names of the sinks an agency's alerts are written to the outbox for. */
  sinkNames(agency: Pick<Agency, 'agency'>): string[];
  /** The sink that delivers an agency's alerts under this name, if any. */
  sink(agencyName: string | null, sinkName: string): Sink | undefined;
  /** The incident policy: the daemon's, with the agency's overrides. */
  policy(agency: Pick<Agency, 'alerts'>): AlertPolicy;
  /** Name, recipients (contacts then on-call, without repeats) and time zone, as alerts carry them. */
  alertAgency(agency: Pick<Agency, 'agency' | 'contacts' | 'timezone'>): AlertAgency;
  /** The exact commands an alert about this site offers. */
  actions(siteId: string): AlertActions;
}

export interface RoutingOptions {
  agencies: readonly Agency[];
  config: DaemonConfig;
  env: Readonly<Record<string, string | undefined>>;
  dataDir: string;
  /**
   * Flags the operator's commands need besides the site id (e.g. `--targets /etc/defacewatch/targets`),
   * so the command in an alert works when pasted as it is.
   */
  commandFlags?: string;
  logger?: Logger;
}

/**
 * Builds every sink once, kind by kind (./kinds.ts): the daemon's own once, each agency's per
 * agency. Throws CONFIG_INVALID when a setting cannot work (a bad SMTP variable, a webhook whose
 * secret variable is unset), so the daemon refuses to start rather than failing at 3 a.m.
 */
export function createAlertRouting(options: RoutingOptions, kinds: readonly SinkKind[] = SINK_KINDS): AlertRouting {
  const { config } = options;
  const logger = options.logger ?? silentLogger();
  const ctx = { config, env: options.env, dataDir: options.dataDir, logger };
  const shared = new Map(kinds.map((kind) => [kind, kind.scope === 'daemon' ? kind.build(ctx) : []]));
  const daemonSinks = [...shared.values()].flat();
  const byAgency = new Map<string, SinkRegistry>();
  for (const agency of options.agencies) {
    const sinks = kinds.flatMap((kind) => (kind.scope === 'agency' ? kind.build(ctx, agency) : (shared.get(kind) ?? [])));
    byAgency.set(agency.agency, createSinkRegistry(sinks));
  }
  if (byAgency.size === 0) logger.debug('no agencies: alerts have nowhere to go');

  return Object.freeze({
    sinkNames: (agency: Pick<Agency, 'agency'>) => byAgency.get(agency.agency)?.names() ?? [],
    sink: (agencyName: string | null, sinkName: string) =>
      (agencyName === null ? undefined : byAgency.get(agencyName)?.get(sinkName)) ?? daemonSinks.find((sink) => sink.name === sinkName),
    policy: (agency: Pick<Agency, 'alerts'>) => ({ ...config.alerts, ...definedOnly(agency.alerts ?? {}) }),
    alertAgency: (agency: Pick<Agency, 'agency' | 'contacts' | 'timezone'>) => ({
      name: agency.agency,
      contacts: [...new Set([...agency.contacts, ...config.onCall].map((address) => address.trim()))],
      timezone: agency.timezone,
    }),
    actions: (siteId: string) => ({
      ...operatorCommands(siteId, options.commandFlags),
      ...(config.dashboardUrl === undefined ? {} : { dashboardUrl: new URL(`sites/${encodeURIComponent(siteId)}`, withSlash(config.dashboardUrl)).toString() }),
    }),
  });
}

/**
 * The commands an alert about a site offers, runnable as written where the daemon runs: `flags` are
 * the ones the operator's commands need besides the site id (RoutingOptions.commandFlags).
 */
export function operatorCommands(siteId: string, flags = ''): Pick<AlertActions, 'approve' | 'acknowledge'> {
  const more = flags === '' ? '' : ` ${flags}`;
  return {
    // The operator puts their own reason in the quotes (it goes to the audit log).
    approve: `defacewatch approve ${siteId}${more} --reason 'the agency confirmed the change'`,
    acknowledge: `defacewatch ack ${siteId}${more}`,
  };
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
