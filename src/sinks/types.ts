/**
 * What an alert channel receives and hands back. A sink turns one Alert into one delivery
 * (an email, a file, later a webhook call); the outbox decides when to send and retries.
 */

import type { CheckResult } from '../core/types.js';

/**
 * Why an alert is sent. Only `defaced` exists in this version; `restored` (the site is back
 * to its baseline) and others will join this union, so switch on it exhaustively.
 */
export type AlertKind = 'defaced';

export const ALERT_KINDS: readonly AlertKind[] = ['defaced'];

/** The agency that owns the site: who gets told, and in which local time. */
export interface AlertAgency {
  name: string;
  /** Email addresses of the people to tell. */
  contacts: string[];
  /** IANA time zone name, e.g. "Africa/Nairobi"; times in the alert are shown in it. */
  timezone: string;
}

/**
 * Paths of the evidence images on disk, named like Playwright's snapshot files
 * (`…-actual.png`, `…-diff.png`, `…-expected.png`). Any may be missing.
 */
export interface AlertEvidence {
  actualPng?: string;
  diffPng?: string;
  /** The approved screenshot the check compared against. */
  baselinePng?: string;
}

/** What the page showed at check time, when the check has it. Written by whoever controls the page. */
export interface AlertPage {
  title?: string;
  /** Where the page ended up after redirects. */
  finalUrl?: string;
}

/** One thing to tell people about one site. */
export interface Alert {
  /** Stable across retries, e.g. `<site>-<checkedAt>` (see alertIdFor): sinks derive Message-IDs and file names from it. */
  id: string;
  kind: AlertKind;
  agency: AlertAgency;
  result: CheckResult;
  evidence: AlertEvidence;
  page?: AlertPage;
}

export interface SendOptions {
  /** Cancels the delivery; the sink then throws ALERT_FAILED with the abort as the cause. */
  signal?: AbortSignal;
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
 */
export interface Sink {
  readonly name: string;
  send(alert: Alert, options?: SendOptions): Promise<Receipt>;
}

/** The conventional alert id for a check result: `<site>-<checkedAt>`. */
export function alertIdFor(result: Pick<CheckResult, 'site' | 'checkedAt'>): string {
  return `${result.site}-${result.checkedAt}`;
}
