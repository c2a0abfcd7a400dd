/**
 * image-flag: national flags in pictures the page loads now that the baseline never loaded, whether
 * or not they were on screen when the screenshot was taken. An attacker who can only write to the
 * upload folder overwrites a carousel's first slide with a PRC flag: a visitor sees it first, the
 * capture (taken seconds later, on another slide) does not. The bytes changed, so it is here.
 *
 * Each new image is scanned whole with the national-flag detector's matcher, every distinct frame of
 * an animation too (a GIF that opens on a blank frame). Images a visible `<img>` showed are left to
 * national-flag, which sees them in the screenshot where they are — all but an animation's later
 * frames, which the screenshot never shows. The score is lower than for a flag on screen (we did not
 * see it shown) and grows with how much of the picture the flag fills; where the page uses the
 * picture decides the rest (flags/place.ts): a signature flag filling a carousel slide, the hero or
 * a header picture is a defacement on its own, one in an article's photo or beside another
 * country's flag is news — unless several pictures newly show the same flag (flags/replaced.ts).
 */
import type { Box, ChangedImage, RawImage, Signal } from '../core/types.js';
import { findFlags, judgePlace, placeWords, shippedFlagMatcher, type FlagDetection, type FlagMatcher } from './flags/detector.js';
import { besideAnotherFlag, MIN_PROMINENT_HEIGHT, SUBJECT_FILL, placeOfImage, type FlagPlace } from './flags/place.js';
import { patternWords, repeatedFlags } from './flags/replaced.js';
import type { DetectorContext, SyncDetector } from './types.js';

const NAME = 'image-flag';

/** Weight of a flag in a picture not seen on screen, against national-flag's on-screen one. */
export const OFF_SCREEN_WEIGHT = 0.88;
/** A flag filling this share of its picture (or more) counts fully… */
export const FULL_FILL = 0.4;
/** …a tiny one still this fraction of that. */
const MIN_FILL_FACTOR = 0.3;
/**
 * Flags smaller than this are not reported: at 12–20 px the matcher finds "flags" in JPEG blocks of
 * red and orange photos, and a flag that small in a picture is not what a visitor would notice.
 */
export const MIN_FLAG_HEIGHT = 24;
export const MIN_FILL = 0.02;
/** The score never claims certainty. */
export const MAX_SCORE = 0.9;
/** A flag filling this share of a picture in a prominent place takes that place (a flag in a street scene does not). */
export const PROMINENT_FILL = 0.1;
/** At most this many flags are reported per check, best first. */
export const MAX_SIGNALS = 5;

function fillOf(box: Box, image: ChangedImage['image']): number {
  return Math.min(1, (box.width * box.height) / Math.max(1, image.width * image.height));
}

/** A URL as people read it in a summary: the path on the site's own origin, else the whole URL (clipped). */
function shortUrl(url: string, siteUrl: string): string {
  let text = url;
  try {
    const u = new URL(url);
    text = u.origin === new URL(siteUrl).origin ? `${u.pathname}${u.search}` : url;
  } catch {
    // Either is not a URL: the URL is shown as written (clipped below), which is all a summary needs.
  }
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

interface Found {
  image: ChangedImage;
  flag: FlagDetection;
  fill: number;
  score: number;
  kind: FlagDetection['spec']['kind'];
  place: FlagPlace;
  paired: boolean;
  /** Index of the animation frame it was found in (0: the first). */
  frame: number;
  /** One of several pictures newly showing the same flag (flags/replaced.ts). */
  pattern: boolean;
}

/**
 * The frames of a picture to scan: all of them, or only the later frames of an animation whose first
 * frame a visible `<img>` showed (national-flag judged that one on the screenshot).
 */
function framesToScan(image: ChangedImage): { raw: RawImage; index: number }[] {
  const all = [image.image, ...(image.frames ?? [])].map((raw, index) => ({ raw, index }));
  return image.shown === true ? all.slice(1) : all;
}

/** Builds the detector over a matcher (the shipped flags', shared with national-flag, by default). */
export function createImageFlagDetector(matcherOf: () => FlagMatcher = shippedFlagMatcher): SyncDetector {
  function detect(ctx: DetectorContext): Signal[] {
    const images = (ctx.changedImages ?? []).filter((i) => framesToScan(i).length > 0);
    if (images.length === 0) return [];
    const matcher = matcherOf();
    // Every flag of every frame first: whether several pictures show the same one decides how each counts.
    const seen: Omit<Found, 'score' | 'kind' | 'pattern'>[] = [];
    for (const image of images) {
      const place = placeOfImage(image.place, ctx.current.viewport);
      for (const { raw, index } of framesToScan(image)) {
        const whole: Box = { x: 0, y: 0, width: raw.width, height: raw.height };
        const flags = findFlags(raw, [whole], matcher);
        const neighbours = flags.map((f) => ({ box: f.box, id: f.spec.id }));
        for (const flag of flags) {
          const fill = fillOf(flag.box, raw);
          if (flag.box.height < MIN_FLAG_HEIGHT || fill < MIN_FILL) continue;
          seen.push({ image, flag, fill, place, paired: besideAnotherFlag(flag.box, flag.spec.id, neighbours), frame: index });
        }
      }
    }
    const repeated = repeatedFlags(seen.map((f) => ({ flag: f.flag.spec.id, picture: f.image.url, fill: f.fill, paired: f.paired })));
    // One finding per flag and picture: the frame that shows it best.
    const best = new Map<string, Found>();
    for (const f of seen) {
      const { image, flag, fill } = f;
      const factor = MIN_FILL_FACTOR + (1 - MIN_FILL_FACTOR) * Math.min(1, Math.sqrt(fill / FULL_FILL));
      const base = Math.min(MAX_SCORE, flag.confidence * flag.spec.weight * OFF_SCREEN_WEIGHT * factor);
      const pattern = repeated.has(flag.spec.id) && !f.paired;
      const judged = judgePlace(flag.spec, flag.confidence, base, {
        place: f.place,
        paired: f.paired,
        // A flag the picture was replaced with counts from the size a visitor notices, not only from its share.
        big: fill >= PROMINENT_FILL || (pattern && flag.box.height >= MIN_PROMINENT_HEIGHT),
        subject: fill >= SUBJECT_FILL,
        replaced: pattern,
        maxScore: MAX_SCORE,
      });
      const found: Found = { ...f, score: judged.score, kind: judged.kind, pattern };
      const key = `${image.url}\n${flag.spec.id}`;
      const before = best.get(key);
      if (!before || found.score > before.score) best.set(key, found);
    }
    const found = [...best.values()];
    found.sort((a, b) => b.score - a.score || b.flag.match - a.flag.match);
    return found.slice(0, MAX_SIGNALS).map(({ image, flag, fill, score, kind, place, paired, frame, pattern }): Signal => {
      const where = image.shown === false ? ' (not on screen when captured)' : '';
      const frameWords = frame > 0 ? ` (frame ${frame + 1} of an animation)` : '';
      return {
        detector: NAME,
        kind,
        score: Math.round(score * 1000) / 1000,
        summary: `${flag.spec.name} flag in image ${shortUrl(image.url, ctx.site.url)}${placeWords(place, paired)}${patternWords(pattern)}${where}${frameWords}`,
        // Visitors see what the page loads for them, slide after slide, even if the screenshot did not.
        visibleToVisitors: true,
        evidence: {
          flag: flag.spec.id,
          name: flag.spec.name,
          url: image.url,
          sha256: image.sha256,
          shown: image.shown ?? null,
          place,
          paired,
          pattern,
          frame,
          imageSize: { width: image.image.width, height: image.image.height },
          box: flag.box,
          fill: Math.round(fill * 1000) / 1000,
          confidence: Math.round(flag.confidence * 1000) / 1000,
          match: Math.round(flag.match * 1000) / 1000,
          weight: flag.spec.weight,
        },
      };
    });
  }

  return { name: NAME, version: '1.3.0', detect };
}

/** The detector with the shipped flags. */
export const imageFlag: SyncDetector = createImageFlagDetector();
