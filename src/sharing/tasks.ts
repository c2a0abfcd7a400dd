import cron, { type ScheduledTask } from 'node-cron';
import type { DaemonConfig } from '../config/daemon-schema.js';
import { toDefacewatchError } from '../core/errors.js';
import type { Logger } from '../log.js';
import type { Network } from './network.js';
import { pullOnce } from './pull.js';
import { parseSharedObjects } from './stix/index.js';
import { startTaxiiServer } from './taxii-server/index.js';

/**
 * The daemon's part in the sharing network: serves this sensor's detections over TAXII when
 * `sharing.server` is set, and pulls peers' indicators on each source's schedule (once at start,
 * so a restarted sensor knows the current campaigns before its first check).
 */
export async function startNetworkTasks(
  network: Network,
  options: { config: DaemonConfig; env: Readonly<Record<string, string | undefined>>; logger: Logger; signal: AbortSignal },
): Promise<{ stop(): Promise<void> }> {
  const logger = options.logger.child({ component: 'sharing' });
  const server =
    options.config.sharing.server === undefined
      ? undefined
      : await startTaxiiServer({
          store: network.objects,
          config: options.config.sharing.server,
          env: options.env,
          logger,
          organisation: options.config.organisation,
        });
  if (server !== undefined) logger.info({ collection: server.collectionUrl }, 'TAXII server listening');

  const pulling = new Set<string>();
  const running = new Set<Promise<void>>();
  const pull = (source: Network['pullSources'][number]) => {
    if (options.signal.aborted || pulling.has(source.name)) return;
    pulling.add(source.name);
    const task = pullOnce([source], { store: network.indicators, parse: parseSharedObjects, env: options.env, logger, signal: options.signal })
      .then(([result]) => {
        if (result?.ok) logger.info({ source: source.name, fetched: result.fetched, stored: result.stored }, 'shared indicators pulled');
      })
      .catch((err: unknown) => logger.error({ source: source.name, err: toDefacewatchError(err).message }, 'pull failed'))
      .finally(() => {
        pulling.delete(source.name);
        running.delete(task);
      });
    running.add(task);
  };
  const tasks: ScheduledTask[] = network.pullSources.map((source) => cron.schedule(source.schedule, () => pull(source), { name: `defacewatch:pull:${source.name}` }));
  for (const source of network.pullSources) pull(source);

  return {
    async stop() {
      await Promise.all(tasks.map((task) => task.destroy()));
      await Promise.allSettled([...running]);
      await server?.close();
    },
  };
}
