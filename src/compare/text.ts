/**
 * Text measures that work for the scripts of the sites we watch: English, Malay/Indonesian, Tagalog
 * and Vietnamese separate words with spaces; Chinese, Japanese, Thai, Lao, Khmer and Burmese do not,
 * so their runs are cut into character n-grams instead of words.
 */

/** Words per shingle for space-separated scripts (docs/performance.md measured 5-word shingles). */
export const WORD_SHINGLE = 5;
/** Characters per n-gram for Han and kana: Chinese and Japanese words are one to three characters. */
export const CJK_NGRAM = 3;
/** Characters per n-gram for Thai, Lao, Khmer, Burmese: letters, not syllables, so a longer gram. */
export const SEA_NGRAM = 4;

const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30fc\u3005]+/gu;
const SEA_RUN = /[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]+/gu;
const UNSPACED_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30fc\u3005]+|[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]+/gu;
const UNSPACED_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*/gu;

const NON_ASCII = /[^\x00-\x7f]/;

/** NFKC (full-width Latin and half-width kana fold), whitespace collapsed, trimmed. */
export function normaliseSpace(text: string): string {
  const nfkc = NON_ASCII.test(text) ? text.normalize('NFKC') : text;
  return nfkc.replace(/\s+/gu, ' ').trim();
}

/** Lower-cased normalised text, for matching. */
export function foldText(text: string): string {
  return normaliseSpace(text).toLowerCase();
}

/** A piece of text split into words and runs of unspaced script, in order. */
interface Pieces {
  words: string[];
  cjkRuns: string[];
  seaRuns: string[];
}

function pieces(text: string): Pieces {
  const folded = text.toLowerCase();
  if (!NON_ASCII.test(folded)) return { words: folded.match(WORD) ?? [], cjkRuns: [], seaRuns: [] };
  const cjkRuns = folded.match(CJK_RUN) ?? [];
  const seaRuns = folded.match(SEA_RUN) ?? [];
  const spaced = folded.replace(UNSPACED_RUN, ' \u0000 ');
  // A placeholder word keeps word shingles from bridging across a run of unspaced script.
  const words = (spaced.match(/\u0000|[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*/gu) ?? []) as string[];
  return { words, cjkRuns, seaRuns };
}

function addGrams(out: Set<string>, run: string, n: number): void {
  const chars = Array.from(run);
  if (chars.length <= n) {
    out.add(chars.join(''));
    return;
  }
  for (let i = 0; i + n <= chars.length; i++) out.add(chars.slice(i, i + n).join(''));
}

/**
 * Shingles of a list of text blocks: 5-word shingles for spaced scripts (a shorter block is one
 * shingle), character n-grams for unspaced scripts. Shingles never cross a block boundary.
 */
export function shingles(blocks: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const block of blocks) {
    const p = pieces(block);
    let segment: string[] = [];
    const flush = (): void => {
      if (segment.length === 0) return;
      if (segment.length <= WORD_SHINGLE) out.add(segment.join(' '));
      else for (let i = 0; i + WORD_SHINGLE <= segment.length; i++) out.add(segment.slice(i, i + WORD_SHINGLE).join(' '));
      segment = [];
    };
    for (const w of p.words) {
      if (w === '\u0000') flush();
      else segment.push(w);
    }
    flush();
    for (const run of p.cjkRuns) addGrams(out, run, CJK_NGRAM);
    for (const run of p.seaRuns) addGrams(out, run, SEA_NGRAM);
  }
  return out;
}

/** Jaccard similarity of two sets; two empty sets are the same (1). */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let common = 0;
  for (const s of small) if (large.has(s)) common++;
  return common / (a.size + b.size - common);
}

/**
 * Weighted units of text for "how much is gone": words (weighted by length) for spaced scripts and
 * character bigrams (weight 1, so about one per character) for unspaced scripts. Bigrams, not single
 * characters: two unrelated Chinese texts share most common characters but few bigrams.
 */
export function textUnits(blocks: readonly string[]): Map<string, number> {
  const units = new Map<string, number>();
  for (const block of blocks) {
    const folded = block.toLowerCase();
    const ascii = !NON_ASCII.test(folded);
    for (const w of (ascii ? folded : folded.replace(UNSPACED_RUN, ' ')).match(WORD) ?? []) units.set(w, (units.get(w) ?? 0) + 1);
    if (ascii) continue;
    for (const run of folded.match(UNSPACED_RUN) ?? []) {
      const chars = Array.from(run);
      if (chars.length === 1) units.set(run, (units.get(run) ?? 0) + 1);
      for (let i = 0; i + 1 < chars.length; i++) {
        const g = (chars[i] as string) + (chars[i + 1] as string);
        units.set(g, (units.get(g) ?? 0) + 1);
      }
    }
  }
  return units;
}

function unitWeight(unit: string): number {
  return UNSPACED_CHAR.test(unit) ? 1 : unit.length;
}

/** Fraction (0..1) of the baseline's text units, by weight, that the current text no longer has. */
export function removedFraction(before: Map<string, number>, after: Map<string, number>): number {
  let total = 0;
  let gone = 0;
  for (const [unit, count] of before) {
    const w = unitWeight(unit);
    total += w * count;
    const kept = Math.min(count, after.get(unit) ?? 0);
    gone += w * (count - kept);
  }
  return total > 0 ? gone / total : 0;
}

/** Multiset difference: items of `a` not matched by an equal item of `b`, in `a`'s order. */
export function multisetMinus(a: readonly string[], b: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const s of b) counts.set(s, (counts.get(s) ?? 0) + 1);
  const out: string[] = [];
  for (const s of a) {
    const n = counts.get(s) ?? 0;
    if (n > 0) counts.set(s, n - 1);
    else out.push(s);
  }
  return out;
}

/** True when a string holds letters or digits (not just punctuation or symbols). */
export function hasWordCharacters(s: string): boolean {
  return /[\p{L}\p{N}]/u.test(s);
}

/**
 * The shape of a text block with every digit replaced: "10:42:07" and "23:01:59" have the same
 * shape, so a clock learnt once is recognised at any time of day.
 */
export function textShape(block: string): string {
  return normaliseSpace(block).replace(/\p{Nd}/gu, '#');
}

/** The words of a shape, each run of digits one `#` ("9:05" and "12:45" alike). */
function shapeWords(shape: string): string[] {
  return shape.replace(/#+/gu, '#').split(' ');
}

/**
 * True when a text block is one the baseline samples showed to change by itself: its shape is one
 * they showed, or it is a line like theirs in which only the words that differed between them differ
 * ("Lunes … PM" and "Miyerkules … AM" learnt, "Martes … AM" at a check). Only learnt lines that share
 * most words with the block in place count, so new text of the same length is never taken for them.
 */
export function isVolatileText(block: string, volatility: { textShapes: readonly string[] } | undefined): boolean {
  if (volatility === undefined) return false;
  const shape = textShape(block);
  if (volatility.textShapes.includes(shape)) return true;
  const words = shapeWords(shape);
  const sharing = (learnt: string[]): boolean => learnt.length === words.length && learnt.filter((w, i) => w === words[i]).length * 2 > words.length;
  const alike = volatility.textShapes.map(shapeWords).filter(sharing);
  if (alike.length < 2) return false;
  const first = alike[0]!;
  // A word the alike lines agree on must be there; where they differ, any word may stand.
  return words.every((w, i) => w === first[i] || alike.some((l) => l[i] !== first[i]));
}
