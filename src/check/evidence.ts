import { copyFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../baselines/atomic.js';
import type { Snapshot } from '../baselines/store.js';
import type { Capture, Verdict, VisualDiff } from '../core/types.js';
import type { AlertEvidence } from '../sinks/types.js';
import type { CheckDeps } from './ports.js';

/** Evidence file names, as Playwright's snapshot matcher names them. */
export function evidencePaths(evidenceDir: string, siteId: string): Required<AlertEvidence> {
  return {
    actualPng: path.join(evidenceDir, `${siteId}-actual.png`),
    diffPng: path.join(evidenceDir, `${siteId}-diff.png`),
    baselinePng: path.join(evidenceDir, `${siteId}-expected.png`),
  };
}

/**
 * Keeps what a person needs to judge a changed or defaced site: the capture as the latest snapshot
 * (which `approve` promotes), and the expected/actual/diff pictures. An unchanged site leaves
 * nothing behind, so a stale capture can never be approved by mistake.
 */
export async function writeEvidence(
  siteId: string,
  verdict: Verdict,
  compared: { baseline: Snapshot; current: Capture; visual: VisualDiff },
  deps: Pick<CheckDeps, 'latest' | 'evidenceDir' | 'pixelmatchVersion'>,
): Promise<AlertEvidence> {
  const paths = evidencePaths(deps.evidenceDir, siteId);
  if (verdict === 'unchanged' || verdict === 'unreachable') {
    await Promise.all([
      deps.latest.remove(siteId),
      ...Object.values(paths).map((file) => rm(file, { force: true })),
    ]);
    return {};
  }
  await mkdir(deps.evidenceDir, { recursive: true });
  const { current, visual, baseline } = compared;
  await deps.latest.write(siteId, current, { chromium: current.browserVersion, pixelmatch: deps.pixelmatchVersion });
  await writeFileAtomic(paths.actualPng, current.screenshot);
  await copyFile(baseline.screenshotPath, paths.baselinePng);
  if (visual.diffPng) {
    await writeFileAtomic(paths.diffPng, visual.diffPng);
    return paths;
  }
  await rm(paths.diffPng, { force: true });
  return { actualPng: paths.actualPng, baselinePng: paths.baselinePng };
}
