import type { SnapshotStore, ToolVersions } from '../baselines/store.js';
import type { CaptureRequest } from '../capture/capture-page.js';
import type { Capture } from '../core/types.js';
import type { Detector, Ocr } from '../detectors/types.js';
import type { Logger } from '../log.js';
import type { IncidentSharing } from '../sharing/index.js';
import type { AlertRouting } from '../sinks/routing.js';
import type { StateStore } from '../store/index.js';
import type { ObjectPublisher } from './deliver.js';

/** Loads a page and records it. Real Chromium in production; tests may pass another. */
export interface Capturer {
  capture(request: CaptureRequest, options: { logger: Logger; signal?: AbortSignal | undefined }): Promise<Capture>;
  /** Chromium's version, recorded in every baseline. */
  browserVersion(): Promise<string>;
  close(): Promise<void>;
}

/** Everything a check needs, passed in: no module holds state of its own. */
export interface CheckDeps {
  capturer: Capturer;
  baselines: SnapshotStore;
  /** The latest capture of each changed or defaced site, which `approve` promotes. */
  latest: SnapshotStore;
  /** Site records, incidents, the digest queue and the outbox (SQLite). */
  store: StateStore;
  /** Where evidence images (`<site>-actual.png`, `<site>-diff.png`, `<site>-expected.png`) go. */
  evidenceDir: string;
  detectors: readonly Detector[];
  /** Reads text in pictures for the image-text detector; absent: pictures are not read. */
  ocr?: Ocr;
  /** Each agency's sinks, recipients, incident policy and alert commands. */
  routing: AlertRouting;
  /** Where incidents keep their own copies of the evidence pictures. */
  incidentsDir: string;
  /** The sharing network: incidents are queued for it as they open and close; peers' indicators come back. */
  sharing?: IncidentSharing;
  /** TAXII publishers by sink name, for the outbox's `stix` messages. */
  publishers?: ReadonlyMap<string, ObjectPublisher>;
  /** Overrides every agency's allowPrivateNetworks (the --allow-private flag). */
  allowPrivate: boolean;
  logger: Logger;
  now: () => Date;
  /** Versions recorded with baselines. pixelmatch's is known statically; Chromium's is asked. */
  pixelmatchVersion: string;
}

export type { CaptureRequest, ToolVersions };
