/**
 * Alert → email content (subject, plain text, HTML, pictures). Pure: no I/O, no clock; the
 * pictures come ready-made from evidence-images.ts.
 *
 * Everything that came from the monitored page — title, URLs, the reason and the signal
 * summaries, which quote the page — was possibly written by the attacker, so it is stripped of
 * control and bidi characters and shortened here, and HTML-escaped by the layout. The HTML loads
 * nothing remote and runs nothing: pictures are attached and referenced by cid.
 */

import { whereOnPage } from '../core/place-words.js';
import type { Signal } from '../core/types.js';
import { digestSubject, durationBetween, formatInTimeZone, formatScore, oneLine, openFor, periodWords, siteSubject } from './alert-words.js';
import { COLOUR, siteLook } from './email-looks.js';
import { renderHtml, renderText, type EmailModel, type ModelAction, type ModelPicture, type ModelSignal } from './email-layout.js';
import { formatBytes, NO_EVIDENCE_IMAGES, type EvidenceImages, type EvidenceRole, type InlineEvidenceImage } from './evidence-images.js';
import type { Alert, DigestAlert, SiteAlert } from './types.js';

export { escapeHtml } from './email-layout.js';

/** A cropped picture shown inline in the HTML part. */
export interface InlineAttachment {
  filename: string;
  content: Buffer;
  /** Content-ID without angle brackets; the HTML refers to it as `cid:<cid>`. */
  cid: string;
  contentType: 'image/jpeg' | 'image/png';
  contentDisposition: 'inline';
}

/** A full-page screenshot attached as a file, read from disk by the mail library. */
export interface FileAttachment {
  filename: string;
  path: string;
  contentType: 'image/png';
  contentDisposition: 'attachment';
}

export type EmailAttachment = InlineAttachment | FileAttachment;

export interface ComposedEmail {
  subject: string;
  text: string;
  html: string;
  /** `high` pages people (defaced, reminder); `low` for unreachable notices and digests. */
  priority: 'high' | 'normal' | 'low';
  attachments: EmailAttachment[];
}

const MAX_REASON = 1000;
const MAX_SUMMARY = 300;
const MAX_TITLE = 200;
const MAX_URL = 500;
const MAX_SIGNALS = 12;
const MAX_DIGEST_ROWS = 200;

/**
 * Composes the email for an alert. `images` are the alert's evidence pictures (see
 * prepareEvidenceImages); without them the message has no pictures.
 */
export function composeEmail(alert: Alert, images: EvidenceImages = NO_EVIDENCE_IMAGES): ComposedEmail {
  const model = alert.kind === 'digest' ? digestModel(alert) : siteModel(alert, images);
  const attachments: EmailAttachment[] =
    alert.kind === 'digest'
      ? []
      : [
          ...images.inline.map((i): InlineAttachment => ({
            filename: i.filename,
            content: i.content,
            cid: i.cid,
            contentType: i.contentType,
            contentDisposition: 'inline',
          })),
          ...images.attachments.map((a): FileAttachment => ({ filename: a.filename, path: a.path, contentType: a.contentType, contentDisposition: 'attachment' })),
        ];
  return { subject: model.subject, text: renderText(model), html: renderHtml(model), priority: priorityOf(alert), attachments };
}

function priorityOf(alert: Alert): ComposedEmail['priority'] {
  switch (alert.kind) {
    case 'defaced':
    case 'reminder':
      return 'high';
    case 'unreachable':
    case 'reachable':
    case 'digest':
      return 'low';
    case 'restored':
    case 'approved':
    case 'test':
    case 'approval-request':
      return 'normal';
  }
}

// ---- site alerts ---------------------------------------------------------------------------

function siteModel(alert: SiteAlert, images: EvidenceImages): EmailModel {
  const { result, incident } = alert;
  const zone = alert.agency.timezone;
  const site = oneLine(result.site, 120);
  const agency = oneLine(alert.agency.name, 120);
  const checked = formatInTimeZone(result.checkedAt, zone);
  const url = oneLine(result.url, MAX_URL);
  const look = siteLook(alert, site, agency, checked);

  const facts: Array<[string, string]> = [
    ['Site', `${site} (${agency})`],
    ['Address', url],
  ];
  // An unreachable page showed nothing: a title or address from an earlier check would mislead.
  const page = alert.kind === 'unreachable' ? undefined : alert.page;
  const finalUrl = page?.finalUrl === undefined ? '' : oneLine(page.finalUrl, MAX_URL);
  if (finalUrl !== '' && finalUrl !== url) facts.push(['Page ended at', describeFinalUrl(finalUrl, url)]);
  if (page?.title !== undefined) facts.push(['Page title now', oneLine(page.title, MAX_TITLE) || '(empty)']);
  if ((alert.kind === 'unreachable' || alert.kind === 'reachable') && alert.unreachableSince !== undefined) {
    const since = formatInTimeZone(alert.unreachableSince, zone);
    const lasting = durationBetween(alert.unreachableSince, result.checkedAt);
    facts.push([alert.kind === 'reachable' ? 'Was unreachable from' : 'Unreachable since', `${since.local}${lasting ? ` (${lasting})` : ''}`]);
  }
  facts.push([alert.kind === 'unreachable' ? 'Last attempt' : 'Checked at', checked.local], ['In UTC', checked.utc]);

  const incidentRows: Array<[string, string]> = [];
  if (incident) {
    incidentRows.push(['Id', oneLine(incident.id, 120)], ['Status', incident.status]);
    incidentRows.push(['Opened at', formatInTimeZone(incident.openedAt, zone).local]);
    if (incident.closedAt !== undefined) incidentRows.push(['Closed at', formatInTimeZone(incident.closedAt, zone).local]);
    const open = openFor(alert);
    const opening = alert.kind !== 'defaced' && alert.kind !== 'test';
    if (open && opening) incidentRows.push([incident.closedAt === undefined ? 'Open for' : 'Lasted', open]);
    incidentRows.push(['Defaced checks', String(incident.defacedChecks)]);
    if (incident.reminder !== undefined) incidentRows.push(['Reminder', `number ${incident.reminder}`]);
    incidentRows.push(['Acknowledged', incident.acknowledgedAt === undefined ? 'not yet' : formatInTimeZone(incident.acknowledgedAt, zone).local]);
    if (opening) incidentRows.push(['When it opened', oneLine(incident.openingReason, MAX_REASON) || '(no reason given)']);
  }

  const picture = (image: InlineEvidenceImage): ModelPicture => ({
    cid: image.cid,
    filename: image.filename,
    caption: pictureCaption(image.role, alert.kind, checked.short),
    width: image.width,
    height: image.height,
  });
  const shown = (role: EvidenceRole): InlineEvidenceImage[] => images.inline.filter((i) => i.role === role);
  const files = images.attachments.map((a) => ({ name: a.filename, about: `${ROLE_NAMES[a.role]}, full page, ${a.width}×${a.height} px, ${formatBytes(a.bytes)}` }));
  const notes = images.problems.map((p) => `${ROLE_NAMES[p.role]}: ${p.problem}.`);

  return {
    subject: siteSubject(alert),
    preheader: oneLine(result.reason, 160),
    colour: look.colour,
    tag: look.tag,
    eyebrow: `${agency} · defacewatch`,
    headline: look.headline,
    subline: look.subline,
    ...(look.banner ? { banner: look.banner } : {}),
    reason: { label: look.reasonLabel, text: oneLine(result.reason, MAX_REASON) || 'No reason was given.' },
    facts,
    actions: siteActions(alert),
    guidance: look.guidance,
    comparison: [...shown('current'), ...shown('baseline')].map(picture),
    pictures: shown('diff').map(picture),
    picturesTitle: alert.kind === 'restored' ? 'Pictures from the incident' : 'Before and after',
    picturesDetail: picturesDetail(images.inline[0]),
    signals: alert.kind === 'unreachable' || alert.kind === 'reachable' || alert.kind === 'restored' ? [] : describeSignals(result.signals),
    incident: incidentRows,
    files,
    notes,
    footer: `Sent by defacewatch to the contacts of ${agency}. Alert ${oneLine(alert.id, 200)}. This message loads nothing from the internet: its pictures are attached.`,
  };
}

function siteActions(alert: SiteAlert): ModelAction[] {
  const actions: ModelAction[] = [];
  const { approve, acknowledge } = alert.actions;
  const open = alert.kind === 'defaced' || alert.kind === 'reminder' || alert.kind === 'test';
  if (open && alert.incident?.acknowledgedAt === undefined && acknowledge) {
    actions.push({ label: 'We are on it: stop the reminders', command: oneLine(acknowledge, 300) });
  }
  if (open && approve) {
    actions.push({ label: 'The change is legitimate: make it the new baseline and close the incident', command: oneLine(approve, 300) });
  }
  const dashboard = safeHttpUrl(alert.actions.dashboardUrl);
  if (dashboard) actions.push({ label: 'Open the site in the dashboard', href: dashboard });
  return actions;
}

const ROLE_NAMES: Record<EvidenceRole, string> = { current: 'The page as captured', baseline: 'The approved baseline', diff: 'The changes' };

/**
 * What a picture shows, short enough for a caption above a picture half the email wide. A closing
 * message may carry the incident's pictures rather than the clean check's (which keeps none), so
 * those are not dated by the check.
 */
function pictureCaption(role: EvidenceRole, kind: SiteAlert['kind'], when: string): string {
  switch (role) {
    case 'current':
      if (kind === 'approved') return 'After: as approved';
      if (kind === 'restored') return 'During the incident';
      return `Now (${when})`;
    case 'baseline':
      return kind === 'approved' ? 'Before: the old baseline' : 'Before: the approved baseline';
    case 'diff':
      return 'What changed: tinted red on the page as it is now, each change outlined';
  }
}

/** Which part of the page the pictures show, in words (they all show the same part). */
function picturesDetail(image: InlineEvidenceImage | undefined): string {
  if (image === undefined) return '';
  const { area, pageSize, frame } = image;
  const attached = 'the full pages are attached';
  if (area.width >= pageSize.width && area.height >= pageSize.height) return `The whole page; ${attached}`;
  if (!image.focused) return `The top of the page; ${attached}`;
  return `Around the change, ${whereOnPage(frame ?? area, pageSize)}; ${attached}`;
}

function describeSignals(signals: readonly Signal[]): ModelSignal[] {
  const sorted = [...signals].filter((s) => s.score > 0 || s.evidence.code === 'DETECTOR_FAILED').sort((a, b) => b.score - a.score);
  const shown = sorted.slice(0, MAX_SIGNALS).map((s): ModelSignal => ({
    strength: s.score >= 0.8 ? 'strong' : s.score >= 0.5 ? 'moderate' : 'weak',
    score: formatScore(s.score),
    summary: oneLine(s.summary, MAX_SUMMARY) || '(no summary)',
    source: `${SIGNAL_KIND_WORDS[s.kind ?? 'supporting']}; detector ${oneLine(s.detector, 60)}`,
  }));
  if (sorted.length > shown.length) {
    shown.push({ strength: 'weak', score: '', summary: `and ${sorted.length - shown.length} weaker signals`, source: '' });
  }
  return shown;
}

const SIGNAL_KIND_WORDS: Record<NonNullable<Signal['kind']>, string> = {
  signature: 'known defacement mark',
  replacement: 'site content replaced',
  supporting: 'supporting evidence',
};

/**
 * The final URL of a redirect to another host, defanged (`hxxps://evil[.]example/`) the way
 * incident reports write attacker addresses, so a tired reader cannot open it by accident.
 */
function describeFinalUrl(finalUrl: string, url: string): string {
  const host = (u: string): string | null => {
    try {
      return new URL(u).host.toLowerCase();
    } catch {
      // Not a URL: no host, so it is not the site's own and is defanged below.
      return null;
    }
  };
  const to = host(finalUrl);
  if (to !== null && to === host(url)) return finalUrl;
  const defanged = finalUrl.replace(/^http/i, 'hxxp').replace(/\./g, '[.]');
  return `${defanged} (another site; address defanged)`;
}

/** The dashboard link, only when it is an http(s) URL; the email offers no link otherwise. */
function safeHttpUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    // Not a URL: no link, as documented above.
    return undefined;
  }
}

// ---- digest --------------------------------------------------------------------------------

function digestModel(alert: DigestAlert): EmailModel {
  const agency = oneLine(alert.agency.name, 120);
  const zone = alert.agency.timezone;
  const from = formatInTimeZone(alert.period.from, zone);
  const to = formatInTimeZone(alert.period.to, zone);
  const entries = [...alert.entries].sort((a, b) => b.maxScore - a.maxScore || a.site.localeCompare(b.site));
  const n = entries.length;
  const checks = entries.reduce((sum, e) => sum + e.checks, 0);
  const rows = entries.slice(0, MAX_DIGEST_ROWS).map((e) => ({
    site: oneLine(e.site, 120),
    url: oneLine(e.url, MAX_URL),
    checks: String(e.checks),
    lastReason: oneLine(e.lastReason, MAX_REASON) || '(no reason given)',
    maxScore: formatScore(e.maxScore),
    seen: `${formatInTimeZone(e.firstAt, zone).short} – ${formatInTimeZone(e.lastAt, zone).short}`,
    ...(alert.approveCommands?.[e.site] === undefined ? {} : { approve: oneLine(alert.approveCommands[e.site]!, 300) }),
  }));
  const notes = entries.length > rows.length ? [`${entries.length - rows.length} more sites are not listed.`] : [];
  return {
    subject: digestSubject(alert),
    preheader: `${n} site${n === 1 ? '' : 's'} changed, ${checks} check${checks === 1 ? '' : 's'}; nobody was paged.`,
    colour: COLOUR.slate,
    tag: 'DIGEST',
    eyebrow: `${agency} · defacewatch`,
    headline: n === 0 ? 'No site changed' : `${n} site${n === 1 ? '' : 's'} changed ${periodWords(alert)}`,
    subline: `Changes that are not defacements, from ${from.local} to ${to.local}. Nobody was paged for them.`,
    facts: [],
    actions: [],
    guidance: [
      rows.some((r) => r.approve !== undefined)
        ? "Look through them when convenient. A change that is legitimate and here to stay can be approved as the site's new baseline with the command under it (put your reason in the quotes), so it stops being reported."
        : "Look through them when convenient. A change that is legitimate and here to stay can be approved as the site's new baseline with defacewatch approve and the site's id, so it stops being reported.",
    ],
    comparison: [],
    pictures: [],
    picturesTitle: 'Pictures',
    picturesDetail: '',
    signals: [],
    incident: [],
    digest: rows,
    files: [],
    notes,
    footer: `Sent by defacewatch to the contacts of ${agency}. Digest ${oneLine(alert.id, 200)}.`,
  };
}
