import { deliverDue, type DeliveryDeps } from '../check/deliver.js';
import { houseKeep } from '../check/housekeeping.js';
import { toDefacewatchError } from '../core/errors.js';

/** Longest sleep between two looks at the outbox (another process may have written to it). */
const IDLE_POLL_MS = 5_000;
const HOUSEKEEPING_EVERY_MS = 86_400_000;

export interface DeliveryWorker {
  /** Something was written to the outbox: look now instead of at the next poll. */
  kick(): void;
  /** Resolves when the worker has finished its last round after `signal` aborted. */
  stopped: Promise<void>;
}

/**
 * Delivers the outbox in the background for as long as the daemon runs: at start (alerts a
 * previous run left, including ones whose process was killed mid-send), whenever kicked, and
 * when the next retry is due. Once a day it also keeps the data folder from growing (housekeeping). A delivery in progress at shutdown finishes; none starts after.
 */
export function startDeliveryWorker(deps: DeliveryDeps & { incidentsDir: string }, signal: AbortSignal): DeliveryWorker {
  const logger = deps.logger.child({ component: 'outbox' });
  const released = deps.store.outbox.releaseDeadClaims();
  if (released > 0) logger.warn({ released }, 'took back deliveries a stopped process had started');

  let wake: (() => void) | undefined;
  let kicked = false;
  const kick = () => {
    kicked = true;
    wake?.();
  };
  signal.addEventListener('abort', kick, { once: true });

  let keptAt = 0;
  async function loop(): Promise<void> {
    while (!signal.aborted) {
      kicked = false;
      const now = deps.now();
      if (now.getTime() - keptAt >= HOUSEKEEPING_EVERY_MS) {
        keptAt = now.getTime();
        await houseKeep(deps.store, deps.incidentsDir, now).then(
          (pruned) => {
            if (pruned.alerts + pruned.incidents > 0) logger.info({ pruned }, "forgot delivered alerts and old incidents' pictures (older than 90 days)");
          },
          (err: unknown) => logger.warn({ err: toDefacewatchError(err).message }, 'housekeeping failed; trying again tomorrow'),
        );
      }
      try {
        await deliverDue(deps, signal);
      } catch (err) {
        logger.error({ err: toDefacewatchError(err).message }, 'outbox round failed; trying again shortly');
      }
      if (signal.aborted || kicked) continue;
      const next = deps.store.outbox.nextDueAt();
      const untilDue = next === undefined ? IDLE_POLL_MS : Date.parse(next) - deps.now().getTime();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(50, Math.min(IDLE_POLL_MS, untilDue)));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  }

  return { kick, stopped: loop() };
}
