import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { SnapshotStore } from '../baselines/store.js';
import { createChromiumCapturer } from '../capture/index.js';
import { loadTargets, type Targets } from '../config/load-targets.js';
import { defaultDetectors } from '../detectors/registry.js';
import type { Logger } from '../log.js';
import { createTesseractOcr } from '../ocr/tesseract.js';
import { sinkForAgency } from '../sinks/from-env.js';
import { JsonFileSiteStateStore } from '../store/site-state.js';
import type { CheckDeps } from './ports.js';

/** The settings every command shares (the common command-line flags). */
export interface RuntimeOptions {
  targetsDir: string;
  baselinesDir: string;
  dataDir: string;
  allowPrivate: boolean;
  logger: Logger;
  env?: NodeJS.ProcessEnv;
}

export interface Runtime {
  targets: Targets;
  deps: CheckDeps;
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

export type Stores = Pick<CheckDeps, 'baselines' | 'latest' | 'state' | 'logger'>;

/** The on-disk stores alone, for commands that need no browser (approve). */
export function createStores(options: Pick<RuntimeOptions, 'baselinesDir' | 'dataDir' | 'logger'>): Stores {
  return {
    baselines: new SnapshotStore(options.baselinesDir),
    latest: new SnapshotStore(path.join(options.dataDir, 'latest')),
    state: new JsonFileSiteStateStore(path.join(options.dataDir, 'state')),
    logger: options.logger,
  };
}

/** Loads the targets and wires the real parts: Chromium, the on-disk stores, the detectors, OCR, the sinks. */
export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const targets = await loadTargets(options.targetsDir);
  const env = options.env ?? process.env;
  const capturer = createChromiumCapturer({ logger: options.logger, env });
  const deps: CheckDeps = {
    ...createStores(options),
    capturer,
    evidenceDir: path.join(options.dataDir, 'evidence'),
    detectors: defaultDetectors(),
    // Nothing starts until a picture is read; a missing binary is reported by image-text, not here.
    ocr: createTesseractOcr({ binary: env.DEFACEWATCH_TESSERACT || undefined, logger: options.logger, env }),
    sinkFor: (agency) => sinkForAgency(agency, { env, dataDir: options.dataDir, logger: options.logger }),
    allowPrivate: options.allowPrivate,
    now: () => new Date(),
    pixelmatchVersion: pixelmatchVersion(),
  };
  return { targets, deps, browserPath: capturer.executablePath, close: () => capturer.close() };
}
