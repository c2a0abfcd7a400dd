import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { SnapshotStore } from '../baselines/store.js';
import { createChromiumCapturer } from '../capture/index.js';
import type { DaemonConfig } from '../config/daemon-schema.js';
import { checkFolder, ensureFolder } from '../config/folders.js';
import { loadDaemonConfig } from '../config/load-daemon-config.js';
import { loadTargets, type Targets } from '../config/load-targets.js';
import { createDefaultRegistry } from '../detectors/registry.js';
import type { Logger } from '../log.js';
import { createTesseractOcr } from '../ocr/tesseract.js';
import { createNetwork, type Network } from '../sharing/index.js';
import { createAlertRouting } from '../sinks/routing.js';
import { databasePath } from '../store/database.js';
import { openStateStore, type StateStore } from '../store/index.js';
import { DefacewatchError } from '../core/errors.js';
import type { CheckDeps } from './ports.js';

/** The settings every command shares (the common command-line flags). */
export interface RuntimeOptions {
  targetsDir: string;
  baselinesDir: string;
  dataDir: string;
  /** The daemon config file (--config); DEFACEWATCH_CONFIG or ./defacewatch.yaml when unset. */
  configFile?: string;
  allowPrivate: boolean;
  logger: Logger;
  env?: NodeJS.ProcessEnv;
  /** Flags the commands offered in alerts need (e.g. `--targets /etc/defacewatch/targets`). */
  commandFlags?: string;
}

/** Everything but the browser: for commands that only read or change state (approve, ack, outbox, export). */
export type Stores = Pick<CheckDeps, 'baselines' | 'latest' | 'store' | 'routing' | 'incidentsDir' | 'logger' | 'now' | 'sharing' | 'publishers'>;

export interface Setup {
  targets: Targets;
  config: DaemonConfig;
  stores: Stores;
  network: Network;
  env: NodeJS.ProcessEnv;
  close(): void;
}

export interface Runtime {
  targets: Targets;
  config: DaemonConfig;
  network: Network;
  deps: CheckDeps;
  env: NodeJS.ProcessEnv;
  /** The Chromium binary checks use. */
  browserPath: string;
  close(): Promise<void>;
}

/** pixelmatch's own version, read from its package.json (diff numbers depend on it). */
export function pixelmatchVersion(): string {
  const require = createRequire(import.meta.url);
  const manifest = path.join(path.dirname(require.resolve('pixelmatch')), 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

/** SQLite's answers for a file that is not a database it can use: the user's file to fix, not our bug. */
const UNUSABLE_DATABASE = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT', 'SQLITE_CANTOPEN', 'SQLITE_READONLY', 'SQLITE_PERM', 'SQLITE_IOERR_SHORT_READ']);

function openStateStoreOf(dataDir: string, config: DaemonConfig): StateStore {
  try {
    return openStateStore(dataDir, {
      retry: {
        baseDelayMs: config.delivery.retryBaseSeconds * 1000,
        maxDelayMs: config.delivery.retryMaxMinutes * 60_000,
        giveUpAfterMs: config.delivery.giveUpAfterHours * 3_600_000,
      },
    });
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code !== 'string' || !UNUSABLE_DATABASE.has(code)) throw err;
    throw new DefacewatchError('USAGE', `--data ${dataDir}: ${databasePath(dataDir)} is not a defacewatch state database SQLite can use (${(err as Error).message})`, {
      cause: err,
      hint: 'Move that file aside (defacewatch then starts a new database), or point --data at the data folder it belongs to.',
    });
  }
}

/** Loads the targets and the daemon config and opens the on-disk stores; no browser. */
export async function openSetup(options: RuntimeOptions): Promise<Setup> {
  const env = options.env ?? process.env;
  const targets = await loadTargets(options.targetsDir);
  const { config } = await loadDaemonConfig(options.configFile, env);
  await checkFolder('--baselines', options.baselinesDir);
  await ensureFolder('--data', options.dataDir);
  const routing = createAlertRouting({
    agencies: targets.agencies,
    config,
    env,
    dataDir: options.dataDir,
    logger: options.logger,
    ...(options.commandFlags === undefined ? {} : { commandFlags: options.commandFlags }),
  });
  const store = openStateStoreOf(options.dataDir, config);
  const now = () => new Date();
  let network: Network;
  try {
    network = createNetwork({ config, env, store, logger: options.logger, now });
  } catch (err) {
    store.close();
    throw err;
  }
  const stores: Stores = {
    baselines: new SnapshotStore(options.baselinesDir),
    latest: new SnapshotStore(path.join(options.dataDir, 'latest')),
    store,
    routing,
    incidentsDir: path.join(options.dataDir, 'incidents'),
    logger: options.logger,
    now,
    sharing: network.sharing,
    publishers: network.publishers,
  };
  return { targets, config, stores, network, env, close: () => store.close() };
}

/** Loads the config and wires the real parts: Chromium, the stores, the detectors, OCR, the sinks. */
export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const setup = await openSetup(options);
  const { env } = setup;
  const capturer = createChromiumCapturer({ logger: options.logger, env });
  const deps: CheckDeps = {
    ...setup.stores,
    capturer,
    evidenceDir: path.join(options.dataDir, 'evidence'),
    detectors: createDefaultRegistry().detectors,
    // Nothing starts until a picture is read; a missing binary is reported by image-text, not here.
    ocr: createTesseractOcr({ ...(env.DEFACEWATCH_TESSERACT ? { binary: env.DEFACEWATCH_TESSERACT } : {}), logger: options.logger, env }),
    allowPrivate: options.allowPrivate,
    pixelmatchVersion: pixelmatchVersion(),
  };
  return {
    targets: setup.targets,
    config: setup.config,
    network: setup.network,
    deps,
    env,
    browserPath: capturer.executablePath,
    close: async () => {
      try {
        await capturer.close();
      } finally {
        setup.close();
      }
    },
  };
}
