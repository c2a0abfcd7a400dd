/**
 * What an operator reads: every site's state (`defacewatch status`), the incidents
 * (`defacewatch incidents`), one incident's timeline (`incidents show`) and the audit log
 * (`defacewatch audit`). Plain data for `--json`, and one-line formats for people.
 */
import type { Targets } from '../config/load-targets.js';
import { DefacewatchError } from '../core/errors.js';
import type { Incident } from '../core/incident.js';
import type { ActiveMaintenance } from '../core/maintenance-windows.js';
import type { AuditEntry } from '../store/index.js';
import { maintenanceOf } from './maintenance.js';
import type { Stores } from './runtime.js';

/** One line of `defacewatch status --json`. */
export interface SiteStatus {
  site: string;
  agency: string;
  url: string;
  /** Absent until the site was first checked. */
  lastVerdict?: string;
  lastCheckedAt?: string;
  lastScore?: number;
  lastReason?: string;
  unreachableSince?: string;
  incident?: { id: string; openedAt: string; acknowledgedAt?: string };
  /** In maintenance now: since and until when (windows back to back or overlapping joined), and why. */
  maintenance?: ActiveMaintenance;
  /** A maintenance window ended with the page changed: the agency was asked (when) to approve it. */
  awaitingApproval?: { askedAt: string; reason: string };
}

/** Every site of the targets, in their order, with what the last check saw, its open incident and its maintenance. */
export function siteStatuses(targets: Targets, stores: Pick<Stores, 'store' | 'now'>): SiteStatus[] {
  const now = stores.now();
  return targets.sites.map((site) => {
    const record = stores.store.records.get(site.id);
    const open = record.incident?.status === 'open' ? record.incident : undefined;
    const maintenance = maintenanceOf(site, stores.store, now);
    const asked = record.maintenance?.state === 'awaiting-approval' ? record.maintenance : undefined;
    return {
      site: site.id,
      agency: site.agency.agency,
      url: site.url,
      ...(record.lastVerdict === undefined ? {} : { lastVerdict: record.lastVerdict }),
      ...(record.lastCheckedAt === undefined ? {} : { lastCheckedAt: record.lastCheckedAt }),
      ...(record.lastScore === undefined ? {} : { lastScore: record.lastScore }),
      ...(record.lastReason === undefined ? {} : { lastReason: record.lastReason }),
      ...(record.unreachableSince === undefined ? {} : { unreachableSince: record.unreachableSince }),
      ...(open === undefined
        ? {}
        : { incident: { id: open.id, openedAt: open.openedAt, ...(open.acknowledgedAt === undefined ? {} : { acknowledgedAt: open.acknowledgedAt }) } }),
      ...(maintenance === undefined ? {} : { maintenance }),
      ...(asked?.askedAt === undefined ? {} : { awaitingApproval: { askedAt: asked.askedAt, reason: asked.reason } }),
    };
  });
}

/** The person's line: site, last verdict, when, open incident, then maintenance (if any) and the last reason. */
export function formatSiteStatus(status: SiteStatus): string {
  const verdict = status.lastVerdict ?? 'never checked';
  const when = status.lastCheckedAt ?? '-';
  const incident = status.incident === undefined ? '-' : `${status.incident.id}${status.incident.acknowledgedAt === undefined ? ' (open)' : ' (acknowledged)'}`;
  const maintenance =
    status.maintenance !== undefined
      ? `in maintenance until ${status.maintenance.until} (${status.maintenance.reason})`
      : status.awaitingApproval !== undefined
        ? `changed during maintenance (${status.awaitingApproval.reason}): approval asked ${status.awaitingApproval.askedAt}`
        : undefined;
  const notes = [maintenance, status.lastReason].filter((note) => note !== undefined && note !== '').join('; ');
  return `${status.site}\t${verdict}\t${when}\t${incident}\t${notes}`;
}

/** One line of `defacewatch incidents --json`. */
export interface IncidentLine {
  id: string;
  site: string;
  agency: string;
  status: Incident['status'];
  openedAt: string;
  lastSeenAt: string;
  closedAt?: string;
  acknowledgedAt?: string;
  defacedChecks: number;
  reason: string;
}

function lineOf(incident: Incident): IncidentLine {
  return {
    id: incident.id,
    site: incident.site,
    agency: incident.agency,
    status: incident.status,
    openedAt: incident.openedAt,
    lastSeenAt: incident.lastSeenAt,
    ...(incident.closedAt === undefined ? {} : { closedAt: incident.closedAt }),
    ...(incident.acknowledgedAt === undefined ? {} : { acknowledgedAt: incident.acknowledgedAt }),
    defacedChecks: incident.defacedChecks,
    reason: incident.opening.reason,
  };
}

/** Incidents, oldest first: all, or only open ones, of some sites or all. */
export function incidentLines(stores: Pick<Stores, 'store'>, filter: { open: boolean; sites: readonly string[] }): IncidentLine[] {
  return stores.store.records.incidents({ sites: filter.sites, ...(filter.open ? { statuses: ['open'] } : {}) }).map(lineOf);
}

export function formatIncidentLine(line: IncidentLine): string {
  const state = line.status === 'open' && line.acknowledgedAt !== undefined ? 'acknowledged' : line.status;
  return `${line.id}\t${state}\t${line.site}\topened ${line.openedAt}\t${line.closedAt === undefined ? '' : `closed ${line.closedAt}`}\t${line.reason}`;
}

/** One moment of an incident's life. */
export interface TimelineEvent {
  at: string;
  what: string;
  /** Who, for actions taken by hand. */
  actor?: string;
}

/**
 * The incident with its timeline, oldest first: opened, every alert and its delivery (or failure) per
 * sink, the actions taken by hand from the audit log, and how it closed.
 */
export function incidentTimeline(stores: Pick<Stores, 'store'>, id: string): { incident: IncidentLine; timeline: TimelineEvent[] } {
  const incident = stores.store.records.incident(id);
  if (incident === undefined) throw new DefacewatchError('USAGE', `incident ${id}: no incident has this id (list them with \`defacewatch incidents\`)`);
  const opened: TimelineEvent = { at: incident.openedAt, what: `opened: ${incident.opening.verdict} ${incident.opening.score.toFixed(2)}, ${incident.opening.reason}` };
  const closed: TimelineEvent[] = incident.closedAt === undefined ? [] : [{ at: incident.closedAt, what: `closed as ${incident.status}` }];
  // For moments of the same time, the order things cause each other: the action, the closing, its alerts.
  const timeline = [opened, ...stores.store.audit.entries({ incident: id }).map(auditEvent), ...closed, ...alertEvents(stores, incident)];
  // Array.prototype.sort is stable: events of the same moment keep that order.
  timeline.sort((a, b) => a.at.localeCompare(b.at));
  return { incident: lineOf(incident), timeline };
}

/** The incident's alerts in the outbox: queued, then delivered, retried or given up, per sink. */
function alertEvents(stores: Pick<Stores, 'store'>, incident: Incident): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  for (const { message, delivery } of stores.store.outbox.list()) {
    const payload = message.payload as { kind?: string; incident?: { id?: string } };
    if (message.site !== incident.site || payload.incident?.id !== incident.id) continue;
    const kind = payload.kind ?? message.kind;
    const error = delivery.lastError ?? 'unknown error';
    events.push({ at: message.createdAt, what: `${kind} alert queued for ${delivery.sink}` });
    if (delivery.status === 'delivered') events.push({ at: delivery.deliveredAt ?? message.createdAt, what: `${kind} alert delivered by ${delivery.sink}` });
    else if (delivery.status === 'failed')
      events.push({ at: message.createdAt, what: `${kind} alert to ${delivery.sink} gave up after ${delivery.attempts} attempts: ${error}` });
    else if (delivery.attempts > 0)
      events.push({ at: delivery.nextAttemptAt, what: `${kind} alert to ${delivery.sink} retried next (${delivery.attempts} attempts so far): ${error}` });
  }
  return events;
}

function auditEvent(entry: AuditEntry): TimelineEvent {
  const why = entry.reason === undefined ? '' : `: ${entry.reason}`;
  return { at: entry.at, what: `${entry.action}${why}${entry.detail === undefined ? '' : ` (${entry.detail})`}`, actor: entry.actor };
}

export function formatTimelineEvent(event: TimelineEvent): string {
  return `${event.at}\t${event.actor === undefined ? '' : `${event.actor}: `}${event.what}`;
}

export function formatAuditEntry(entry: AuditEntry): string {
  const about = [entry.site, entry.incident].filter((v) => v !== undefined).join(' ');
  return `${entry.at}\t${entry.actor}\t${entry.action}\t${about}\t${entry.reason ?? ''}${entry.detail === undefined ? '' : `\t${entry.detail}`}`;
}
