/**
 * new-origins: scripts or frames now load from an origin the baseline never used. That is how
 * injected skimmers, crypto-miners and SEO-spam loaders show up: a sign of compromise, not of a
 * visible defacement, so the score stays moderate and never decides `defaced` alone.
 */
import type { Signal } from '../core/types.js';
import type { DetectorContext, SyncDetector } from './types.js';

const NAME = 'new-origins';

/** Score for one new script or frame origin… */
export const BASE_SCORE = 0.3;
/** …plus this for each further one… */
export const PER_EXTRA_ORIGIN = 0.05;
/** …up to this. */
export const MAX_SCORE = 0.5;

function detect(ctx: DetectorContext): Signal[] {
  const { scripts, iframes, images } = ctx.dom.newOrigins;
  const count = scripts.length + iframes.length;
  if (count === 0) return [];
  const score = Math.min(MAX_SCORE, BASE_SCORE + PER_EXTRA_ORIGIN * (count - 1));
  const named = [...scripts.map((o) => `script origin ${o}`), ...iframes.map((o) => `frame origin ${o}`)];
  const summary =
    count === 1 ? `new ${named[0] ?? ''}` : `${count} new script/frame origins (${[...scripts, ...iframes].slice(0, 3).join(', ')}${count > 3 ? ', …' : ''})`;
  return [
    {
      detector: NAME,
      kind: 'supporting',
      score,
      summary,
      evidence: { scripts, iframes, images },
    },
  ];
}

export const newOrigins: SyncDetector = { name: NAME, version: '1.0.0', detect };
