/**
 * national-flag: national flags that appeared in the changed parts of the screenshot. A flag the
 * approved page already showed is not news: only changed regions are scanned, and a flag whose pixels
 * the approved screenshot shows elsewhere (it moved when the page reflowed) is left out. Each flag's
 * data says what finding it means: the PRC flag is a defacement signature, a neighbour's flag in a news
 * item is context at most. The score grows with the match and with how much of the screen the flag
 * takes: a 24-pixel language-picker icon alone never makes a site `defaced`, a banner-sized flag does.
 *
 * Pipeline per changed region (plus a margin, to see where a flag ends): colour classes (palette.ts)
 * → components of the flags' anchor colours (scan.ts) → frames they imply (hypotheses.ts) → template
 * scores with covering bands set aside (match.ts, occlusion.ts), refinement, a finer check of big
 * frames → each feature of the flag in its place (parts.ts) → the best flag per place.
 */
import { clipBox } from '../../compare/boxes.js';
import { shownBefore } from '../../compare/moved.js';
import type { Box, RawImage, Signal, VisualDiff } from '../../core/types.js';
import { pageFrameOf, whereOnPage } from '../../core/place-words.js';
import { FLAGS, type FlagSpec } from '../data/flags.js';
import type { DetectorContext, SyncDetector } from '../types.js';
import type { Frame } from './frame.js';
import { hypothesesFor } from './hypotheses.js';
import { createScratch, fitFrame, refineFrame, type Fit } from './match.js';
import { anchorClasses, buildFlagModel, fineRows, type FlagModel } from './model.js';
import { buildClassTable, CLASS_IDS } from './palette.js';
import { checkParts } from './parts.js';
import { besideAnotherFlag, flagIsSubject, MIN_PROMINENT_HEIGHT, pictureAt, PLACE_WORDS, placeOnScreen, PROMINENT_PLACES, type FlagPlace } from './place.js';
import { patternWords, repeatedFlags } from './replaced.js';
import { classMap, findComponents, type ClassMap } from './scan.js';

const NAME = 'national-flag';

/** Regions smaller than this (pixels) are not scanned: no flag we can recognise fits. */
export const MIN_REGION_WIDTH = 24;
export const MIN_REGION_HEIGHT = 16;
/** A region (with its margin) is averaged down by a whole factor until it has at most this many pixels. */
export const MAX_SCAN_PIXELS = 600_000;
/** A flag is sought only if it is at least this many scan pixels high (a 24 × 16 flag at full resolution). */
export const MIN_FLAG_ROWS = 12;
/** Components smaller than this (scan pixels) anchor nothing. */
const MIN_COMPONENT_AREA = 6;
/** The largest components of a region considered as anchors (a page of red text has thousands). */
const MAX_COMPONENTS = 400;
/** Quick score below which a hypothesis is not refined… */
const QUICK_MIN_SCORE = 0.5;
/** …and how many hypotheses of a region are refined at most. */
const MAX_REFINED = 10;
/** Refined score from which a flag is reported… */
export const MATCH_MIN_SCORE = 0.7;
/** …provided every colour of the flag matches at least this well (F1)… */
export const MIN_CLASS_F1 = 0.6;
/** …and at least this much of the flag is on the screenshot (the rest cut off by its edge)… */
export const MIN_VISIBLE = 0.7;
/**
 * …or at least this much when the features in sight are in place and say which flag it is (three
 * at least: the PRC flag's big star and small ones in their arc): a hero picture crops a big flag's
 * fly and foot, and its stars still name it.
 */
export const MIN_VISIBLE_FEATURED = 0.4;
const MIN_FEATURES_CROPPED = 3;
/**
 * A fold of the cloth or a crease may take one feature out of sight or out of place; with at least
 * this many others found in place (four of the PRC flag's five stars) the flag is still named.
 */
const MIN_FEATURES_FOLDED = 4;
/** The field's F1 from which a flag's features may be found where bent cloth carried them (parts.ts). */
export const ELASTIC_MIN_FIELD_F1 = 0.85;
/** …and, when something covers part of it (a cookie bar) and none of its features, at least this much is seen. */
export const MIN_SEEN_OCCLUDED = 0.6;
/**
 * At most this share of what is seen where the flag should be may be in none of its colours, unless
 * something recognised covers it (occlusion.ts): as much as a cover may hide. Flags in photos stay
 * under 0.1 (shade, blur); one mostly under a dark bar that no band explains is at half.
 */
export const MAX_STRAY = 1 - MIN_SEEN_OCCLUDED;
/** A flag mostly outside the changed region was there before: it is not reported. */
export const MIN_INSIDE_REGION = 0.5;
/** Match score mapped to confidence 0 and 1. */
const CONFIDENCE_FLOOR = 0.55;
const CONFIDENCE_FULL = 0.9;
/** A flag covering this share of the viewport is fully prominent; smaller ones count less. */
export const PROMINENT_SHARE = 0.02;
/** Weight of prominence in the score: a tiny flag still scores this fraction of a big one. */
const MIN_PROMINENCE_FACTOR = 0.35;
/** The score never claims certainty. */
export const MAX_SCORE = 0.97;
/** A signature flag newly in a prominent place (place.ts) scores at least this, at its weight: decisive alone. */
export const PROMINENT_MIN_SCORE = 0.72;
/** A signature flag in an article or beside another country's flag is news: supporting, at most this. */
export const NEWS_MAX_SCORE = 0.5;

/**
 * What a found flag means where it is: its kind and score once its place is taken into account. A
 * flag that is its picture's subject (`subject`: it fills most of the picture, or a large share of
 * the first screen) is a picture overwritten with a flag, prominent even in an article; so is one in
 * a picture `replaced` as one of several pictures newly showing it (replaced.ts).
 * One inside a news photo, or beside another country's flag, is news.
 */
export function judgePlace(
  spec: FlagSpec,
  confidence: number,
  score: number,
  where: { place: FlagPlace; paired: boolean; big: boolean; subject: boolean; replaced: boolean; maxScore: number },
): { kind: FlagSpec['kind']; score: number } {
  if (spec.kind !== 'signature') return { kind: spec.kind, score };
  const article = where.place === 'article';
  if (where.paired || (article && !where.subject && !where.replaced)) return { kind: 'supporting', score: Math.min(score, NEWS_MAX_SCORE * spec.weight) };
  if ((PROMINENT_PLACES.has(where.place) || article || where.replaced) && where.big) {
    const floor = spec.weight * (PROMINENT_MIN_SCORE + (where.maxScore - PROMINENT_MIN_SCORE) * confidence);
    return { kind: 'signature', score: Math.max(score, floor) };
  }
  return { kind: 'signature', score };
}

/**
 * The place in a summary's words, with a leading space: the role of the flag's place, else `onPage`
 * (where its box is on the page, in words) when given, else nothing.
 */
export function placeWords(place: FlagPlace, paired: boolean, onPage = ''): string {
  const words = PLACE_WORDS[place] || onPage;
  return `${words ? ` ${words}` : ''}${paired ? ' beside another national flag' : ''}`;
}
/** At most this many flags are reported per check, best first. */
export const MAX_SIGNALS = 5;

/** A flag found in the screenshot. */
export interface FlagDetection {
  spec: FlagSpec;
  /** Axis-aligned box in screenshot pixels. */
  box: Box;
  /** Template match score (0..1). */
  match: number;
  /** Match mapped to 0..1. */
  confidence: number;
  /** Clockwise rotation in degrees. */
  angle: number;
  /** How many of the flag's features were found in place (parts.ts). */
  features: number;
}

/** Flags prepared for matching; build once, reuse for every check. */
export interface FlagMatcher {
  models: readonly FlagModel[];
  /** RGB → class lookup table. */
  table: Uint8Array;
  /** Classes worth labelling (bit per class id). */
  anchorClasses: number;
  /** Cells of the largest template (scratch size). */
  maxCells: number;
}

/** Builds the models of `flags` (the shipped ones by default); throws on an unusable entry. */
export function createFlagMatcher(flags: readonly FlagSpec[] = FLAGS): FlagMatcher {
  const models = flags.map(buildFlagModel);
  let maxCells = 0;
  for (const m of models) for (const t of m.templates.values()) maxCells = Math.max(maxCells, t.gw * t.gh);
  return { models, table: buildClassTable(), anchorClasses: anchorClasses(models), maxCells };
}

function toPageBox(map: ClassMap, frame: Frame, image: RawImage): Box {
  const t = (frame.angle * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const [u, v] of [
    [-0.5, -0.5],
    [0.5, -0.5],
    [-0.5, 0.5],
    [0.5, 0.5],
  ] as const) {
    const a = u * frame.w + frame.shear * v * frame.h;
    const b = v * frame.h;
    const x = map.x0 + (frame.cx + a * cos - b * sin) * map.scale;
    const y = map.y0 + (frame.cy + a * sin + b * cos) * map.scale;
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  x0 = Math.max(0, Math.round(x0));
  y0 = Math.max(0, Math.round(y0));
  x1 = Math.min(image.width, Math.round(x1));
  y1 = Math.min(image.height, Math.round(y1));
  return { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
}

function overlap(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  // Intersection over the smaller box: a flag inside a bigger false frame is the same place.
  return (w * h) / Math.max(1, Math.min(a.width * a.height, b.width * b.height));
}

/**
 * Whether a refined fit is reported, and with how many features found. Beyond the score, each feature
 * of the flag the scan can resolve must be there on its own (parts.ts), and at least one must be
 * resolved: a flag is known by its features, not by its colours. A flag mostly in sight with none of
 * its features hidden is reported on that. One cropped by its picture's edge or partly covered (a
 * cookie bar, a person in front of it) is judged on what is seen: at least MIN_VISIBLE_FEATURED of it,
 * holding features that say which flag it is on their own — a red field alone under a cookie bar, or
 * beside a person, is no PRC flag. One mostly hidden is not reported at all: what shows may be
 * anything red and yellow.
 */
function accepted(c: Candidate, map: ClassMap): number | null {
  const { fit } = c;
  const seen = fit.visible - fit.occluded;
  if (fit.score < MATCH_MIN_SCORE || seen < MIN_VISIBLE_FEATURED || fit.mostlyHidden || fit.stray > MAX_STRAY) return null;
  for (const f1 of fit.perClass.values()) if (f1 < MIN_CLASS_F1) return null;
  if (c.model.parts.length === 0) return fit.visible >= MIN_VISIBLE && (fit.occluded === 0 || seen >= MIN_SEEN_OCCLUDED) ? 0 : null;
  // Cloth bends a flag's features out of the frame's straight lines; they may follow it only in a
  // frame whose field fits well (a frame stretched over a cookie bar has its field half wrong).
  const field = fit.perClass.get(fieldClassOf(c.model)) ?? 0;
  const parts = checkParts(map, c.model, c.frame, fit.cover, field >= ELASTIC_MIN_FIELD_F1);
  if (parts.found === 0 || parts.missing > (parts.found >= MIN_FEATURES_FOLDED ? 1 : 0)) return null;
  const mostlySeen = fit.visible >= MIN_VISIBLE && (fit.occluded === 0 || (seen >= MIN_SEEN_OCCLUDED && parts.hidden === 0));
  return mostlySeen || parts.found >= MIN_FEATURES_CROPPED ? parts.found : null;
}

function fieldClassOf(model: FlagModel): number {
  return CLASS_IDS[model.spec.field];
}

function confidenceOf(score: number): number {
  return Math.min(1, Math.max(0, (score - CONFIDENCE_FLOOR) / (CONFIDENCE_FULL - CONFIDENCE_FLOOR)));
}

interface Candidate {
  model: FlagModel;
  frame: Frame;
  fit: Fit;
}

/** What explains() compares of an accepted flag. */
type Reading = Pick<FlagDetection, 'spec' | 'box' | 'match' | 'features'>;

/** A flag this much bigger than one inside it, with more features found, explains it whatever their scores. */
const ENGULFING_AREA = 2;

/**
 * Whether accepted flag `o` explains `c` at its place, so that `c` is a piece of `o`: the PRC flag's
 * big star and the red around it make a "Vietnam flag", its four small stars do not. `o` has more
 * features found and either fits as well, or is much bigger and holds `c` while the features it has
 * in sight name it on their own (a PRC flag half hidden by a person fits worse than its canton alone).
 */
function explains(o: Reading, c: Reading): boolean {
  if (o.spec === c.spec || o.features <= c.features || overlap(o.box, c.box) <= 0.5) return false;
  if (o.match >= c.match) return true;
  const engulfs = o.box.width * o.box.height >= ENGULFING_AREA * c.box.width * c.box.height && inside(c.box, o.box) >= 0.8;
  return engulfs && o.features >= MIN_FEATURES_CROPPED;
}

/** A frame's axis-aligned box, ignoring rotation (for telling places apart). */
function frameBox(f: Frame): Box {
  return { x: f.cx - f.w / 2, y: f.cy - f.h / 2, width: f.w, height: f.h };
}

function frameKey(model: FlagModel, f: Frame): string {
  const q = Math.max(1, f.h / 20);
  return `${model.spec.id}:${Math.round(f.cx / q)}:${Math.round(f.cy / q)}:${Math.round(f.w / q)}:${Math.round(f.h / q)}:${Math.round(f.angle / 2)}`;
}

/** Context scanned around a region: a flag is told from a piece of a bigger area by where it ends. */
function expand(region: Box, image: RawImage): Box {
  const m = Math.max(6, Math.round(0.06 * Math.max(region.width, region.height)));
  const x0 = Math.max(0, region.x - m);
  const y0 = Math.max(0, region.y - m);
  const x1 = Math.min(image.width, region.x + region.width + m);
  const y1 = Math.min(image.height, region.y + region.height + m);
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** Share of `box` inside `region`. */
function inside(box: Box, region: Box): number {
  const w = Math.min(box.x + box.width, region.x + region.width) - Math.max(box.x, region.x);
  const h = Math.min(box.y + box.height, region.y + region.height) - Math.max(box.y, region.y);
  return w <= 0 || h <= 0 ? 0 : (w * h) / Math.max(1, box.width * box.height);
}

/**
 * Flags inside one changed region of the image (at least half of each flag inside it). A `picture`
 * region is the box of one picture shown on the page and is scanned as that picture alone: its edges
 * crop the flag as an image's edges do (a hero crop, a slide whose flag reaches its top), the page
 * around it is not taken for more of the flag's surroundings.
 */
function scanRegion(image: RawImage, region: Box, matcher: FlagMatcher, picture: boolean): FlagDetection[] {
  const area = picture ? region : expand(region, image);
  const scale = Math.max(1, Math.ceil(Math.sqrt((area.width * area.height) / MAX_SCAN_PIXELS)));
  const map = classMap(image, area, scale, matcher.table, picture);
  if (map.width < MIN_REGION_WIDTH / scale || map.height < MIN_FLAG_ROWS) return [];
  const list = findComponents(map.classes, map.width, map.height, MIN_COMPONENT_AREA, matcher.anchorClasses);
  list.sort((a, b) => b.area - a.area);
  const scratch = createScratch(matcher.maxCells);

  const seen = new Set<string>();
  const quick: Candidate[] = [];
  for (const c of list.slice(0, MAX_COMPONENTS)) {
    for (const model of matcher.models) {
      for (const anchor of model.anchors) {
        if (anchor.cls !== c.cls) continue;
        for (const frame of hypothesesFor(model, anchor, c, map)) {
          if (frame.h < MIN_FLAG_ROWS || frame.w > map.width * 2 || frame.h > map.height * 2) continue;
          const key = frameKey(model, frame);
          if (seen.has(key)) continue;
          seen.add(key);
          const fit = fitFrame(map, model, frame, scratch);
          if (fit.score >= QUICK_MIN_SCORE && fit.visible >= MIN_VISIBLE_FEATURED) quick.push({ model, frame, fit });
        }
      }
    }
  }
  quick.sort((a, b) => b.fit.score - a.fit.score);
  // Refine the best hypothesis of each flag at each place: near-duplicates (the same flag from its
  // field and from its star) would otherwise crowd out the other flags of a row of flags. A frame
  // mostly in sight and one cropped by the picture's edge are two readings of a place, each refined:
  // a hero crop's best quick score may be the cropped frame, while the frame that fits is whole.
  const whole = (c: Candidate): boolean => c.fit.visible >= MIN_VISIBLE;
  const chosen: Candidate[] = [];
  for (const c of quick) {
    if (chosen.length >= MAX_REFINED) break;
    if (chosen.some((k) => k.model === c.model && whole(k) === whole(c) && overlap(frameBox(k.frame), frameBox(c.frame)) > 0.6)) continue;
    chosen.push(c);
  }
  const refined = chosen.map((c) => {
    const r = refineFrame(map, c.model, scratch, c.frame, c.fit);
    // A big frame is judged on a finer grid too, where small features (the PRC flag's small stars)
    // are required: the worse of the two fits stands.
    const rows = fineRows(r.frame.h);
    const fine = rows === null ? r.fit : fitFrame(map, c.model, r.frame, scratch, rows);
    return { model: c.model, frame: r.frame, fit: fine.score < r.fit.score ? fine : r.fit };
  });
  const judged = refined.map((c) => ({ ...c, box: toPageBox(map, c.frame, image), found: accepted(c, map) }));
  const reading = (c: (typeof judged)[number]): Reading => ({ spec: c.model.spec, box: c.box, match: c.fit.score, features: c.found ?? 0 });
  // A piece of an accepted flag, accepted itself or not, neither names nor holds the place.
  const kept = judged.filter((c) => !judged.some((o) => o.found !== null && explains(reading(o), reading(c))));
  kept.sort((a, b) => b.fit.score - a.fit.score);

  // Best match per place: where the PRC and Vietnam templates both fit, the better one names the flag;
  // when the best match at a place is not convincing, nothing is reported there. A frame of the same
  // flag that fits better but was not accepted is only another reading of it and blocks nothing.
  const out: FlagDetection[] = [];
  const taken: (typeof kept)[number][] = [];
  for (const c of kept) {
    const { box } = c;
    if (taken.some((t) => overlap(t.box, box) > 0.5 && (t.found !== null || t.model !== c.model))) continue;
    taken.push(c);
    if (c.found === null || inside(box, region) < MIN_INSIDE_REGION) continue;
    out.push({ spec: c.model.spec, box, match: c.fit.score, confidence: confidenceOf(c.fit.score), angle: c.frame.angle, features: c.found });
  }
  return out;
}

/** Drops boxes (mostly) inside another one; clips the rest to the image. */
function scanBoxes(boxes: readonly Box[], image: RawImage): Box[] {
  const clipped: Box[] = [];
  for (const b of boxes) {
    const c = clipBox(b, image.width, image.height);
    if (c && c.width >= MIN_REGION_WIDTH && c.height >= MIN_REGION_HEIGHT) clipped.push(c);
  }
  clipped.sort((a, b) => b.width * b.height - a.width * a.height);
  const kept: Box[] = [];
  for (const b of clipped) if (!kept.some((k) => overlap(k, b) > 0.9)) kept.push(b);
  return kept;
}

/**
 * Finds flags in the given boxes of an image, and in the boxes of `pictures` shown in it (each
 * scanned within its own edges, see scanRegion), best first; overlapping finds from different boxes
 * are reported once. Pure computation on the image.
 */
export function findFlags(image: RawImage, boxes: readonly Box[], matcher: FlagMatcher, pictures: readonly Box[] = []): FlagDetection[] {
  const all = [
    ...scanBoxes(boxes, image).flatMap((b) => scanRegion(image, b, matcher, false)),
    ...scanBoxes(pictures, image).flatMap((b) => scanRegion(image, b, matcher, true)),
  ];
  const kept = all.filter((d) => !all.some((o) => explains(o, d)));
  kept.sort((a, b) => b.match - a.match);
  const out: FlagDetection[] = [];
  for (const d of kept) if (!out.some((o) => overlap(o.box, d.box) > 0.5)) out.push(d);
  return out;
}

/**
 * Boxes where the current screenshot shows something new: the diff's regions, plus the inserted and
 * replaced blocks of the aligned comparison. Removed blocks are in baseline pixels and gone anyway.
 */
export function changedBoxes(visual: VisualDiff): Box[] {
  const boxes = [...visual.regions];
  for (const c of visual.changes ?? []) if (c.kind === 'inserted' || c.kind === 'replaced') boxes.push(c.box);
  return boxes;
}

/** Boxes of the pictures with new bytes that a visible element shows on the screenshot. */
function newPicturesShown(ctx: DetectorContext): Box[] {
  const boxes: Box[] = [];
  for (const i of ctx.changedImages ?? []) if (i.shown === true && i.place && i.place.box.width * i.place.box.height > 0) boxes.push(i.place.box);
  return boxes;
}

/** The middle 80% of a box: a flag's own pixels, not the page its edge may take in. */
function insideOf(box: Box): Box {
  const dx = Math.floor(box.width / 10);
  const dy = Math.floor(box.height / 10);
  return { x: box.x + dx, y: box.y + dy, width: box.width - 2 * dx, height: box.height - 2 * dy };
}

function prominenceOf(box: Box, ctx: DetectorContext): number {
  const vp = ctx.current.viewport;
  const screen = Math.max(1, vp.width * vp.height);
  return Math.min(1, Math.sqrt((box.width * box.height) / screen / PROMINENT_SHARE));
}

/**
 * A matcher for `flags` built on the first call and the same one returned ever after. Templates take
 * tens of milliseconds to build: not at import (every CLI command imports the registry) but when a
 * first picture is scanned; deterministic, so building it late changes no result.
 */
export function lazyFlagMatcher(flags: readonly FlagSpec[]): () => FlagMatcher {
  let matcher: FlagMatcher | undefined;
  return () => (matcher ??= createFlagMatcher(flags));
}

/** The shipped flags' matcher, shared by every detector that looks for flags: built once per process. */
export const shippedFlagMatcher: () => FlagMatcher = lazyFlagMatcher(FLAGS);

/** Builds the detector over a matcher (the shipped flags' by default). */
export function createNationalFlagDetector(matcherOf: () => FlagMatcher = shippedFlagMatcher): SyncDetector {
  function detect(ctx: DetectorContext): Signal[] {
    const image = ctx.currentImage;
    const boxes = changedBoxes(ctx.visual);
    if (!image || ctx.visual.identical || boxes.length === 0) return [];
    // A flag whose pixels the approved screenshot shows elsewhere only moved (a grid reflowed).
    const before = ctx.baselineImage;
    const found = findFlags(image, boxes, matcherOf(), newPicturesShown(ctx)).filter((d) => !before || !shownBefore(before, image, insideOf(d.box)));
    const neighbours = found.map((d) => ({ box: d.box, id: d.spec.id }));
    const seen = found.map((d) => {
      const picture = pictureAt(d.box, ctx.current);
      const fill = picture ? (d.box.width * d.box.height) / Math.max(1, picture.place.box.width * picture.place.box.height) : 0;
      return { d, picture, fill, paired: besideAnotherFlag(d.box, d.spec.id, neighbours) };
    });
    const repeated = repeatedFlags(seen.flatMap((s) => (s.picture ? [{ flag: s.d.spec.id, picture: s.picture.url, fill: s.fill, paired: s.paired }] : [])));
    return seen.slice(0, MAX_SIGNALS).map(({ d, picture, paired }): Signal => {
      const prominence = prominenceOf(d.box, ctx);
      const factor = MIN_PROMINENCE_FACTOR + (1 - MIN_PROMINENCE_FACTOR) * prominence;
      const place = placeOnScreen(d.box, ctx.current);
      const pattern = picture !== undefined && repeated.has(d.spec.id) && !paired;
      const judged = judgePlace(d.spec, d.confidence, Math.min(MAX_SCORE, d.confidence * d.spec.weight * factor), {
        place,
        paired,
        big: d.box.height >= MIN_PROMINENT_HEIGHT,
        subject: flagIsSubject(d.box, ctx.current),
        replaced: pattern,
        maxScore: MAX_SCORE,
      });
      return {
        detector: NAME,
        kind: judged.kind,
        score: Math.round(judged.score * 1000) / 1000,
        summary: `${d.spec.name} flag${placeWords(place, paired, whereOnPage(d.box, pageFrameOf(ctx.current)))}${patternWords(pattern)}`,
        evidence: {
          flag: d.spec.id,
          name: d.spec.name,
          box: d.box,
          place,
          paired,
          pattern,
          confidence: Math.round(d.confidence * 1000) / 1000,
          match: Math.round(d.match * 1000) / 1000,
          angle: Math.round(d.angle * 10) / 10,
          prominence: Math.round(prominence * 1000) / 1000,
          weight: d.spec.weight,
        },
      };
    });
  }

  return { name: NAME, version: '1.3.0', detect };
}

/** The detector with the shipped flags. */
export const nationalFlag: SyncDetector = createNationalFlagDetector();
