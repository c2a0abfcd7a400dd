/**
 * Alert → email content (subject, plain text, HTML, inline images). Pure: no I/O, no clock.
 *
 * Everything that came from the monitored page — title, URLs, the reason and the signal
 * summaries, which quote the page — was possibly written by the attacker, so it is
 * HTML-escaped, stripped of control and bidi characters, and shortened. The HTML loads
 * nothing remote and runs nothing: images are attached and referenced by cid.
 */

import type { Signal } from '../core/types.js';
import type { Alert, AlertKind } from './types.js';

/** An image attached to the message and shown inline in the HTML part. */
export interface EmailAttachment {
  filename: string;
  /** Path of the file on disk; read by the mail library when the message is built. */
  path: string;
  /** Content-ID without angle brackets; the HTML refers to it as `cid:<cid>`. */
  cid: string;
  contentType: 'image/png';
  contentDisposition: 'inline';
}

export interface ComposedEmail {
  subject: string;
  text: string;
  html: string;
  attachments: EmailAttachment[];
}

interface KindWording {
  /** Subject tag, e.g. `[DEFACED]`. */
  tag: string;
  heading: string;
  /** Banner colour in the HTML part. */
  colour: string;
}

const KIND_WORDING: Record<AlertKind, KindWording> = {
  defaced: { tag: 'DEFACED', heading: 'Possible defacement', colour: '#b00020' },
};

const MAX_SUBJECT_REASON = 80;
const MAX_REASON = 1000;
const MAX_SUMMARY = 300;
const MAX_TITLE = 200;
const MAX_URL = 500;

/**
 * Composes the email for an alert. Images are attached for every evidence path set on the alert;
 * callers that do I/O should drop paths whose files are missing first (see existingEvidence).
 */
export function composeEmail(alert: Alert): ComposedEmail {
  const wording = KIND_WORDING[alert.kind];
  const { result } = alert;
  const agencyName = oneLine(alert.agency.name, 120);
  const site = oneLine(result.site, 120);
  const score = formatScore(result.score);
  const reason = oneLine(result.reason, MAX_REASON) || 'no reason given';
  const shortReason = oneLine(result.reason, MAX_SUBJECT_REASON) || 'see details';
  const subject = `[${wording.tag}] ${agencyName} — ${site} — ${shortReason} (score ${score})`;

  const when = formatInTimeZone(result.checkedAt, alert.agency.timezone);
  const url = oneLine(result.url, MAX_URL);
  const finalUrl = alert.page?.finalUrl === undefined ? '' : oneLine(alert.page.finalUrl, MAX_URL);
  const title = alert.page?.title === undefined ? undefined : oneLine(alert.page.title, MAX_TITLE);
  const signals = [...result.signals].sort((a, b) => b.score - a.score).map(describeSignal);
  const attachments = evidenceAttachments(alert);
  const approve = `defacewatch approve ${site}`;
  const rebaseline = `defacewatch baseline --site ${site}`;

  const details: Array<[string, string]> = [
    ['Agency', agencyName],
    ['Site', site],
    ['URL', url],
  ];
  if (finalUrl !== '' && finalUrl !== url) details.push(['Page ended at', finalUrl]);
  if (title !== undefined) details.push(['Page title now', title === '' ? '(empty)' : title]);
  details.push(['Detected at', when.local], ['Detected at (UTC)', when.utc], ['Score', `${score} of 1.00`]);

  const text = composeText({ wording, reason, details, signals, attachments, approve, rebaseline, alertId: alert.id });
  const html = composeHtml({
    wording,
    subject,
    heading: `${wording.heading}: ${agencyName} — ${site}`,
    reason,
    details,
    signals,
    attachments,
    approve,
    rebaseline,
    alertId: oneLine(alert.id, 200),
  });
  return { subject, text, html, attachments };
}

/** Escapes the five characters that matter in HTML text and double- or single-quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** A time shown two ways: in the agency's zone for people, and in UTC for incident logs. */
export interface FormattedTime {
  /** e.g. `2025-03-01 15:04:05 UTC+03:00 (Africa/Nairobi)`. */
  local: string;
  /** e.g. `2025-03-01T12:04:05.000Z`. */
  utc: string;
}

/**
 * Formats an ISO timestamp in an IANA time zone with Intl.DateTimeFormat. An unknown zone falls
 * back to UTC (and says so) rather than failing: the alert matters more than its clock.
 */
export function formatInTimeZone(iso: string, timeZone: string): FormattedTime {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return { local: oneLine(iso, 60), utc: oneLine(iso, 60) };
  const utc = date.toISOString();
  let zone = timeZone;
  let note = '';
  let format: Intl.DateTimeFormat;
  try {
    format = dateTimeFormat(zone);
  } catch {
    note = ` (time zone "${oneLine(timeZone, 60)}" is unknown; shown in UTC)`;
    zone = 'UTC';
    format = dateTimeFormat(zone);
  }
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(date)) parts[part.type] = part.value;
  const [year, month, day, hour, minute, second] = ['year', 'month', 'day', 'hour', 'minute', 'second'].map((k) =>
    Number(parts[k]),
  ) as [number, number, number, number, number, number];
  // The offset is worked out from the wall-clock parts rather than ICU's zone name, whose wording
  // ("GMT+9", "GMT+0", "JST") differs between ICU versions.
  const wallAsUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const offsetMinutes = Math.round((wallAsUtc - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
  const local = `${year}-${pad(month)}-${pad(day)} ${pad(hour)}:${pad(minute)}:${pad(second)} ${formatOffset(offsetMinutes)} (${zone})${note}`;
  return { local, utc };
}

function dateTimeFormat(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** e.g. `UTC+09:00`, `UTC-04:00`, `UTC+05:30`. */
function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function formatScore(score: number): string {
  return Number.isFinite(score) ? score.toFixed(2) : '?';
}

interface SignalLine {
  summary: string;
  strength: string;
  score: string;
  detector: string;
}

function describeSignal(signal: Signal): SignalLine {
  const strength = signal.score >= 0.8 ? 'strong' : signal.score >= 0.5 ? 'moderate' : 'weak';
  return {
    summary: oneLine(signal.summary, MAX_SUMMARY) || '(no summary)',
    strength,
    score: formatScore(signal.score),
    detector: oneLine(signal.detector, 60),
  };
}

const EVIDENCE_IMAGES = [
  { key: 'actualPng', suffix: 'actual', caption: 'What the page shows now' },
  { key: 'diffPng', suffix: 'diff', caption: 'What changed (highlighted)' },
  { key: 'baselinePng', suffix: 'expected', caption: 'The approved page (baseline)' },
] as const;

interface ImageAttachment extends EmailAttachment {
  caption: string;
}

function evidenceAttachments(alert: Alert): ImageAttachment[] {
  const base = fileSafe(alert.result.site) || 'site';
  const out: ImageAttachment[] = [];
  for (const image of EVIDENCE_IMAGES) {
    const path = alert.evidence[image.key];
    if (path === undefined || path === '') continue;
    out.push({
      filename: `${base}-${image.suffix}.png`,
      path,
      cid: `${image.suffix}@defacewatch`,
      contentType: 'image/png',
      contentDisposition: 'inline',
      caption: image.caption,
    });
  }
  return out;
}

interface TextInput {
  wording: KindWording;
  reason: string;
  details: Array<[string, string]>;
  signals: SignalLine[];
  attachments: ImageAttachment[];
  approve: string;
  rebaseline: string;
  alertId: string;
}

function composeText(input: TextInput): string {
  const width = Math.max(...input.details.map(([label]) => label.length));
  const lines = [
    `${input.wording.heading.toUpperCase()}`,
    '',
    `Why: ${input.reason}`,
    '',
    ...input.details.map(([label, value]) => `${`${label}:`.padEnd(width + 2)}${value}`),
    '',
    'What was seen:',
    ...(input.signals.length === 0
      ? ['  - no individual signal; see "Why" above']
      : input.signals.map((s) => `  - ${s.summary} (${s.strength}, ${s.score}, detector ${s.detector})`)),
    '',
  ];
  if (input.attachments.length > 0) {
    lines.push('Attached images:', ...input.attachments.map((a) => `  - ${a.filename}: ${a.caption}`), '');
  }
  lines.push(
    'What to do:',
    '  If the agency made this change on purpose, approve it as the new baseline:',
    `      ${input.approve}`,
    '  To take a fresh baseline once the site is known to be good again:',
    `      ${input.rebaseline}`,
    '  If nobody at the agency made this change, treat it as a security incident: restore the',
    '  site from a clean copy and keep this message as evidence.',
    '',
    '--',
    `Sent by defacewatch. Alert ${input.alertId}.`,
    '',
  );
  return lines.join('\n');
}

interface HtmlInput extends TextInput {
  subject: string;
  heading: string;
}

const FONT = 'font-family:Arial,Helvetica,sans-serif;';
const CELL = `${FONT}font-size:14px;line-height:20px;color:#222222;`;
const CODE = 'font-family:Consolas,Menlo,monospace;font-size:13px;background:#f2f2f2;padding:6px 8px;display:block;';

function composeHtml(input: HtmlInput): string {
  const e = escapeHtml;
  const detailRows = input.details
    .map(
      ([label, value]) =>
        `<tr><td style="${CELL}padding:4px 12px 4px 0;color:#555555;white-space:nowrap;vertical-align:top">${e(label)}</td>` +
        `<td style="${CELL}padding:4px 0;overflow-wrap:anywhere;word-break:break-word">${e(value)}</td></tr>`,
    )
    .join('\n');
  const signalRows =
    input.signals.length === 0
      ? `<tr><td style="${CELL}padding:4px 0">No individual signal; see the reason above.</td></tr>`
      : input.signals
          .map(
            (s) =>
              `<tr><td style="${CELL}padding:4px 0;border-bottom:1px solid #eeeeee">${e(s.summary)}` +
              `<br><span style="color:#666666;font-size:12px">${e(s.strength)} (${e(s.score)}), detector ${e(s.detector)}</span></td></tr>`,
          )
          .join('\n');
  const imageRows = input.attachments
    .map(
      (a) =>
        `<tr><td style="${CELL}padding:12px 0 4px 0;font-weight:bold">${e(a.caption)}</td></tr>\n` +
        `<tr><td style="padding:0 0 8px 0"><img src="cid:${e(a.cid)}" alt="${e(a.caption)}" width="600" ` +
        `style="display:block;width:100%;max-width:600px;height:auto;border:1px solid #cccccc"></td></tr>`,
    )
    .join('\n');

  const section = (title: string, body: string): string =>
    `<tr><td style="padding:16px 20px 0 20px">` +
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">` +
    `<tr><td style="${CELL}font-size:16px;font-weight:bold;padding:0 0 6px 0">${e(title)}</td></tr>\n${body}</table></td></tr>`;

  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(input.subject)}</title></head>`,
    `<body style="margin:0;padding:0;background:#f4f4f4">`,
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f4f4f4"><tr><td align="center" style="padding:16px 8px">`,
    `<table role="presentation" width="640" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:640px;background:#ffffff;border:1px solid #dddddd">`,
    `<tr><td style="${FONT}background:${input.wording.colour};color:#ffffff;font-size:20px;line-height:26px;font-weight:bold;padding:16px 20px">${e(input.heading)}</td></tr>`,
    `<tr><td style="${CELL}padding:16px 20px 0 20px"><strong>Why:</strong> ${e(input.reason)}</td></tr>`,
    section('Details', detailRows),
    section('What was seen', signalRows),
    section(
      'What to do',
      `<tr><td style="${CELL}padding:4px 0">If the agency made this change on purpose, approve it as the new baseline:</td></tr>` +
        `<tr><td style="padding:2px 0 8px 0"><code style="${CODE}">${e(input.approve)}</code></td></tr>` +
        `<tr><td style="${CELL}padding:4px 0">To take a fresh baseline once the site is known to be good again:</td></tr>` +
        `<tr><td style="padding:2px 0 8px 0"><code style="${CODE}">${e(input.rebaseline)}</code></td></tr>` +
        `<tr><td style="${CELL}padding:4px 0">If nobody at the agency made this change, treat it as a security incident: ` +
        `restore the site from a clean copy and keep this message as evidence.</td></tr>`,
    ),
    // Full-page screenshots are long; they go last so the actions above stay in view.
    input.attachments.length > 0 ? section('Screenshots', imageRows) : '',
    `<tr><td style="${FONT}font-size:12px;color:#777777;padding:20px">Sent by defacewatch. Alert ${e(input.alertId)}.</td></tr>`,
    '</table></td></tr></table>',
    '</body></html>',
    '',
  ].join('\n');
}

// C0/C1 controls, and the Unicode bidi/zero-width marks an attacker can use to make text read
// differently from what it is (CVE-2021-42574, "Trojan Source").
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** One line of display text: invisible characters removed, whitespace collapsed, shortened with "…". */
function oneLine(value: string, max: number): string {
  const flat = String(value).replace(/\s+/g, ' ').replace(INVISIBLE, '').trim();
  const chars = Array.from(flat);
  return chars.length <= max ? flat : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

function fileSafe(value: string): string {
  return value.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80);
}
