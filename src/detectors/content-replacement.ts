/**
 * content-replacement: most of what the site said is gone and the page looks different. This is how
 * a full-page defacement shows up even when it carries no known phrase (a flag and a slogan image).
 * "Looks different" is the changed fraction of the aligned screenshots: a notice that pushed the page
 * down changes only its own rows, while a replaced page aligns with nothing and stays ~100% changed.
 */
import { visibleBlocks } from '../compare/dom.js';
import { formatPercent } from '../core/verdict.js';
import type { Signal, VisualChangeKind, VisualDiff } from '../core/types.js';
import type { DetectorContext, SyncDetector } from './types.js';

const NAME = 'content-replacement';

/** Text similarity (shingle Jaccard) at or below which the text is "different". */
export const LOW_TEXT_SIMILARITY = 0.3;
/** Changed fraction of the page from which it "looks different" as a whole. */
export const LARGE_VISUAL_CHANGE = 0.4;
/** Fraction of the baseline's text gone from which the content counts as replaced… */
export const HIGH_REMOVED_TEXT = 0.7;
/** …provided at least this much of the page visibly changed (hidden text churn is not a defacement). */
export const MIN_VISIBLE_CHANGE = 0.05;
/** A baseline with less text than this (characters) is judged on pixels alone. */
export const MIN_BASELINE_TEXT_CHARS = 80;
/** On pixels alone, this much of the page must differ; the score then stays below `defaced` by itself. */
export const VISUAL_ONLY_CHANGE = 0.7;
/** Score of a pixels-only replacement: supporting evidence, since a slideshow can do this too. */
export const VISUAL_ONLY_SCORE = 0.55;

const EMBEDDED_MEDIA = /<(?:img|svg|canvas|video|object|embed|iframe|picture)\b/i;

function textChars(blocks: string[]): number {
  let n = 0;
  for (const b of blocks) n += b.length;
  return n;
}

/** How many blocks of each kind the aligned visual diff found. */
function countBlocks(visual: VisualDiff): Record<VisualChangeKind, number> {
  const counts: Record<VisualChangeKind, number> = { inserted: 0, removed: 0, replaced: 0 };
  for (const c of visual.changes ?? []) counts[c.kind]++;
  return counts;
}

function detect(ctx: DetectorContext): Signal[] {
  const { dom, visual, current } = ctx;
  if (dom.identical && visual.identical) return [];
  const r = dom.removedTextFraction;
  const s = dom.textSimilarity;
  const v = visual.changedFraction;
  const textChange = Math.max(r, 1 - s);
  const baselineChars = textChars(visibleBlocks(ctx.baseline));
  const currentChars = textChars(visibleBlocks(current));
  const evidence = {
    removedTextFraction: r,
    textSimilarity: s,
    changedFraction: v,
    changedBlocks: countBlocks(visual),
    baselineTextChars: baselineChars,
    currentTextChars: currentChars,
  };

  let replaced: 'text' | 'pixels' | null = null;
  if (baselineChars >= MIN_BASELINE_TEXT_CHARS) {
    if ((s <= LOW_TEXT_SIMILARITY && v >= LARGE_VISUAL_CHANGE) || (r >= HIGH_REMOVED_TEXT && v >= MIN_VISIBLE_CHANGE)) {
      replaced = 'text';
    }
  } else if (v >= VISUAL_ONLY_CHANGE && s < 0.5) {
    replaced = 'pixels';
  }

  if (!replaced) {
    if (textChange < 0.05) return [];
    // Partial edits (a news item, a notice) score low and grow with how much of the text changed.
    const score = 0.3 * textChange * textChange;
    return [
      {
        detector: NAME,
        kind: 'replacement',
        score,
        summary: r >= 0.05 ? `${formatPercent(r)} of the visible text is gone` : `the visible text is ${formatPercent(s)} similar to the baseline`,
        evidence,
      },
    ];
  }

  // An HTTP error or an empty page replaces the content too, but that is an outage, not a defacement.
  if (current.status !== null && current.status >= 400) {
    return [
      {
        detector: NAME,
        kind: 'supporting',
        score: 0.3,
        summary: `the content was replaced by an HTTP ${current.status} response`,
        evidence: { ...evidence, status: current.status },
      },
    ];
  }
  if (currentChars === 0 && (dom.imageTextAdded?.length ?? 0) === 0 && !EMBEDDED_MEDIA.test(current.html)) {
    return [{ detector: NAME, kind: 'supporting', score: 0.4, summary: 'the page is now blank', evidence }];
  }

  if (replaced === 'pixels') {
    return [
      {
        detector: NAME,
        kind: 'replacement',
        score: VISUAL_ONLY_SCORE,
        summary: `${formatPercent(v)} of a page with little text looks different`,
        evidence,
      },
    ];
  }
  const score = 0.6 + 0.35 * Math.min(1, (textChange + v) / 2);
  const summary =
    r >= HIGH_REMOVED_TEXT || r >= 1 - s ? `${formatPercent(r)} of the visible text is gone` : `the visible text is only ${formatPercent(s)} similar to the baseline`;
  return [{ detector: NAME, kind: 'replacement', score, summary, evidence }];
}

export const contentReplacement: SyncDetector = { name: NAME, version: '1.1.0', detect };
