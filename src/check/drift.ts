/**
 * Baseline drift: the Chromium, pixelmatch and detector versions recorded with a baseline against
 * the ones running now. Diff numbers depend on the renderer and the diff library, and findings on
 * each detector's logic, so a check against a baseline made with other tools says so in its reason
 * and its log, and names the command that re-captures the baseline with today's tools.
 */
import type { ToolVersions } from '../baselines/store.js';
import type { Capture } from '../core/types.js';
import type { Detector } from '../detectors/types.js';
import type { Logger } from '../log.js';

/** One tool whose version differs between the baseline and this check. */
export interface VersionDrift {
  tool: 'chromium' | 'pixelmatch' | 'detector';
  /** For people: `Chromium`, `pixelmatch`, or `detector <name>`. */
  name: string;
  /** The version recorded with the baseline; absent for a detector added since. */
  baseline?: string;
  /** The version running now; absent for a detector no longer run. */
  current?: string;
}

/** Each detector's version by name, as recorded with a baseline. */
export function detectorVersions(detectors: readonly Pick<Detector, 'name' | 'version'>[]): Record<string, string> {
  return Object.fromEntries(detectors.map((d) => [d.name, d.version]));
}

/** The versions a capture is judged with now: its own Chromium, this process's pixelmatch and detectors. */
export function runningVersions(
  capture: Pick<Capture, 'browserVersion'>,
  deps: { pixelmatchVersion: string; detectors: readonly Pick<Detector, 'name' | 'version'>[] },
): Required<ToolVersions> {
  return { chromium: capture.browserVersion, pixelmatch: deps.pixelmatchVersion, detectors: detectorVersions(deps.detectors) };
}

/**
 * What differs between the versions recorded with a baseline and the running ones. A version the
 * baseline did not record (an older meta.json) is unknown, not drift: nothing is named for it.
 */
export function versionDrift(recorded: Partial<ToolVersions> | undefined, running: ToolVersions): VersionDrift[] {
  const drift: VersionDrift[] = [];
  if (recorded?.chromium && recorded.chromium !== running.chromium) {
    drift.push({ tool: 'chromium', name: 'Chromium', baseline: recorded.chromium, current: running.chromium });
  }
  if (recorded?.pixelmatch && recorded.pixelmatch !== running.pixelmatch) {
    drift.push({ tool: 'pixelmatch', name: 'pixelmatch', baseline: recorded.pixelmatch, current: running.pixelmatch });
  }
  const before = recorded?.detectors;
  const now = running.detectors;
  if (before === undefined || now === undefined) return drift;
  for (const [name, version] of Object.entries(now)) {
    if (before[name] !== version) {
      drift.push({ tool: 'detector', name: `detector ${name}`, ...(before[name] === undefined ? {} : { baseline: before[name] }), current: version });
    }
  }
  for (const [name, version] of Object.entries(before)) {
    if (now[name] === undefined) drift.push({ tool: 'detector', name: `detector ${name}`, baseline: version });
  }
  return drift;
}

/** The command that re-captures a site's baseline with today's tools. */
export function refreshCommand(siteId: string): string {
  return `defacewatch baseline --refresh ${siteId}`;
}

/**
 * The two versions of a drift as people read them. Playwright reports Chromium as
 * `HeadlessChrome/156.0.8078.129` (the headless shell) or `Chrome/…`: the product prefix is dropped
 * unless it is the only difference.
 */
export function driftVersions(d: VersionDrift): { baseline?: string; current?: string } {
  if (d.tool !== 'chromium' || d.baseline === undefined || d.current === undefined) return { ...d };
  const bare = (v: string) => v.replace(/^(?:Headless)?Chrom(?:e|ium)\//, '');
  const [baseline, current] = [bare(d.baseline), bare(d.current)];
  return baseline === current ? { baseline: d.baseline, current: d.current } : { baseline, current };
}

function list(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]!}`;
}

/**
 * The drift in plain words, e.g. "the baseline was captured with Chromium 155 and is compared with
 * Chromium 156: run `defacewatch baseline --refresh moh-home`". Empty when nothing drifted.
 */
export function describeDrift(drift: readonly VersionDrift[], siteId: string): string {
  if (drift.length === 0) return '';
  const changed = drift.filter((d) => d.baseline !== undefined && d.current !== undefined);
  const added = drift.filter((d) => d.baseline === undefined);
  const removed = drift.filter((d) => d.current === undefined);
  const parts: string[] = [];
  if (changed.length > 0) {
    parts.push(
      `the baseline was captured with ${list(changed.map((d) => `${d.name} ${driftVersions(d).baseline}`))}` +
        ` and is compared with ${list(changed.map((d) => `${d.name} ${driftVersions(d).current}`))}`,
    );
  }
  if (added.length > 0) parts.push(`the baseline predates ${list(added.map((d) => `${d.name} ${d.current}`))}`);
  if (removed.length > 0) {
    parts.push(`the baseline was captured with ${list(removed.map((d) => `${d.name} ${d.baseline}`))}, which no longer ${removed.length === 1 ? 'runs' : 'run'}`);
  }
  return `${parts.join('; ')}: run \`${refreshCommand(siteId)}\``;
}

/** A verdict's reason with the drift appended: the reason's own words stay first and unchanged. */
export function withDrift(reason: string, drift: readonly VersionDrift[], siteId: string): string {
  if (drift.length === 0) return reason;
  return `${reason.replace(/[.\s]+$/, '')}; ${describeDrift(drift, siteId)}.`;
}

/**
 * Compares a baseline's recorded versions with those a check runs with and, when they differ, logs
 * one line naming each drift (structured: `drift[]` of `{tool, name, baseline, current}` and the
 * `refresh` command). Returns the drift for the reason.
 */
export function checkDrift(
  recorded: Partial<ToolVersions> | undefined,
  current: Pick<Capture, 'browserVersion'>,
  deps: { pixelmatchVersion: string; detectors: readonly Pick<Detector, 'name' | 'version'>[] },
  logger: Logger,
  siteId: string,
): VersionDrift[] {
  const drift = versionDrift(recorded, runningVersions(current, deps));
  if (drift.length > 0) {
    logger.warn({ drift, refresh: refreshCommand(siteId) }, `baseline drift: ${describeDrift(drift, siteId)}`);
  }
  return drift;
}
