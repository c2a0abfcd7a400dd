/**
 * Alert → email content (subject, plain text, HTML, pictures). Pure: no I/O, no clock; the
 * pictures come ready-made from evidence-images.ts.
 *
 * Everything that came from the monitored page — title, URLs, the reason and the signal
 * summaries, which quote the page — was possibly written by the attacker, so it is stripped of
 * control and bidi characters and shortened here, and HTML-escaped by the layout. The HTML loads
 * nothing remote and runs nothing: pictures are attached and referenced by cid.
 */

import type { Signal } from '../core/types.js';
import { renderHtml, renderText, type EmailModel, type ModelAction, type ModelPicture, type ModelSignal } from './email-layout.js';
import { formatBytes, NO_EVIDENCE_IMAGES, type EvidenceImages, type EvidenceRole } from './evidence-images.js';
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

const MAX_SUBJECT_PART = 60;
const MAX_REASON = 1000;
const MAX_SUMMARY = 300;
const MAX_TITLE = 200;
const MAX_URL = 500;
const MAX_SIGNALS = 12;
const MAX_DIGEST_ROWS = 200;

const COLOUR = { red: '#b3261e', green: '#1e7b34', blue: '#1f5fa8', amber: '#8a5a00', slate: '#44505e' } as const;

/**
 * Composes the email for an alert. `images` are the alert's evidence pictures (see
 * prepareEvidenceImages); without them the message says no pictures are attached.
 */
export function composeEmail(alert: Alert, images: EvidenceImages = NO_EVIDENCE_IMAGES): ComposedEmail {
  const model = alert.kind === 'digest' ? digestModel(alert) : siteModel(alert, images);
  const attachments: EmailAttachment[] =
    alert.kind === 'digest'
      ? []
      : [
          ...images.inline.map(
            (i): InlineAttachment => ({ filename: i.filename, content: i.content, cid: i.cid, contentType: i.contentType, contentDisposition: 'inline' }),
          ),
          ...images.attachments.map(
            (a): FileAttachment => ({ filename: a.filename, path: a.path, contentType: a.contentType, contentDisposition: 'attachment' }),
          ),
        ];
  return { subject: model.subject, text: renderText(model), html: renderHtml(model), priority: priorityOf(alert), attachments };
}

/** The subject line of an alert's email, also carried by webhook events as their one-line summary. */
export function alertSubject(alert: Alert): string {
  return alert.kind === 'digest' ? digestSubject(alert) : siteSubject(alert);
}

function priorityOf(alert: Alert): ComposedEmail['priority'] {
  switch (alert.kind) {
    case 'defaced':
    case 'reminder':
      return 'high';
    case 'unreachable':
    case 'digest':
      return 'low';
    case 'restored':
    case 'approved':
    case 'test':
      return 'normal';
  }
}

// ---- subject -------------------------------------------------------------------------------

function siteSubject(alert: SiteAlert): string {
  const agency = oneLine(alert.agency.name, MAX_SUBJECT_PART);
  const site = oneLine(alert.result.site, MAX_SUBJECT_PART);
  const score = `(score ${formatScore(alert.result.score)})`;
  const evidence = evidenceSummary(alert.result.signals) || 'defacement detected';
  switch (alert.kind) {
    case 'defaced':
      return `[DEFACED] ${agency} — ${site} — ${evidence} ${score}`;
    case 'reminder': {
      const open = openFor(alert);
      const n = alert.incident?.reminder;
      return `[REMINDER${n === undefined ? '' : ` ${n}`}] ${agency} — ${site} — still defaced${open ? ` after ${open}` : ''}: ${evidence} ${score}`;
    }
    case 'restored': {
      const open = openFor(alert);
      return `[RESTORED] ${agency} — ${site} — back to its approved baseline${open ? ` after ${open}` : ''}`;
    }
    case 'approved':
      return `[APPROVED] ${agency} — ${site} — change approved as the new baseline`;
    case 'unreachable': {
      const since = alert.unreachableSince === undefined ? '' : durationBetween(alert.unreachableSince, alert.result.checkedAt);
      const why = unreachableCause(alert.result.reason);
      return `[UNREACHABLE] ${agency} — ${site} — cannot be loaded${since ? ` for ${since}` : ''}${why ? ` (${why})` : ''}`;
    }
    case 'test':
      return `[TEST] ${agency} — test alert from defacewatch, nothing is wrong`;
  }
}

function digestSubject(alert: DigestAlert): string {
  const agency = oneLine(alert.agency.name, MAX_SUBJECT_PART);
  const n = alert.entries.length;
  return `[DIGEST] ${agency} — ${n} site${n === 1 ? '' : 's'} changed ${periodWords(alert)}`;
}

/** Plain words for what a signal shows, with whether it is a signature (named "… detected"). */
interface EvidenceWord {
  words: string;
  signature: boolean;
}

const PHRASE_WORDS: Record<string, string> = { defacer: 'defacer message', dispute: 'slogan', hostile: 'hostile text' };

/** Signals below this score are not named in a subject: they hardly moved the verdict. */
const MIN_NAMED_SCORE = 0.2;

function wordsFor(signal: Signal): EvidenceWord[] {
  const signature = signal.kind === 'signature';
  const summary = signal.summary.toLowerCase();
  switch (signal.detector) {
    case 'defacer-phrases':
    case 'image-text': {
      if (!signature) return [];
      const kinds = new Set<string>();
      const matches = signal.evidence.matches;
      if (Array.isArray(matches)) for (const m of matches) if (typeof m?.kind === 'string') kinds.add(m.kind);
      for (const kind of Object.keys(PHRASE_WORDS)) if (kinds.size === 0 && summary.includes(kind)) kinds.add(kind);
      const words = [...kinds].map((k) => ({ words: PHRASE_WORDS[k] ?? 'defacer message', signature: true }));
      return words.length > 0 ? words : [{ words: 'defacer message', signature: true }];
    }
    case 'national-flag':
    case 'image-flag':
      return signature ? [{ words: 'flag', signature: true }] : [];
    case 'content-replacement':
      if (/blank/.test(summary)) return [{ words: 'page blank', signature: false }];
      if (/http \d{3}/.test(summary)) return [{ words: 'error page instead of the site', signature: false }];
      return [{ words: signal.kind === 'replacement' && signal.score >= 0.5 ? 'page replaced' : 'text changed', signature: false }];
    case 'overlay':
      return [{ words: signal.kind === 'replacement' ? 'overlay covers the page' : 'overlay added', signature: false }];
    case 'first-screen':
      return [{ words: signal.kind === 'replacement' ? 'first screen replaced' : 'content inserted at the top', signature: false }];
    case 'title-change':
      return [{ words: 'title changed', signature: false }];
    case 'new-origins':
      return [{ words: 'new script or frame source', signature: false }];
    case 'hidden-links':
      return [{ words: 'hidden links added', signature: false }];
    case 'visual-change':
      return [{ words: 'page looks different', signature: false }];
    default:
      return [{ words: signature ? 'defacement mark' : signal.kind === 'replacement' ? 'content replaced' : 'page changed', signature }];
  }
}

/**
 * The evidence in a few plain words for a subject line, from the signals' detectors and kinds
 * rather than their sentences: e.g. "flag and slogan detected", "page replaced", "flag and defacer
 * message detected, overlay covers the page". Strongest first; "" when no signal counts.
 */
export function evidenceSummary(signals: readonly Signal[]): string {
  const best = new Map<string, EvidenceWord & { score: number; replacement: boolean }>();
  for (const signal of signals) {
    if (!(signal.score >= MIN_NAMED_SCORE) || signal.evidence.code === 'DETECTOR_FAILED') continue;
    for (const word of wordsFor(signal)) {
      const seen = best.get(word.words);
      if (!seen || seen.score < signal.score) best.set(word.words, { ...word, score: signal.score, replacement: signal.kind === 'replacement' });
    }
  }
  const ranked = [...best.values()].sort((a, b) => b.score - a.score);
  const marks = ranked.filter((w) => w.signature).slice(0, 3).map((w) => w.words);
  const changes = ranked.filter((w) => !w.signature);
  if (marks.length === 0) return changes.slice(0, 2).map((w) => w.words).join(', ');
  // Beside a signature, only a replaced page is worth the space; lesser changes go without saying.
  const replaced = changes.find((w) => w.replacement);
  return [`${joinWords(marks)} detected`, ...(replaced ? [replaced.words] : [])].join(', ');
}

function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]!}`;
}

const UNREACHABLE_CAUSES: Record<string, string> = {
  CAPTURE_TIMEOUT: 'timed out',
  DNS_FAILED: 'name does not resolve',
  URL_PRIVATE: 'refused: private address',
  CAPTURE_FAILED: 'load failed',
  BROWSER_LAUNCH_FAILED: 'browser did not start',
};

function unreachableCause(reason: string): string {
  const code = /\(([A-Z_]+)\)/.exec(reason)?.[1];
  return code === undefined ? '' : (UNREACHABLE_CAUSES[code] ?? '');
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

  const facts: Array<[string, string]> = [['Site', `${site} (${agency})`], ['Address', url]];
  // An unreachable page showed nothing: a title or address from an earlier check would mislead.
  const page = alert.kind === 'unreachable' ? undefined : alert.page;
  const finalUrl = page?.finalUrl === undefined ? '' : oneLine(page.finalUrl, MAX_URL);
  if (finalUrl !== '' && finalUrl !== url) facts.push(['Page ended at', describeFinalUrl(finalUrl, url)]);
  if (page?.title !== undefined) facts.push(['Page title now', oneLine(page.title, MAX_TITLE) || '(empty)']);
  if (alert.kind === 'unreachable' && alert.unreachableSince !== undefined) {
    const since = formatInTimeZone(alert.unreachableSince, zone);
    const lasting = durationBetween(alert.unreachableSince, result.checkedAt);
    facts.push(['Unreachable since', `${since.local}${lasting ? ` (${lasting})` : ''}`]);
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

  const pictures = images.inline.map((image): ModelPicture => {
    const { area, pageSize } = image;
    const whole = area.width === pageSize.width && area.height === pageSize.height;
    const where = image.focused ? 'around the change' : 'top of the page';
    return {
      cid: image.cid,
      filename: image.filename,
      caption: pictureCaption(image.role, alert.kind, checked.short),
      detail: whole
        ? `the whole page, ${pageSize.width}×${pageSize.height} px`
        : `${where}: x ${area.x}–${area.x + area.width}, y ${area.y}–${area.y + area.height} of the ${pageSize.width}×${pageSize.height} px page`,
      width: image.width,
      height: image.height,
    };
  });
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
    pictures,
    picturesTitle: alert.kind === 'restored' ? 'Pictures from the incident' : 'Pictures',
    signals: alert.kind === 'unreachable' || alert.kind === 'restored' ? [] : describeSignals(result.signals),
    incident: incidentRows,
    files,
    notes,
    footer: `Sent by defacewatch to the contacts of ${agency}. Alert ${oneLine(alert.id, 200)}. This message loads nothing from the internet: its pictures are attached.`,
  };
}

interface SiteLook {
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

function siteLook(alert: SiteAlert, site: string, agency: string, checked: FormattedTime): SiteLook {
  const sure = `${capitalise(scoreWords(alert.result.score))}: score ${formatScore(alert.result.score)} of 1.`;
  switch (alert.kind) {
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
    case 'test':
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
 * What a picture shows. A closing message may carry the incident's pictures rather than the clean
 * check's (which keeps none), so those are not dated by the check.
 */
function pictureCaption(role: EvidenceRole, kind: SiteAlert['kind'], when: string): string {
  switch (role) {
    case 'current':
      if (kind === 'approved') return 'The page as approved (its new baseline)';
      if (kind === 'restored') return 'The page during the incident';
      return `The page as captured (${when})`;
    case 'baseline':
      return kind === 'approved' ? 'The baseline it replaces' : 'The approved baseline (what it should look like)';
    case 'diff':
      return 'What changed (differences in red)';
  }
}

function describeSignals(signals: readonly Signal[]): ModelSignal[] {
  const sorted = [...signals].filter((s) => s.score > 0 || s.evidence.code === 'DETECTOR_FAILED').sort((a, b) => b.score - a.score);
  const shown = sorted.slice(0, MAX_SIGNALS).map(
    (s): ModelSignal => ({
      strength: s.score >= 0.8 ? 'strong' : s.score >= 0.5 ? 'moderate' : 'weak',
      score: formatScore(s.score),
      summary: oneLine(s.summary, MAX_SUMMARY) || '(no summary)',
      source: `${SIGNAL_KIND_WORDS[s.kind ?? 'supporting']}; detector ${oneLine(s.detector, 60)}`,
    }),
  );
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
      return null;
    }
  };
  const to = host(finalUrl);
  if (to !== null && to === host(url)) return finalUrl;
  const defanged = finalUrl.replace(/^http/i, 'hxxp').replace(/\./g, '[.]');
  return `${defanged} (another site; address defanged)`;
}

function safeHttpUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
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
      'Look through them when convenient. A change that is legitimate and here to stay can be approved as the site\'s new baseline (defacewatch approve <site>), so it stops being reported.',
    ],
    pictures: [],
    picturesTitle: 'Pictures',
    signals: [],
    incident: [],
    digest: rows,
    files: [],
    notes,
    footer: `Sent by defacewatch to the contacts of ${agency}. Digest ${oneLine(alert.id, 200)}.`,
  };
}

/** "on 2025-03-01", or "from 2025-03-01 to 2025-03-03" for a longer period, in the agency's days. */
function periodWords(alert: DigestAlert): string {
  const zone = alert.agency.timezone;
  const from = formatInTimeZone(alert.period.from, zone).date;
  // The period ends at the start of the next day: its last instant names the day it covers.
  const lastMs = new Date(alert.period.to).getTime() - 1;
  const to = Number.isNaN(lastMs) ? from : formatInTimeZone(new Date(Math.max(lastMs, new Date(alert.period.from).getTime() || 0)).toISOString(), zone).date;
  return from === to ? `on ${from}` : `from ${from} to ${to}`;
}

// ---- words, numbers and times ----------------------------------------------------------------

function scoreWords(score: number): string {
  if (score >= 0.95) return 'almost certain';
  if (score >= 0.85) return 'very likely';
  if (score >= 0.7) return 'likely';
  if (score >= 0.4) return 'possible';
  return 'unlikely';
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A score for people: two decimals, and never "1.00" for a score below 1 (0.999 is not certainty). */
export function formatScore(score: number): string {
  if (!Number.isFinite(score)) return '?';
  const fixed = score.toFixed(2);
  return fixed === '1.00' && score < 1 ? '0.99' : fixed;
}

/** How long the alert's incident has been (or was) open, e.g. "3 h 12 min"; "" when unknown. */
function openFor(alert: SiteAlert): string {
  const incident = alert.incident;
  if (!incident) return '';
  return durationBetween(incident.openedAt, incident.closedAt ?? alert.result.checkedAt);
}

/** e.g. "45 min", "3 h 12 min", "2 days 4 h"; "" for unparseable or negative spans. */
export function durationBetween(fromIso: string, toIso: string): string {
  const ms = new Date(toIso).getTime() - new Date(fromIso).getTime();
  if (!Number.isFinite(ms) || ms < 0) return '';
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'less than a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} days` : `${days} days ${hours % 24} h`;
}

/** A time shown two ways: in the agency's zone for people, and in UTC for incident logs. */
export interface FormattedTime {
  /** e.g. `2025-03-01 15:04:05 UTC+03:00 (Africa/Nairobi)`. */
  local: string;
  /** e.g. `2025-03-01T12:04:05.000Z`. */
  utc: string;
  /** e.g. `2025-03-01 15:04`, local, for tables. */
  short: string;
  /** e.g. `2025-03-01`, local. */
  date: string;
}

/**
 * Formats an ISO timestamp in an IANA time zone with Intl.DateTimeFormat. An unknown zone falls
 * back to UTC (and says so) rather than failing: the alert matters more than its clock.
 */
export function formatInTimeZone(iso: string, timeZone: string): FormattedTime {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    const raw = oneLine(iso, 60);
    return { local: raw, utc: raw, short: raw, date: raw };
  }
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
  const day10 = `${year}-${pad(month)}-${pad(day)}`;
  const local = `${day10} ${pad(hour)}:${pad(minute)}:${pad(second)} ${formatOffset(offsetMinutes)} (${zone})${note}`;
  return { local, utc, short: `${day10} ${pad(hour)}:${pad(minute)}`, date: day10 };
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

// C0/C1 controls, and the Unicode bidi/zero-width marks an attacker can use to make text read
// differently from what it is (CVE-2021-42574, "Trojan Source").
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** One line of display text: invisible characters removed, whitespace collapsed, shortened with "…". */
export function oneLine(value: string, max: number): string {
  const flat = String(value).replace(/\s+/g, ' ').replace(INVISIBLE, '').trim();
  const chars = Array.from(flat);
  return chars.length <= max ? flat : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}
