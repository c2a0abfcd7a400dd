import type { SharedIndicator } from '../core/shared-indicator.js';
import type { Box, Capture, ChangedImage, DomDiff, RawImage, Signal, VisualDiff } from '../core/types.js';

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
  currentImage?: RawImage | undefined;
  /**
   * The baseline screenshot decoded (RGBA), alongside `currentImage`: a detector can tell content
   * that moved from content that is new. Read only (shared with the baseline cache).
   */
  baselineImage?: RawImage | undefined;
  /**
   * Images the page loads now that the baseline never loaded (new bytes), decoded: a picture swapped
   * on a carousel slide that was not showing when the screenshot was taken is still seen here.
   * Absent or empty when none, or when the baseline predates image hashes.
   */
  changedImages?: ChangedImage[] | undefined;
  /** Reads text in pictures; absent when OCR is not wired (image-text then reads nothing). */
  ocr?: Ocr | undefined;
  /** Aborts a check in progress; async detectors pass it on (to `ocr`). */
  signal?: AbortSignal | undefined;
  /** Indicators other members shared (validated by the STIX parser); absent or empty when none. */
  sharedIndicators?: readonly SharedIndicator[] | undefined;
}

/** One word OCR read, with how sure it was. */
export interface OcrWord {
  text: string;
  /** 0..1. */
  confidence: number;
  /** Index of the text line the word is on, counted from 0 in reading order. */
  line: number;
}

/** What OCR read in one part of an image. */
export interface OcrResult {
  /** The words, a space between words and a newline between lines, as the engine returned them. */
  text: string;
  /** 0..1: mean word confidence weighted by word length; 0 when nothing was read. */
  confidence: number;
  /** The words one by one, when the engine reports them. */
  words?: OcrWord[];
  /** The languages actually used (requested ones that are not installed are left out). */
  languages?: string[];
}

/** A part of an image to read. */
export interface OcrBox extends Box {
  /** About how high its glyphs are (pixels), when known: the engine scales text to its best size. */
  glyphHeight?: number | undefined;
}

export interface OcrOptions {
  /** Tesseract language codes (`eng`, `chi_sim`, `jpn`…), most likely first. */
  languages: readonly string[];
  signal?: AbortSignal | undefined;
}

/**
 * Optical character recognition, a port: detectors call it, `src/ocr/` implements it. Rejects with a
 * DefacewatchError (`OCR_UNAVAILABLE` when it cannot run at all, `OCR_FAILED` for this call).
 */
export interface Ocr {
  /**
   * Reads the text inside each box (screenshot pixels) of `image`: one result per box, in order.
   * All boxes of a check go in one call, so the engine starts (and loads its languages) once.
   */
  recognize(image: RawImage, boxes: readonly OcrBox[], options: OcrOptions): Promise<OcrResult[]>;
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
