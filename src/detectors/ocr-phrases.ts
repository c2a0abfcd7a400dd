/**
 * Defacer phrases in what OCR read. OCR text is noisier than page text: Chinese and Japanese come
 * back with a space between characters, Latin letters are misread one at a time, and a photo reads
 * as scattered low-confidence marks. So the words are re-joined the way the script is written, each
 * match carries the confidence of the words it covers, and a long phrase may also match with a few
 * misread characters: Latin ones never in a word's first letter ("backed by" is not "hacked by"),
 * and with accents ignored (Vietnamese read by an English model loses them).
 */
import { foldText } from '../compare/text.js';
import type { OcrResult, OcrWord } from './types.js';
import type { PhraseEntry } from './data/defacer-phrases.js';
import { SPACED_SCRIPT_ONLY, type CompiledPhrase } from './defacer-phrases.js';

/** Scripts written without spaces: OCR's spaces between their characters are dropped. */
const UNSPACED_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\u30fc\u3005]/u;
/** Punctuation OCR leaves around words. */
const EDGE_PUNCTUATION = /^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu;

/** OCR text joined for matching, with where each word is in it. */
export interface ReadText {
  /** Folded (NFKC, lower case) words joined by the rules of their script. */
  text: string;
  words: { start: number; end: number; confidence: number; token: string }[];
}

/** The words of a result; a result without words is split on white space at its overall confidence. */
function wordsOf(result: OcrResult): OcrWord[] {
  if (result.words) return result.words;
  return result.text.split('\n').flatMap((line, i) =>
    line
      .split(/\s+/u)
      .filter((t) => t !== '')
      .map((text) => ({ text, confidence: result.confidence, line: i })),
  );
}

/**
 * Joins OCR words: no space where both sides are Chinese, Japanese or Thai characters, one space
 * elsewhere. Line breaks count as spaces, so a slogan set on two lines still reads as one.
 */
export function joinOcrWords(result: OcrResult): ReadText {
  let text = '';
  let last = '';
  const words: ReadText['words'] = [];
  for (const w of wordsOf(result)) {
    const folded = foldText(w.text);
    if (folded === '') continue;
    const chars = Array.from(folded);
    if (text !== '' && !(UNSPACED_CHAR.test(last) && UNSPACED_CHAR.test(chars[0]!))) text += ' ';
    last = chars.at(-1)!;
    const start = text.length;
    text += folded;
    words.push({ start, end: text.length, confidence: w.confidence, token: folded.replace(EDGE_PUNCTUATION, '') });
  }
  return { text, words };
}

/** Mean confidence of the words overlapping [start, end), weighted by how much of each is covered. */
export function spanConfidence(read: ReadText, start: number, end: number): number {
  let weighted = 0;
  let covered = 0;
  for (const w of read.words) {
    const n = Math.min(end, w.end) - Math.max(start, w.start);
    if (n <= 0) continue;
    weighted += w.confidence * n;
    covered += n;
  }
  return covered > 0 ? weighted / covered : 0;
}

/** Levenshtein distance (insert, delete, substitute: 1 each). */
export function editDistance(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[y.length]!;
}

/** One phrase found in OCR text. */
export interface OcrPhraseMatch {
  entry: PhraseEntry;
  /** The phrase's compiled matcher, for counting it in page text. */
  re: RegExp;
  /** The text that matched, as read. */
  matched: string;
  /** 0..1: confidence of the words the match covers. */
  confidence: number;
  /** Characters that had to differ (accents aside) for a fuzzy match; 0 for an exact one. */
  distance: number;
}

export interface MatchOptions {
  /** An exact match needs at least this word confidence… */
  minConfidence: number;
  /** …a fuzzy one this much. */
  minFuzzyConfidence: number;
  /** One misread letter allowed per this many letters of a Latin phrase (0: no fuzzy match). */
  lettersPerEdit: number;
  /**
   * One misread character allowed per this many characters of a phrase in another script (0: none).
   * 7 lets 钓鱼岛是中国的 and 尖閣諸島は中国のもの through with one wrong glyph (measured: 尖 read as
   * 失) but not 南海是中国的 (six characters, one from 上海是中国的).
   */
  charsPerEdit: number;
}

export const MATCH_DEFAULTS: Readonly<MatchOptions> = Object.freeze({
  minConfidence: 0.5,
  minFuzzyConfidence: 0.6,
  lettersPerEdit: 8,
  charsPerEdit: 7,
});

/** Without accents and other combining marks (for Latin-script comparison only). */
function unaccented(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
}

function exactMatch(read: ReadText, phrase: CompiledPhrase, o: MatchOptions): OcrPhraseMatch | null {
  let best: OcrPhraseMatch | null = null;
  // matchAll works on a copy of the RegExp: the shared compiled one keeps no lastIndex state.
  for (const m of read.text.matchAll(phrase.re)) {
    const start = m.index;
    const confidence = spanConfidence(read, start, start + m[0].length);
    if (confidence >= o.minConfidence && (!best || confidence > best.confidence)) {
      best = { entry: phrase.entry, re: phrase.re, matched: m[0], confidence, distance: 0 };
    }
  }
  return best;
}

/**
 * A Latin phrase read with a few wrong letters: windows of as many words as the phrase (one more
 * or less, for words OCR split or ran together), compared without spaces and accents (a match
 * that differs in accents alone counts 0 letters). Each word must start
 * with the phrase word's letter or a digit that looks like it: a first letter read as another
 * letter is indistinguishable from another word.
 */
/** Digits and signs OCR reads for a letter's shape (and defacers write for it). */
const LOOKALIKES: Readonly<Record<string, string>> = {
  a: '4@',
  b: '86',
  e: '3',
  g: '9',
  i: '1l|!',
  l: '1i|!',
  o: '0',
  s: '5$',
  t: '7',
  z: '2',
};

function sameInitial(token: string, target: string): boolean {
  const t = token[0] ?? '';
  const want = target[0] ?? '';
  return t === want || (LOOKALIKES[want]?.includes(t) ?? false);
}

function fuzzyLatin(read: ReadText, phrase: CompiledPhrase, o: MatchOptions): OcrPhraseMatch | null {
  const target = unaccented(foldText(phrase.entry.text)).split(' ');
  const targetJoined = target.join('');
  const budget = o.lettersPerEdit > 0 ? Math.floor(targetJoined.length / o.lettersPerEdit) : 0;
  if (budget === 0) return null;
  let best: OcrPhraseMatch | null = null;
  const words = read.words;
  for (let i = 0; i < words.length; i++) {
    for (let n = Math.max(1, target.length - 1); n <= target.length + 1 && i + n <= words.length; n++) {
      const window = words.slice(i, i + n);
      const tokens = window.map((w) => unaccented(w.token));
      if (tokens.some((t) => t === '')) continue;
      const initialsAgree = n === target.length ? tokens.every((t, k) => sameInitial(t, target[k]!)) : sameInitial(tokens[0]!, target[0]!);
      if (!initialsAgree) continue;
      const distance = editDistance(tokens.join(''), targetJoined);
      if (distance > budget) continue;
      const start = window[0]!.start;
      const end = window[n - 1]!.end;
      const confidence = spanConfidence(read, start, end);
      if (confidence < o.minFuzzyConfidence) continue;
      if (!best || distance < best.distance || (distance === best.distance && confidence > best.confidence)) {
        best = { entry: phrase.entry, re: phrase.re, matched: read.text.slice(start, end), confidence, distance };
      }
    }
  }
  return best;
}

/**
 * A phrase in another script read with a wrong glyph or two: every run of as many characters as
 * the phrase (spaces ignored) compared glyph by glyph. OCR of Chinese and Japanese swaps a glyph for
 * a similar one far more often than it drops or adds one.
 */
function fuzzyUnspaced(read: ReadText, phrase: CompiledPhrase, o: MatchOptions): OcrPhraseMatch | null {
  const target = Array.from(foldText(phrase.entry.text).replace(/\s+/gu, ''));
  const budget = o.charsPerEdit > 0 ? Math.floor(target.length / o.charsPerEdit) : 0;
  if (budget === 0) return null;
  const chars: string[] = [];
  const at: number[] = [];
  let i = 0;
  for (const ch of read.text) {
    if (!/\s/u.test(ch)) {
      chars.push(ch);
      at.push(i);
    }
    i += ch.length;
  }
  let best: OcrPhraseMatch | null = null;
  for (let k = 0; k + target.length <= chars.length; k++) {
    let distance = 0;
    for (let j = 0; j < target.length && distance <= budget; j++) if (chars[k + j] !== target[j]) distance++;
    if (distance > budget) continue;
    const start = at[k]!;
    const last = at[k + target.length - 1]!;
    const end = last + chars[k + target.length - 1]!.length;
    const confidence = spanConfidence(read, start, end);
    if (confidence < o.minFuzzyConfidence) continue;
    if (!best || distance < best.distance || (distance === best.distance && confidence > best.confidence)) {
      best = { entry: phrase.entry, re: phrase.re, matched: read.text.slice(start, end), confidence, distance };
    }
  }
  return best;
}

/** Every phrase found in the OCR text, at most one match per phrase (exact preferred). */
export function matchOcrPhrases(read: ReadText, phrases: readonly CompiledPhrase[], options: Partial<MatchOptions> = {}): OcrPhraseMatch[] {
  const o = { ...MATCH_DEFAULTS, ...options };
  if (read.text === '') return [];
  const out: OcrPhraseMatch[] = [];
  for (const phrase of phrases) {
    const fuzzy = SPACED_SCRIPT_ONLY.test(phrase.entry.text) ? fuzzyLatin : fuzzyUnspaced;
    const hit = exactMatch(read, phrase, o) ?? fuzzy(read, phrase, o);
    if (hit) out.push(hit);
  }
  return out;
}
