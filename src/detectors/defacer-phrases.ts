/**
 * defacer-phrases: defacer signatures ("hacked by", 中国红客) and territorial-dispute slogans
 * (钓鱼岛是中国的) that appeared in the page's new text, its new title, the alt text of new images or
 * the new text of carousel slides that were not showing when the page was captured.
 *
 * A phrase counts as much as the page *states* it. Defacers claim: "Hacked by X" standing alone, in a
 * banner or a heading, "this site was hacked by X". News reports: the phrase in quotation marks,
 * mid-sentence after a third party ("a bank's website was hacked by a group…"), in long prose, in a
 * dated item of a news list. Each match is weighed by its context (./phrase-context.ts, with the
 * HTML around it from ./page-blocks.ts), and a phrase counts by its most claim-like match. Phrases
 * matching the same words count once, as the strongest of them. A phrase the baseline already
 * showed as often does not count at all: that is old text that moved.
 */
import { slideBlocks, visibleBlocks } from '../compare/dom.js';
import { foldText } from '../compare/text.js';
import type { Capture, DomDiff, Signal } from '../core/types.js';
import { DEFACER_PHRASES, type PhraseEntry, type PhraseKind } from './data/defacer-phrases.js';
import { PATTERN_SLOTS } from './data/phrase-slots.js';
import { SELF_CLAIM_WEIGHT } from './data/self-claims.js';
import { locateSnippet, readPageBlocks, structureAt, type PageBlock } from './page-blocks.js';
import { judgeClaim, textContext, type StructureContext, type TextContext } from './phrase-context.js';
import type { DetectorContext, SyncDetector } from './types.js';

const NAME = 'defacer-phrases';

/** The score never claims certainty. */
export const MAX_SCORE = 0.99;
/** Characters of context on each side of a match used to find it in the HTML. */
const SNIPPET_CONTEXT = 24;

/** A phrase entry with its matcher. */
export interface CompiledPhrase {
  entry: PhraseEntry;
  /** Global, so `String#match` returns every occurrence; never used with `exec`/`test` (no lastIndex state). */
  re: RegExp;
  /** The pattern has slots: alerts name what it matched, not the entry's sample. */
  templated: boolean;
}

/** Scripts written with spaces between words: their phrases only match whole words. */
export const SPACED_SCRIPT_ONLY = /^[\p{Script=Latin}\p{N}\p{P}\p{S}\p{M}\s]*$/u;

const SLOT = /\{\{([a-z0-9_]+)\}\}/g;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Replaces each `{{name}}` of a pattern by `(?:…)` of the slot's alternatives. Throws on an unknown
 * slot (a data bug, caught by the unit tests).
 */
export function expandSlots(pattern: string, slots: Readonly<Record<string, readonly string[]>> = PATTERN_SLOTS): string {
  return pattern.replace(SLOT, (_, name: string) => {
    const alternatives = slots[name];
    if (!alternatives || alternatives.length === 0) throw new Error(`Phrase pattern uses an unknown slot {{${name}}}: ${pattern}`);
    return `(?:${alternatives.join('|')})`;
  });
}

/** Compiles phrase entries; throws on an invalid pattern or slot (a data bug, caught by the unit tests). */
export function compilePhrases(entries: readonly PhraseEntry[], slots: Readonly<Record<string, readonly string[]>> = PATTERN_SLOTS): CompiledPhrase[] {
  return entries.map((entry) => {
    const templated = entry.pattern !== undefined && /\{\{[a-z0-9_]+\}\}/.test(entry.pattern);
    const source = entry.pattern === undefined ? escapeRegExp(foldText(entry.text)) : expandSlots(entry.pattern, slots);
    // Whole words, by letters: a date run into a headline ("26 Nov 2026Hacked by") still matches.
    const body = SPACED_SCRIPT_ONLY.test(entry.text) ? `(?<![\\p{L}])(?:${source})(?![\\p{L}])` : `(?:${source})`;
    return { entry, re: new RegExp(body, 'gu'), templated };
  });
}

/** `slide`: the text of a carousel slide that was not showing (DomDiff.slideTextAdded). */
type Where = 'text' | 'title' | 'image' | 'slide';

/** One occurrence of a phrase with what its context says. */
interface Occurrence {
  matched: string;
  where: Where;
  block: string;
  /** The block folded, and where the match is in it. */
  folded: string;
  start: number;
  end: number;
  /** Share of the entry's weight the occurrence keeps. */
  factor: number;
  /** A site-falling phrase said of this site (see judgeClaim): weighs at least SELF_CLAIM_WEIGHT. */
  selfClaim: boolean;
  reasons: string[];
  text: TextContext;
  structure?: StructureContext;
}

interface PhraseHit extends Occurrence {
  phrase: CompiledPhrase;
  weight: number;
  before: number;
  after: number;
  /** The stronger phrase whose match covers the same words, when there is one: it counts once. */
  overlaps?: PhraseHit;
}

/** The same words matched by two phrases ("本站已被黑" and "被黑了"): evidence to count once. */
function sameWords(a: Occurrence, b: Occurrence): boolean {
  return a.where === b.where && a.block === b.block && a.start < b.end && b.start < a.end;
}

/** How each kind of phrase is named in a summary. */
export const LABELS: Record<PhraseKind, string> = {
  defacer: 'defacer phrase',
  dispute: 'dispute slogan',
  hostile: 'hostile phrase',
};

function count(re: RegExp, text: string): number {
  return text.match(re)?.length ?? 0;
}

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** Characters a slogan's name may run on past its match, to the end of its clause (是中国 → 是中国的). */
const NAME_RUN_ON = 12;
const NAME_END = /[\s.!?,;:。！？，、；：()[\]「」『』“”"'\n]/u;

/** What a slogan shape matched, run on to the end of its clause: "南海诸岛是中国神圣领土". */
function slogan(hit: Occurrence): string {
  let end = hit.end;
  const limit = Math.min(hit.folded.length, hit.end + NAME_RUN_ON);
  while (end < limit && !NAME_END.test(hit.folded[end]!)) end++;
  return hit.folded.slice(hit.start, end).trim();
}

function describe(hit: PhraseHit): string {
  const where = hit.where === 'title' ? ' in the title' : hit.where === 'image' ? ' in an image' : hit.where === 'slide' ? ' on a slide not showing' : '';
  // The entry's canonical form reads better than a leetspeak or traditional-script match; a slogan
  // shape with a place slot is named by the slogan it matched. The evidence keeps what was matched.
  const name = hit.phrase.templated ? slogan(hit) : hit.phrase.entry.text;
  const why = hit.reasons.length > 0 ? ` (${hit.reasons.join(', ')})` : '';
  return `${LABELS[hit.phrase.entry.kind]} "${clip(name, 60)}"${where}${why}`;
}

/** Finds a match of the page's visible text in its HTML blocks, from the widest snippet to the match alone. */
function locate(blocks: readonly PageBlock[], text: string, start: number, end: number): { block: PageBlock; start: number; end: number } | null {
  const tries: [number, number][] = [
    [Math.max(0, start - SNIPPET_CONTEXT), Math.min(text.length, end + SNIPPET_CONTEXT)],
    [start, Math.min(text.length, end + SNIPPET_CONTEXT)],
    [start, end],
  ];
  for (const [from, to] of tries) {
    const found = locateSnippet(blocks, text.slice(from, to));
    if (found) return { block: found.block, start: found.at + (start - from), end: found.at + (end - from) };
  }
  return null;
}

/** A block of new text (or title, or image text); `joint` > 0 where two consecutive blocks were joined. */
interface Place {
  where: Where;
  blocks: { raw: string; text: string; joint: number }[];
}

/** What one occurrence of an entry weighs: a self-referencing claim counts at least SELF_CLAIM_WEIGHT. */
function occurrenceWeight(entry: PhraseEntry, judged: { factor: number; selfClaim: boolean }): number {
  return (judged.selfClaim ? Math.max(entry.weight, SELF_CLAIM_WEIGHT) : entry.weight) * judged.factor;
}

/** Where the HTML puts a match: for page text, as read around it; a slide not showing is a slide wherever it is found. */
function placeStructure(
  where: Where,
  text: string,
  start: number,
  end: number,
  structureOf: (text: string, start: number, end: number) => StructureContext | undefined,
): StructureContext | undefined {
  if (where === 'slide') {
    // A slide hidden by its own inline style is not among the HTML's visible blocks.
    return { ...(structureOf(text, start, end) ?? { link: false, listItem: false, dated: false, prominent: false }), slide: true };
  }
  return where === 'text' ? structureOf(text, start, end) : undefined;
}

/**
 * The text a capture shows visitors, folded, joined by spaces: its visible text, its slides not
 * showing and its title. New blocks are read joined, so a slogan across two lines counts on both sides.
 */
function shownText(capture: Capture): string {
  return [...visibleBlocks(capture), ...(slideBlocks(capture) ?? []), capture.title].map(foldText).join(' ');
}

/** The most claim-like occurrence of a phrase in the new text, or null. */
function bestOccurrence(
  phrase: CompiledPhrase,
  places: readonly Place[],
  structureOf: (text: string, start: number, end: number) => StructureContext | undefined,
): Occurrence | null {
  const spaced = SPACED_SCRIPT_ONLY.test(phrase.entry.text);
  const anywhere = phrase.entry.anywhere === true || phrase.entry.kind === 'hostile';
  let best: Occurrence | null = null;
  for (const place of places) {
    for (const b of place.blocks) {
      for (const m of b.text.matchAll(phrase.re)) {
        const start = m.index;
        const end = start + m[0].length;
        // Across a join only, and only for scripts without spaces, where a line break is a slogan's
        // layout; Latin phrases with gaps would bridge unrelated lines.
        if (b.joint >= 0 && (spaced || end <= b.joint || start > b.joint)) continue;
        const text = textContext(b.text, start, end);
        const structure = placeStructure(place.where, b.text, start, end, structureOf);
        const judged = judgeClaim(text, structure, { anywhere, claim: phrase.entry.claim === true });
        if (best && occurrenceWeight(phrase.entry, judged) <= occurrenceWeight(phrase.entry, best)) continue;
        best = {
          matched: m[0],
          where: place.where,
          block: b.raw,
          folded: b.text,
          start,
          end,
          factor: judged.factor,
          selfClaim: judged.selfClaim,
          reasons: judged.reasons,
          text,
          ...(structure ? { structure } : {}),
        };
      }
    }
  }
  return best;
}

/**
 * The new text of a change, folded, by where it appeared: page text, title, image text and slides
 * not showing.
 */
function addedPlaces(dom: DomDiff): Place[] {
  const places: { where: Where; blocks: readonly string[] }[] = [
    { where: 'text', blocks: dom.textAdded },
    { where: 'title', blocks: dom.titleChanged ? [dom.titleAfter] : [] },
    { where: 'image', blocks: dom.imageTextAdded ?? [] },
    { where: 'slide', blocks: dom.slideTextAdded ?? [] },
  ];
  const folded: Place[] = places.map((p) => ({ where: p.where, blocks: p.blocks.map((b) => ({ raw: b, text: foldText(b), joint: -1 })) }));
  // A slogan set on two lines (钓鱼岛<br>是中国的) is two blocks: consecutive new blocks are read
  // joined too, for matches across the join (see bestOccurrence).
  for (const added of folded.filter((p) => p.where === 'text' || p.where === 'slide')) {
    const lines = added.blocks.length;
    for (let i = 0; i + 1 < lines; i++) {
      const a = added.blocks[i]!;
      const b = added.blocks[i + 1]!;
      added.blocks.push({ raw: `${a.raw} ${b.raw}`, text: `${a.text} ${b.text}`, joint: a.text.length });
    }
  }
  return folded;
}

/** The one signal of the phrases found: phrases on the same words count once, as the strongest; every hit is in the evidence. */
function phraseSignal(hits: PhraseHit[]): Signal {
  hits.sort((a, b) => b.weight - a.weight);
  const counted: PhraseHit[] = [];
  for (const h of hits) {
    const stronger = counted.find((c) => sameWords(c, h));
    if (stronger) h.overlaps = stronger;
    else counted.push(h);
  }
  let none = 1;
  for (const h of counted) none *= 1 - h.weight;
  const score = Math.min(MAX_SCORE, 1 - none);
  const shown = counted.slice(0, 3).map(describe);
  // Visitors meet these even when the screenshot does not show them: a slide turns in seconds, and
  // a visible image's alt and title are read aloud and shown where the picture fails to load.
  const visibleToVisitors = counted.some((h) => h.where === 'image' || h.structure?.slide === true);
  const summary = `${shown.join(', ')}${counted.length > 3 ? ` and ${counted.length - 3} more` : ''} added`;
  return {
    detector: NAME,
    kind: 'signature',
    score,
    summary,
    ...(visibleToVisitors ? { visibleToVisitors } : {}),
    evidence: {
      matches: hits.map((h) => ({
        phrase: h.phrase.entry.text,
        matched: h.matched,
        lang: h.phrase.entry.lang,
        kind: h.phrase.entry.kind,
        where: h.where,
        weight: Math.round(h.weight * 1000) / 1000,
        claimFactor: Math.round(h.factor * 1000) / 1000,
        ...(h.selfClaim ? { selfClaim: true } : {}),
        reportedAs: h.reasons,
        context: { ...h.text, ...(h.structure ? { structure: h.structure } : {}) },
        ...(h.overlaps ? { countedWith: h.overlaps.phrase.entry.text } : {}),
        countBefore: h.before,
        countAfter: h.after,
        block: clip(h.block, 200),
      })),
    },
  };
}

/** Builds the detector over a phrase list (the shipped list by default). */
export function createDefacerPhrasesDetector(entries: readonly PhraseEntry[] = DEFACER_PHRASES): SyncDetector {
  const phrases = compilePhrases(entries);

  function detect(ctx: DetectorContext): Signal[] {
    const { dom } = ctx;
    if (dom.identical) return [];
    const folded = addedPlaces(dom);
    if (folded.every((p) => p.blocks.length === 0)) return [];

    // Read lazily: most checks match no phrase at all.
    let pageBlocks: PageBlock[] | null = null;
    const structureOf = (text: string, start: number, end: number): StructureContext | undefined => {
      pageBlocks ??= readPageBlocks(ctx.current.html);
      const found = locate(pageBlocks, text, start, end);
      return found ? structureAt(found.block, found.start, found.end) : undefined;
    };

    let beforeText: string | null = null;
    let afterText: string | null = null;
    const hits: PhraseHit[] = [];
    for (const phrase of phrases) {
      const best = bestOccurrence(phrase, folded, structureOf);
      if (!best) continue;
      // Present before at least as often? Then it is old text that moved or was re-flowed, not new.
      beforeText ??= shownText(ctx.baseline);
      afterText ??= shownText(ctx.current);
      const before = count(phrase.re, beforeText);
      const after = count(phrase.re, afterText);
      if (best.where !== 'image' && after <= before) continue;
      hits.push({ ...best, phrase, weight: occurrenceWeight(phrase.entry, best), before, after });
    }
    if (hits.length === 0) return [];

    return [phraseSignal(hits)];
  }

  // 2.3.0: reads the text of carousel slides that were not showing (DomDiff.slideTextAdded), and
  // the phrase list knows ownership claims and sites named by their organisation.
  return { name: NAME, version: '2.3.0', detect };
}

/** The detector with the shipped phrase list. */
export const defacerPhrases: SyncDetector = createDefacerPhrasesDetector();
