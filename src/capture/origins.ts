import type { ResourceOrigins } from '../core/types.js';

/**
 * `scheme://host[:port]` of a URL, or null for URLs without a network origin (data:, blob:, about:,
 * javascript:). The default port is dropped, as in the URL standard's serialisation of an origin.
 */
export function originOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null; // not a URL: no origin
  }
  if (!['http:', 'https:', 'ws:', 'wss:', 'ftp:'].includes(parsed.protocol)) return null;
  return `${parsed.protocol}//${parsed.host}`;
}

/** Collects URLs per kind and turns them into sorted, unique origins. */
export class OriginCollector {
  readonly #scripts = new Set<string>();
  readonly #iframes = new Set<string>();
  readonly #images = new Set<string>();

  add(kind: keyof ResourceOrigins, urls: Iterable<string>): void {
    const target = kind === 'scripts' ? this.#scripts : kind === 'iframes' ? this.#iframes : this.#images;
    for (const url of urls) {
      const origin = originOf(url);
      if (origin !== null) target.add(origin);
    }
  }

  result(): ResourceOrigins {
    const sorted = (set: Set<string>): string[] => [...set].sort();
    return { scripts: sorted(this.#scripts), iframes: sorted(this.#iframes), images: sorted(this.#images) };
  }
}
