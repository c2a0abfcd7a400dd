/**
 * How each kind of alert email looks at the top: its tag and colour, headline and subline, what the
 * reason is called, and what to do. Pure; the site and agency names come cleaned by compose-email.ts.
 */

import { capitalise, durationBetween, formatInTimeZone, formatScore, oneLine, openFor, scoreWords, type FormattedTime } from './alert-words.js';
import type { SiteAlert } from './types.js';

export const COLOUR = { red: '#b3261e', green: '#1e7b34', blue: '#1f5fa8', amber: '#8a5a00', slate: '#44505e' } as const;

export interface SiteLook {
  tag: string;
  colour: string;
  headline: string;
  subline: string;
  /** A line above everything else, for a test alert. */
  banner?: string;
  reasonLabel: string;
  guidance: string[];
}

const INCIDENT_ADVICE =
  'If nobody at the agency made this change, treat it as a security incident: take the site offline or restore it from a clean copy, and keep this message as evidence.';

/** The look of a site alert: an incident's messages, the page's reachability, or a test. */
export function siteLook(alert: SiteAlert, site: string, agency: string, checked: FormattedTime): SiteLook {
  const { kind } = alert;
  if (kind === 'test') return testLook(agency);
  if (kind === 'unreachable' || kind === 'reachable') return reachabilityLook(kind, alert, site, checked);
  if (kind === 'approval-request') return approvalRequestLook(alert, site);
  return incidentLook(kind, alert, site, checked);
}

/** A maintenance window ended with the page changed: the agency is asked to approve it, not paged. */
function approvalRequestLook(alert: SiteAlert, site: string): SiteLook {
  const window = alert.maintenance;
  const why = window === undefined ? '' : ` ("${oneLine(window.reason, 120)}", opened ${formatInTimeZone(window.from, alert.agency.timezone).local})`;
  return {
    tag: 'APPROVE?',
    colour: COLOUR.blue,
    headline: `${site} changed during maintenance`,
    subline: `The maintenance window${why} is over and the page differs from its approved baseline. Nobody is paged for it, and until the new page is approved only a defacement signature is.`,
    reasonLabel: 'What changed',
    guidance: [
      `If this is the page the agency meant to publish, make it the baseline: ${oneLine(alert.actions.approve, 300)}`,
      'If nobody at the agency made this change, treat it as a security incident: restore the site from a clean copy, and keep this message as evidence.',
    ],
  };
}

/** An incident opens (defaced), goes on (reminder), and closes (restored, approved). */
function incidentLook(kind: 'defaced' | 'reminder' | 'restored' | 'approved', alert: SiteAlert, site: string, checked: FormattedTime): SiteLook {
  const sure = `${capitalise(scoreWords(alert.result.score))}: score ${formatScore(alert.result.score)} of 1.`;
  switch (kind) {
    case 'defaced':
      return {
        tag: 'DEFACED',
        colour: COLOUR.red,
        headline: `${site} looks defaced`,
        subline: `${sure} Detected ${checked.local}.`,
        reasonLabel: 'Why',
        guidance: [INCIDENT_ADVICE],
      };
    case 'reminder': {
      const open = openFor(alert);
      const n = alert.incident?.reminder;
      return {
        tag: n === undefined ? 'REMINDER' : `REMINDER ${n}`,
        colour: COLOUR.red,
        headline: `${site} is still defaced`,
        subline: `${open ? `Open for ${open}, ` : ''}${alert.incident?.defacedChecks ?? 0} defaced checks so far, not acknowledged. Latest check ${checked.local}.`,
        reasonLabel: 'Latest check',
        guidance: [INCIDENT_ADVICE],
      };
    }
    case 'restored': {
      const open = openFor(alert);
      return {
        tag: 'RESTORED',
        colour: COLOUR.green,
        headline: `${site} is back to normal`,
        subline: `It matches its approved baseline again${open ? ` after ${open}` : ''}. The incident is closed.`,
        reasonLabel: 'Latest check',
        guidance: ['Nothing to do for the page itself. Find out how it was changed (server and CMS logs, accounts, uploads) so that it does not happen again.'],
      };
    }
    case 'approved':
      return {
        tag: 'APPROVED',
        colour: COLOUR.blue,
        headline: `The change to ${site} was approved`,
        subline: 'The page as it is now is the new baseline, and the incident is closed.',
        reasonLabel: 'The approved change',
        guidance: ['Nothing to do. If you did not expect this change to be approved, find out who ran the approve command.'],
      };
  }
}

/** The page could not be loaded, or loads again: not a verdict on its content. */
function reachabilityLook(kind: 'unreachable' | 'reachable', alert: SiteAlert, site: string, checked: FormattedTime): SiteLook {
  switch (kind) {
    case 'unreachable':
      return {
        tag: 'UNREACHABLE',
        colour: COLOUR.amber,
        headline: `${site} cannot be loaded`,
        subline: 'This is not a defacement verdict: while the page cannot be loaded, it cannot be checked.',
        reasonLabel: 'Error',
        guidance: [
          'Check that the site is up from outside, and that the monitoring host can reach it (DNS, firewall, proxy). While it cannot be loaded, a defacement would go unnoticed.',
        ],
      };
    case 'reachable': {
      const down = alert.unreachableSince === undefined ? '' : durationBetween(alert.unreachableSince, alert.result.checkedAt);
      return {
        tag: 'REACHABLE',
        colour: COLOUR.green,
        headline: `${site} loads again`,
        subline: `It could not be loaded${down ? ` for ${down}` : ' for a while'}; it is checked again as usual. Latest check ${checked.local}.`,
        reasonLabel: 'Latest check',
        guidance: ['Nothing to do. Checks resumed; any defacement found from now on is alerted as usual.'],
      };
    }
  }
}

/** A sample alert from `test-alert`, to prove that alerts arrive. */
function testLook(agency: string): SiteLook {
  return {
    tag: 'TEST',
    colour: COLOUR.slate,
    headline: `Test alert for ${agency}`,
    subline: 'Nothing happened to any site. Alerts reach you: this is what a defacement alert looks like.',
    banner: 'TEST — sample data, no action needed',
    reasonLabel: 'Why (sample)',
    guidance: [
      'Nothing: this message proves that alerts reach you. In a real alert, the commands below act on the site it names, and: ' +
        INCIDENT_ADVICE.charAt(0).toLowerCase() +
        INCIDENT_ADVICE.slice(1),
    ],
  };
}
