import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../baselines/atomic.js';
import type { Verdict } from '../core/types.js';

/** What is remembered about a site between checks. */
export interface SiteState {
  lastVerdict: Verdict;
  lastCheckedAt: string;
  /** When the site last turned `defaced` (the check that alerted), if it is defaced now. */
  defacedSince?: string;
}

/** Remembers each site's last verdict, so an alert goes out when a site turns defaced, not on every check. */
export interface SiteStateStore {
  get(siteId: string): Promise<SiteState | undefined>;
  put(siteId: string, state: SiteState): Promise<void>;
}

/** One small JSON file per site under `<dataDir>/state/`, replaced atomically. */
export class JsonFileSiteStateStore implements SiteStateStore {
  constructor(private readonly dir: string) {}

  async get(siteId: string): Promise<SiteState | undefined> {
    try {
      return JSON.parse(await readFile(this.fileOf(siteId), 'utf8')) as SiteState;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async put(siteId: string, state: SiteState): Promise<void> {
    await writeFileAtomic(this.fileOf(siteId), `${JSON.stringify(state)}\n`);
  }

  private fileOf(siteId: string): string {
    return path.join(this.dir, `${siteId}.json`);
  }
}
