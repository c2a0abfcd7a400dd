import type { SnapshotMeta } from '../baselines/store.js';
import type { Site } from '../config/load-targets.js';
import { decodePng } from '../compare/png.js';
import { withLooksOf } from '../compare/volatile-states.js';
import { learnVolatility } from '../compare/volatility.js';
import { DefacewatchError } from '../core/errors.js';
import { approveRecord, type Incident } from '../core/incident.js';
import type { Capture, Volatility } from '../core/types.js';
import type { Logger } from '../log.js';
import { incidentScreenshot } from '../sharing/index.js';
import { captureSite } from './check-site.js';
import { runningVersions } from './drift.js';
import { alertFor, enqueueSiteAlert } from './incidents.js';
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

/**
 * Promotes the latest capture of a site (kept by the last changed or defaced check) to be its
 * baseline: the operator says the change was legitimate. An open incident is closed as approved,
 * and the people who were paged are told.
 */
export async function approveSite(
  site: Site,
  deps: Pick<CheckDeps, 'baselines' | 'latest' | 'store' | 'routing' | 'logger' | 'now' | 'sharing'>,
): Promise<{ meta: SnapshotMeta; incident?: Incident }> {
  const siteId = site.id;
  let latest;
  try {
    latest = await deps.latest.read(siteId);
  } catch (err) {
    if (err instanceof DefacewatchError && err.code === 'BASELINE_MISSING') {
      throw new DefacewatchError('NO_LATEST_CAPTURE', `${siteId}: no changed or defaced capture is waiting to be approved`);
    }
    throw err;
  }
  // What the page changes by itself was learnt from the old baseline's samples and still holds; the
  // approved page's own looks of those areas join the known ones.
  const previous = await deps.baselines.read(siteId).catch((err: unknown) => {
    if (err instanceof DefacewatchError && err.code === 'BASELINE_MISSING') return undefined;
    // A corrupt old baseline is what approving replaces: the new one starts without learnt areas.
    deps.logger.warn(
      { site: siteId, err: err instanceof Error ? err.message : String(err) },
      'old baseline unreadable: the approved page starts without learnt volatile areas',
    );
    return undefined;
  });
  const learnt = previous?.meta.volatility;
  const volatility = learnt ? withLooksOf(learnt, await decodePng(latest.capture.screenshot)) : undefined;
  const meta = await deps.baselines.write(siteId, latest.capture, latest.meta.versions, volatility);
  await deps.latest.remove(siteId);
  const at = deps.now().toISOString();
  const open = deps.store.records.get(siteId).incident;
  const sharing = open?.status === 'open' && deps.sharing !== undefined ? await deps.sharing.prepare(site, await incidentScreenshot(open)) : undefined;
  const incident = deps.store.transaction(() => {
    const { record, events } = approveRecord(deps.store.records.get(siteId), at);
    deps.store.records.put(record);
    for (const event of events) {
      if (event.kind !== 'approved') continue;
      enqueueSiteAlert(site, alertFor(site, event.incident.latest, event, deps.routing, at), deps);
      // The network learns it was a false alarm: the bundle revokes the indicator.
      if (sharing !== undefined) deps.sharing?.queue(event.incident, sharing);
      return event.incident;
    }
    return undefined;
  });
  deps.logger.info({ site: siteId, capturedAt: meta.capturedAt, incident: incident?.id }, 'latest capture approved as the new baseline');
  return incident === undefined ? { meta } : { meta, incident };
}
