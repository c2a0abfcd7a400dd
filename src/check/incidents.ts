import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Site } from '../config/load-targets.js';
import { DefacewatchError } from '../core/errors.js';
import { acknowledgeRecord, type Incident, type IncidentEvent, type IncidentEvidence, type SiteRecord } from '../core/incident.js';
import { advanceWithMaintenance, type MaintenanceEvent } from '../core/maintenance.js';
import type { Capture, CheckResult } from '../core/types.js';
import { incidentScreenshot, type IncidentSharing } from '../sharing/index.js';
import { alertToken } from '../sinks/mail-message.js';
import type { AlertEvidence, AlertPage, SiteAlert, SiteAlertKind } from '../sinks/types.js';
import type { AlertRouting } from '../sinks/routing.js';
import type { StateStore } from '../store/index.js';
import { approvalRequestAlert, maintenanceOf } from './maintenance.js';

/** What recording a check needs. */
export interface IncidentDeps {
  store: StateStore;
  routing: AlertRouting;
  /** Where incidents keep their own copies of the evidence pictures. */
  incidentsDir: string;
  /** The sharing network: incidents are queued for it as they open and close. */
  sharing?: IncidentSharing;
}

/**
 * Folds a check into its site's record and writes the alerts it causes to the outbox, in one
 * transaction: either the new state and its alerts are stored, or neither (and the next check
 * does it again). The site's maintenance windows decide who is paged (core/maintenance.ts).
 * Evidence pictures of a new incident, or of a page to approve after maintenance, are copied
 * first, into a folder that later checks never overwrite. Sending is the outbox worker's job
 * (see deliver.ts).
 */
export async function recordCheck(
  site: Site,
  result: CheckResult,
  seen: { current?: Capture; evidence: AlertEvidence },
  deps: IncidentDeps,
): Promise<MaintenanceEvent[]> {
  const { store, routing } = deps;
  const page = seen.current === undefined ? undefined : { title: seen.current.title, finalUrl: seen.current.finalUrl };
  const serverAddress = seen.current?.serverAddress;
  const policy = routing.policy(site.agency);
  const maintenance = maintenanceOf(site, store, new Date(result.checkedAt));
  const fold = (record: SiteRecord, evidence: IncidentEvidence) =>
    advanceWithMaintenance(
      record,
      result,
      policy,
      { agency: site.agency.agency, evidence, ...(page === undefined ? {} : { page }), ...(serverAddress === undefined ? {} : { serverAddress }) },
      maintenance,
    );
  // What the check will cause, to know beforehand what to prepare; the transaction folds it for real.
  const before = store.records.get(site.id);
  const expected = new Set(fold(before, {}).events.map((event) => event.kind));
  const opening = expected.has('defaced');
  const evidence = opening || expected.has('approval-request') ? await keepEvidence(deps.incidentsDir, site.id, result.checkedAt, seen.evidence) : {};
  // Only when an incident opens or closes: decoding the screenshot costs a little CPU.
  const sharing =
    deps.sharing !== undefined && (opening || expected.has('restored'))
      ? await deps.sharing.prepare(site, opening ? seen.current?.screenshot : await incidentScreenshot(before.incident!))
      : undefined;

  return store.transaction(() => {
    // Read again inside the transaction: another process may have approved the site meanwhile.
    const { record: next, events } = fold(store.records.get(site.id), evidence);
    store.records.put(next);
    for (const event of events) {
      if (event.kind === 'changed') {
        store.digest.record(site.agency.agency, result);
      } else if (event.kind === 'approval-request') {
        enqueueSiteAlert(site, approvalRequestAlert(site, result, event.maintenance, { evidence, page }, routing), deps);
      } else {
        if ((event.kind === 'defaced' || event.kind === 'restored') && sharing !== undefined) deps.sharing?.queue(event.incident, sharing);
        enqueueSiteAlert(site, alertFor(site, result, event, routing, page === undefined ? {} : { page }), deps);
      }
    }
    return events;
  });
}

/** Writes a site alert to the outbox for every sink of its agency. Call inside a transaction. */
export function enqueueSiteAlert(site: Site, alert: SiteAlert, deps: Pick<IncidentDeps, 'store' | 'routing'>): boolean {
  return deps.store.outbox.enqueue(
    { id: alert.id, kind: 'alert', agency: site.agency.agency, site: site.id, createdAt: alert.createdAt, payload: alert },
    deps.routing.sinkNames(site.agency),
  );
}

/**
 * The alert for an incident event (not `changed`, which goes to the digest). `now.page` is what the
 * page shows now (the capture that caused the event, or the one approved): a reminder, a restored or
 * an approved message describes it, not the defaced page the incident opened on.
 */
export function alertFor(
  site: Site,
  result: CheckResult,
  event: Exclude<IncidentEvent, { kind: 'changed' }>,
  routing: AlertRouting,
  now: { at?: string; page?: AlertPage } = {},
): SiteAlert {
  const page = now.page ?? (event.kind === 'unreachable' || event.kind === 'reachable' ? undefined : event.incident.page);
  const base = {
    agency: routing.alertAgency(site.agency),
    createdAt: now.at ?? result.checkedAt,
    result,
    actions: routing.actions(site.id),
  };
  if (event.kind === 'unreachable' || event.kind === 'reachable') {
    return { ...base, id: `${site.id}-${event.kind}-${event.since}`, kind: event.kind, evidence: {}, unreachableSince: event.since };
  }
  const { incident } = event;
  const kind: SiteAlertKind = event.kind;
  const suffix = kind === 'reminder' ? `reminder-${incident.reminders}` : kind;
  return {
    ...base,
    id: `${incident.id}-${suffix}`,
    kind,
    evidence: incident.evidence,
    ...(page === undefined ? {} : { page }),
    incident: {
      id: incident.id,
      status: incident.status,
      openedAt: incident.openedAt,
      ...(incident.closedAt === undefined ? {} : { closedAt: incident.closedAt }),
      defacedChecks: incident.defacedChecks,
      ...(kind === 'reminder' ? { reminder: incident.reminders } : {}),
      openingReason: incident.opening.reason,
      ...(incident.acknowledgedAt === undefined ? {} : { acknowledgedAt: incident.acknowledgedAt }),
    },
  };
}

/** Copies the evidence pictures into `<incidentsDir>/<token>/`, keeping what exists. */
async function keepEvidence(incidentsDir: string, siteId: string, at: string, evidence: AlertEvidence): Promise<IncidentEvidence> {
  const dir = path.join(incidentsDir, alertToken(`${siteId}-${at}`));
  await mkdir(dir, { recursive: true });
  const kept: IncidentEvidence = evidence.focus === undefined ? {} : { focus: evidence.focus };
  const files = [
    ['actualPng', 'actual.png'],
    ['baselinePng', 'expected.png'],
    ['diffPng', 'diff.png'],
  ] as const;
  for (const [key, name] of files) {
    const from = evidence[key];
    if (from === undefined) continue;
    const to = path.join(dir, name);
    const copied = await copyFile(from, to).then(
      () => true,
      () => false,
    );
    if (copied) kept[key] = to;
  }
  return kept;
}

/**
 * `defacewatch ack`: someone is handling the site's open incident; reminders stop until it closes.
 * Recorded in the audit log with who did it. Throws NO_OPEN_INCIDENT when there is none.
 */
export function acknowledgeSite(siteId: string, deps: Pick<IncidentDeps, 'store'>, at: string, actor: string): Incident {
  return deps.store.transaction(() => {
    const next = acknowledgeRecord(deps.store.records.get(siteId), at);
    if (next?.incident === undefined) throw new DefacewatchError('NO_OPEN_INCIDENT', `${siteId}: no incident is open for this site`);
    deps.store.records.put(next);
    deps.store.audit.append({ at, actor, action: 'acknowledge', site: siteId, incident: next.incident.id });
    return next.incident;
  });
}
