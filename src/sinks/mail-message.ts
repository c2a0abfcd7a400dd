/**
 * The one RFC 5322 message both mail sinks produce for an alert: the SMTP sink sends it, the
 * .eml sink writes it. Keeping it in one place means the file is exactly what would have been sent.
 */

import { createHash } from 'node:crypto';
import type { SendMailOptions } from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import { formatScore, oneLine } from './alert-words.js';
import { composeEmail } from './compose-email.js';
import { NO_EVIDENCE_IMAGES, prepareEvidenceImages, type EvidenceImageOptions } from './evidence-images.js';
import type { Alert } from './types.js';

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
  const readable = alertId
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '')
    .slice(0, 120);
  const hash = createHash('sha256').update(alertId).digest('hex').slice(0, 12);
  return `${readable || 'alert'}.${hash}`;
}

function senderDomain(from: string): string {
  const first = addressparser(from, { flatten: true })[0];
  const domain = first?.address.split('@').at(-1)?.toLowerCase() ?? '';
  return /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(domain) ? domain : 'defacewatch.invalid';
}

export interface BuiltMessage {
  options: SendMailOptions;
  messageId: string;
  /** What kept an evidence picture out of the message (a missing file, …), for the log. */
  missingEvidence: string[];
}

export interface BuildMessageOptions {
  /** How evidence pictures are cropped and limited; defaults suit common mail clients. */
  images?: Omit<EvidenceImageOptions, 'baseName' | 'cidToken'>;
}

/**
 * Builds nodemailer's message options for an alert, to `alert.agency.contacts` (which the outbox
 * has already merged with the on-call list). Evidence pictures are read and cropped here; one that
 * is missing or unreadable is left out and named in `missingEvidence`, never a reason to fail.
 */
export async function buildAlertMessage(alert: Alert, from: string, options: BuildMessageOptions = {}): Promise<BuiltMessage> {
  // Content-IDs should be unique beyond the message (RFC 2392): derived from the alert id.
  const token = createHash('sha256').update(alert.id).digest('hex').slice(0, 16);
  const images =
    alert.kind === 'digest' ? NO_EVIDENCE_IMAGES : await prepareEvidenceImages(alert.evidence, { ...options.images, baseName: alert.result.site, cidToken: token });
  const email = composeEmail(alert, images);
  const messageId = messageIdFor(alert.id, from);
  const domain = senderDomain(from);
  const headers: Record<string, string> = {
    // RFC 3834 §5: machine-generated, so auto-responders do not answer it.
    'Auto-Submitted': 'auto-generated',
    'X-Auto-Response-Suppress': 'All',
    'X-Defacewatch-Alert-Id': headerSafe(alert.id),
    'X-Defacewatch-Kind': alert.kind,
    'X-Defacewatch-Agency': headerSafe(alert.agency.name),
  };
  if (alert.kind !== 'digest') {
    headers['X-Defacewatch-Site'] = headerSafe(alert.result.site);
    headers['X-Defacewatch-Verdict'] = alert.result.verdict;
    headers['X-Defacewatch-Score'] = formatScore(alert.result.score);
    if (alert.incident) headers['X-Defacewatch-Incident'] = headerSafe(alert.incident.id);
  }
  const message: SendMailOptions = {
    from,
    to: alert.agency.contacts,
    subject: email.subject,
    text: email.text,
    html: email.html,
    attachments: email.attachments.map((a) => ({ ...a })),
    messageId,
    // Sets X-Priority, X-MSMail-Priority and Importance: Outlook and Apple Mail flag or sort by them.
    priority: email.priority,
    headers,
    // Never let nodemailer fetch a URL or read a file named in the content itself.
    disableUrlAccess: true,
  };
  // RFC 5322 §3.6.4: every message of one incident refers to the same (never sent) root id, so
  // clients thread the opening alert, its reminders and the closing message together.
  if (alert.kind !== 'digest' && alert.incident) message.references = [`<incident.${alertToken(alert.incident.id)}@${domain}>`];
  return { options: message, messageId, missingEvidence: images.problems.map((p) => `${p.path}: ${p.problem}`) };
}

/** Header values carry no line breaks or controls (header injection) and stay short. */
function headerSafe(value: string): string {
  return oneLine(value, 200);
}
