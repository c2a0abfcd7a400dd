import type { Site } from '../config/load-targets.js';
import { DEFAULT_VIEWPORT } from '../config/schema.js';
import { toDefacewatchError } from '../core/errors.js';
import type { Capture, CheckResult } from '../core/types.js';
import { unreachableReason } from '../core/verdict.js';
import type { Logger } from '../log.js';
import { assess } from './assess.js';
import { checkDrift, withDrift } from './drift.js';
import { writeEvidence } from './evidence.js';
import { recordCheck } from './incidents.js';
import type { CaptureRequest, CheckDeps } from './ports.js';

/** How the site is to be loaded, from its config and the command line. */
export function captureRequestFor(site: Site, allowPrivate: boolean, overrides: Partial<CaptureRequest> = {}): CaptureRequest {
  return {
    ...overrides,
    url: site.url,
    viewport: site.viewport ?? { ...DEFAULT_VIEWPORT },
    ignoreSelectors: [...site.ignore],
    timeoutMs: site.timeoutMs,
    maxScreenshotHeight: site.maxScreenshotHeight,
    allowPrivateNetworks: allowPrivate || site.agency.allowPrivateNetworks,
  };
}

/**
 * Captures a site, prefixing any failure with the site's id so the message says which site failed.
 * `overrides` sets the page clock, random seed and how far the clock runs (baseline samples use several).
 */
export async function captureSite(
  site: Site,
  deps: Pick<CheckDeps, 'capturer' | 'allowPrivate'>,
  logger: Logger,
  signal?: AbortSignal,
  overrides: Partial<Pick<CaptureRequest, 'clockTime' | 'randomSeed' | 'settle'>> = {},
): Promise<Capture> {
  try {
    return await deps.capturer.capture(captureRequestFor(site, deps.allowPrivate, overrides), { logger, signal });
  } catch (err) {
    const error = toDefacewatchError(err, 'CAPTURE_FAILED');
    error.message = `${site.id}: ${error.message}`;
    throw error;
  }
}

/**
 * One check of one site: load the baseline, capture, compare, detect, decide, keep evidence and,
 * unless `record` is false, fold the result into the site's incident and alert when the site turns
 * defaced. A site that cannot be loaded is `unreachable`, never `defaced`. A missing or corrupt
 * baseline throws (the operator must act); everything else yields a result. While it runs, the check
 * is listed as running (`approve` waits for it).
 */
export async function checkSite(site: Site, deps: CheckDeps, signal?: AbortSignal, options: { record?: boolean } = {}): Promise<CheckResult> {
  deps.store.running.begin(site.id, deps.now());
  try {
    return await checkOnce(site, deps, signal, options.record ?? true);
  } finally {
    deps.store.running.end(site.id);
  }
}

async function checkOnce(site: Site, deps: CheckDeps, signal: AbortSignal | undefined, record: boolean): Promise<CheckResult> {
  const logger = deps.logger.child({ site: site.id });
  const started = performance.now();
  const checkedAt = deps.now().toISOString();
  const baseline = await deps.baselines.read(site.id);

  let current: Capture;
  try {
    current = await captureSite(site, deps, logger, signal);
  } catch (err) {
    const error = toDefacewatchError(err, 'CAPTURE_FAILED');
    logger.warn({ code: error.code, err: error.message }, 'site unreachable');
    const result: CheckResult = {
      site: site.id,
      url: site.url,
      verdict: 'unreachable',
      score: 0,
      signals: [],
      reason: unreachableReason(error),
      checkedAt,
      durationMs: Math.round(performance.now() - started),
    };
    if (record) await recordCheck(site, result, { evidence: {} }, deps);
    return result;
  }

  const { visual, signals, decision } = await assess(site, baseline, current, deps, signal);
  const drift = checkDrift(baseline.meta.versions, current, deps, logger, site.id);
  const result: CheckResult = {
    site: site.id,
    url: site.url,
    verdict: decision.verdict,
    score: decision.score,
    signals,
    reason: withDrift(decision.reason, drift, site.id),
    checkedAt,
    durationMs: Math.round(performance.now() - started),
  };

  const evidence = await writeEvidence(site.id, result.verdict, { baseline, current, visual, signals }, deps);
  if (record) await recordCheck(site, result, { current, evidence }, deps);
  return result;
}
