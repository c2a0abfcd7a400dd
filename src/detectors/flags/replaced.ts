/**
 * Pictures replaced by a flag, as opposed to news that shows one. An editor who publishes news with a
 * foreign flag in its photo writes the news too: a headline, a caption, an alt text. A defacer who can
 * only write to the upload folder overwrites the pictures and leaves every word as it was; one who
 * swaps every news picture for the same flag leaves a pattern no news item makes. Either way a flag in
 * an article picture is no longer news, whatever its size in the picture.
 */
import type { Capture, DomDiff } from '../../core/types.js';
import { changedLetters, MEANINGFUL_TEXT_LETTERS } from '../../core/verdict.js';

/** Pictures that newly show the same flag, each as its main thing, from which they are a pattern… */
export const PATTERN_PICTURES = 3;
/** …the flag filling at least this share of each (a table flag in a summit photo fills a few percent). */
export const PATTERN_FILL = 0.1;

/** Whether the page's words stayed: its title, its text (numbers aside) and its pictures' alt texts. */
export function wordsStayed(dom: DomDiff): boolean {
  return !dom.titleChanged && changedLetters(dom) < MEANINGFUL_TEXT_LETTERS && (dom.imageTextAdded?.length ?? 0) === 0;
}

/** Whether the approved page loaded the picture at `url` with other bytes: the file was overwritten in place. */
export function overwritten(url: string, sha256: string, baseline: Capture): boolean {
  return (baseline.images ?? []).some((i) => i.url === url && i.sha256 !== sha256);
}

/** A signature flag found in a picture, as the pattern test needs it. */
export interface PictureFind {
  flag: string;
  /** The picture's URL. */
  picture: string;
  /** Share of the picture the flag fills. */
  fill: number;
  paired: boolean;
}

/** Flags that PATTERN_PICTURES pictures or more newly show alone, each filling PATTERN_FILL of it. */
export function repeatedFlags(finds: readonly PictureFind[]): Set<string> {
  const pictures = new Map<string, Set<string>>();
  for (const f of finds) {
    if (f.paired || f.fill < PATTERN_FILL) continue;
    const set = pictures.get(f.flag) ?? new Set<string>();
    set.add(f.picture);
    pictures.set(f.flag, set);
  }
  return new Set([...pictures].filter(([, set]) => set.size >= PATTERN_PICTURES).map(([flag]) => flag));
}

/** Why a picture counts as replaced by a flag: overwritten under unchanged words, one of a pattern, or not. */
export type Replaced = 'overwritten' | 'pattern' | null;

/** Words for a summary, with a leading space; empty when not replaced. */
export function replacedWords(replaced: Replaced): string {
  if (replaced === 'overwritten') return ' (the picture was overwritten, its words unchanged)';
  return replaced === 'pattern' ? ` (one of ${PATTERN_PICTURES} or more pictures newly showing it)` : '';
}
