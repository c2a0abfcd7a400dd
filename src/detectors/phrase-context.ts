/**
 * Does a page *state* a defacer phrase, or *report* it? A defacer's text is a claim: "Hacked by X"
 * standing alone, at the start of its line, in a banner, a heading, a slogan; "this site was hacked
 * by X". News reports it: "… with the message 'Hacked by'", "a regional bank's website was hacked by
 * a group calling itself X, police say" — in quotation marks, mid-sentence after a subject that is
 * not the site itself, followed by "a group", as what someone said or warned of, as a condition ("if
 * your site has been hacked"), in long prose, in a dated item of a news list.
 *
 * A phrase that says a site fell, in a sentence that names the site the page is on ("…, this website
 * was hacked by X", na-hack ng X ang website na ito, 本站已遭駭客入侵), is a self-referencing claim:
 * where it sits (mid-sentence, long prose, a news list) does not lower it; only quotation, "by a
 * group", a condition, advice or reported speech in its own sentence do (see judgeSelfClaim).
 *
 * Each of these is a factor (0..1] on the phrase's weight; their product is how much of the weight a
 * match keeps. Pure functions over the folded (NFKC, lower-case) text of one block, and optionally
 * over what the HTML says surrounds it (./page-blocks.ts).
 */
import {
  DATE_PATTERNS,
  HYPOTHETICAL_AFTER,
  HYPOTHETICAL_BEFORE,
  QUOTE_PAIRS,
  REPORT_AFTER_BY,
  REPORT_BEFORE_BY,
  REPORTED_SPEECH,
  SELF_REFERENCE,
} from './data/phrase-context.js';
import { ADVICE, SELF_SITE } from './data/self-claims.js';

/** What the words around one match say. */
export interface TextContext {
  /** Word units before the match in its clause (a Latin word is 1, a Han character ½, a Thai letter ¼). */
  lead: number;
  /** Word units before the match in its whole block. */
  blockLead: number;
  /** The clause before the match points at the site itself ("this site was", situs ini telah). */
  selfReference: boolean;
  /** The match is inside quotation marks and the block says more than the quotation. */
  quoted: boolean;
  /** The actor is an article or a generic noun ("by a group", ハッカー集団によって), not a name. */
  reportAfter: boolean;
  /** The block tells what someone said, claimed or warned of ("police say", 声称, によると). */
  reportedSpeech: boolean;
  /** The clause is a condition or a how-to ("if your site has been hacked", 場合). */
  hypothetical: boolean;
  /** Characters in the block. */
  blockChars: number;
  /**
   * The sentence holding the match names the site the page is on ("this website", situs ini, ang
   * website na ito, 本站, このサイト), before the match, in it or after it.
   */
  selfSite: boolean;
  /** That sentence asks or advises ("how to tell whether your site was hacked", 是否, かどうか, or a "?"). */
  advice: boolean;
  /** That sentence tells what someone said or warned of ("police say this site was hacked…"). */
  sentenceSpeech: boolean;
}

/** What the HTML says about where a match is. */
export interface StructureContext {
  /** The match is link text. */
  link: boolean;
  /** The block is one item of a list of similar items (li, tr, or siblings of one tag and class). */
  listItem: boolean;
  /** That item (or the block) shows a date or has a `<time>`. */
  dated: boolean;
  /** The match is set large (heading, marquee, ≥ 20 px) or bold and coloured by an inline style. */
  prominent: boolean;
  /**
   * The match is on a carousel slide (an ancestor described as a slide, or named like one): visitors
   * see it when the slide turns, even if another slide showed when the page was captured.
   */
  slide?: boolean;
}

/** How much of its weight a match keeps, and why. */
export interface ClaimJudgement {
  factor: number;
  /** The match is a self-referencing claim: a site-falling phrase said of this site, not as advice. */
  selfClaim: boolean;
  /** Plain words for each reason the weight was lowered, e.g. "quoted", "mid-sentence". */
  reasons: string[];
}

/** A block longer than this (characters) is prose, which may quote anything… */
export const LONG_BLOCK_CHARS = 280;

/** The factors; see the module header. */
export const CLAIM_FACTORS = Object.freeze({
  /** Inside quotation marks within a longer text. */
  quoted: 0.3,
  /** "by a group", "by unknown attackers". */
  reportAfter: 0.45,
  /** Reported speech, in a block the phrase does not open. */
  reportedSpeech: 0.6,
  /** "If your website has been hacked…". */
  hypothetical: 0.5,
  /** Not at the start of a long block (prose). */
  longBlock: 0.5,
  /** Not at the start of a news item (a list item with a date or a link, a dated link), not set prominently. */
  newsItem: 0.7,
  /** The lead factor falls from 1 (at most this many word units before the phrase)… */
  leadFree: 1,
  /** …by this much a unit… */
  leadStep: 0.15,
  /** …to no lower than this. */
  leadFloor: 0.4,
  /** A block whose match has fewer word units than this before it starts with the phrase. */
  blockInitial: 2,
});

const SELF_RE = new RegExp(SELF_REFERENCE.join('|'), 'u');
const REPORT_AFTER_RE = new RegExp(`^[\\s"'“”‘’「」『』]*(?:${REPORT_AFTER_BY.join('|')})`, 'u');
const REPORT_BEFORE_RE = new RegExp(REPORT_BEFORE_BY.join('|'), 'u');
const DATE_RE = new RegExp(DATE_PATTERNS.join('|'), 'u');
const SPEECH_RE = new RegExp(REPORTED_SPEECH.join('|'), 'u');
const IF_BEFORE_RE = new RegExp(HYPOTHETICAL_BEFORE.join('|'), 'u');
const IF_AFTER_RE = new RegExp(HYPOTHETICAL_AFTER.join('|'), 'u');
const SELF_SITE_RE = new RegExp(Object.values(SELF_SITE).join('|'), 'u');
const ADVICE_RE = new RegExp(ADVICE.join('|'), 'u');
/** Where a clause ends: sentence punctuation, separators defacers and news lists use, brackets. */
const CLAUSE_BREAK = /[.!?。！？;；:：|•·~\n()[\]【】]|\s[-–—=]+\s|[–—]/gu;
/** Phrases that end in "by" (in any of the shipped languages): what follows is the actor. */
const ENDS_IN_BY = /(?:by|oleh|bởi|ni|ng|nina|โดย)$/u;

const HAN_KANA = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30fc\u3005]/u;
const SEA_LETTER = /[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]+)*/gu;

/**
 * Word units of a piece of text, in any script: words of space-separated scripts count 1 (digits
 * alone count 0: dates and numbers are not words before a phrase), Han and kana characters ½ (a
 * Chinese or Japanese word is about two), Thai, Lao, Khmer and Burmese letters ¼.
 */
export function wordUnits(text: string): number {
  let units = 0;
  let spaced = '';
  for (const ch of text) {
    if (HAN_KANA.test(ch)) {
      units += 0.5;
      spaced += ' ';
    } else if (SEA_LETTER.test(ch)) {
      if (!/\p{M}/u.test(ch)) units += 0.25;
      spaced += ' ';
    } else spaced += ch;
  }
  for (const w of spaced.match(WORD) ?? []) if (/\p{L}/u.test(w)) units++;
  return units;
}

/** The text from the last clause break before `at` up to `at`. */
function clauseBefore(text: string, at: number): string {
  let start = 0;
  for (const m of text.slice(0, at).matchAll(CLAUSE_BREAK)) start = m.index + m[0].length;
  return text.slice(start, at);
}

/** The text from `at` up to the next clause break (the break included, so a "?" ends a question). */
function clauseAfter(text: string, at: number): string {
  CLAUSE_BREAK.lastIndex = at;
  const m = CLAUSE_BREAK.exec(text);
  CLAUSE_BREAK.lastIndex = 0;
  return text.slice(at, m ? m.index + m[0].length : text.length);
}

/**
 * The match [start, end) stands in quotation marks, and the block holds more than the quotation
 * (at least two word units outside it): a block that is one quoted slogan is still a slogan.
 */
function isQuoted(text: string, start: number, end: number): boolean {
  let i = start - 1;
  while (i >= 0 && /\s/u.test(text[i]!)) i--;
  const open = text[i];
  if (open === undefined) return false;
  const closers = QUOTE_PAIRS[open];
  if (closers === undefined) return false;
  // An apostrophe after a letter is a possessive or a contraction, not a quotation mark.
  if ((open === "'" || open === '’') && i > 0 && /[\p{L}\p{N}]/u.test(text[i - 1]!)) return false;
  let close = -1;
  for (let j = end; j < Math.min(text.length, end + 80); j++) {
    if (closers.includes(text[j]!)) {
      close = j;
      break;
    }
  }
  // A quotation opened before the phrase and left open to the end of the block counts too.
  const inside = close >= 0 ? text.slice(i, close + 1) : text.slice(i);
  const outside = text.slice(0, i) + (close >= 0 ? text.slice(close + 1) : '');
  return inside.length > 0 && wordUnits(outside) >= 2;
}

/** Reads what the words around the match [start, end) of a folded block say. */
export function textContext(block: string, start: number, end: number): TextContext {
  const clause = clauseBefore(block, start);
  const matched = block.slice(start, end);
  const sentence = clause + matched + clauseAfter(block, end);
  return {
    lead: wordUnits(clause),
    blockLead: wordUnits(block.slice(0, start)),
    selfReference: SELF_RE.test(clause) || SELF_RE.test(matched),
    quoted: isQuoted(block, start, end),
    reportAfter: (ENDS_IN_BY.test(matched.trimEnd()) && REPORT_AFTER_RE.test(block.slice(end))) || REPORT_BEFORE_RE.test(matched),
    reportedSpeech: SPEECH_RE.test(block.slice(0, start)) || SPEECH_RE.test(block.slice(end)),
    hypothetical: IF_BEFORE_RE.test(clause) || IF_AFTER_RE.test(block.slice(end)),
    blockChars: block.length,
    selfSite: SELF_SITE_RE.test(sentence),
    advice: ADVICE_RE.test(sentence) || /[?？]\s*$/u.test(sentence),
    sentenceSpeech: SPEECH_RE.test(clause) || SPEECH_RE.test(sentence.slice(clause.length + matched.length)),
  };
}

/** True when a text shows a date as news lists print them. */
export function hasDate(text: string): boolean {
  return DATE_RE.test(text);
}

/** The lead factor: 1 for a phrase that opens its clause (or whose clause names the site itself). */
export function leadFactor(lead: number, selfReference: boolean): number {
  const f = CLAIM_FACTORS;
  const units = selfReference ? Math.max(0, lead - 4) : lead;
  if (units <= f.leadFree) return 1;
  return Math.max(f.leadFloor, 1 - f.leadStep * (units - f.leadFree));
}

/**
 * How much of a phrase's weight one match keeps: the product of the factors its context earns.
 * A match at the start of its block, unquoted and not followed by "a group", keeps all of it
 * whatever the block is (a slogan posted as an item of a news list is still a slogan). With
 * `anywhere` (a phrase that follows a name: "X was here") the words before it do not count.
 */
export function judgeClaim(text: TextContext, structure?: StructureContext, options: { anywhere?: boolean; claim?: boolean } = {}): ClaimJudgement {
  if (options.claim === true && text.selfSite && !text.advice) return judgeSelfClaim(text);
  const f = CLAIM_FACTORS;
  let factor = 1;
  const reasons: string[] = [];
  if (text.quoted) {
    factor *= f.quoted;
    reasons.push('quoted');
  }
  const lead = options.anywhere === true ? 1 : leadFactor(text.lead, text.selfReference);
  if (lead < 1) {
    factor *= lead;
    reasons.push('mid-sentence');
  }
  if (text.reportAfter) {
    factor *= f.reportAfter;
    reasons.push('followed by a generic actor');
  }
  if (text.hypothetical) {
    factor *= f.hypothetical;
    reasons.push('hypothetical');
  } else if (options.claim === true && text.advice) {
    // "How to tell whether your website has been hacked": advice about a claim, not one.
    factor *= f.hypothetical;
    reasons.push('advice or question');
  }
  const initial = text.blockLead < f.blockInitial;
  if (!initial && text.reportedSpeech) {
    factor *= f.reportedSpeech;
    reasons.push('reported speech');
  }
  if (!initial && text.blockChars > LONG_BLOCK_CHARS) {
    factor *= f.longBlock;
    reasons.push('in long prose');
  }
  const newsItem = structure !== undefined && (structure.listItem ? structure.dated || structure.link : structure.dated && structure.link);
  if (!initial && newsItem && !structure.prominent) {
    factor *= f.newsItem;
    reasons.push('in a dated news item');
  }
  return { factor, reasons, selfClaim: false };
}

/**
 * A site-falling phrase in the page's own title: the title a browser tab shows speaks for the site,
 * so "被駭客入侵", "ハッキングされました", "Situs telah diretas" there say it of this site, weighed as
 * a self-referencing claim (a quotation, a condition, a question or reported speech still lower it).
 */
export function judgeTitleClaim(title: string, start: number, end: number): ClaimJudgement {
  const text = textContext(title, start, end);
  return judgeClaim({ ...text, selfSite: true }, undefined, { claim: true });
}

/**
 * A site-falling phrase said of this site ("…, this website was hacked by X", "na-hack ng X ang
 * website na ito"): where it sits says nothing, so words before it, long prose and a news list do
 * not lower it. A quotation, "by a group", a condition and reported speech in its own sentence
 * ("police say this site was hacked…") still do: those are reports about it.
 */
function judgeSelfClaim(text: TextContext): ClaimJudgement {
  const f = CLAIM_FACTORS;
  let factor = 1;
  const reasons: string[] = [];
  if (text.quoted) {
    factor *= f.quoted;
    reasons.push('quoted');
  }
  if (text.reportAfter) {
    factor *= f.reportAfter;
    reasons.push('followed by a generic actor');
  }
  if (text.hypothetical) {
    factor *= f.hypothetical;
    reasons.push('hypothetical');
  }
  if (text.sentenceSpeech) {
    factor *= f.reportedSpeech;
    reasons.push('reported speech');
  }
  return { factor, reasons, selfClaim: true };
}
