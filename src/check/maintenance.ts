/**
 * Maintenance windows, wired: those of the targets files and those started by hand, what is in
 * effect for a site when it is checked, the operator's commands that start, end and list windows,
 * and the alert asking an agency to approve the page a window left. The rules are core/maintenance.ts.
 */
import type { Site } from '../config/load-targets.js';
import { durationProblem, MAX_RECURRING_MS, maintenanceWindowsOf } from '../config/maintenance.js';
import { DefacewatchError } from '../core/errors.js';
import { compactTime } from '../core/incident.js';
import { type ActiveMaintenance, maintenanceAt, type MaintenanceWindow, nextOccurrence, occurrenceAt } from '../core/maintenance-windows.js';
import type { CheckResult } from '../core/types.js';
import { parseDuration } from '../core/zoned-time.js';
import type { AlertRouting } from '../sinks/routing.js';
import type { AlertEvidence, AlertPage, SiteAlert } from '../sinks/types.js';
import type { StateStore, StoredWindow } from '../store/index.js';
import type { Stores } from './runtime.js';

/** A window started by hand lasts at most as long as a recurring one; longer work goes in the targets file. */
const MAX_STARTED_MS = MAX_RECURRING_MS;

/** Every window of a site: its agency's and its own from the targets file, then those started by hand not over at `at`. */
function siteWindows(site: Site, store: Pick<StateStore, 'maintenance'>, at: Date): MaintenanceWindow[] {
  const configured = maintenanceWindowsOf([...(site.agency.maintenance ?? []), ...(site.maintenance ?? [])], site.agency.timezone, site.agency.file);
  const started = store.maintenance.notOver(site.id, at).map((window): MaintenanceWindow => ({
    kind: 'once',
    from: Date.parse(window.from),
    until: Date.parse(window.until),
    reason: window.reason,
    source: 'command',
    by: window.actor,
  }));
  return [...configured, ...started];
}

/** The maintenance in effect for a site at `at`, if any. */
export function maintenanceOf(site: Site, store: Pick<StateStore, 'maintenance'>, at: Date): ActiveMaintenance | undefined {
  return maintenanceAt(siteWindows(site, store, at), at.getTime());
}

/**
 * `defacewatch maintenance SITE --for 2h --reason …`: a window from now, stored and written to the
 * audit log in one transaction.
 */
export function startMaintenance(site: Site, stores: Pick<Stores, 'store' | 'now'>, request: { duration: string; reason: string; actor: string }): StoredWindow {
  const problem = durationProblem(request.duration, MAX_STARTED_MS, 'for longer work, write a window with "from" and "until" in the targets file');
  if (problem !== undefined) throw new DefacewatchError('USAGE', `--for: ${problem}`);
  const reason = request.reason.trim();
  if (reason === '') throw new DefacewatchError('USAGE', `maintenance ${site.id}: --reason is empty; say why (it is shown in status and kept in the audit log)`);
  const now = stores.now();
  const until = new Date(now.getTime() + (parseDuration(request.duration) ?? 0)).toISOString();
  return stores.store.transaction(() => {
    const window = stores.store.maintenance.add({ site: site.id, from: now.toISOString(), until, reason, actor: request.actor, createdAt: now.toISOString() });
    stores.store.audit.append({ at: now.toISOString(), actor: request.actor, action: 'maintenance', site: site.id, reason, detail: `maintenance window until ${until}` });
    return window;
  });
}

/** `defacewatch maintenance --end SITE`: the site's windows started by hand end now. Throws USAGE when none is open. */
export function endMaintenance(site: Site, stores: Pick<Stores, 'store' | 'now'>, request: { actor: string; reason?: string }): string {
  const at = stores.now();
  return stores.store.transaction(() => {
    if (stores.store.maintenance.endOpen(site.id, at) === 0) {
      throw new DefacewatchError('USAGE', `maintenance --end ${site.id}: no window started with \`defacewatch maintenance\` is open for this site`, {
        hint: `Windows written in ${site.agency.file} end as written there; \`defacewatch maintenance --list\` shows them all.`,
      });
    }
    const reason = request.reason?.trim();
    stores.store.audit.append({
      at: at.toISOString(),
      actor: request.actor,
      action: 'maintenance',
      site: site.id,
      ...(reason ? { reason } : {}),
      detail: 'maintenance window ended early',
    });
    return at.toISOString();
  });
}

/** One line of `defacewatch maintenance --list --json`. */
export interface MaintenanceLine {
  site: string;
  from: string;
  until: string;
  /** Open now, or the next time it opens. */
  inEffect: boolean;
  reason: string;
  /** `targets`: written in the agency's file (named in `file`); `command`: started with `defacewatch maintenance` (by `by`). */
  source: 'targets' | 'command';
  file?: string;
  by?: string;
  /** For a recurring window: its cron and time zone. */
  cron?: string;
  timezone?: string;
}

/** Each window of the sites, open now or the next time it opens (within a year), by site then start. */
export function maintenanceLines(sites: readonly Site[], stores: Pick<Stores, 'store' | 'now'>): MaintenanceLine[] {
  const now = stores.now();
  return sites.flatMap((site) =>
    siteWindows(site, stores.store, now)
      .map((window) => {
        const open = occurrenceAt(window, now.getTime());
        const occurrence = open ?? nextOccurrence(window, now.getTime());
        if (occurrence === undefined) return undefined;
        const line: MaintenanceLine = {
          site: site.id,
          from: new Date(occurrence.from).toISOString(),
          until: new Date(occurrence.until).toISOString(),
          inEffect: open !== undefined,
          reason: window.reason,
          ...(window.source === 'command' ? { source: 'command', ...(window.by === undefined ? {} : { by: window.by }) } : { source: 'targets', file: window.source }),
          ...(window.kind === 'recurring' ? { cron: window.expression, timezone: window.timeZone } : {}),
        };
        return line;
      })
      .filter((line): line is MaintenanceLine => line !== undefined)
      .sort((a, b) => a.from.localeCompare(b.from)),
  );
}

export function formatMaintenanceLine(line: MaintenanceLine): string {
  const from =
    line.source === 'command' ? `started by ${line.by ?? '?'}` : `${line.file ?? ''}${line.cron === undefined ? '' : ` "${line.cron}" ${line.timezone ?? ''}`}`;
  return `${line.site}\t${line.inEffect ? 'in effect' : 'planned'}\t${line.from}\t${line.until}\t${from}\t${line.reason}`;
}

/** The alert asking the agency to approve the page a maintenance window left, with the check's evidence. */
export function approvalRequestAlert(
  site: Site,
  result: CheckResult,
  maintenance: ActiveMaintenance,
  seen: { evidence: AlertEvidence; page?: AlertPage | undefined },
  routing: AlertRouting,
): SiteAlert {
  return {
    id: `${site.id}-approval-request-${compactTime(result.checkedAt)}`,
    kind: 'approval-request',
    agency: routing.alertAgency(site.agency),
    createdAt: result.checkedAt,
    result,
    evidence: seen.evidence,
    ...(seen.page === undefined ? {} : { page: seen.page }),
    maintenance,
    actions: routing.actions(site.id),
  };
}
