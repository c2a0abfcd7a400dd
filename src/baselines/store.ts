import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { decodePng } from '../compare/png.js';
import { DefacewatchError } from '../core/errors.js';
import type { Capture, RawImage, Volatility } from '../core/types.js';
import { recoverFolder, replaceFolderAtomic } from './atomic.js';
import { DecodedImageCache } from '../compare/decoded-cache.js';

export const SCREENSHOT_FILE = 'screenshot.png';
export const HTML_FILE = 'page.html';
export const META_FILE = 'meta.json';
/** The meta.json layout this build writes; every baseline written so far has it. */
export const SNAPSHOT_FORMAT_VERSION = 1;

/** Versions that diff numbers and findings depend on; stored with every snapshot. */
export interface ToolVersions {
  chromium: string;
  pixelmatch: string;
  /**
   * Each detector's version by name, as registered when the snapshot was written. Absent in
   * snapshots written before detector versions were recorded: those still load, and no detector
   * drift can be named for them.
   */
  detectors?: Record<string, string>;
}

/** meta.json: where and how the snapshot was taken, plus the sha256 of each file beside it. */
export interface SnapshotMeta {
  formatVersion: typeof SNAPSHOT_FORMAT_VERSION;
  site: string;
  url: string;
  capturedAt: string;
  viewport: Capture['viewport'];
  versions: ToolVersions;
  sha256: Record<string, string>;
  /** What the page changes by itself, learnt from several captures (baselines only). */
  volatility?: Volatility;
  /** Everything else the capture recorded (title, text, origins, …), so a comparison needs no re-parse. */
  capture: Omit<Capture, 'screenshot' | 'html' | 'imageBodies'>;
}

export interface Snapshot {
  meta: SnapshotMeta;
  capture: Capture;
  /** Absolute path of the screenshot, for evidence and email attachments. */
  screenshotPath: string;
  /**
   * The screenshot decoded to RGBA, from the store's cache when this baseline was decoded before
   * (the pixels are shared: read them, never write). Rejects when the PNG cannot be decoded. A
   * function property, not a method: it uses no `this`, and callers hand it on as it is.
   */
  readonly screenshotImage: () => Promise<RawImage>;
}

/**
 * RGBA bytes of decoded screenshots a store keeps by default: a dozen 1366×4000 pages, or the
 * eight ~7,000 px pages of `npm run bench`. A daemon watching more sites than fit decodes the rest at
 * each check, as without a cache.
 */
export const DEFAULT_DECODED_CACHE_BYTES = 320 * 2 ** 20;

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * A folder of per-site snapshots: `<root>/<site>/{screenshot.png,page.html,meta.json}`.
 * Used for approved baselines (`baselines/`) and for the latest capture (`data/latest/`), which
 * `approve` promotes. Each snapshot is replaced whole, atomically; a file whose hash does not match
 * meta.json is reported as corrupt, never used.
 */
export class SnapshotStore {
  private readonly decoded: DecodedImageCache;

  /** `decodedCacheBytes`: RGBA bytes of decoded screenshots kept between reads (0: none). */
  constructor(
    readonly root: string,
    options: { decodedCacheBytes?: number } = {},
  ) {
    this.decoded = new DecodedImageCache(options.decodedCacheBytes ?? DEFAULT_DECODED_CACHE_BYTES);
  }

  folderOf(siteId: string): string {
    return path.join(this.root, siteId);
  }

  async write(siteId: string, capture: Capture, versions: ToolVersions, volatility?: Volatility): Promise<SnapshotMeta> {
    // Image bodies are for the check that captured them only: never on disk.
    const { screenshot, html, imageBodies: _transient, ...rest } = capture;
    const meta: SnapshotMeta = {
      formatVersion: SNAPSHOT_FORMAT_VERSION,
      site: siteId,
      url: capture.url,
      capturedAt: capture.capturedAt,
      viewport: capture.viewport,
      versions,
      sha256: { [SCREENSHOT_FILE]: sha256(screenshot), [HTML_FILE]: sha256(html) },
      ...(volatility ? { volatility } : {}),
      capture: rest,
    };
    await replaceFolderAtomic(this.folderOf(siteId), {
      [SCREENSHOT_FILE]: screenshot,
      [HTML_FILE]: html,
      [META_FILE]: `${JSON.stringify(meta, null, 2)}\n`,
    });
    return meta;
  }

  /** Reads a snapshot, verifying every hash. Throws BASELINE_MISSING or BASELINE_CORRUPT. */
  async read(siteId: string): Promise<Snapshot> {
    const folder = this.folderOf(siteId);
    await recoverFolder(folder);
    let meta: SnapshotMeta;
    try {
      meta = JSON.parse(await readFile(path.join(folder, META_FILE), 'utf8')) as SnapshotMeta;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        throw new DefacewatchError('BASELINE_MISSING', `${siteId}: no snapshot in ${folder}`);
      }
      // A read that failed (a file where the folder should be, a folder named meta.json, no permission) is not bad JSON.
      const what = code === undefined ? 'is not valid JSON' : `cannot be read (${(err as Error).message})`;
      throw new DefacewatchError('BASELINE_CORRUPT', `${siteId}: ${path.join(folder, META_FILE)} ${what}`, { cause: err });
    }
    // Read as unknown: the file may not be what this build writes, which the type of `meta` assumes.
    const formatVersion: unknown = meta.formatVersion;
    if (formatVersion !== SNAPSHOT_FORMAT_VERSION) {
      // A newer build's layout may move what this one reads: refuse it rather than misread it.
      const newer = typeof formatVersion === 'number' && formatVersion > SNAPSHOT_FORMAT_VERSION;
      throw new DefacewatchError(
        newer ? 'DATA_TOO_NEW' : 'BASELINE_CORRUPT',
        `${siteId}: ${path.join(folder, META_FILE)} has formatVersion ${String(formatVersion)}; this defacewatch reads version ${SNAPSHOT_FORMAT_VERSION}`,
      );
    }
    const screenshotPath = path.join(folder, SCREENSHOT_FILE);
    const [screenshot, htmlBytes] = await Promise.all([
      this.readVerified(siteId, screenshotPath, meta),
      this.readVerified(siteId, path.join(folder, HTML_FILE), meta),
    ]);
    // Keyed by the verified hash: a replaced baseline is a new key, never a stale picture.
    const key = meta.sha256[SCREENSHOT_FILE] as string;
    return {
      meta,
      capture: { ...meta.capture, screenshot, html: htmlBytes.toString('utf8') },
      screenshotPath,
      screenshotImage: () => this.decoded.get(key, () => decodePng(screenshot)),
    };
  }

  async remove(siteId: string): Promise<void> {
    await rm(this.folderOf(siteId), { recursive: true, force: true });
  }

  private async readVerified(siteId: string, file: string, meta: SnapshotMeta): Promise<Buffer> {
    const expected = meta.sha256?.[path.basename(file)];
    let data: Buffer;
    try {
      data = await readFile(file);
    } catch (err) {
      throw new DefacewatchError('BASELINE_CORRUPT', `${siteId}: ${file} is missing or unreadable`, { cause: err });
    }
    if (expected === undefined || sha256(data) !== expected) {
      throw new DefacewatchError(
        'BASELINE_CORRUPT',
        `${siteId}: ${file} does not match the sha256 recorded in meta.json (it was changed or half-written)`,
      );
    }
    return data;
  }
}
