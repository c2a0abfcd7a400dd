/**
 * defacer-phrases: defacer signatures ("hacked by", 中国红客) and territorial-dispute slogans
 * (钓鱼岛是中国的) that appeared in the page's new text, its new title or the alt text of new images.
 * A phrase the baseline already showed as often (a security news item quoting "hacked by") does not
 * count, and a phrase inside a long paragraph counts half: slogans stand alone, articles quote.
 */
import { visibleBlocks } from '../compare/dom.js';
import { foldText } from '../compare/text.js';
import type { Signal } from '../core/types.js';
import { DEFACER_PHRASES, type PhraseEntry, type PhraseKind } from './data/defacer-phrases.js';
import type { DetectorContext, SyncDetector } from './types.js';

const NAME = 'defacer-phrases';

/** A matched block longer than this (characters) is prose that may be quoting the phrase… */
export const LONG_BLOCK_CHARS = 280;
/** …and the phrase's weight is multiplied by this. */
export const LONG_BLOCK_FACTOR = 0.5;
/** The score never claims certainty. */
export const MAX_SCORE = 0.99;

/** A phrase entry with its matcher. */
export interface CompiledPhrase {
  entry: PhraseEntry;
  /** Global, so `String#match` returns every occurrence; never used with `exec`/`test` (no lastIndex state). */
  re: RegExp;
}

/** Scripts written with spaces between words: their phrases only match whole words. */
export const SPACED_SCRIPT_ONLY = /^[\p{Script=Latin}\p{N}\p{P}\p{S}\p{M}\s]*$/u;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Compiles phrase entries; throws on an invalid pattern (a data bug, caught by the unit tests). */
export function compilePhrases(entries: readonly PhraseEntry[]): CompiledPhrase[] {
  return entries.map((entry) => {
    const source = entry.pattern ?? escapeRegExp(foldText(entry.text));
    const body = SPACED_SCRIPT_ONLY.test(entry.text) ? `(?<![\\p{L}\\p{N}])(?:${source})(?![\\p{L}\\p{N}])` : `(?:${source})`;
    return { entry, re: new RegExp(body, 'gu') };
  });
}

type Where = 'text' | 'title' | 'image';

interface PhraseHit {
  entry: PhraseEntry;
  matched: string;
  where: Where;
  block: string;
  weight: number;
  before: number;
  after: number;
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

function describe(hit: PhraseHit): string {
  const where = hit.where === 'title' ? ' in the title' : hit.where === 'image' ? ' in an image' : '';
  // The entry's canonical form reads better than a leetspeak or traditional-script match; the
  // evidence keeps what was actually matched.
  return `${LABELS[hit.entry.kind]} "${clip(hit.entry.text, 60)}"${where}`;
}

/** Builds the detector over a phrase list (the shipped list by default). */
export function createDefacerPhrasesDetector(entries: readonly PhraseEntry[] = DEFACER_PHRASES): SyncDetector {
  const phrases = compilePhrases(entries);

  function detect(ctx: DetectorContext): Signal[] {
    const { dom } = ctx;
    if (dom.identical) return [];
    const places: { where: Where; blocks: readonly string[] }[] = [
      { where: 'text', blocks: dom.textAdded },
      { where: 'title', blocks: dom.titleChanged ? [dom.titleAfter] : [] },
      { where: 'image', blocks: dom.imageTextAdded ?? [] },
    ];
    const folded = places.map((p) => ({ where: p.where, blocks: p.blocks.map((b) => ({ raw: b, text: foldText(b) })) }));
    if (folded.every((p) => p.blocks.length === 0)) return [];

    let beforeText: string | null = null;
    let afterText: string | null = null;
    const hits: PhraseHit[] = [];
    for (const { entry, re } of phrases) {
      let first: { matched: string; where: Where; block: string } | null = null;
      let allLong = true;
      for (const place of folded) {
        for (const b of place.blocks) {
          const m = b.text.match(re);
          if (!m) continue;
          first ??= { matched: m[0] ?? entry.text, where: place.where, block: b.raw };
          if (b.text.length <= LONG_BLOCK_CHARS) allLong = false;
        }
      }
      if (!first) continue;
      // Present before at least as often? Then it is old text that moved or was re-flowed, not new.
      beforeText ??= [...visibleBlocks(ctx.baseline), ctx.baseline.title].map(foldText).join('\n');
      afterText ??= [...visibleBlocks(ctx.current), ctx.current.title].map(foldText).join('\n');
      const before = count(re, beforeText);
      const after = count(re, afterText);
      if (first.where !== 'image' && after <= before) continue;
      const weight = entry.weight * (allLong ? LONG_BLOCK_FACTOR : 1);
      hits.push({ entry, ...first, weight, before, after });
    }
    if (hits.length === 0) return [];

    hits.sort((a, b) => b.weight - a.weight);
    let none = 1;
    for (const h of hits) none *= 1 - h.weight;
    const score = Math.min(MAX_SCORE, 1 - none);
    const shown = hits.slice(0, 3).map(describe);
    const summary = `${shown.join(', ')}${hits.length > 3 ? ` and ${hits.length - 3} more` : ''} added`;
    return [
      {
        detector: NAME,
        kind: 'signature',
        score,
        summary,
        evidence: {
          matches: hits.map((h) => ({
            phrase: h.entry.text,
            matched: h.matched,
            lang: h.entry.lang,
            kind: h.entry.kind,
            where: h.where,
            weight: h.weight,
            countBefore: h.before,
            countAfter: h.after,
            block: clip(h.block, 200),
          })),
        },
      },
    ];
  }

  return { name: NAME, version: '1.0.0', detect };
}

/** The detector with the shipped phrase list. */
export const defacerPhrases: SyncDetector = createDefacerPhrasesDetector();
