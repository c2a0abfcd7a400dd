/**
 * shared-indicators: the page now shows what another member of the sharing network reported as a
 * defacement — one of its slogans in the new text, a first screen that looks like its defacement page
 * (perceptual hash), a new picture that looks like one of its pictures — or loads scripts, frames or
 * images from an origin it named. A campaign that hit one country's sites is recognised at once on
 * another's, and the verdict names the indicator and who shared it.
 *
 * Content matches are `signature` signals: a specific slogan or the defacement page itself is as
 * telling as a defacer phrase. A short slogan weighs less (it alone does not decide `defaced`). An
 * origin-only match is a compromise signal (`supporting`): `changed`, unless something visible says
 * more. Only what is new counts: added text (a slogan the approved page already showed as often does
 * not), a first screen that differs from the baseline's, origins the baseline never used.
 */
import { decodePng } from '../compare/png.js';
import { firstScreenHash, hammingDistance, imageHash } from '../compare/perceptual-hash.js';
import { visibleBlocks } from '../compare/dom.js';
import { foldText } from '../compare/text.js';
import { DECISIVE_SLOGAN_WEIGHT, sloganWeight, type SharedIndicator } from '../core/shared-indicator.js';
import type { Signal } from '../core/types.js';
import { noisyOr } from '../core/verdict.js';
import type { Detector, DetectorContext } from './types.js';

const NAME = 'shared-indicators';

/** A perceptual hash within this many bits of a shared one is the same page or picture. */
export const MAX_HASH_DISTANCE = 10;
/** Score of a first screen matching a shared hash exactly, falling by HASH_SCORE_STEP per differing bit. */
export const HASH_SCORE = 0.93;
export const HASH_SCORE_STEP = 0.01;
/** Score of a new picture that looks like a shared one (less than a whole page). */
export const IMAGE_SCORE = 0.8;
/** Score of a specific slogan (weight ≥ DECISIVE_SLOGAN_WEIGHT) newly shown… */
export const SLOGAN_SCORE = 0.9;
/** …and of a shorter one: evidence, not decisive alone. */
export const SHORT_SLOGAN_SCORE = 0.35;
/** Score of a new script, frame or image origin the indicator named: at least `changed`, never `defaced` alone. */
export const ORIGIN_SCORE = 0.4;
/** At most this many indicators are reported (the strongest). */
export const MAX_SIGNALS = 3;
/** At most this many newly loaded images are hashed per check (first ones by URL): each costs a pass over its pixels. */
export const MAX_HASHED_IMAGES = 12;

/** What one indicator matched. */
interface IndicatorMatch {
  indicator: SharedIndicator;
  slogans: string[];
  screenDistance?: number;
  images: { url: string; distance: number }[];
  origins: string[];
}

const LETTER = /[\p{L}\p{N}]/u;
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/** Whether a character at a slogan's edge needs a word boundary beside it (scripts written with spaces). */
function spacedLetter(ch: string | undefined): boolean {
  return ch !== undefined && LETTER.test(ch) && !UNSPACED.test(ch);
}

/** Occurrences of a folded slogan in folded text, as whole words where the script has words. */
export function countSlogan(text: string, slogan: string): number {
  if (slogan === '') return 0;
  const first = [...slogan][0];
  const last = [...slogan].at(-1);
  let count = 0;
  for (let at = text.indexOf(slogan); at >= 0; at = text.indexOf(slogan, at + 1)) {
    const before = at > 0 ? [...text.slice(Math.max(0, at - 2), at)].at(-1) : undefined;
    const after = [...text.slice(at + slogan.length, at + slogan.length + 2)][0];
    if (spacedLetter(first) && spacedLetter(before)) continue;
    if (spacedLetter(last) && spacedLetter(after)) continue;
    count++;
  }
  return count;
}

function live(indicators: readonly SharedIndicator[], at: string): SharedIndicator[] {
  const now = Date.parse(at);
  return indicators.filter((i) => i.validUntil === undefined || !Number.isFinite(now) || Date.parse(i.validUntil) > now);
}

/** Slogans of each indicator that the check's new text shows more often than the baseline did. */
function sloganMatches(ctx: DetectorContext, indicators: SharedIndicator[]): Map<SharedIndicator, string[]> {
  const out = new Map<SharedIndicator, string[]>();
  if (!indicators.some((i) => i.slogans.length > 0)) return out;
  const { dom } = ctx;
  const added = [...dom.textAdded, ...(dom.titleChanged ? [dom.titleAfter] : []), ...(dom.imageTextAdded ?? [])];
  if (added.length === 0) return out;
  const addedText = foldText(added.join(' '));
  let before: string | undefined;
  let after: string | undefined;
  for (const indicator of indicators) {
    for (const raw of indicator.slogans) {
      const slogan = foldText(raw);
      if (countSlogan(addedText, slogan) === 0) continue;
      // Text that only moved is not new: compare the whole pages (read only when a slogan was seen).
      before ??= foldText([...visibleBlocks(ctx.baseline), ctx.baseline.title].join(' '));
      after ??= foldText([...visibleBlocks(ctx.current), ctx.current.title, ...(dom.imageTextAdded ?? [])].join(' '));
      if (countSlogan(after, slogan) <= countSlogan(before, slogan)) continue;
      out.set(indicator, [...(out.get(indicator) ?? []), slogan]);
    }
  }
  return out;
}

function closest(hash: string | null, hashes: readonly string[]): number | undefined {
  if (hash === null) return undefined;
  let best: number | undefined;
  for (const h of hashes) {
    const d = hammingDistance(hash, h);
    if (d <= MAX_HASH_DISTANCE && (best === undefined || d < best)) best = d;
  }
  return best;
}

async function baselineFirstScreen(ctx: DetectorContext): Promise<string | null> {
  try {
    return firstScreenHash(await decodePng(ctx.baseline.screenshot));
  } catch {
    // In a check compare/visual.ts has decoded this screenshot already (BASELINE_CORRUPT when it
    // cannot); here null only leaves the match standing.
    return null;
  }
}

/** Indicators whose hashes the current first screen or a new picture is close to. */
async function hashMatches(ctx: DetectorContext, indicators: SharedIndicator[]): Promise<Map<SharedIndicator, Pick<IndicatorMatch, 'screenDistance' | 'images'>>> {
  const out = new Map<SharedIndicator, Pick<IndicatorMatch, 'screenDistance' | 'images'>>();
  const withHashes = indicators.filter((i) => i.screenshotHashes.length > 0);
  if (withHashes.length === 0 || ctx.visual.identical) return out;
  const screen = ctx.currentImage === undefined ? null : firstScreenHash(ctx.currentImage);
  const pictures = (ctx.changedImages ?? []).slice(0, MAX_HASHED_IMAGES).map((c) => ({ url: c.url, hash: imageHash(c.image) }));
  let baseline: string | null | undefined;
  for (const indicator of withHashes) {
    let screenDistance = closest(screen, indicator.screenshotHashes);
    if (screenDistance !== undefined) {
      // The approved page looking like it already means the page is not new (or the indicator is poor).
      baseline ??= await baselineFirstScreen(ctx);
      if (closest(baseline, indicator.screenshotHashes) !== undefined) screenDistance = undefined;
    }
    const images = pictures.flatMap((p) => {
      const distance = closest(p.hash, indicator.screenshotHashes);
      return distance === undefined ? [] : [{ url: p.url, distance }];
    });
    if (screenDistance !== undefined || images.length > 0) out.set(indicator, { ...(screenDistance === undefined ? {} : { screenDistance }), images });
  }
  return out;
}

/** `https://evil.example` and `evil.example` of an origin string; undefined when unreadable. */
function originParts(origin: string): { origin: string; host: string } | undefined {
  try {
    const url = new URL(origin);
    return { origin: url.origin, host: url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase() };
  } catch {
    return undefined;
  }
}

/** New script, frame and image origins each indicator named (by origin, or by host for a bare host). */
function originMatches(ctx: DetectorContext, indicators: SharedIndicator[]): Map<SharedIndicator, string[]> {
  const out = new Map<SharedIndicator, string[]>();
  const { scripts, iframes, images } = ctx.dom.newOrigins;
  const fresh = [...new Set([...scripts, ...iframes, ...images])].flatMap((o) => originParts(o) ?? []);
  if (fresh.length === 0) return out;
  for (const indicator of indicators) {
    if (indicator.origins.length === 0) continue;
    const named = new Set(indicator.origins.map((o) => o.toLowerCase()));
    const hit = fresh.filter((f) => named.has(f.origin) || named.has(f.host)).map((f) => f.origin);
    if (hit.length > 0) out.set(indicator, hit);
  }
  return out;
}

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function signalOf(m: IndicatorMatch): Signal {
  const content: number[] = [];
  const said: string[] = [];
  for (const slogan of m.slogans) {
    content.push(sloganWeight(slogan) >= DECISIVE_SLOGAN_WEIGHT ? SLOGAN_SCORE : SHORT_SLOGAN_SCORE);
  }
  if (m.slogans.length > 0)
    said.push(
      `slogan${m.slogans.length > 1 ? 's' : ''} ${m.slogans
        .slice(0, 2)
        .map((s) => `"${clip(s, 50)}"`)
        .join(', ')} added`,
    );
  if (m.screenDistance !== undefined) {
    content.push(HASH_SCORE - HASH_SCORE_STEP * m.screenDistance);
    said.push(`the first screen looks like its defacement page (pHash distance ${m.screenDistance})`);
  }
  if (m.images.length > 0) {
    content.push(IMAGE_SCORE);
    said.push(`a new image looks like its picture (${clip(m.images[0]!.url, 60)})`);
  }
  if (m.origins.length > 0) said.push(`new origin ${m.origins.slice(0, 2).join(', ')}${m.origins.length > 2 ? ', …' : ''}`);
  const score = noisyOr([...content, ...(m.origins.length > 0 ? [ORIGIN_SCORE] : [])]);
  const sharedBy = m.indicator.createdBy ?? m.indicator.source;
  return {
    detector: NAME,
    kind: content.length > 0 ? 'signature' : 'supporting',
    score: Math.round(Math.min(0.99, score) * 1000) / 1000,
    summary: `matches indicator "${clip(m.indicator.name, 80)}" shared by ${clip(sharedBy, 60)} (${said.join('; ')})`,
    // A picture the page loads is seen by visitors even when the screenshot missed its slide.
    ...(m.images.length > 0 && m.slogans.length === 0 && m.screenDistance === undefined ? { visibleToVisitors: true } : {}),
    evidence: {
      indicator: m.indicator.id,
      name: m.indicator.name,
      sharedBy,
      source: m.indicator.source,
      modified: m.indicator.modified,
      slogans: m.slogans,
      ...(m.screenDistance === undefined ? {} : { screenDistance: m.screenDistance }),
      images: m.images,
      origins: m.origins,
    },
  };
}

async function detect(ctx: DetectorContext): Promise<Signal[]> {
  const indicators = live(ctx.sharedIndicators ?? [], ctx.current.capturedAt);
  if (indicators.length === 0) return [];
  const slogans = sloganMatches(ctx, indicators);
  const hashes = await hashMatches(ctx, indicators);
  const origins = originMatches(ctx, indicators);
  const matches: IndicatorMatch[] = [];
  for (const indicator of indicators) {
    const h = hashes.get(indicator);
    const m: IndicatorMatch = {
      indicator,
      slogans: slogans.get(indicator) ?? [],
      ...(h?.screenDistance === undefined ? {} : { screenDistance: h.screenDistance }),
      images: h?.images ?? [],
      origins: origins.get(indicator) ?? [],
    };
    if (m.slogans.length + m.images.length + m.origins.length > 0 || m.screenDistance !== undefined) matches.push(m);
  }
  return matches
    .map(signalOf)
    .sort((a, b) => b.score - a.score)
    .slice(0, MAX_SIGNALS);
}

/** The detector; it reads `ctx.sharedIndicators` (none: it says nothing). */
export const sharedIndicators: Detector = { name: NAME, version: '1.0.0', detect };
