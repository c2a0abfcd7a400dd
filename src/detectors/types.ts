import type { Capture, DomDiff, RawImage, Signal, VisualDiff } from '../core/types.js';

/** Everything a detector may look at. Detectors are pure: no I/O, no clock, no randomness. */
export interface DetectorContext {
  site: { id: string; url: string; sector: string };
  /** The approved capture. */
  baseline: Capture;
  /** The capture being judged. */
  current: Capture;
  visual: VisualDiff;
  dom: DomDiff;
  /**
   * The current screenshot decoded (RGBA), when the pixels differ from the baseline's; absent when
   * the PNGs were byte-identical. Image detectors read it instead of decoding again.
   */
  currentImage?: RawImage;
}

/**
 * A plug-in that turns what changed into signals. One file per detector, registered by name.
 * `detect` may be async (OCR runs outside the event loop) but must not do other I/O.
 */
export interface Detector {
  readonly name: string;
  readonly version: string;
  detect(ctx: DetectorContext): Signal[] | Promise<Signal[]>;
}

/** A detector that answers at once (most do); its signals can be read without awaiting. */
export interface SyncDetector extends Detector {
  detect(ctx: DetectorContext): Signal[];
}
