/**
 * title-change: the page title (what a browser tab and a search result show) changed. A new title
 * saying the site fell ("被駭客入侵", "Situs telah diretas") is the site speaking of itself: a
 * self-referencing claim, a signature on its own (./phrase-context.ts, judgeTitleClaim).
 */
import { foldText, removedFraction, textUnits } from '../compare/text.js';
import type { Signal } from '../core/types.js';
import { DEFACER_PHRASES } from './data/defacer-phrases.js';
import { SELF_CLAIM_WEIGHT } from './data/self-claims.js';
import { compilePhrases } from './defacer-phrases.js';
import { judgeTitleClaim } from './phrase-context.js';
import type { DetectorContext, SyncDetector } from './types.js';

const NAME = 'title-change';

/** Score when the new title shares little with the old one. */
export const REPLACED_TITLE_SCORE = 0.25;
/** Score when the title was edited (most of its words kept). */
export const EDITED_TITLE_SCORE = 0.1;
/** Score when the title is now empty (often a broken page rather than an attack). */
export const EMPTY_TITLE_SCORE = 0.15;

/** The phrases that say a site fell (hacked, defaced, taken over). */
const CLAIMS = compilePhrases(DEFACER_PHRASES.filter((e) => e.claim === true));

function clip(s: string, max = 80): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/**
 * The first site-falling phrase the new title states of itself without a quotation, condition,
 * question or reported speech around it, and that the old title did not already say; or null.
 * A qualified one is a headline about hacking, which defacer-phrases weighs as such.
 */
function titleClaim(before: string, after: string): { phrase: string; matched: string } | null {
  const old = foldText(before);
  const title = foldText(after);
  for (const { entry, re } of CLAIMS) {
    if ((title.match(re)?.length ?? 0) <= (old.match(re)?.length ?? 0)) continue;
    for (const m of title.matchAll(re)) {
      if (judgeTitleClaim(title, m.index, m.index + m[0].length).reasons.length === 0) return { phrase: entry.text, matched: m[0] };
    }
  }
  return null;
}

function detect(ctx: DetectorContext): Signal[] {
  const { dom } = ctx;
  if (!dom.titleChanged) return [];
  const gone = removedFraction(textUnits([dom.titleBefore]), textUnits([dom.titleAfter]));
  const added = removedFraction(textUnits([dom.titleAfter]), textUnits([dom.titleBefore]));
  const kept = 1 - Math.max(gone, added);
  const score = dom.titleAfter === '' ? EMPTY_TITLE_SCORE : kept >= 0.5 ? EDITED_TITLE_SCORE : REPLACED_TITLE_SCORE;
  const signals: Signal[] = [
    {
      detector: NAME,
      kind: 'supporting',
      score,
      summary: `the title changed from "${clip(dom.titleBefore)}" to "${clip(dom.titleAfter)}"`,
      evidence: { before: dom.titleBefore, after: dom.titleAfter, overlap: kept },
    },
  ];
  const claim = titleClaim(dom.titleBefore, dom.titleAfter);
  if (claim) {
    signals.push({
      detector: NAME,
      kind: 'signature',
      score: SELF_CLAIM_WEIGHT,
      summary: `the title now says the site itself was hacked ("${clip(dom.titleAfter, 60)}")`,
      evidence: { after: dom.titleAfter, phrase: claim.phrase, matched: claim.matched, selfClaim: true },
    });
  }
  return signals;
}

export const titleChange: SyncDetector = { name: NAME, version: '1.1.0', detect };
