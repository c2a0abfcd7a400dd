/**
 * What an alert channel receives and hands back. A sink turns one Alert into one delivery
 * (an email, a file, a webhook call); the outbox decides when to send and retries.
 */

import type { DaemonConfig } from '../config/daemon-schema.js';
import type { Agency } from '../config/load-targets.js';
import type { DigestEntry } from '../core/digest.js';
import type { CheckResult } from '../core/types.js';
import type { Logger } from '../log.js';

export type { DigestEntry } from '../core/digest.js';

/**
 * Why an alert is sent. Site alerts: `defaced` opens an incident, `reminder` repeats it while it
 * stays open, `restored` and `approved` close it, `unreachable` says the site could not be loaded
 * for a while and `reachable` that it loads again, `test` proves the wiring (`defacewatch test-alert`),
 * `approval-request` asks the agency to approve the page a maintenance window left. `digest` lists one agency's
 * `changed` verdicts of a day. Switch on it exhaustively.
 */
export type SiteAlertKind = 'defaced' | 'reminder' | 'restored' | 'approved' | 'unreachable' | 'reachable' | 'test' | 'approval-request';
export type AlertKind = SiteAlertKind | 'digest';

export const ALERT_KINDS: readonly AlertKind[] = ['defaced', 'reminder', 'restored', 'approved', 'unreachable', 'reachable', 'test', 'approval-request', 'digest'];

/** The agency that owns the site: who gets told, and in which local time. */
export interface AlertAgency {
  name: string;
  /** Email addresses to tell: the agency's contacts, then the global on-call list, without repeats. */
  contacts: string[];
  /** IANA time zone name, e.g. "Asia/Tokyo"; times in the alert are shown in it. */
  timezone: string;
}

/**
 * Paths of the evidence images on disk, named like Playwright's snapshot files
 * (`…-actual.png`, `…-diff.png`, `…-expected.png`). Any may be missing. The outbox copies them
 * into the alert's own folder when the alert is written, so later checks cannot overwrite them.
 */
export interface AlertEvidence {
  actualPng?: string;
  diffPng?: string;
  /** The approved screenshot the check compared against. */
  baselinePng?: string;
  /** The changed area in full-page pixels, for cropping the inline pictures around it. */
  focus?: { x: number; y: number; width: number; height: number };
}

/** What the page showed at check time, when the check has it. Written by whoever controls the page. */
export interface AlertPage {
  title?: string;
  /** Where the page ended up after redirects. */
  finalUrl?: string;
}

/** The incident a site alert belongs to. */
export interface AlertIncident {
  id: string;
  status: 'open' | 'restored' | 'approved';
  openedAt: string;
  closedAt?: string;
  /** Defaced checks seen while it was open. */
  defacedChecks: number;
  /** For `reminder`: which reminder this is, from 1. */
  reminder?: number;
  /** The verdict's reason when the incident opened; reminders and closing messages recall it. */
  openingReason: string;
  /** Set when someone acknowledged it (`defacewatch ack`): reminders stop. */
  acknowledgedAt?: string;
}

/** Exact commands (and, once it exists, a dashboard link) the person woken up can use. */
export interface AlertActions {
  /** e.g. `defacewatch approve moh-home`: the change is legitimate; closes the incident and re-baselines. */
  approve: string;
  /** e.g. `defacewatch ack moh-home`: we are on it; stops the reminders. */
  acknowledge: string;
  dashboardUrl?: string;
}

interface AlertBase {
  /** Stable across retries and restarts: sinks derive Message-IDs, file names and event ids from it. */
  id: string;
  agency: AlertAgency;
  /** When the alert was written to the outbox (ISO, UTC). */
  createdAt: string;
}

/** An alert about one site. */
export interface SiteAlert extends AlertBase {
  kind: SiteAlertKind;
  /** The check that caused it (for `approved`, the last check before approval). */
  result: CheckResult;
  evidence: AlertEvidence;
  page?: AlertPage;
  incident?: AlertIncident | undefined;
  /** For `unreachable` and `reachable`: since when the site could not be loaded. */
  unreachableSince?: string;
  /** For `approval-request`: the maintenance window that ended (ISO times, and why it was open). */
  maintenance?: { from: string; until: string; reason: string };
  actions: AlertActions;
}

/** One agency's daily summary of ordinary changes: nobody is paged for these. */
export interface DigestAlert extends AlertBase {
  kind: 'digest';
  period: { from: string; to: string };
  entries: DigestEntry[];
  /** The exact approve command of each listed site, by site id (absent in digests queued before there were any). */
  approveCommands?: Record<string, string>;
}

export type Alert = SiteAlert | DigestAlert;

/** The site an alert is about, or undefined for a digest. */
export function alertSite(alert: Alert): string | undefined {
  return alert.kind === 'digest' ? undefined : alert.result.site;
}

/** For messages: "site moh-home" or "agency Ministry of Health's digest". */
export function alertSubjectLabel(alert: Alert): string {
  return alert.kind === 'digest' ? `the digest of agency "${alert.agency.name}"` : `site ${alert.result.site}`;
}

export interface SendOptions {
  /** Cancels the delivery; the sink then throws ALERT_FAILED with the abort as the cause. */
  signal?: AbortSignal | undefined;
  /** Build the message but do not deliver or write it; the receipt has `delivered: false`. */
  dryRun?: boolean;
}

/** What a sink did with an alert. */
export interface Receipt {
  /** Name of the sink that handled the alert. */
  sink: string;
  /** True when the sink handed the alert on (to the mail server, to the outbox folder); false on a dry run. */
  delivered: boolean;
  /** For people and logs: the Message-ID, the file path, or what a dry run would have done. */
  detail: string;
}

/**
 * An alert channel. `send` resolves only when the alert was handed on; any failure is thrown as a
 * DefacewatchError with code ALERT_FAILED and the original error as its cause, never swallowed.
 * A sink may be called again with the same alert after a crash or a failure: it must deliver the
 * same thing (same Message-ID, same event id) so receivers can fold repeats.
 */
export interface Sink {
  readonly name: string;
  send(alert: Alert, options?: SendOptions): Promise<Receipt>;
}

/** What a sink kind is built from at start-up: the daemon's config and, for an agency's own sinks, the agency. */
export interface SinkBuildContext {
  config: DaemonConfig;
  env: Readonly<Record<string, string | undefined>>;
  dataDir: string;
  logger: Logger;
}

/**
 * A kind of sink (mail, webhook…) as the routing builds it, once, at start-up. `daemon` kinds are
 * built once and hear every agency's alerts (webhooks to a CERT); `agency` kinds are built per agency
 * from its settings (its mail). Building throws CONFIG_INVALID for a setting that cannot work, so the
 * daemon refuses to start rather than failing at 3 a.m.
 */
export type SinkKind =
  { name: string; scope: 'daemon'; build(ctx: SinkBuildContext): Sink[] } | { name: string; scope: 'agency'; build(ctx: SinkBuildContext, agency: Agency): Sink[] };
