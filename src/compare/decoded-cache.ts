import type { RawImage } from '../core/types.js';

/**
 * Decoded baseline screenshots, keyed by the sha256 of their PNG, so a site checked again against
 * the same baseline skips the decode (docs/performance.md: decoding costs more than diffing). Bounded by
 * bytes of RGBA, least recently used dropped first; a picture bigger than the whole budget is decoded
 * every time and never kept. Callers share the returned pixels and must not write to them.
 */
export class DecodedImageCache {
  private readonly entries = new Map<string, Promise<RawImage>>();
  private readonly sizes = new Map<string, number>();
  private bytes = 0;

  /** `maxBytes`: the most RGBA bytes kept (0 turns the cache off). */
  constructor(readonly maxBytes: number) {}

  /** Bytes of RGBA held now. */
  get size(): number {
    return this.bytes;
  }

  /**
   * The image under `key`, decoded by `decode` when it is not held. Concurrent calls for one key
   * share one decode; a failed decode is not kept.
   */
  get(key: string, decode: () => Promise<RawImage>): Promise<RawImage> {
    const held = this.entries.get(key);
    if (held) {
      // Map order is recency order: move the entry to the end.
      this.entries.delete(key);
      this.entries.set(key, held);
      return held;
    }
    if (this.maxBytes <= 0) return decode();
    const pending = decode();
    this.entries.set(key, pending);
    pending.then(
      (image) => this.admit(key, pending, image.data.byteLength),
      () => this.forget(key, pending),
    );
    return pending;
  }

  private admit(key: string, pending: Promise<RawImage>, bytes: number): void {
    if (this.entries.get(key) !== pending) return;
    if (bytes > this.maxBytes) {
      this.forget(key, pending);
      return;
    }
    this.sizes.set(key, bytes);
    this.bytes += bytes;
    for (const [oldest] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      if (oldest === key) continue;
      const old = this.entries.get(oldest);
      if (old) this.forget(oldest, old);
    }
  }

  private forget(key: string, pending: Promise<RawImage>): void {
    if (this.entries.get(key) !== pending) return;
    this.entries.delete(key);
    this.bytes -= this.sizes.get(key) ?? 0;
    this.sizes.delete(key);
  }
}
