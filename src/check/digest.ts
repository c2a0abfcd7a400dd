import type { Agency } from '../config/load-targets.js';
import type { AlertRouting } from '../sinks/routing.js';
import type { DigestAlert } from '../sinks/types.js';
import type { StateStore } from '../store/index.js';

/**
 * Writes an agency's digest of `changed` verdicts to the outbox and empties its queue, in one
 * transaction. Returns the alert, or undefined when nothing changed since the last digest.
 */
export function enqueueDigest(agency: Agency, deps: { store: StateStore; routing: AlertRouting }, now: Date, previousAt: string | undefined): DigestAlert | undefined {
  const at = now.toISOString();
  return deps.store.transaction(() => {
    const entries = deps.store.digest.take(agency.agency);
    if (entries.length === 0) return undefined;
    const from = previousAt ?? entries.map((entry) => entry.firstAt).sort()[0] ?? at;
    const alert: DigestAlert = {
      id: `digest-${slug(agency.agency)}-${at}`,
      kind: 'digest',
      agency: deps.routing.alertAgency(agency),
      createdAt: at,
      period: { from, to: at },
      entries,
      approveCommands: Object.fromEntries(entries.map((entry) => [entry.site, deps.routing.actions(entry.site).approve])),
    };
    deps.store.outbox.enqueue({ id: alert.id, kind: 'alert', agency: agency.agency, site: null, createdAt: at, payload: alert }, deps.routing.sinkNames(agency));
    return alert;
  });
}

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'agency'
  );
}
