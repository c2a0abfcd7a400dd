import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Incident } from '../core/incident.js';
import type { StateStore } from '../store/index.js';

/** Closed incidents keep their pictures this long; then only the record (and what was shared) remains. */
export const KEEP_CLOSED_EVIDENCE_MS = 90 * 86_400_000;
/** Fully delivered alerts are kept this long (for `outbox --all`), then forgotten. */
export const KEEP_DELIVERED_MS = 90 * 86_400_000;

/**
 * Keeps a daemon that runs for months from filling its disk: forgets delivered alerts and removes
 * the evidence pictures of incidents closed long ago (the incident record stays, without the paths).
 * Pending and failed deliveries and open incidents are never touched.
 */
export async function houseKeep(store: StateStore, incidentsDir: string, now: Date): Promise<{ alerts: number; incidents: number }> {
  const alerts = store.outbox.pruneDelivered(new Date(now.getTime() - KEEP_DELIVERED_MS));
  const old = store.records.closedWithEvidenceBefore(new Date(now.getTime() - KEEP_CLOSED_EVIDENCE_MS).toISOString());
  for (const incident of old) {
    await Promise.all(evidenceFolders(incident, incidentsDir).map((folder) => rm(folder, { recursive: true, force: true })));
    store.transaction(() => {
      // Read again: the record may have moved on while the files were removed.
      const current = store.records.incident(incident.id);
      if (current === undefined) return;
      const { focus } = current.evidence;
      store.records.putIncident({ ...current, evidence: focus === undefined ? {} : { focus } });
    });
  }
  return { alerts, incidents: old.length };
}

/** The incident's own evidence folders: only those under `incidentsDir`, never a path elsewhere. */
function evidenceFolders(incident: Incident, incidentsDir: string): string[] {
  const root = path.resolve(incidentsDir);
  const folders = [incident.evidence.actualPng, incident.evidence.baselinePng, incident.evidence.diffPng]
    .filter((file): file is string => file !== undefined)
    .map((file) => path.dirname(path.resolve(file)))
    .filter((folder) => path.dirname(folder) === root);
  return [...new Set(folders)];
}
