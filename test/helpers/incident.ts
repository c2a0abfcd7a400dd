import type { Incident } from '../../src/core/incident.js';
import type { CheckResult } from '../../src/core/types.js';

/** The incident one defaced check opened, still open and without evidence: for tests that share or describe it. */
export function openIncident(check: CheckResult, fields: Pick<Incident, 'id' | 'agency'>): Incident {
  return {
    ...fields,
    site: check.site,
    url: check.url,
    status: 'open',
    openedAt: check.checkedAt,
    lastSeenAt: check.checkedAt,
    defacedChecks: 1,
    cleanStreak: 0,
    lastNotifiedAt: check.checkedAt,
    reminders: 0,
    opening: check,
    latest: check,
    evidence: {},
  };
}
