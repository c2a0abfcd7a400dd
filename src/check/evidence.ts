import { copyFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../baselines/atomic.js';
import type { Snapshot } from '../baselines/store.js';
import type { Box, Capture, Signal, Verdict, VisualDiff } from '../core/types.js';
import type { AlertEvidence } from '../sinks/types.js';
import { runningVersions } from './drift.js';
import type { CheckDeps } from './ports.js';

/** Evidence file names, as Playwright's snapshot matcher names them. */
export function evidencePaths(evidenceDir: string, siteId: string): Required<Omit<AlertEvidence, 'focus'>> {
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
  compared: { baseline: Snapshot; current: Capture; visual: VisualDiff; signals: readonly Signal[] },
  deps: Pick<CheckDeps, 'latest' | 'evidenceDir' | 'pixelmatchVersion' | 'detectors'>,
): Promise<AlertEvidence> {
  const paths = evidencePaths(deps.evidenceDir, siteId);
  if (verdict === 'unchanged' || verdict === 'unreachable') {
    await Promise.all([deps.latest.remove(siteId), ...Object.values(paths).map((file) => rm(file, { force: true }))]);
    return {};
  }
  await mkdir(deps.evidenceDir, { recursive: true });
  const { current, visual, baseline } = compared;
  // The versions that judged this capture: `approve` makes them the baseline's.
  await deps.latest.write(siteId, current, runningVersions(current, deps));
  await writeFileAtomic(paths.actualPng, current.screenshot);
  await copyFile(baseline.screenshotPath, paths.baselinePng);
  const focus = focusOf(compared.signals, visual);
  const focused = focus === undefined ? {} : { focus };
  if (visual.diffPng) {
    await writeFileAtomic(paths.diffPng, visual.diffPng);
    return { ...paths, ...focused };
  }
  await rm(paths.diffPng, { force: true });
  return { actualPng: paths.actualPng, baselinePng: paths.baselinePng, ...focused };
}

/**
 * Where a person should look first: the box of the strongest signal that has one (a flag, an
 * overlay), else the largest changed region. Alerts crop their inline pictures around it.
 */
export function focusOf(signals: readonly Signal[], visual: VisualDiff): Box | undefined {
  const boxed = [...signals]
    .sort((a, b) => b.score - a.score)
    .map((signal) => boxIn(signal.evidence.box))
    .find((box) => box !== undefined);
  return boxed ?? visual.regions[0];
}

function boxIn(value: unknown): Box | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { x, y, width, height } = value as Record<string, unknown>;
  return [x, y, width, height].every((n) => typeof n === 'number' && Number.isFinite(n)) && (width as number) > 0 && (height as number) > 0
    ? { x: x as number, y: y as number, width: width as number, height: height as number }
    : undefined;
}
