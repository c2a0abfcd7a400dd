import cron, { type ScheduledTask } from 'node-cron';
import pLimit from 'p-limit';
import { baselineSite } from '../check/baseline-site.js';
import { checkSite } from '../check/check-site.js';
import { enqueueDigest } from '../check/digest.js';
import type { Runtime } from '../check/runtime.js';
import type { Site } from '../config/load-targets.js';
import { DefacewatchError, toDefacewatchError } from '../core/errors.js';
import type { Logger } from '../log.js';
import { startNetworkTasks } from '../sharing/tasks.js';
import { type DeliveryWorker, startDeliveryWorker } from './delivery-worker.js';

export interface DaemonOptions {
  /** Pages loaded at once across all sites. */
  concurrency: number;
  /**
   * Stops the daemon: no new checks start, queued ones are dropped, checks in flight finish (they
   * are not aborted: a half-done check would leave no verdict), then runDaemon resolves.
   */
  signal: AbortSignal;
}

/**
 * Checks every site on its own cron schedule (in its agency's time zone), at most `concurrency`
 * pages at once and never two checks of one site at a time. A site without a baseline gets one
 * first. One site's failure is logged and never stops the daemon. Alongside: the outbox worker
 * delivers alerts and STIX bundles, each agency's digest goes out on its schedule, and the sharing
 * network is served and pulled.
 */
export async function runDaemon(runtime: Runtime, options: DaemonOptions): Promise<void> {
  const { targets, deps } = runtime;
  const logger = deps.logger.child({ component: 'scheduler' });
  const limit = pLimit(options.concurrency);
  const busy = new Set<string>();
  const running = new Set<Promise<void>>();
  // First, so a sharing misconfiguration (port taken, no accounts) stops the start-up before anything runs.
  const network = await startNetworkTasks(runtime.network, { config: runtime.config, env: runtime.env, logger: deps.logger, signal: options.signal });
  const worker = startDeliveryWorker(deps, options.signal);

  async function work(site: Site): Promise<void> {
    try {
      const result = await checkSite(site, deps);
      logger.info({ site: site.id, verdict: result.verdict, score: result.score, reason: result.reason, durationMs: result.durationMs }, `${site.id}: ${result.verdict}`);
      worker.kick();
    } catch (err) {
      const error = toDefacewatchError(err);
      if (error instanceof DefacewatchError && error.code === 'BASELINE_MISSING') {
        logger.warn({ site: site.id }, `${site.id}: no baseline; capturing one now (review it with the evidence tools)`);
        await baselineSite(site, deps);
        return;
      }
      logger.error({ site: site.id, code: error.code, err: error.message, hint: error.hint }, `${site.id}: check failed`);
    }
  }

  function enqueue(site: Site): void {
    if (options.signal.aborted) return;
    if (busy.has(site.id)) {
      logger.debug({ site: site.id }, 'previous check of this site is still queued or running; skipped');
      return;
    }
    busy.add(site.id);
    const task: Promise<void> = limit(() => (options.signal.aborted ? Promise.resolve() : work(site)))
      .catch((err: unknown) => {
        logger.error({ site: site.id, err: toDefacewatchError(err).message }, `${site.id}: check failed`);
      })
      .finally(() => {
        busy.delete(site.id);
        running.delete(task);
      });
    running.add(task);
  }

  const tasks: ScheduledTask[] = targets.sites.map((site) =>
    cron.schedule(site.schedule, () => enqueue(site), { timezone: site.agency.timezone, name: `defacewatch:${site.id}` }),
  );
  tasks.push(...scheduleDigests(runtime, logger, worker));
  logStarted(runtime, options.concurrency, logger);

  await aborted(options.signal);

  logger.info({ inFlight: running.size }, 'stopping: finishing checks in flight');
  await Promise.all(tasks.map((task) => task.destroy()));
  await Promise.allSettled([...running]);
  await worker.stopped;
  await network.stop();
  logger.info('daemon stopped');
}

/** One cron task per agency with a digest: what the digest collected goes to the outbox on its schedule. */
function scheduleDigests(runtime: Runtime, logger: Logger, worker: DeliveryWorker): ScheduledTask[] {
  const { targets, deps } = runtime;
  const tasks: ScheduledTask[] = [];
  for (const agency of targets.agencies) {
    const policy = deps.routing.policy(agency);
    if (!policy.digest) continue;
    let previousAt: string | undefined;
    tasks.push(
      cron.schedule(
        policy.digestSchedule,
        () => {
          try {
            const digest = enqueueDigest(agency, deps, deps.now(), previousAt);
            previousAt = deps.now().toISOString();
            if (digest !== undefined) {
              logger.info({ agency: agency.agency, sites: digest.entries.length }, 'digest written to the outbox');
              worker.kick();
            }
          } catch (err) {
            logger.error({ agency: agency.agency, err: toDefacewatchError(err).message }, 'digest failed; its entries are kept for the next one');
          }
        },
        { timezone: agency.timezone, name: `defacewatch:digest:${agency.file}` },
      ),
    );
  }
  return tasks;
}

/** Where alerts and detections go, so an operator sees a missing sink at start, not at 3 a.m. */
function logStarted(runtime: Runtime, concurrency: number, logger: Logger): void {
  const { targets, deps } = runtime;
  logger.info(
    {
      sites: targets.sites.length,
      concurrency,
      sinks: Object.fromEntries(targets.agencies.map((agency) => [agency.agency, deps.routing.sinkNames(agency)])),
      publishers: [...runtime.network.publishers.keys()],
      pulls: runtime.network.pullSources.map((source) => source.name),
    },
    'daemon started',
  );
}

/** Resolves once the signal is aborted (at once when it already is). */
function aborted(signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
