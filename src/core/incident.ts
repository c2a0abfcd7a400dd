/**
 * The incident state machine: what each check means for the people on call. Pure — the caller
 * passes the site's record and the clock, and stores what comes back together with the alerts
 * it must send, in one transaction.
 *
 *   unreachable for a while ──► one notice; loaded again ──► one "reachable" notice
 *   defaced check ──► open ──(N clean checks in a row)──► restored
 *                      │  └─(every reminderHours, until acknowledged)──► reminder
 *                      └──(defacewatch approve)──► approved
 */

import type { MaintenanceMemo } from './maintenance.js';
import type { CheckResult } from './types.js';

export type IncidentStatus = 'open' | 'restored' | 'approved';

/** The evidence kept with an incident: copies owned by the incident, never overwritten by later checks. */
export interface IncidentEvidence {
  actualPng?: string;
  baselinePng?: string;
  diffPng?: string;
  /** The changed area in full-page pixels. */
  focus?: { x: number; y: number; width: number; height: number };
}

/** One defacement of one site, from the check that saw it to the one that closed it. */
export interface Incident {
  /** `<site>-<openedAt, compact>`, e.g. `moh-home-20261125T031500Z`: stable, readable, unique per site. */
  id: string;
  site: string;
  url: string;
  /** The agency's name. */
  agency: string;
  status: IncidentStatus;
  openedAt: string;
  /** Last check that still saw the defacement. */
  lastSeenAt: string;
  closedAt?: string;
  /** Defaced checks while open. */
  defacedChecks: number;
  /** Clean checks in a row since the last defaced one. */
  cleanStreak: number;
  /** When people were last told (opening or reminder). */
  lastNotifiedAt: string;
  reminders: number;
  acknowledgedAt?: string;
  /** The check that opened it. */
  opening: CheckResult;
  /** The latest defaced check. */
  latest: CheckResult;
  evidence: IncidentEvidence;
  page?: { title?: string; finalUrl?: string };
  /** Address the page was served from when it opened. */
  serverAddress?: string;
}

/** What is remembered about a site between checks. */
export interface SiteRecord {
  site: string;
  lastVerdict?: CheckResult['verdict'];
  lastCheckedAt?: string;
  /** The last check's score and reason, for `defacewatch status`. */
  lastScore?: number;
  lastReason?: string;
  /** First unreachable check of the current run of them. */
  unreachableSince?: string;
  /** Whether that run has already been reported. */
  unreachableNotified?: boolean;
  incident?: Incident;
  /** In a maintenance window, or after one waiting for the new page to be approved (./maintenance.ts). */
  maintenance?: MaintenanceMemo;
}

export interface IncidentPolicy {
  reminderHours: number;
  closeAfterCleanChecks: number;
  unreachableAfterMinutes: number;
}

/** Something to tell people; `changed` goes to the digest and pages nobody. */
export type IncidentEvent =
  | { kind: 'defaced'; incident: Incident }
  | { kind: 'reminder'; incident: Incident }
  | { kind: 'restored'; incident: Incident }
  | { kind: 'approved'; incident: Incident }
  | { kind: 'unreachable'; since: string }
  | { kind: 'reachable'; since: string }
  | { kind: 'changed' };

export interface Advance {
  record: SiteRecord;
  events: IncidentEvent[];
}

/** What a defaced check brings to a new incident besides its result. */
export interface DefacedContext {
  evidence: IncidentEvidence;
  page?: { title?: string; finalUrl?: string };
  serverAddress?: string;
  agency: string;
}

const HOUR_MS = 3_600_000;

/** `2026-11-25T03:15:00.123Z` → `20261125T031500Z`. */
export function compactTime(iso: string): string {
  return iso.replace(/[-:]/g, '').replace(/\.\d+/, '');
}

export function incidentIdFor(site: string, openedAt: string): string {
  return `${site}-${compactTime(openedAt)}`;
}

/**
 * Folds one check into a site's record. `context` is needed only when the check is defaced and
 * no incident is open (it becomes the incident's evidence).
 */
export function advanceSite(record: SiteRecord, result: CheckResult, policy: IncidentPolicy, context: DefacedContext): Advance {
  const at = result.checkedAt;
  const next: SiteRecord = { ...record, site: result.site, lastVerdict: result.verdict, lastCheckedAt: at, lastScore: result.score, lastReason: result.reason };
  const events: IncidentEvent[] = [];

  if (result.verdict === 'unreachable') {
    next.unreachableSince = record.unreachableSince ?? at;
    next.unreachableNotified = record.unreachableNotified ?? false;
    const downMs = Date.parse(at) - Date.parse(next.unreachableSince);
    if (!next.unreachableNotified && downMs >= policy.unreachableAfterMinutes * 60_000) {
      next.unreachableNotified = true;
      events.push({ kind: 'unreachable', since: next.unreachableSince });
    }
  } else {
    // Whoever was told it was down is told it is back; a short outage nobody heard of stays quiet.
    if (record.unreachableNotified === true && record.unreachableSince !== undefined) events.push({ kind: 'reachable', since: record.unreachableSince });
    delete next.unreachableSince;
    delete next.unreachableNotified;
  }

  let incident = record.incident?.status === 'open' ? { ...record.incident } : undefined;
  if (result.verdict === 'defaced') {
    if (incident === undefined) {
      incident = {
        id: incidentIdFor(result.site, at),
        site: result.site,
        url: result.url,
        agency: context.agency,
        status: 'open',
        openedAt: at,
        lastSeenAt: at,
        defacedChecks: 1,
        cleanStreak: 0,
        lastNotifiedAt: at,
        reminders: 0,
        opening: result,
        latest: result,
        evidence: context.evidence,
        ...(context.page === undefined ? {} : { page: context.page }),
        ...(context.serverAddress === undefined ? {} : { serverAddress: context.serverAddress }),
      };
      events.push({ kind: 'defaced', incident });
      next.incident = incident;
      return { record: next, events };
    }
    incident.lastSeenAt = at;
    incident.defacedChecks += 1;
    incident.cleanStreak = 0;
    incident.latest = result;
  } else if (incident !== undefined && (result.verdict === 'unchanged' || result.verdict === 'changed')) {
    incident.cleanStreak += 1;
    if (incident.cleanStreak >= policy.closeAfterCleanChecks) {
      incident.status = 'restored';
      incident.closedAt = at;
      events.push({ kind: 'restored', incident });
      next.incident = incident;
      return { record: next, events };
    }
  } else if (result.verdict === 'changed') {
    events.push({ kind: 'changed' });
  }

  if (incident !== undefined) {
    if (reminderDue(incident, at, policy)) {
      incident.reminders += 1;
      incident.lastNotifiedAt = at;
      events.push({ kind: 'reminder', incident: { ...incident } });
    }
    next.incident = incident;
  }
  return { record: next, events };
}

function reminderDue(incident: Incident, at: string, policy: IncidentPolicy): boolean {
  if (policy.reminderHours <= 0 || incident.acknowledgedAt !== undefined) return false;
  return Date.parse(at) - Date.parse(incident.lastNotifiedAt) >= policy.reminderHours * HOUR_MS;
}

/**
 * `defacewatch approve`: the change was legitimate. Closes an open incident as approved (with an
 * event to tell people); without one, nothing is sent.
 */
export function approveRecord(record: SiteRecord, at: string): Advance {
  const open = record.incident?.status === 'open' ? record.incident : undefined;
  // The approved page is the baseline: a page a maintenance window left has nothing more to wait for.
  const { maintenance: _approved, ...rest } = record;
  const next: SiteRecord = { ...rest, lastVerdict: 'unchanged' };
  if (open === undefined) return { record: next, events: [] };
  const incident: Incident = { ...open, status: 'approved', closedAt: at };
  next.incident = incident;
  return { record: next, events: [{ kind: 'approved', incident }] };
}

/** `defacewatch ack`: someone is on it; reminders stop. Returns undefined when no incident is open. */
export function acknowledgeRecord(record: SiteRecord, at: string): SiteRecord | undefined {
  const open = record.incident?.status === 'open' ? record.incident : undefined;
  if (open === undefined) return undefined;
  return { ...record, incident: { ...open, acknowledgedAt: open.acknowledgedAt ?? at } };
}
