/**
 * The sharing network as a check sees it: every incident that opens or closes is queued in the
 * outbox as a STIX bundle for each publisher (this sensor's own TAXII collection and the hubs), in
 * the transaction that changed it; and what peers shared comes back as indicators the detectors
 * match. Transport is taxii-client/ and sink.ts; the mapping is stix/.
 */

import { readFile } from 'node:fs/promises';
import type { DaemonConfig } from '../config/daemon-schema.js';
import type { Site } from '../config/load-targets.js';
import type { Incident } from '../core/incident.js';
import type { SharedIndicator } from '../core/shared-indicator.js';
import type { Logger } from '../log.js';
import type { StateStore } from '../store/index.js';
import { describeScreenshot, incidentBundle, type SharingContext } from './stix/index.js';

/** What sharing needs of a site: its id, sector and its agency's TLP override. */
export interface SharingSite {
  id: string;
  sector: string;
  agency: { tlp?: Site['agency']['tlp'] };
}

export interface IncidentSharing {
  /**
   * What the bundle needs from outside the incident, worked out before the transaction (it decodes
   * the screenshot). `screenshot` is the defaced page's PNG; without it the indicator carries
   * slogans and origins only.
   */
  prepare(site: SharingSite, screenshot: Uint8Array | undefined): Promise<SharingContext>;
  /** Queues the incident's bundle for every publisher. Call inside the transaction that changed it. */
  queue(incident: Incident, context: SharingContext): void;
  /** Peers' indicators valid now, for the shared-indicators detector. */
  activeIndicators(): readonly SharedIndicator[];
}

export interface IncidentSharingOptions {
  config: DaemonConfig;
  store: StateStore;
  /** Names of the outbox sinks that publish STIX objects. */
  publisherNames: readonly string[];
  indicators: { active(atMs: number): readonly SharedIndicator[] };
  logger: Logger;
  now: () => Date;
}

export function createIncidentSharing(options: IncidentSharingOptions): IncidentSharing {
  const { config, store } = options;
  return {
    async prepare(site, screenshot) {
      const context: SharingContext = {
        organisation: config.organisation,
        tlp: site.agency.tlp ?? config.sharing.tlp,
        includeScreenshot: config.sharing.includeScreenshot,
        sector: site.sector,
      };
      if (screenshot === undefined) return context;
      try {
        return { ...context, screenshot: await describeScreenshot(screenshot, { attach: config.sharing.includeScreenshot }) };
      } catch (err) {
        // A picture that cannot be read must not keep the incident from the network.
        options.logger.warn({ site: site.id, err: (err as Error).message }, 'screenshot could not be described for sharing');
        return context;
      }
    },
    queue(incident, context) {
      if (options.publisherNames.length === 0) return;
      const bundle = incidentBundle(incident, context);
      store.outbox.enqueue(
        {
          id: `stix-${incident.id}-${incident.status}`,
          kind: 'stix',
          agency: null,
          site: incident.site,
          createdAt: options.now().toISOString(),
          payload: bundle.objects,
        },
        options.publisherNames,
      );
    },
    activeIndicators: () => options.indicators.active(options.now().getTime()),
  };
}

/**
 * The defaced screenshot an incident kept, if its file is still there (housekeeping prunes old
 * evidence). Any other failure to read it is an error of its own, not a missing picture.
 */
export async function incidentScreenshot(incident: Incident): Promise<Uint8Array | undefined> {
  const file = incident.evidence.actualPng;
  if (file === undefined) return undefined;
  return readFile(file).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
}
