/**
 * `defacewatch export stix|misp`: the recorded incidents in the formats CERTs' tools ingest. The
 * same mapping as what the daemon publishes, so an export and a TAXII pull agree object for object.
 */

import { selectSites, type Targets } from '../config/load-targets.js';
import type { Incident } from '../core/incident.js';
import {
  combineBundles,
  incidentBundle,
  incidentMispEvent,
  incidentScreenshot,
  type MispEvent,
  type SharingContext,
  type SharingSite,
  type StixBundle,
} from '../sharing/index.js';
import type { Stores } from './runtime.js';

/** Incidents of the given sites (all when none), each with the context its export needs. */
async function incidentsWithContext(
  targets: Targets,
  stores: Pick<Stores, 'store' | 'sharing'>,
  siteIds: readonly string[],
): Promise<Array<{ incident: Incident; context: SharingContext }>> {
  const incidents = stores.store.records.incidents(siteIds.length > 0 ? { sites: siteIds } : {});
  // A --site id must be a site of the targets, or one removed since that still has incidents on record.
  const recorded = new Set(incidents.map((incident) => incident.site));
  selectSites(
    targets,
    siteIds.filter((id) => !recorded.has(id)),
  );
  const sharing = stores.sharing;
  if (sharing === undefined) return [];
  return Promise.all(
    incidents.map(async (incident) => {
      // A site removed from the targets since keeps the daemon's defaults.
      const site: SharingSite = targets.sites.find((s) => s.id === incident.site) ?? { id: incident.site, sector: 'other', agency: {} };
      return { incident, context: await sharing.prepare(site, await incidentScreenshot(incident)) };
    }),
  );
}

/** One STIX 2.1 bundle of every recorded incident (approved ones revoke their indicators). */
export async function exportStix(targets: Targets, stores: Pick<Stores, 'store' | 'sharing'>, siteIds: readonly string[]): Promise<StixBundle> {
  const items = await incidentsWithContext(targets, stores, siteIds);
  return combineBundles(items.map(({ incident, context }) => incidentBundle(incident, context)));
}

/**
 * MISP events of the recorded defacements, in the `{"response": [...]}` form of MISP's own JSON
 * export. Incidents approved as legitimate changes are left out: they were no defacements.
 */
export async function exportMisp(targets: Targets, stores: Pick<Stores, 'store' | 'sharing'>, siteIds: readonly string[]): Promise<{ response: MispEvent[] }> {
  const items = await incidentsWithContext(targets, stores, siteIds);
  return { response: items.filter(({ incident }) => incident.status !== 'approved').map(({ incident, context }) => incidentMispEvent(incident, context)) };
}
