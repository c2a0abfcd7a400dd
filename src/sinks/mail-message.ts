/**
 * The one RFC 5322 message both mail sinks produce for an alert: the SMTP sink sends it, the
 * .eml sink writes it. Keeping it in one place means the file is exactly what would have been sent.
 */

import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { SendMailOptions } from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import { composeEmail } from './compose-email.js';
import type { Alert, AlertEvidence } from './types.js';

/** The From address used when none is configured. */
export const DEFAULT_FROM = 'defacewatch <defacewatch@localhost>';

/**
 * A Message-ID that depends only on the alert id and the sender's domain, so a retried alert
 * carries the same id and mail clients can fold duplicates (RFC 5322 §3.6.4).
 */
export function messageIdFor(alertId: string, from: string): string {
  return `<${alertToken(alertId)}@${senderDomain(from)}>`;
}

/**
 * A file- and header-safe token for an alert id: its readable characters plus a short hash of
 * the whole id, so two ids that differ only in replaced characters never collide.
 */
export function alertToken(alertId: string): string {
  const readable = alertId.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 120);
  const hash = createHash('sha256').update(alertId).digest('hex').slice(0, 12);
  return `${readable || 'alert'}.${hash}`;
}

function senderDomain(from: string): string {
  const first = addressparser(from, { flatten: true })[0];
  const domain = first?.address.split('@').at(-1)?.toLowerCase() ?? '';
  return /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(domain) ? domain : 'defacewatch.invalid';
}

export interface EvidenceCheck {
  /** The evidence with only the paths whose files exist. */
  present: AlertEvidence;
  /** Paths that were set but are not readable files. */
  missing: string[];
}

/**
 * Drops evidence paths whose files are gone, so a missing screenshot never stops the alert
 * itself from going out.
 */
export async function existingEvidence(evidence: AlertEvidence): Promise<EvidenceCheck> {
  const present: AlertEvidence = {};
  const missing: string[] = [];
  for (const key of ['actualPng', 'diffPng', 'baselinePng'] as const) {
    const path = evidence[key];
    if (path === undefined || path === '') continue;
    const isFile = await stat(path).then(
      (s) => s.isFile(),
      () => false,
    );
    if (isFile) present[key] = path;
    else missing.push(path);
  }
  return { present, missing };
}

export interface BuiltMessage {
  options: SendMailOptions;
  messageId: string;
  missingEvidence: string[];
}

/** Builds nodemailer's message options for an alert, to the agency's contacts. */
export async function buildAlertMessage(alert: Alert, from: string): Promise<BuiltMessage> {
  const { present, missing } = await existingEvidence(alert.evidence);
  const email = composeEmail({ ...alert, evidence: present });
  const messageId = messageIdFor(alert.id, from);
  const options: SendMailOptions = {
    from,
    to: alert.agency.contacts,
    subject: email.subject,
    text: email.text,
    html: email.html,
    attachments: email.attachments.map((a) => ({ ...a })),
    messageId,
    priority: 'high',
    headers: {
      // RFC 3834 §5: machine-generated, so auto-responders do not answer it.
      'Auto-Submitted': 'auto-generated',
      'X-Defacewatch-Alert-Id': alert.id,
      'X-Defacewatch-Kind': alert.kind,
      'X-Defacewatch-Site': alert.result.site,
    },
    // Never let nodemailer fetch a URL or read a file named in the content itself.
    disableUrlAccess: true,
  };
  return { options, messageId, missingEvidence: missing };
}
