/**
 * From signals to one verdict with a score and one plain sentence of reasons. Pure: the thresholds
 * below are the whole policy.
 *
 * - `defaced` needs a visible defacement: a signature (a defacer phrase; later a flag image) or the
 *   site's content replaced. Many small changes together never add up to `defaced`.
 * - `unchanged` when nothing visible changed beyond noise and the text says the same thing.
 * - Everything else is `changed`: ordinary edits, a rotating carousel, a new script origin, a notice
 *   inserted at the top. Visual figures are those of the aligned screenshots, so content that a new
 *   block only pushed down does not count as changed.
 */
import { toDefacewatchError } from './errors.js';
import { TOP_ROWS, whereOnPage, type PageFrame } from './place-words.js';
import type { DomDiff, Signal, Verdict, VisualChange, VisualDiff } from './types.js';

/**
 * Below this fraction of compared pixels the page looks the same: a live clock or a visitor counter
 * is about 0.02% of a 1366×4000 page, a one-line news headline about 0.1–0.3%.
 */
export const NEGLIGIBLE_VISUAL_FRACTION = 0.001;
/**
 * Fewer letters than this added or removed (after numbers are ignored) is not a meaningful text
 * change: dates, clocks and counters differ only in digits; a one-word edit is about 8 letters.
 */
export const MEANINGFUL_TEXT_LETTERS = 8;
/**
 * Combined (noisy-OR) score of signature and replacement signals from which a site is `defaced`:
 * one strong defacer phrase (0.9) or a clear content replacement (≥ 0.7) is enough; a weak phrase
 * (0.35) needs a partial replacement beside it.
 */
export const DEFACED_DECISIVE_SCORE = 0.7;
/**
 * A signal this strong (hidden links, a new script origin, a flag in a news photo) means the page was
 * touched even when nothing shows on screen: at least `changed`, never `unchanged`. A supporting
 * signal never makes `defaced` alone.
 */
export const NOTICEABLE_SUPPORTING_SCORE = 0.3;
/** At most this many pieces of evidence are named in a reason. */
export const MAX_REASON_PARTS = 4;
/** Signals scoring below this are not named in a reason (but still count in the score). */
export const MIN_REASON_SCORE = 0.02;

/** The outcome of deciding on one check that loaded. */
export interface VerdictDecision {
  verdict: Exclude<Verdict, 'unreachable'>;
  /** 0..1, noisy-OR of the signal scores. */
  score: number;
  /** One plain sentence naming the evidence. */
  reason: string;
}

/** The facts the verdict looks at besides signals. */
export interface VerdictFacts {
  visual: VisualDiff;
  dom: DomDiff;
  /** The current page's frame, so the reason can say where a block changed in words. */
  page?: PageFrame;
}

/** Noisy-OR: the chance that at least one independent piece of evidence is right. */
export function noisyOr(scores: Iterable<number>): number {
  let none = 1;
  for (const s of scores) none *= 1 - clamp01(s);
  return 1 - none;
}

function clamp01(n: number): number {
  return Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0;
}

/** A fraction as a short percentage for people: 0.823 → "82%", 0.0042 → "0.4%", 0.0002 → "0.02%". */
export function formatPercent(fraction: number): string {
  const f = clamp01(fraction);
  if (f === 0) return '0%';
  if (f < 0.001) return `${Math.max(0.01, Number((f * 100).toFixed(2)))}%`;
  if (f < 0.01) return `${Number((f * 100).toFixed(1))}%`;
  const whole = Math.round(f * 100);
  return `${f < 1 && whole === 100 ? 99 : whole}%`;
}

/** At most this many blocks are named when describing how a screenshot changed. */
export const MAX_DESCRIBED_CHANGES = 3;

/**
 * True when the aligned visual diff found more than changes in place: a block inserted or removed,
 * or content that moved. Then blocks say more than a percentage.
 */
export function visualChangeIsStructural(visual: VisualDiff): boolean {
  const changes = visual.changes ?? [];
  return changes.some((c) => c.kind !== 'replaced' || c.shift !== 0);
}

function describeShift(shift: number): string {
  return shift > 0 ? 'pushing the content below down' : 'pulling the content below up';
}

/** An inserted block this short (a share of the first screen) at the top of the page is a banner. */
const BANNER_SHARE = 0.25;
/** The first screen's height assumed when the page does not say. */
const USUAL_SCREEN_HEIGHT = 768;

function describeBlock(c: VisualChange, page: PageFrame | undefined): string {
  const where = page === undefined ? '' : ` ${whereOnPage(c.box, page)}`;
  switch (c.kind) {
    case 'inserted': {
      const banner = c.box.y < TOP_ROWS && c.box.height <= BANNER_SHARE * (page?.screenHeight ?? USUAL_SCREEN_HEIGHT);
      return `a new ${banner ? 'banner' : 'block'} was inserted${where}`;
    }
    case 'removed':
      return `a block${where} was removed`;
    case 'replaced':
      return `a block${where} was replaced`;
  }
}

/**
 * The blocks of a visual diff in words, top first, e.g. "a new banner was inserted at the top of the
 * page, pushing the content below down". Places are words from each block's box on `page` (none
 * without it); the boxes themselves are in the visual-change signal's evidence. Empty when the diff
 * lists no blocks.
 */
export function describeVisualChanges(visual: VisualDiff, page?: PageFrame): string {
  const changes = visual.changes ?? [];
  if (changes.length === 0) return '';
  if (changes.length === 1) {
    const c = changes[0]!;
    return c.shift === 0 ? describeBlock(c, page) : `${describeBlock(c, page)}, ${describeShift(c.shift)}`;
  }
  const named = changes.slice(0, MAX_DESCRIBED_CHANGES).map((c) => (c.shift === 0 ? describeBlock(c, page) : `${describeBlock(c, page)} (${describeShift(c.shift)})`));
  const more = changes.length - named.length;
  if (more > 0) named.push(`${more} more block${more === 1 ? '' : 's'} changed`);
  return `${named.slice(0, -1).join(', ')} and ${named[named.length - 1]!}`;
}

function digitsMasked(block: string): string {
  return block.replace(/\p{N}+/gu, '#');
}

/**
 * Letters added or removed once numbers are ignored, so a clock, a date or a counter changes
 * nothing. Blocks that differ only in their digits cancel out.
 */
export function changedLetters(dom: DomDiff): number {
  const added = dom.textAdded.map(digitsMasked);
  const removed = dom.textRemoved.map(digitsMasked);
  const counts = new Map<string, number>();
  for (const b of removed) counts.set(b, (counts.get(b) ?? 0) + 1);
  let letters = 0;
  for (const b of added) {
    const n = counts.get(b) ?? 0;
    if (n > 0) counts.set(b, n - 1);
    else letters += countLetters(b);
  }
  for (const [b, n] of counts) letters += n * countLetters(b);
  return letters;
}

function countLetters(s: string): number {
  return s.match(/\p{L}/gu)?.length ?? 0;
}

/** True when the DOM changed in a way a person or a security reviewer would care about. */
export function meaningfulDomChange(dom: DomDiff): boolean {
  if (dom.identical) return false;
  return (
    dom.titleChanged ||
    changedLetters(dom) >= MEANINGFUL_TEXT_LETTERS ||
    dom.newOrigins.scripts.length > 0 ||
    dom.newOrigins.iframes.length > 0 ||
    (dom.imageTextAdded?.length ?? 0) > 0 ||
    (dom.slideTextAdded?.length ?? 0) > 0
  );
}

function isDecisive(s: Signal): boolean {
  return s.kind === 'signature' || s.kind === 'replacement';
}

function failed(s: Signal): boolean {
  return s.evidence.code === 'DETECTOR_FAILED';
}

function sentence(parts: string[]): string {
  const text = parts.join('; ').replace(/\s+/g, ' ').trim();
  const capitalised = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

function evidenceParts(signals: Signal[], limit: number): string[] {
  const ranked = signals
    .filter((s) => !failed(s) && s.score >= MIN_REASON_SCORE && s.summary)
    .sort((a, b) => Number(isDecisive(b)) - Number(isDecisive(a)) || b.score - a.score);
  const parts = ranked.slice(0, limit).map((s) => s.summary.replace(/[.\s]+$/, ''));
  for (const s of signals.filter(failed)) parts.push(`detector "${s.detector}" failed`);
  return parts;
}

function factParts(facts: VerdictFacts): string[] {
  const { visual, dom, page } = facts;
  const parts: string[] = [];
  if (dom.titleChanged) parts.push(`the title changed from "${clip(dom.titleBefore)}" to "${clip(dom.titleAfter)}"`);
  const added = dom.textAdded.length;
  const removed = dom.textRemoved.length;
  if (added + removed > 0) parts.push(`${added} text block${added === 1 ? '' : 's'} added and ${removed} removed`);
  const structural = !visual.identical && visualChangeIsStructural(visual);
  if (structural) parts.unshift(describeVisualChanges(visual, page));
  else if (!visual.identical && visual.changedFraction > 0) parts.push(`${formatPercent(visual.changedFraction)} of the page looks different`);
  // Inserted or removed blocks already say why the height changed.
  if (visual.sizeChanged && !structural) parts.push('the page height changed');
  return parts;
}

function clip(s: string, max = 60): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function unchangedReason(facts: VerdictFacts): string {
  const { visual, dom } = facts;
  const moved = (visual.movedRows ?? 0) > 0 ? ' once moved content is lined up' : '';
  const pixels = visual.identical
    ? 'the screenshot is byte-identical to the baseline'
    : visual.changedPixels === 0
      ? `no pixel differs beyond the colour tolerance${moved}`
      : `only ${formatPercent(visual.changedFraction)} of the page differs${moved}`;
  const text = dom.identical
    ? 'the text is the same'
    : dom.textAdded.length + dom.textRemoved.length === 0
      ? 'the visible text is the same'
      : 'only numbers or a few letters of the text changed';
  return sentence([`No meaningful change: ${pixels} and ${text}`]);
}

/**
 * Decides one check. `score` is the noisy-OR of all signal scores; the verdict follows the rules in
 * this module's header, with the thresholds above.
 */
export function decideVerdict(signals: Signal[], facts: VerdictFacts): VerdictDecision {
  const { visual, dom } = facts;
  const score = Math.round(noisyOr(signals.map((s) => s.score)) * 1000) / 1000;
  const decisiveScore = noisyOr(signals.filter(isDecisive).map((s) => s.score));
  const visualNegligible = visual.identical || visual.changedFraction < NEGLIGIBLE_VISUAL_FRACTION;
  // A defacement has to be seen: in the screenshot, in the title a browser tab shows, or in what
  // the page shows visitors at another moment (a new picture on a carousel slide). In the screenshot
  // any changed region will do, however small a share of a long page: one line of small type
  // rewritten into a defacer's message changes a few thousand pixels of millions.
  const onScreen = !visualNegligible || (!visual.identical && visual.regions.length > 0);
  const visible = onScreen || dom.titleChanged || signals.some((s) => isDecisive(s) && s.visibleToVisitors === true);

  if (decisiveScore >= DEFACED_DECISIVE_SCORE && visible) {
    return { verdict: 'defaced', score, reason: sentence(evidenceParts(signals, MAX_REASON_PARTS)) };
  }
  // A signature or replacement too weak to deface (a flag in a news photo) still says the page was
  // touched: never `unchanged`.
  const noticeable = signals.some((s) => !failed(s) && s.score >= NOTICEABLE_SUPPORTING_SCORE);
  if (visualNegligible && !meaningfulDomChange(dom) && !noticeable && decisiveScore < DEFACED_DECISIVE_SCORE) {
    return { verdict: 'unchanged', score, reason: unchangedReason(facts) };
  }
  let parts = evidenceParts(signals, MAX_REASON_PARTS);
  if (parts.length === 0) parts = factParts(facts);
  // An inserted notice or a removed block is named even when its signal scored too low to be listed.
  const blocks = !visual.identical && visualChangeIsStructural(visual) ? describeVisualChanges(visual, facts.page) : '';
  if (blocks && parts.length < MAX_REASON_PARTS && !parts.some((p) => p.includes(blocks))) parts.push(blocks);
  if (parts.length === 0) parts = ['the page changed in ways too small to describe'];
  if (decisiveScore >= DEFACED_DECISIVE_SCORE && !visible) parts.push('but nothing visible changed');
  return { verdict: 'changed', score, reason: sentence(parts) };
}

/** The one-sentence reason of an `unreachable` result, from whatever the capture threw. */
export function unreachableReason(err: unknown): string {
  const error = toDefacewatchError(err, 'CAPTURE_FAILED');
  // Browser errors carry a multi-line call log; the first line says what failed.
  const firstLine = (error.message.split('\n')[0] ?? '').trim().replace(/[.\s]+$/, '');
  const message = clip(firstLine || 'no details', 200);
  return sentence([`The site could not be loaded (${error.code}): ${message}`]);
}

/** A full `unreachable` decision: never `defaced`, score 0. */
export function unreachableDecision(err: unknown): { verdict: 'unreachable'; score: 0; reason: string } {
  return { verdict: 'unreachable', score: 0, reason: unreachableReason(err) };
}
