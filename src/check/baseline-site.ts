import type { SnapshotMeta } from '../baselines/store.js';
import type { Site } from '../config/load-targets.js';
import { DefacewatchError } from '../core/errors.js';
import { captureSite } from './check-site.js';
import type { CheckDeps } from './ports.js';

type BaselineDeps = Pick<CheckDeps, 'capturer' | 'baselines' | 'latest' | 'state' | 'allowPrivate' | 'logger' | 'pixelmatchVersion'>;

/**
 * Captures a site and stores it as its approved baseline. A failed capture throws before anything
 * is written, so the old baseline stays as it was.
 */
export async function baselineSite(site: Site, deps: BaselineDeps, signal?: AbortSignal): Promise<SnapshotMeta> {
  const logger = deps.logger.child({ site: site.id });
  const capture = await captureSite(site, deps, logger, signal);
  const meta = await deps.baselines.write(site.id, capture, {
    chromium: capture.browserVersion,
    pixelmatch: deps.pixelmatchVersion,
  });
  await deps.latest.remove(site.id);
  logger.info({ capturedAt: meta.capturedAt, height: capture.screenshotSize.height }, 'baseline stored');
  return meta;
}

/**
 * Promotes the latest capture of a site (kept by the last changed or defaced check) to be its
 * baseline: the operator says the change was legitimate.
 */
export async function approveSite(siteId: string, deps: Pick<BaselineDeps, 'baselines' | 'latest' | 'state' | 'logger'>): Promise<SnapshotMeta> {
  let latest;
  try {
    latest = await deps.latest.read(siteId);
  } catch (err) {
    if (err instanceof DefacewatchError && err.code === 'BASELINE_MISSING') {
      throw new DefacewatchError('NO_LATEST_CAPTURE', `${siteId}: no changed or defaced capture is waiting to be approved`);
    }
    throw err;
  }
  const meta = await deps.baselines.write(siteId, latest.capture, latest.meta.versions);
  await deps.latest.remove(siteId);
  await deps.state.put(siteId, { lastVerdict: 'unchanged', lastCheckedAt: latest.capture.capturedAt });
  deps.logger.info({ site: siteId, capturedAt: meta.capturedAt }, 'latest capture approved as the new baseline');
  return meta;
}
