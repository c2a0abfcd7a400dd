/**
 * Words and numbers about an alert, shared by the email and the webhook event: the subject line
 * (with its plain summary of the evidence), scores, durations and times in the agency's zone, and
 * the one-line cleaning every string from the page goes through. Pure: no I/O, no clock.
 */

import type { Signal } from '../core/types.js';
import type { Alert, DigestAlert, SiteAlert } from './types.js';

const MAX_SUBJECT_PART = 60;

/** The subject line of an alert's email, also carried by webhook events as their one-line summary. */
export function alertSubject(alert: Alert): string {
  return alert.kind === 'digest' ? digestSubject(alert) : siteSubject(alert);
}

// ---- subject -------------------------------------------------------------------------------

/** The subject of a site alert's email. */
export function siteSubject(alert: SiteAlert): string {
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
    case 'reachable': {
      const down = alert.unreachableSince === undefined ? '' : durationBetween(alert.unreachableSince, alert.result.checkedAt);
      return `[REACHABLE] ${agency} — ${site} — loads again${down ? ` after ${down}` : ''}`;
    }
    case 'test':
      return `[TEST] ${agency} — test alert from defacewatch, nothing is wrong`;
    case 'approval-request':
      return `[APPROVE?] ${agency} — ${site} — changed during maintenance: approve the new page`;
  }
}

/** The subject of a digest's email. */
export function digestSubject(alert: DigestAlert): string {
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

/** A phrase match as a detector's evidence records it (evidence is untyped JSON). */
function hasKind(match: unknown): match is { kind: string } {
  return typeof match === 'object' && match !== null && typeof (match as { kind?: unknown }).kind === 'string';
}

function wordsFor(signal: Signal): EvidenceWord[] {
  const signature = signal.kind === 'signature';
  const summary = signal.summary.toLowerCase();
  switch (signal.detector) {
    case 'defacer-phrases':
    case 'image-text': {
      if (!signature) return [];
      const kinds = new Set<string>();
      const matches: unknown = signal.evidence.matches;
      if (Array.isArray(matches)) for (const m of matches as unknown[]) if (hasKind(m)) kinds.add(m.kind);
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
  const marks = ranked
    .filter((w) => w.signature)
    .slice(0, 3)
    .map((w) => w.words);
  const changes = ranked.filter((w) => !w.signature);
  if (marks.length === 0)
    return changes
      .slice(0, 2)
      .map((w) => w.words)
      .join(', ');
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

/** "on 2025-03-01", or "from 2025-03-01 to 2025-03-03" for a longer period, in the agency's days. */
export function periodWords(alert: DigestAlert): string {
  const zone = alert.agency.timezone;
  const from = formatInTimeZone(alert.period.from, zone).date;
  // The period ends at the start of the next day: its last instant names the day it covers.
  const lastMs = new Date(alert.period.to).getTime() - 1;
  const to = Number.isNaN(lastMs) ? from : formatInTimeZone(new Date(Math.max(lastMs, new Date(alert.period.from).getTime() || 0)).toISOString(), zone).date;
  return from === to ? `on ${from}` : `from ${from} to ${to}`;
}

// ---- words, numbers and times ----------------------------------------------------------------

/** How sure a score is, in words: "almost certain", "very likely", … */
export function scoreWords(score: number): string {
  if (score >= 0.95) return 'almost certain';
  if (score >= 0.85) return 'very likely';
  if (score >= 0.7) return 'likely';
  if (score >= 0.4) return 'possible';
  return 'unlikely';
}

/** The string with its first letter in upper case. */
export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A score for people: two decimals, and never "1.00" for a score below 1 (0.999 is not certainty). */
export function formatScore(score: number): string {
  if (!Number.isFinite(score)) return '?';
  const fixed = score.toFixed(2);
  return fixed === '1.00' && score < 1 ? '0.99' : fixed;
}

/** How long the alert's incident has been (or was) open, e.g. "3 h 12 min"; "" when unknown. */
export function openFor(alert: SiteAlert): string {
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
  const [year, month, day, hour, minute, second] = ['year', 'month', 'day', 'hour', 'minute', 'second'].map((k) => Number(parts[k])) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
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
  return chars.length <= max
    ? flat
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}
