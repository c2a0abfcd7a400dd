/**
 * Pictures replaced by a flag, as opposed to news that shows one. News shows a foreign flag in one
 * picture, beside people or the host's flag; a defacer who swaps every news picture for the same flag
 * leaves a pattern no news item makes, and a flag in such an article picture is no longer news,
 * whatever its size in the picture. (A single picture overwritten under unchanged words is no such
 * sign: an editor re-uploads a news photo of a meeting the same way.)
 */

/** Pictures that newly show the same flag, each as its main thing, from which they are a pattern… */
export const PATTERN_PICTURES = 3;
/** …the flag filling at least this share of each (a table flag in a summit photo fills a few percent). */
export const PATTERN_FILL = 0.1;

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

/** Words for a summary, with a leading space; empty when the picture is not one of a pattern. */
export function patternWords(pattern: boolean): string {
  return pattern ? ` (one of ${PATTERN_PICTURES} or more pictures newly showing it)` : '';
}
