import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadTargets } from '../../src/config/load-targets.js';
import { DefacewatchError } from '../../src/core/errors.js';
import { openStateStore } from '../../src/store/index.js';

/*
 * Maintenance windows in an agency file: accepted as agencies write them, and every mistake one line
 * naming the field and the fix. And the windows started by hand, as the state database keeps them.
 */

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dw-maintenance-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function agency(windows: string, siteWindows = ''): string {
  return `agency: Ministry\ncontacts: [soc@moh.example.go.jp]\ntimezone: Asia/Tokyo\nmaintenance:\n${windows}sites:\n  - id: moh-home\n    url: https://www.moh.example.go.jp/\n${siteWindows}`;
}

async function problemsOf(text: string): Promise<string[]> {
  await writeFile(path.join(dir, 'moh.yaml'), text);
  const error = await loadTargets(dir).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(DefacewatchError);
  return (error as DefacewatchError).message.split('\n');
}

describe('maintenance windows in an agency file', () => {
  it('accepts recurring and one-off windows for the agency and for a site', async () => {
    await writeFile(
      path.join(dir, 'moh.yaml'),
      agency(
        '  - cron: "0 22 * * 6"\n    duration: 3h\n    reason: weekly CMS deploy\n',
        '    maintenance:\n      - from: 2026-12-20T22:00\n        until: 2026-12-21T06:00+09:00\n        timezone: Asia/Bangkok\n        reason: redesign launch\n',
      ),
    );
    const { sites } = await loadTargets(dir);
    expect(sites[0]?.agency.maintenance).toEqual([{ cron: '0 22 * * 6', duration: '3h', reason: 'weekly CMS deploy' }]);
    expect(sites[0]?.maintenance).toEqual([{ from: '2026-12-20T22:00', until: '2026-12-21T06:00+09:00', timezone: 'Asia/Bangkok', reason: 'redesign launch' }]);
  });

  it('names each mistake on one line with its fix', async () => {
    const lines = await problemsOf(
      agency(
        [
          '  - cron: "0 22 * * 6"\n    reason: no duration\n',
          '  - cron: "0 22 * * 6"\n    duration: 3 hours\n    reason: bad duration\n',
          '  - cron: "0 22 * * 6"\n    duration: 8d\n    reason: too long\n',
          '  - cron: "0 0 15W * *"\n    duration: 1h\n    reason: unsupported\n',
          '  - cron: "0 0 * * * *"\n    duration: 1h\n    reason: seconds\n',
          '  - from: 2026-12-20T22:00\n    reason: no end\n',
          '  - from: 2026-12-20T22:00\n    until: 2026-12-20T21:00\n    reason: backwards\n',
          '  - from: 20 December\n    until: 2026-12-21\n    reason: not a date\n',
          '  - cron: "0 22 * * 6"\n    duration: 1h\n    from: 2026-12-20\n    until: 2026-12-21\n    reason: both\n',
          '  - reason: neither\n',
          '  - cron: "0 1 * * *"\n    duration: 1h\n    durration: 2h\n    reason: typo\n',
          '  - cron: "0 1 * * *"\n    duration: 1h\n    reason: ""\n',
        ].join(''),
      ),
    );
    expect(lines).toEqual([
      expect.stringMatching(/moh\.yaml: maintenance\[0\]\.duration: is required with "cron": how long each window lasts, e\.g\. "3h"$/),
      expect.stringMatching(/maintenance\[1\]\.duration: "3 hours" is not a duration \(write it like "3h", "90m", "1h30m" or "2d"\)$/),
      expect.stringMatching(/maintenance\[2\]\.duration: "8d" is longer than 7 days \(for longer work, write a window with "from" and "until"\)$/),
      expect.stringMatching(/maintenance\[3\]\.cron: "0 0 15W \* \*": "15W" is not supported in a maintenance window \(use numbers, ranges/),
      expect.stringMatching(/maintenance\[4\]\.cron: "0 0 \* \* \* \*" has 6 fields \(a window starts on a minute: use 5 fields/),
      expect.stringMatching(/maintenance\[5\]\.until: is required with "from" \(write it like "2026-12-20T22:00"/),
      expect.stringMatching(/maintenance\[7\]\.from: "20 December" is not a date-time \(write it like/),
      expect.stringMatching(/maintenance\[8\]: give either "cron" with "duration", or "from" with "until", not both$/),
      expect.stringMatching(/maintenance\[9\]: give either "cron" with "duration", or "from" with "until"$/),
      expect.stringMatching(/maintenance\[10\]\.durration: unknown field \(did you mean "duration"\?\)$/),
      expect.stringMatching(/maintenance\[11\]\.reason: say why, e\.g\. "monthly CMS upgrade"/),
      // Read in the agency's time zone, known once the whole file is read.
      expect.stringMatching(/maintenance\[6\]\.until: "2026-12-20T21:00" is not after "from" \("2026-12-20T22:00"\)$/),
    ]);
  });

  it('refuses a local time the clocks skip in the window time zone', async () => {
    const lines = await problemsOf(agency('  - from: 2027-03-14T02:30\n    until: 2027-03-14T05:00\n    timezone: America/New_York\n    reason: batch\n'));
    expect(lines).toEqual([
      expect.stringMatching(/maintenance\[0\]\.from: "2027-03-14T02:30" does not exist in America\/New_York \(the clocks skip it; pick another time\)$/),
    ]);
  });
});

describe('maintenance windows started by hand', () => {
  it('are kept with who and why, count until their end, and can be ended early', () => {
    const store = openStateStore(dir);
    try {
      const at = (iso: string) => new Date(iso);
      store.maintenance.add({
        site: 'moh-home',
        from: '2026-12-12T13:00:00.000Z',
        until: '2026-12-12T15:00:00.000Z',
        reason: 'CMS patch',
        actor: 'tanaka',
        createdAt: '2026-12-12T13:00:00.000Z',
      });
      store.maintenance.add({
        site: 'moh-news',
        from: '2026-12-12T13:00:00.000Z',
        until: '2026-12-12T14:00:00.000Z',
        reason: 'other',
        actor: 'sato',
        createdAt: '2026-12-12T13:00:00.000Z',
      });
      expect(store.maintenance.notOver('moh-home', at('2026-12-12T14:00:00Z'))).toEqual([
        expect.objectContaining({ site: 'moh-home', from: '2026-12-12T13:00:00.000Z', until: '2026-12-12T15:00:00.000Z', reason: 'CMS patch', actor: 'tanaka' }),
      ]);
      expect(store.maintenance.notOver('moh-home', at('2026-12-12T15:00:00Z'))).toEqual([]);

      expect(store.maintenance.endOpen('moh-home', at('2026-12-12T14:00:00Z'))).toBe(1);
      expect(store.maintenance.endOpen('moh-home', at('2026-12-12T14:00:01Z'))).toBe(0);
      expect(store.maintenance.notOver('moh-home', at('2026-12-12T14:00:00Z'))).toEqual([]);
      expect(store.maintenance.notOver('moh-news', at('2026-12-12T13:30:00Z'))).toHaveLength(1);
    } finally {
      store.close();
    }
  });
});
