import type { SnapshotMeta } from '../baselines/store.js';
import type { Site } from '../config/load-targets.js';
import { learnVolatility } from '../compare/volatility.js';
import type { Capture, Volatility } from '../core/types.js';
import type { Logger } from '../log.js';
import { captureSite } from './check-site.js';
import { runningVersions } from './drift.js';
import type { CaptureRequest, CheckDeps } from './ports.js';

type BaselineDeps = Pick<CheckDeps, 'capturer' | 'baselines' | 'latest' | 'allowPrivate' | 'logger' | 'pixelmatchVersion' | 'detectors'>;

/**
 * Page-clock offsets of the baseline samples after the first: a few minutes shows clocks and
 * carousels, a day and some hours shows dates. Further samples step on by odd amounts. Each has a
 * sub-second part too, so a clock that shows milliseconds differs between samples and is masked.
 */
const SAMPLE_CLOCK_OFFSETS_MS = [0, (7 * 60 + 13) * 1000 + 371, ((27 * 60 + 7) * 60 + 31) * 1000 + 718];

function sampleClockOffset(index: number): number {
  return SAMPLE_CLOCK_OFFSETS_MS[index] ?? index * ((5 * 3600 + 11 * 60 + 17) * 1000 + 293);
}

/**
 * How much further than a check each baseline sample runs the page clock once the page settled, so
 * that a carousel shows another slide in each sample and its slides become known looks of its area.
 * The first sample runs as far as a check does. With a check's 5 s, the samples' clocks stand at 5,
 * 10.6, 15.95, 19.85 and 24.85 s: together they show every slide of a 2- to 5-slide carousel turning
 * every 3 to 8 seconds for most such pairs (36 of 44 pairs of whole and half seconds). Further
 * samples step on by 4.55 s.
 */
const SAMPLE_LATER_MS = [0, 5_600, 10_950, 14_850, 19_850];
const FURTHER_SAMPLE_STEP_MS = 4_550;

function sampleSettle(index: number): Pick<CaptureRequest, 'settle'> {
  if (index === 0) return {};
  const last = SAMPLE_LATER_MS.length - 1;
  const laterMs = SAMPLE_LATER_MS[index] ?? SAMPLE_LATER_MS[last]! + (index - last) * FURTHER_SAMPLE_STEP_MS;
  return { settle: { laterMs } };
}

/**
 * Captures a site several times (its `baselineSamples`), each at another page-clock time and random
 * seed, learns what the page changes by itself, and stores the first capture with those volatile
 * areas as the approved baseline. A failed capture throws before anything is written, so the old
 * baseline stays as it was.
 */
export async function baselineSite(site: Site, deps: BaselineDeps, signal?: AbortSignal): Promise<SnapshotMeta> {
  const logger = deps.logger.child({ site: site.id });
  const { capture, volatility } = await captureBaseline(site, deps, logger, signal);
  const meta = await deps.baselines.write(site.id, capture, runningVersions(capture, deps), volatility);
  await deps.latest.remove(site.id);
  logger.info(
    {
      capturedAt: meta.capturedAt,
      height: capture.screenshotSize.height,
      samples: volatility.samples,
      volatileAreas: volatility.boxes.length,
      volatileTexts: volatility.textShapes.length,
    },
    'baseline stored',
  );
  return meta;
}

/**
 * The captures a baseline is made of: the site's `baselineSamples`, each at another page-clock time
 * and random seed; what they show to change by itself; and the first capture, carrying every picture
 * any sample loaded. Nothing is written.
 */
export async function captureBaseline(
  site: Site,
  deps: Pick<CheckDeps, 'capturer' | 'allowPrivate'>,
  logger: Logger,
  signal?: AbortSignal,
): Promise<{ capture: Capture; volatility: Volatility }> {
  const startedAt = Date.now();
  const samples: Capture[] = [];
  for (let index = 0; index < site.baselineSamples; index++) {
    samples.push(
      await captureSite(site, deps, logger, signal, {
        clockTime: startedAt + sampleClockOffset(index),
        randomSeed: index + 1,
        ...sampleSettle(index),
      }),
    );
  }
  const volatility = await learnVolatility(samples);
  // Every picture any sample loaded is part of the approved page: a server that rotates images
  // must not make each check see "new" ones.
  const images = new Map(samples.flatMap((sample) => sample.images ?? []).map((image) => [image.sha256, image]));
  return { capture: { ...samples[0]!, images: [...images.values()] }, volatility };
}
