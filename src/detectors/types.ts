import type { Capture, DomDiff, Signal, VisualDiff } from '../core/types.js';

/** Everything a detector may look at. Detectors are pure: no I/O, no clock, no randomness. */
export interface DetectorContext {
  site: { id: string; url: string; sector: string };
  /** The approved capture. */
  baseline: Capture;
  /** The capture being judged. */
  current: Capture;
  visual: VisualDiff;
  dom: DomDiff;
}

/** A plug-in that turns what changed into signals. One file per detector, registered by name. */
export interface Detector {
  readonly name: string;
  readonly version: string;
  detect(ctx: DetectorContext): Signal[];
}
