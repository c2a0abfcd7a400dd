import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserPool, PAGE_HEAP_MIB, RENDERER_MEMORY_MIB } from '../../src/capture/browser.js';
import { capturePage, PAGE_LIMITS } from '../../src/capture/capture-page.js';
import { DefacewatchError } from '../../src/core/errors.js';
import type { Capture } from '../../src/core/types.js';
import type { FixtureServer } from '../helpers/fixture-server.js';
import { HOSTILE_PAGES, startHostileSites } from '../helpers/hostile-sites.js';

/**
 * Every hostile page (test/helpers/hostile-sites.ts) through a real capture, two at a time as the
 * daemon runs them: each ends within its budget, as a capture or a failure naming what the page did,
 * and the browser is still good for an ordinary page afterwards.
 */

const BUDGET_MS = 8_000;
const logs: { level: number; msg: string; [key: string]: unknown }[] = [];
const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line) as (typeof logs)[number]) });

let pool: BrowserPool;
let server: FixtureServer;
const outcomes = new Map<string, { capture?: Capture; error?: DefacewatchError; ms: number }>();

beforeAll(async () => {
  pool = new BrowserPool({ logger });
  server = await startHostileSites(1);
  const queue = [...HOSTILE_PAGES];
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const started = performance.now();
      const outcome = await capturePage(pool, { url: server.url(next.path), allowPrivateNetworks: true, timeoutMs: BUDGET_MS }, { logger }).then(
        (capture) => ({ capture }),
        (error: unknown) => ({ error: error as DefacewatchError }),
      );
      outcomes.set(next.path, { ...outcome, ms: performance.now() - started });
    }
  };
  await Promise.all([worker(), worker()]);
}, 180_000);

afterAll(async () => {
  await pool?.close();
  await server?.close();
});

function failure(path: string): DefacewatchError {
  const outcome = outcomes.get(path);
  expect(outcome?.error, `${path} should fail`).toBeInstanceOf(DefacewatchError);
  return outcome!.error!;
}

describe('hostile pages', () => {
  it('each ends within its budget (and the time to close its page), as the fixture list expects', () => {
    for (const hostile of HOSTILE_PAGES) {
      const outcome = outcomes.get(hostile.path)!;
      expect(outcome.ms, hostile.path).toBeLessThan(BUDGET_MS + 6_000);
      expect(outcome.capture === undefined ? 'unreachable' : 'captured', `${hostile.path}: ${hostile.what}`).toBe(hostile.expect);
    }
  });

  it('a script that fills the JavaScript heap crashes its page at the heap limit, and the failure says so', () => {
    const error = failure('/memory-hog');
    expect(error.code).toBe('CAPTURE_FAILED');
    expect(error.message).toMatch(
      new RegExp(`memory-hog (crashed the browser's page process .*${PAGE_HEAP_MIB} MB|used more than ${RENDERER_MEMORY_MIB} MB of memory)`, 'u'),
    );
  });

  it('a script that fills memory outside the heap is stopped at the page memory ceiling, and the failure names it', () => {
    const error = failure('/buffer-hog');
    expect(error.code).toBe('CAPTURE_FAILED');
    expect(error.message).toContain(`buffer-hog used more than ${RENDERER_MEMORY_MIB} MB of memory; its page was stopped`);
    expect(logs.some((line) => line.msg === 'stopped a page process over its memory ceiling')).toBe(true);
  });

  it('a 100 MB page is cut off while it streams, not parsed whole', () => {
    const error = failure('/huge-page');
    expect(error.message).toMatch(/huge-page sent a page of more than 10 MB; it was cut off at \d+ MB and not captured/);
  });

  it('a DOM a script made huge is cut at the limits before it leaves the page, and the log says so', () => {
    const capture = outcomes.get('/huge-dom')?.capture;
    expect(capture?.title).toBe('Wordy');
    expect(capture?.html.length).toBe(PAGE_LIMITS.maxHtmlChars);
    expect(capture?.visibleText.length).toBe(PAGE_LIMITS.maxTextChars);
    const cut = logs.find((line) => line.msg === 'the page is larger than a capture keeps; it was cut');
    expect(cut?.cut).toEqual([
      { field: 'html', chars: expect.any(Number) },
      { field: 'visibleText', chars: expect.any(Number) },
    ]);
  });

  it('a 100 MB picture without a length is left out of the capture, never read', () => {
    const capture = outcomes.get('/huge-image')?.capture;
    expect(capture?.title).toBe('Big picture');
    expect(capture?.images?.map((image) => image.url) ?? []).not.toContain(server.url('/huge-image.bmp'));
  });

  it('pages that never finish loading run out their budget, naming where they were stuck', () => {
    for (const path of ['/endless-script', '/slowloris', '/never-answers']) {
      const error = failure(path);
      expect(error.code, path).toBe('CAPTURE_TIMEOUT');
      expect(error.message, path).toContain(`did not finish loading within ${BUDGET_MS} ms`);
    }
  });

  it('redirect loops, self-reloading pages and downloads fail with what they did', () => {
    expect(failure('/redirect-loop').message).toContain('net::ERR_TOO_MANY_REDIRECTS');
    // Five reloads take about as long as the budget: either way it never settles.
    expect(failure('/meta-refresh').message).toMatch(/kept navigating \(\d+ script or meta redirects after load\)|did not finish loading within/);
    for (const path of ['/pdf', '/binary']) expect(failure(path).message, path).toContain('answered with a file to download');
  });

  it('refuses the metadata address by redirect, and blocks it in iframes, pictures and fetches', () => {
    const refused = failure('/ssrf-redirect');
    expect(refused.code).toBe('URL_PRIVATE');
    expect(refused.message).toContain('169.254.169.254');
    expect(outcomes.get('/ssrf-embeds')?.capture?.title).toBe('Curious');
    const blocked = logs.filter((line) => line.msg === 'blocked a request to a refused address').map((line) => String(line.url));
    expect(blocked).toEqual(
      expect.arrayContaining(['http://169.254.169.254/latest/meta-data/', 'http://[fd00:ec2::254]/x.png', 'http://169.254.169.254/latest/user-data']),
    );
  });

  it('leaves the browser good for an ordinary page, with no context left open', async () => {
    const capture = await capturePage(pool, { url: server.url('/ordinary-1'), allowPrivateNetworks: true }, { logger });
    expect(capture.visibleText).toContain('Ordinary site 1');
    expect((await pool.browser()).contexts()).toHaveLength(0);
  });
});
