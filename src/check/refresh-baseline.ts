import type { SnapshotMeta } from '../baselines/store.js';
import type { Site } from '../config/load-targets.js';
import { DefacewatchError } from '../core/errors.js';
import type { DomDiff, Signal } from '../core/types.js';
import { MIN_REASON_SCORE, NOTICEABLE_SUPPORTING_SCORE, meaningfulDomChange, type VerdictDecision } from '../core/verdict.js';
import { assess } from './assess.js';
import { captureBaseline } from './baseline-site.js';
import { driftVersions, runningVersions, versionDrift, type VersionDrift } from './drift.js';
import type { CheckDeps } from './ports.js';

type RefreshDeps = Pick<CheckDeps, 'capturer' | 'baselines' | 'allowPrivate' | 'logger' | 'pixelmatchVersion' | 'detectors' | 'ocr' | 'sharing'>;

/** What `baseline --refresh` did for one site. */
export type RefreshOutcome =
  | {
      refreshed: true;
      /** The verdict of the fresh capture against the old baseline: `unchanged`, or `changed` by rendering noise. */
      verdict: VerdictDecision['verdict'];
      /** What was recorded with the old baseline against what is recorded now; empty when nothing differed. */
      drift: VersionDrift[];
      /** The old baseline recorded no detector versions (written before they were recorded). */
      detectorsFirstRecorded: boolean;
      meta: SnapshotMeta;
    }
  | {
      refreshed: false;
      verdict: VerdictDecision['verdict'];
      /** BASELINE_REFRESH_REFUSED, naming the verdict and its reason. */
      error: DefacewatchError;
    };

function decisive(signal: Signal): boolean {
  return signal.kind === 'signature' || signal.kind === 'replacement';
}

/**
 * True when a fresh capture judged against the approved baseline still shows the approved content:
 * the verdict is `unchanged`, or `changed` by rendering alone — no signature or replacement signal
 * worth naming, no supporting signal strong enough to be noticed, no detector that failed, and no
 * meaningful text change. The thresholds are the verdict's own: another Chromium may move every
 * glyph by a pixel, but it never adds words, pictures with flags or script origins.
 */
export function showsApprovedContent(judged: { decision: VerdictDecision; signals: readonly Signal[]; dom: DomDiff }): boolean {
  const { decision, signals, dom } = judged;
  if (decision.verdict === 'unchanged') return true;
  if (decision.verdict !== 'changed' || meaningfulDomChange(dom)) return false;
  return signals.every((s) => s.evidence.code !== 'DETECTOR_FAILED' && s.score < (decisive(s) ? MIN_REASON_SCORE : NOTICEABLE_SUPPORTING_SCORE));
}

/**
 * Re-captures a site's baseline with today's Chromium, pixelmatch and detectors without losing the
 * approved content: fresh samples are taken as `baseline` takes them and judged against the stored
 * baseline with the normal detectors. When they still show the approved content, they replace the
 * baseline (atomically), recording the versions now running; otherwise the stored baseline is kept
 * as it was and the outcome says why. Throws BASELINE_MISSING or BASELINE_CORRUPT (there is nothing
 * to refresh) and capture failures (nothing is written).
 */
export async function refreshBaseline(site: Site, deps: RefreshDeps, signal?: AbortSignal): Promise<RefreshOutcome> {
  const logger = deps.logger.child({ site: site.id });
  const baseline = await deps.baselines.read(site.id);
  const { capture, volatility } = await captureBaseline(site, deps, logger, signal);
  const judged = await assess(site, baseline, capture, deps, signal);
  const { verdict, reason } = judged.decision;
  if (!showsApprovedContent(judged)) {
    logger.warn({ verdict, reason }, 'baseline not refreshed: the page no longer matches it');
    const message = `${site.id}: the page is ${verdict} against its approved baseline (${reason.replace(/[.\s]+$/, '')}); the baseline was kept as it was`;
    return { refreshed: false, verdict, error: new DefacewatchError('BASELINE_REFRESH_REFUSED', message) };
  }
  const versions = runningVersions(capture, deps);
  const drift = versionDrift(baseline.meta.versions, versions);
  const meta = await deps.baselines.write(site.id, capture, versions, volatility);
  logger.info({ verdict, drift, capturedAt: meta.capturedAt, volatileAreas: volatility.boxes.length }, 'baseline refreshed with the tools now running');
  return { refreshed: true, verdict, drift, detectorsFirstRecorded: baseline.meta.versions?.detectors === undefined, meta };
}

/** The line `baseline --refresh` prints for a refreshed site, e.g. `moh-home: baseline refreshed (Chromium 155 → 156)`. */
export function refreshedLine(siteId: string, outcome: Pick<Extract<RefreshOutcome, { refreshed: true }>, 'drift' | 'detectorsFirstRecorded'>): string {
  const changes = outcome.drift.map((d) =>
    d.baseline === undefined
      ? `${d.name} ${d.current} added`
      : d.current === undefined
        ? `${d.name} dropped`
        : `${d.name} ${driftVersions(d).baseline} → ${driftVersions(d).current}`,
  );
  if (outcome.detectorsFirstRecorded) changes.push('detector versions recorded for the first time');
  if (changes.length === 0) return `${siteId}: baseline refreshed (it was already recorded with the tools now running)`;
  return `${siteId}: baseline refreshed (${changes.join(', ')})`;
}
