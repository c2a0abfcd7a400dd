/**
 * What a check means while a site is in maintenance, on top of the incident state machine. Pure.
 *
 *   in a window:   checks run and are recorded; nobody is paged for a changed or replaced page, nor
 *                  for a page that does not load. A defacement signature (a claim, a foreign flag…)
 *                  still opens an incident and pages: defacers strike during maintenance too.
 *   window over:   the first check that loads decides. Unchanged against the baseline: nothing to
 *                  say. Changed: one message asks the agency to approve the new page (instead of a
 *                  DEFACED alert), and until someone approves it or the page is back, only a
 *                  defacement signature pages (the old baseline cannot judge the new page).
 *
 * An incident already open goes on as usual whatever the windows say.
 */
import { advanceSite, type DefacedContext, type IncidentEvent, type IncidentPolicy, type SiteRecord } from './incident.js';
import type { ActiveMaintenance } from './maintenance-windows.js';
import type { CheckResult } from './types.js';
import { DEFACED_DECISIVE_SCORE, noisyOr } from './verdict.js';

/** Maintenance as the site's checks saw it, kept in its record between checks. */
export interface MaintenanceMemo extends ActiveMaintenance {
  /** `in`: the last check ran in a window; `awaiting-approval`: it ended with the page changed and the agency was asked to approve it. */
  state: 'in' | 'awaiting-approval';
  /** When the agency was asked. */
  askedAt?: string;
}

/** An incident event, or the request to approve the page a maintenance window left. */
export type MaintenanceEvent = IncidentEvent | { kind: 'approval-request'; maintenance: ActiveMaintenance };

export interface MaintenanceAdvance {
  record: SiteRecord;
  events: MaintenanceEvent[];
}

/** A defaced verdict that signature signals alone would reach: what pages even in maintenance. */
export function signatureDefaces(result: CheckResult): boolean {
  if (result.verdict !== 'defaced') return false;
  const signatures = result.signals.filter((signal) => signal.kind === 'signature' && signal.evidence.code !== 'DETECTOR_FAILED');
  return noisyOr(signatures.map((signal) => signal.score)) >= DEFACED_DECISIVE_SCORE;
}

/**
 * Folds one check into a site's record as advanceSite does, under the maintenance rules above.
 * `active` is the maintenance in effect when the check ran, if any.
 */
export function advanceWithMaintenance(
  record: SiteRecord,
  result: CheckResult,
  policy: IncidentPolicy,
  context: DefacedContext,
  active: ActiveMaintenance | undefined,
): MaintenanceAdvance {
  const memo = record.maintenance;
  if (active === undefined && memo === undefined) return advanceSite(record, result, policy, context);
  const inWindow: MaintenanceMemo | undefined = active === undefined ? undefined : { ...active, state: 'in' };
  if (signatureDefaces(result) || record.incident?.status === 'open') {
    // Once an incident is open, its own rules decide; a page left to approve still waits for it.
    return withMemo(advanceSite(record, result, policy, context), inWindow ?? (memo?.state === 'awaiting-approval' ? memo : undefined));
  }
  if (result.verdict === 'unreachable') {
    const advance = advanceSite(record, result, policy, context);
    // After the window, a site still down is reported; the first check that loads decides about the page.
    return inWindow === undefined ? advance : withMemo(unreachableQuietly(advance), inWindow);
  }
  if (inWindow !== undefined) return withMemo(quietly(record, result, policy, context), inWindow);
  if (result.verdict === 'unchanged') return withMemo(advanceSite(record, result, policy, context), undefined);
  const advance = quietly(record, result, policy, context);
  if (memo?.state !== 'in') return advance;
  // A window ended early by hand ended before this check, whatever end it had when the last one ran.
  const window = { from: memo.from, until: memo.until < result.checkedAt ? memo.until : result.checkedAt, reason: memo.reason };
  return {
    record: { ...advance.record, maintenance: { ...window, state: 'awaiting-approval', askedAt: result.checkedAt } },
    events: [...advance.events, { kind: 'approval-request', maintenance: window }],
  };
}

function withMemo(advance: MaintenanceAdvance, memo: MaintenanceMemo | undefined): MaintenanceAdvance {
  const { maintenance: _before, ...record } = advance.record;
  return { record: memo === undefined ? record : { ...record, maintenance: memo }, events: advance.events };
}

/**
 * The check is recorded as it was, but pages nobody and opens no incident: a replaced page counts
 * as changed for the incident rules, and no change goes to the digest (the approval request covers it).
 */
function quietly(record: SiteRecord, result: CheckResult, policy: IncidentPolicy, context: DefacedContext): MaintenanceAdvance {
  const { record: next, events } = advanceSite(record, result.verdict === 'defaced' ? { ...result, verdict: 'changed' } : result, policy, context);
  return { record: { ...next, lastVerdict: result.verdict }, events: events.filter((event) => event.kind !== 'changed') };
}

/** Planned work often takes a site down: no notice now; one after the window if it is still down. */
function unreachableQuietly(advance: MaintenanceAdvance): MaintenanceAdvance {
  if (!advance.events.some((event) => event.kind === 'unreachable')) return advance;
  return { record: { ...advance.record, unreachableNotified: false }, events: advance.events.filter((event) => event.kind !== 'unreachable') };
}
