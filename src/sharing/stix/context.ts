/**
 * What the STIX and MISP exports need besides the incident: who we are, how the agency's data may be
 * shared, and what the defaced screenshot looks like (computed once by describeScreenshot, since the
 * mapping itself reads no files and decodes no pictures).
 */
import type { TlpLevel } from '../../config/daemon-schema.js';

/** A picture to attach: the first screen of the defaced screenshot, encoded small. */
export interface AttachableImage {
  data: Uint8Array;
  mimeType: 'image/png' | 'image/jpeg';
}

/** What describeScreenshot found in a defaced screenshot. */
export interface ScreenshotFacts {
  /** Perceptual hash of its first screen (compare/perceptual-hash.ts), absent for a blank page. */
  phash?: string;
  /** Its first screen, encoded under the size limit; absent when not asked for or too large. */
  image?: AttachableImage;
}

/** Everything an export of one incident depends on besides the incident. */
export interface SharingContext {
  /** This member organisation (daemon config `organisation`). */
  organisation: { name: string; contact?: string | undefined };
  /** The agency's TLP level (its override, else the daemon's `sharing.tlp`); default amber. */
  tlp?: TlpLevel;
  /** Attach the screenshot (`sharing.includeScreenshot`); default false. */
  includeScreenshot?: boolean;
  /** The defaced screenshot, described; without it the indicator carries slogans and origins only. */
  screenshot?: ScreenshotFacts;
  /** The site's sector from its targets file (government, bank, hospital, other). */
  sector?: string;
}

/** Largest screenshot attached, in bytes (before base64): bundles travel through TAXII servers with request limits. */
export const MAX_ATTACHMENT_BYTES = 512 * 1024;
