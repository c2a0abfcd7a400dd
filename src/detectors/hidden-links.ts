/**
 * hidden-links: many new links to other sites that no visitor can see — the SEO spam ("slot gacor",
 * betting, pharmacy link farms) injected into compromised public sites for search engines only. A
 * sign of compromise, not a visible defacement: the signal is `supporting`, enough for `changed`,
 * never `defaced` on its own.
 *
 * A link counts when it points to an origin other than the site's, its URL was not in the
 * baseline, and something hides it (./../compare/links.ts: `display:none`, `hidden`, off-screen,
 * 1 px box, zero font size, a class a `<style>` hides, or text the browser did not render).
 */
import { extractLinks, type HiddenReason, type PageLink } from '../compare/links.js';
import type { Capture, Signal } from '../core/types.js';
import type { DetectorContext, SyncDetector } from './types.js';

const NAME = 'hidden-links';

/** At least this many new hidden links to other origins make a signal (a hidden menu adds one or two)… */
export const MIN_LINKS = 5;
/** …scoring this… */
export const BASE_SCORE = 0.35;
/** …plus this for each further link… */
export const PER_EXTRA_LINK = 0.01;
/** …plus this for each further origin… */
export const PER_EXTRA_ORIGIN = 0.02;
/** …up to this: supporting evidence, never `defaced` alone. */
export const MAX_SCORE = 0.6;
/** Links and origins named in the evidence. */
const EVIDENCE_ITEMS = 10;

function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    // Not a URL: no origin, as for a non-web scheme.
    return null;
  }
}

/** The origins the site itself is served from (asked-for and final URLs, before and now). */
function siteOrigins(baseline: Capture, current: Capture): Set<string> {
  const out = new Set<string>();
  for (const u of [baseline.url, baseline.finalUrl, current.url, current.finalUrl]) {
    const o = originOf(u);
    if (o) out.add(o);
  }
  return out;
}

/** New links to other origins that no visitor sees. */
export function newHiddenLinks(baseline: Capture, current: Capture): PageLink[] {
  const own = siteOrigins(baseline, current);
  const before = new Set(extractLinks(baseline.html, { baseUrl: baseline.finalUrl || baseline.url }).map((l) => l.href));
  const links = extractLinks(current.html, { baseUrl: current.finalUrl || current.url, visibleText: current.visibleText });
  return links.filter((l) => l.hidden !== null && l.origin !== null && !own.has(l.origin) && !before.has(l.href));
}

/** How each way of hiding is named in a summary. */
const HIDDEN_BY: Record<HiddenReason, string> = {
  'hidden-attribute': 'hidden attribute',
  'display-none': 'display:none',
  'visibility-hidden': 'visibility:hidden',
  transparent: 'transparent',
  'zero-font': 'zero font size',
  'tiny-box': '1-pixel box',
  'off-screen': 'positioned off-screen',
  clipped: 'clipped away',
  'not-rendered-element': 'inside noscript or template',
  'not-in-visible-text': 'not rendered',
};

function detect(ctx: DetectorContext): Signal[] {
  const { baseline, current } = ctx;
  if (baseline.html === current.html) return [];
  const hidden = newHiddenLinks(baseline, current);
  if (hidden.length < MIN_LINKS) return [];

  const origins = [...new Set(hidden.map((l) => l.origin!))];
  const reasons = new Map<HiddenReason, number>();
  for (const l of hidden) reasons.set(l.hidden!, (reasons.get(l.hidden!) ?? 0) + 1);
  const mainReason = [...reasons].sort((a, b) => b[1] - a[1])[0]![0];
  const score = Math.min(MAX_SCORE, BASE_SCORE + PER_EXTRA_LINK * (hidden.length - MIN_LINKS) + PER_EXTRA_ORIGIN * (origins.length - 1));
  const named = origins.slice(0, 3).map((o) => o.replace(/^https?:\/\//, ''));
  const summary =
    `${hidden.length} hidden links to ${origins.length === 1 ? 'another site' : `${origins.length} other sites`} added ` +
    `(${HIDDEN_BY[mainReason]}; ${named.join(', ')}${origins.length > 3 ? ', …' : ''})`;
  return [
    {
      detector: NAME,
      kind: 'supporting',
      score,
      summary,
      evidence: {
        count: hidden.length,
        origins: origins.slice(0, EVIDENCE_ITEMS),
        originCount: origins.length,
        hiddenBy: Object.fromEntries(reasons),
        links: hidden.slice(0, EVIDENCE_ITEMS).map((l) => ({ href: l.href, text: l.text.slice(0, 80), hidden: l.hidden })),
      },
    },
  ];
}

export const hiddenLinks: SyncDetector = { name: NAME, version: '1.0.0', detect };
