/**
 * image-text: defacer phrases and dispute slogans set in a picture (a JPEG banner reading
 * "钓鱼岛是中国的" or "HACKED BY …"), which the page's text never contains. In the changed regions of
 * the current screenshot (the diff's regions, and the blocks the aligned comparison saw inserted or
 * replaced) it finds blocks of large glyphs, has OCR read them all at once in one language pass after
 * another until a pass finds something, and looks for the defacer phrases in what was read. New
 * pictures the screenshot does not show (a hidden carousel slide's) are searched the same way.
 *
 * What is not read, and why:
 * - regions smaller than a banner (120×24);
 * - text in body-text sizes: the DOM detectors read page text, and a slogan in a picture is set big;
 * - phrases the baseline page already showed (a security news item), and phrases written in the
 *   current page's text (that is page text, which defacer-phrases reports; OCR merely read it too);
 * - pictures whose pixels the approved screenshot shows somewhere (content that moved, compare/moved.ts);
 * - pictures not showing that the baseline loaded too, that are small, or past the first few.
 * Nothing runs, at no cost, when no region changed or OCR is not wired.
 */
import { clipBox } from '../compare/boxes.js';
import { intersectBox, unionBox } from '../compare/boxes.js';
import { visibleBlocks } from '../compare/dom.js';
import { shownBefore } from '../compare/moved.js';
import { foldText } from '../compare/text.js';
import { DefacewatchError } from '../core/errors.js';
import { pageFrameOf, whereOnPage, type PageFrame } from '../core/place-words.js';
import type { Box, Capture, ChangedImage, RawImage, Signal, VisualDiff } from '../core/types.js';
import { DEFACER_PHRASES, type PhraseEntry } from './data/defacer-phrases.js';
import { compilePhrases, LABELS, MAX_SCORE } from './defacer-phrases.js';
import { joinOcrWords, matchOcrPhrases, type MatchOptions, type OcrPhraseMatch } from './ocr-phrases.js';
import { stackBlocks } from './block-stack.js';
import { pictureAt } from './flags/place.js';
import { signClaims } from './signed-claims.js';
import { findTextBlocks, mergeOverlapping, type TextBlock, type TextBlockOptions } from './text-blocks.js';
import type { Detector, DetectorContext, OcrResult } from './types.js';

const NAME = 'image-text';

/**
 * Language sets OCR reads the blocks with, one pass each, in order; the passes stop at the first
 * that finds a phrase. Tesseract mixing English with Chinese in one pass lets the English model
 * win on Chinese lines ("釣魚島是中國的" read as "NAGS PRY", a two-line 钓鱼岛 as "FH"; measured), so
 * scripts get passes of their own:
 * - `chi_sim` first: the slogans aimed at Japanese and ASEAN sites are mostly Chinese; it reads
 *   traditional characters too (as simplified) and plain Latin capitals;
 * - `eng` second: Latin in any style (italic serif "Hacked by" defeats `chi_sim`), which covers the
 *   Malay, Indonesian and Tagalog phrases, all plain ASCII.
 */
export const BASE_PASSES: readonly (readonly string[])[] = [['chi_sim'], ['eng']];

/** The script of a country-code domain or of a page's declared language (its primary subtag), as a Tesseract model. */
const OWN_SCRIPT: Readonly<Record<string, string>> = { jp: 'jpn', ja: 'jpn', th: 'tha', kr: 'kor', ko: 'kor', vn: 'vie', vi: 'vie' };

/** The primary language subtag the approved page declares (`<html lang="vi">` → `vi`), or ''. */
export function declaredLanguage(html: string): string {
  const tag = /<html\b[^>]*>/i.exec(html.slice(0, 4096))?.[0] ?? '';
  return /\blang\s*=\s*["']?([a-z]{2,3})/i.exec(tag)?.[1]?.toLowerCase() ?? '';
}

/**
 * BASE_PASSES and the site's own script, from its country-code domain and from the language its
 * approved page declares (a bank on .com, a ministry on .gov, a site served from an address): a
 * slogan aimed at a country's readers is written in its language (尖閣諸島は中国のもの on .jp,
 * Hoàng Sa là của Trung Quốc on .vn).
 * - Vietnamese: `vie` replaces `eng` (it reads English too, and keeps the accents);
 * - Japanese, Thai, Korean: `jpn`, `tha`, `kor` get a pass of their own, last. Mixed into another
 *   pass they lose to it or spoil it (chi_sim+jpn read 釣魚島是中國的 as 釣魚島是中園的, chi_sim alone
 *   right; measured), and a pass of one small model costs 0.05–0.15 CPU-s.
 */
export function languagePasses(url: string, pageLanguage = ''): string[][] {
  let tld = '';
  try {
    tld = new URL(url).hostname.split('.').at(-1) ?? '';
  } catch {
    // An unparsable URL reads with the base passes and the page's language.
  }
  const passes = BASE_PASSES.map((p) => [...p]);
  for (const own of new Set([OWN_SCRIPT[tld], OWN_SCRIPT[pageLanguage]])) {
    if (own === 'vie') passes[1] = ['vie'];
    else if (own !== undefined) passes.push([own]);
  }
  return passes;
}

export interface ImageTextOptions {
  phrases: readonly PhraseEntry[];
  /** Changed regions smaller than this are not pictures of text. */
  minRegionWidth: number;
  minRegionHeight: number;
  /** Pixels of changed regions searched for large glyphs, largest region first (~10 ms a megapixel). */
  maxSearchPixels: number;
  /** Blocks read per check, largest first… */
  maxBlocks: number;
  /** …and their screenshot pixels in total (one block bigger than this is still read, scaled down). */
  maxOcrPixels: number;
  /** New pictures not showing read per check, largest first (each within maxBlocks and maxOcrPixels), in one OCR call a pass. */
  maxPictures: number;
  /** A fuzzy (misread) match weighs this much of the phrase's weight. */
  fuzzyFactor: number;
  /** The language passes for a site and the language its approved page declares (see languagePasses). */
  passesFor: (siteUrl: string, pageLanguage: string) => string[][];
  match: Partial<MatchOptions>;
  blocks: Partial<TextBlockOptions>;
}

export const IMAGE_TEXT_DEFAULTS: Readonly<Omit<ImageTextOptions, 'phrases'>> = Object.freeze({
  minRegionWidth: 120,
  minRegionHeight: 24,
  maxSearchPixels: 4_000_000,
  maxBlocks: 4,
  maxOcrPixels: 1_500_000,
  maxPictures: 3,
  fuzzyFactor: 0.8,
  passesFor: languagePasses,
  match: {},
  blocks: {},
});

/**
 * What changed in the current screenshot: the changed regions, and the blocks the aligned
 * comparison found inserted or replaced (removed blocks are in baseline pixels and gone anyway).
 * Boxes that overlap are joined, so no place is searched twice.
 */
export function changedAreas(visual: VisualDiff): Box[] {
  const boxes: Box[] = [...visual.regions];
  for (const c of visual.changes ?? []) if (c.kind !== 'removed') boxes.push(c.box);
  const out: Box[] = [];
  for (const b of boxes) {
    let box = { ...b };
    for (let i = out.length - 1; i >= 0; i--) {
      if (intersectBox(out[i]!, box)) {
        box = unionBox(out[i]!, box);
        out.splice(i, 1);
      }
    }
    out.push(box);
  }
  return out;
}

/** Changed areas worth searching, clipped to the image, largest first, within the search budget. */
export function searchRegions(regions: readonly Box[], image: RawImage, o: Omit<ImageTextOptions, 'phrases'>): Box[] {
  const clipped: Box[] = [];
  for (const r of regions) {
    const c = clipBox(r, image.width, image.height);
    if (c && c.width >= o.minRegionWidth && c.height >= o.minRegionHeight) clipped.push(c);
  }
  clipped.sort((a, b) => b.width * b.height - a.width * a.height);
  const out: Box[] = [];
  let left = o.maxSearchPixels;
  for (const r of clipped) {
    if (left < r.width * o.minRegionHeight) break;
    // A region past the budget is searched from its top: that is where a defacement's slogan sits.
    const height = Math.min(r.height, Math.floor(left / r.width));
    out.push({ ...r, height });
    left -= r.width * height;
  }
  return out;
}

/**
 * Large-glyph blocks of the regions, largest first, within the block and pixel caps; blocks `keep`
 * refuses (a picture that only moved) leave their place to the next ones.
 */
export function pickBlocks(
  image: RawImage,
  regions: readonly Box[],
  o: Omit<ImageTextOptions, 'phrases'>,
  keep: (block: TextBlock) => boolean = () => true,
): TextBlock[] {
  // Padded blocks of neighbouring regions may overlap: read each place once.
  const all = mergeOverlapping(regions.flatMap((r) => findTextBlocks(image, r, o.blocks)));
  all.sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height);
  const out: TextBlock[] = [];
  let pixels = 0;
  for (const b of all) {
    if (out.length >= o.maxBlocks) break;
    const area = b.box.width * b.box.height;
    if (out.length > 0 && pixels + area > o.maxOcrPixels) continue;
    if (!keep(b)) continue;
    out.push(b);
    pixels += area;
  }
  return out;
}

/**
 * The middle of a block, half its width and height: inside its padding and the strips it was found
 * in, where a picture's own pixels are rather than the page around it.
 */
function coreOf(block: TextBlock): Box {
  const { x, y, width, height } = block.box;
  return { x: x + Math.floor(width / 4), y: y + Math.floor(height / 4), width: Math.max(1, Math.floor(width / 2)), height: Math.max(1, Math.floor(height / 2)) };
}

function pageText(c: Capture): string {
  return [...visibleBlocks(c), c.title].map(foldText).join('\n');
}

function occurrences(re: RegExp, text: string): number {
  return text.match(re)?.length ?? 0;
}

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** The one signal of a check whose OCR could not run: score 0, says what was not read and why. */
function ocrFailure(err: unknown, blocks: readonly TextBlock[], languages: readonly string[]): Signal {
  const error = err instanceof DefacewatchError ? err : new DefacewatchError('OCR_FAILED', err instanceof Error ? err.message : String(err), { cause: err });
  return {
    detector: NAME,
    kind: 'supporting',
    score: 0,
    summary: `text in ${blocks.length} picture${blocks.length === 1 ? '' : 's'} not read: ${error.message}`,
    evidence: { code: error.code, error: error.message, hint: error.hint, languages, boxes: blocks.map((b) => b.box) },
  };
}

interface Hit extends OcrPhraseMatch {
  weight: number;
  /** The language pass that read it. */
  languages: readonly string[];
  /** A bare claim counted as a self-claim: the crew's signature read in the same picture (signed-claims.ts). */
  signedBy?: string;
}

/** The signature signal of one block: the phrases read in it, strongest first. */
function phraseSignal(block: TextBlock, origin: Origin | undefined, hits: Hit[], reads: readonly { languages: string[]; result: OcrResult }[], page: PageFrame): Signal {
  hits.sort((a, b) => b.weight - a.weight);
  let none = 1;
  for (const h of hits) none *= 1 - h.weight;
  const named = hits.slice(0, 3).map((h) => `${LABELS[h.entry.kind]} "${clip(h.entry.text, 60)}"${h.signedBy ? ` (signed "${h.signedBy}")` : ''}`);
  const more = hits.length > 3 ? ` and ${hits.length - 3} more` : '';
  const box = origin?.box ?? block.box;
  const picture = origin?.picture;
  return {
    detector: NAME,
    kind: 'signature',
    score: Math.min(MAX_SCORE, 1 - none),
    summary: `${named.join(', ')}${more} read ${placeOf(box, origin, page)}`,
    // The slide turns: visitors see the picture although the screenshot did not.
    ...(picture ? { visibleToVisitors: true } : {}),
    evidence: {
      box,
      ...(picture ? { picture: { url: picture.url, sha256: picture.sha256, ...(picture.place ? { place: picture.place } : {}) } } : {}),
      glyphHeight: block.glyphHeight,
      reads: reads.map((r) => ({
        languages: r.languages,
        confidence: Math.round(r.result.confidence * 100) / 100,
        text: clip(r.result.text.replace(/\s+/gu, ' '), 200),
      })),
      matches: hits.map((h) => ({
        phrase: h.entry.text,
        matched: h.matched,
        lang: h.entry.lang,
        kind: h.entry.kind,
        weight: h.weight,
        confidence: Math.round(h.confidence * 100) / 100,
        misreadCharacters: h.distance,
        languages: h.languages,
        ...(h.signedBy ? { signedBy: h.signedBy } : {}),
      })),
    },
  };
}

/**
 * Pictures the page loads now that the baseline never did (new bytes) and that the screenshot does
 * not show (on a carousel slide that was not showing, or a hidden element's CSS background), big
 * enough to hold a slogan, largest first, at most `maxPictures`: visitors see them when the slide
 * turns, and the screenshot's changed regions never hold them.
 */
export function offscreenPictures(images: readonly ChangedImage[], o: Omit<ImageTextOptions, 'phrases'>): ChangedImage[] {
  const hidden = (i: ChangedImage): boolean => i.shown === false || (i.shown === undefined && i.place !== undefined && i.place.box.width * i.place.box.height === 0);
  return images
    .filter((i) => hidden(i) && i.image.width >= o.minRegionWidth && i.image.height >= o.minRegionHeight)
    .sort((a, b) => b.image.width * b.image.height - a.image.width * a.image.height)
    .slice(0, o.maxPictures);
}

/** Blocks to read in one image: the screenshot, or the blocks of pictures not showing stacked. */
interface Source {
  image: RawImage;
  blocks: TextBlock[];
  /** For a stack (./block-stack.ts): each block's picture and its box in that picture. */
  origins?: Origin[];
}

/** A picture not showing and a block's box in it. */
interface Origin {
  picture: ChangedImage;
  box: Box;
}

/** Where a block was read, for people: in the screenshot (where on the page, in words), or in a picture not showing. */
function placeOf(box: Box, origin: Origin | undefined, page: PageFrame): string {
  if (!origin) return `in a picture ${whereOnPage(box, page)}`;
  return `in a picture not on screen when captured (${clip(origin.picture.url, 80)})`;
}

/**
 * Bare claims raised to self-claims where a crew's signature was read in the same picture
 * (signed-claims.ts): a picture's lines are often blocks of their own, each read apart.
 */
function signPictures(sources: readonly Source[], hits: Hit[][][], current: Capture): void {
  const pictures = new Map<string, Hit[][]>();
  sources.forEach((source, k) =>
    source.blocks.forEach((block, i) => {
      const picture = source.origins?.[i]?.picture.url ?? pictureAt(block.box, current)?.url;
      if (picture !== undefined) pictures.set(picture, [...(pictures.get(picture) ?? []), hits[k]![i]!]);
    }),
  );
  for (const lists of pictures.values()) {
    const signed = signClaims(lists.flat());
    let n = 0;
    for (const list of lists) for (let j = 0; j < list.length; j++) list[j] = signed[n++]!;
  }
}

/** Builds the detector (the shipped phrase list and defaults unless given). */
export function createImageTextDetector(options: Partial<ImageTextOptions> = {}): Detector {
  const o: ImageTextOptions = { ...IMAGE_TEXT_DEFAULTS, phrases: DEFACER_PHRASES, ...options };
  const phrases = compilePhrases(o.phrases);

  /** Large-glyph blocks in the changed areas of the screenshot, or none. */
  function screenshotSource(ctx: DetectorContext): Source[] {
    const { visual, currentImage: image } = ctx;
    if (!image || visual.identical) return [];
    const areas = changedAreas(visual);
    if (areas.length === 0) return [];
    // A picture the approved page showed elsewhere only moved (text reflowed around it): its words,
    // if any, were there before. OCR costs 0.1–0.5 CPU-s a pass; looking it up costs milliseconds.
    const before = ctx.baselineImage;
    const blocks = pickBlocks(image, searchRegions(areas, image, o), o, before ? (b) => !shownBefore(before, image, coreOf(b)) : undefined);
    return blocks.length > 0 ? [{ image, blocks }] : [];
  }

  /** Large-glyph blocks of the new pictures not showing (offscreenPictures), each picture within the caps, stacked. */
  function pictureSources(ctx: DetectorContext): Source[] {
    const parts = offscreenPictures(ctx.changedImages ?? [], o).flatMap((picture) => {
      const { image } = picture;
      const whole = searchRegions([{ x: 0, y: 0, width: image.width, height: image.height }], image, o);
      return pickBlocks(image, whole, { ...o, blocks: { ...o.blocks, sidePadGlyphs: 1 } }).map((block) => ({ image, block, picture }));
    });
    if (parts.length === 0) return [];
    const stack = stackBlocks(parts);
    return [{ ...stack, origins: parts.map((p) => ({ picture: p.picture, box: p.block.box })) }];
  }

  async function detect(ctx: DetectorContext): Promise<Signal[]> {
    const { ocr } = ctx;
    if (!ocr) return [];
    const sources = [...screenshotSource(ctx), ...pictureSources(ctx)];
    if (sources.length === 0) return [];

    let textBefore: string | null = null;
    let textAfter: string | null = null;
    const seen = new Set<PhraseEntry>();
    const hits = sources.map((s) => s.blocks.map((): Hit[] => []));
    const reads = sources.map((s) => s.blocks.map((): { languages: string[]; result: OcrResult }[] => []));
    const failures: Signal[] = [];
    passes: for (const languages of o.passesFor(ctx.site.url, declaredLanguage(ctx.baseline.html))) {
      let hit = false;
      for (const [k, source] of sources.entries()) {
        let results: OcrResult[];
        try {
          const boxes = source.blocks.map((b) => ({ ...b.box, glyphHeight: b.glyphHeight }));
          results = await ocr.recognize(source.image, boxes, { languages, signal: ctx.signal });
        } catch (err) {
          if (ctx.signal?.aborted) throw err;
          failures.push(
            ocrFailure(
              err,
              sources.flatMap((s) => s.blocks),
              languages,
            ),
          );
          break passes;
        }
        source.blocks.forEach((_, i) => {
          const result = results[i];
          if (!result) return;
          reads[k]![i]!.push({ languages: result.languages ?? languages, result });
          for (const m of matchOcrPhrases(joinOcrWords(result), phrases, o.match)) {
            if (seen.has(m.entry)) continue;
            textBefore ??= pageText(ctx.baseline);
            textAfter ??= pageText(ctx.current);
            // Shown by the approved page, or written in the page's own text: not a slogan in a picture.
            if (occurrences(m.re, textBefore) > 0 || occurrences(m.re, textAfter) > 0) continue;
            seen.add(m.entry);
            hits[k]![i]!.push({ ...m, weight: m.entry.weight * (m.distance > 0 ? o.fuzzyFactor : 1), languages });
            hit = true;
          }
        });
      }
      if (hit) break;
    }
    signPictures(sources, hits, ctx.current);
    const found = sources.flatMap((source, k) =>
      source.blocks.flatMap((block, i) =>
        hits[k]![i]!.length > 0 ? [phraseSignal(block, source.origins?.[i], hits[k]![i]!, reads[k]![i]!, pageFrameOf(ctx.current))] : [],
      ),
    );
    return [...found, ...failures];
  }

  // 1.1.0: the phrase list reads self-referencing claims (./data/self-claims.ts).
  // 1.2.0: also reads new pictures the screenshot does not show (offscreenPictures), with the
  // phrase list of ownership claims and organisation sites.
  // 1.3.0: blocks of new pictures padded sideways by a glyph; a block is read again without solid shapes touching
  // its letters, keyed on its lettering's colour and turned level (ocr/); a bare claim signed by a
  // crew in the same picture is a self-claim (signed-claims.ts); the approved page's declared
  // language adds its script's pass.
  return { name: NAME, version: '1.3.0', detect };
}

/** The detector with the shipped phrase list and defaults. */
export const imageText: Detector = createImageTextDetector();
