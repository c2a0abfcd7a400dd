/**
 * What an incident's signals say that is worth sharing: the slogans the defaced page showed, the
 * flags on it, and the origins its new scripts and frames came from. Read from the evidence records
 * the detectors write (defacer-phrases, image-text, national-flag, image-flag, new-origins,
 * shared-indicators), defensively: evidence is loosely typed and older records may lack fields.
 */
import { foldText } from '../../compare/text.js';
import type { Incident } from '../../core/incident.js';
import { DECISIVE_SLOGAN_WEIGHT, MAX_SLOGAN_LENGTH, sloganWeight } from '../../core/shared-indicator.js';
import type { Signal } from '../../core/types.js';

/** What an incident shows, ready for STIX and MISP. Lists are unique and in a stable order. */
export interface IncidentFacts {
  /** Folded slogans, specific ones only (the claim as a line reads: "hacked by team x", "钓鱼岛是中国的"). */
  slogans: string[];
  /** Names of signature flags shown (e.g. "PRC"). */
  flags: string[];
  /** Origins of scripts and frames the defaced page loaded and the baseline did not. */
  origins: string[];
  /** The signals' one-line summaries, strongest first, for people. */
  summaries: string[];
}

/** A phrase match counts as a slogan when its context says it was claimed, not reported. */
const MIN_CLAIM_FACTOR = 0.5;
/** Characters a slogan may run on past its phrase, to the end of its clause ("hacked by" → "hacked by team x"). */
const RUN_ON = 40;
/** Where a clause ends. */
const CLAUSE_END = /[.!?,;:。！？，、；：()[\]「」『』“”"|\n…]/u;
/** At most this many of each kind of fact. */
const MAX_FACTS = 20;

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null) : [];
}

/** The strings in a list read from evidence; nothing when it is not a list. */
function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** The phrase run on to the end of its clause in its block ("hacked by" in "Hacked by Team X. Greetz" → "hacked by team x"). */
export function sloganInBlock(matched: string, block: string | undefined): string {
  const phrase = foldText(matched);
  if (block === undefined) return phrase;
  const folded = foldText(block.replace(/…$/u, ''));
  const start = folded.indexOf(phrase);
  if (start < 0) return phrase;
  let end = start + phrase.length;
  const limit = Math.min(folded.length, end + RUN_ON);
  while (end < limit && !CLAUSE_END.test(folded[end]!)) end++;
  // Cut at a word end when the run-on stopped mid-word.
  let slogan = folded.slice(start, end);
  if (end === limit && end < folded.length && /[\p{L}\p{N}]/u.test(folded[end]!)) slogan = slogan.replace(/\s+\S*$/u, '');
  return slogan.trim();
}

function slogansOf(signal: Signal): string[] {
  const out: string[] = [];
  if (signal.detector === 'defacer-phrases') {
    for (const m of records(signal.evidence.matches)) {
      const matched = text(m.matched) ?? text(m.phrase);
      const claim = typeof m.claimFactor === 'number' ? m.claimFactor : 1;
      if (matched !== undefined && claim >= MIN_CLAIM_FACTOR) out.push(sloganInBlock(matched, text(m.block)));
    }
  } else if (signal.detector === 'image-text') {
    // OCR text is noisy: the phrase list's own spelling of what was read.
    for (const m of records(signal.evidence.matches)) {
      const phrase = text(m.phrase);
      if (phrase !== undefined) out.push(foldText(phrase));
    }
  } else if (signal.detector === 'shared-indicators') {
    // What a peer's indicator matched here is what this page showed too.
    for (const s of strings(signal.evidence.slogans)) out.push(foldText(s));
  }
  return out;
}

function flagsOf(signal: Signal): string[] {
  if ((signal.detector !== 'national-flag' && signal.detector !== 'image-flag') || signal.kind !== 'signature') return [];
  const name = text(signal.evidence.name);
  return name === undefined ? [] : [name];
}

function originsOf(signal: Signal): string[] {
  if (signal.detector !== 'new-origins') return [];
  const { scripts, iframes } = signal.evidence;
  return [...strings(scripts), ...strings(iframes)];
}

function unique(values: Iterable<string>): string[] {
  return [...new Set(values)].slice(0, MAX_FACTS);
}

/** Whether an origin string is an http(s) origin we would share (not a data: URL, not a path). */
function isWebOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === origin.replace(/\/$/, '');
  } catch {
    // Detector evidence that is not a URL is not an origin: it is simply not shared.
    return false;
  }
}

/**
 * The facts of an incident: from the check that opened it and the latest defaced check, opening
 * first. Only slogans specific enough to decide on their own are shared (DECISIVE_SLOGAN_WEIGHT): a bare
 * "hacked by" is in every member's phrase list already, and would only make news about a defacement
 * look like one.
 */
export function incidentFacts(incident: Incident): IncidentFacts {
  const signals = incident.latest === incident.opening ? incident.opening.signals : [...incident.opening.signals, ...incident.latest.signals];
  const slogans = signals
    .flatMap(slogansOf)
    .map((s) => s.slice(0, MAX_SLOGAN_LENGTH).trim())
    .filter((s) => sloganWeight(s) >= DECISIVE_SLOGAN_WEIGHT);
  const ranked = [...signals].filter((s) => s.score > 0 && s.summary).sort((a, b) => b.score - a.score);
  return {
    slogans: unique(slogans),
    flags: unique(signals.flatMap(flagsOf)),
    origins: unique(signals.flatMap(originsOf).filter(isWebOrigin)),
    summaries: unique(ranked.map((s) => `${s.summary} (${s.detector}, ${s.score.toFixed(2)})`)),
  };
}
