import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DefacewatchError } from '../../src/core/errors.js';
import { alertsJsonlPath, createJsonLinesFileSink } from '../../src/sinks/json-lines-file.js';
import { alertEvent, alertEventJson } from '../../src/sinks/webhook.js';
import { sampleAlert } from '../../src/sinks/sample-alert.js';
import type { SiteAlert } from '../../src/sinks/types.js';

let dir: string;
let sample: SiteAlert;

/** The sample alert, with other fields where a test needs them. */
function siteAlert(overrides: Partial<SiteAlert> = {}): SiteAlert {
  return { ...structuredClone(sample), ...overrides };
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'defacewatch-jsonl-'));
  const agency = { name: 'Ministry of Health', contacts: ['soc@moh.example'], timezone: 'Asia/Tokyo' };
  sample = await sampleAlert(agency, new Date('2026-11-25T18:02:13.000Z'), undefined, { kind: 'defaced', site: 'moh-home' });
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function lines(): Promise<string[]> {
  return (await readFile(alertsJsonlPath(dir), 'utf8')).split('\n');
}

describe('json-lines file sink', () => {
  it('appends one line per alert, holding the webhook event', async () => {
    const sink = createJsonLinesFileSink({ dataDir: dir });
    const first = siteAlert();
    const second = siteAlert({ id: 'moh-home-reminder-1', kind: 'reminder' });
    expect(await sink.send(first)).toEqual({ sink: 'json-lines', delivered: true, detail: alertsJsonlPath(dir) });
    await sink.send(second);
    expect(await lines()).toEqual([alertEventJson(first), alertEventJson(second), '']);
    expect(JSON.parse((await lines())[1]!)).toEqual(alertEvent(second));
  });

  it('does not write an alert again, also when sent twice at once', async () => {
    const sink = createJsonLinesFileSink({ dataDir: dir });
    const receipts = await Promise.all([sink.send(siteAlert()), sink.send(siteAlert())]);
    const again = await createJsonLinesFileSink({ dataDir: dir }).send(siteAlert());
    expect(await lines()).toHaveLength(2);
    expect(receipts.map((r) => r.delivered)).toEqual([true, true]);
    expect(again.detail).toMatch(/^already in .*alerts\.jsonl: not written again$/);
  });

  it('starts a fresh line after a line torn by a crash, and writes that alert again', async () => {
    await writeFile(alertsJsonlPath(dir), alertEventJson(siteAlert()).slice(0, 40));
    const sink = createJsonLinesFileSink({ dataDir: dir });
    await sink.send(siteAlert());
    const [torn, whole, end] = await lines();
    expect(torn).toHaveLength(40);
    expect(whole).toBe(alertEventJson(siteAlert()));
    expect(end).toBe('');
  });

  it('keeps lines other programs appended', async () => {
    await appendFile(alertsJsonlPath(dir), '{"note":"rotated"}\n');
    await createJsonLinesFileSink({ dataDir: dir }).send(siteAlert());
    expect(await lines()).toEqual(['{"note":"rotated"}', alertEventJson(siteAlert()), '']);
  });

  it('writes nothing on a dry run', async () => {
    const receipt = await createJsonLinesFileSink({ dataDir: dir }).send(siteAlert(), { dryRun: true });
    expect(receipt.delivered).toBe(false);
    await expect(readFile(alertsJsonlPath(dir))).rejects.toThrow(/ENOENT/);
  });

  it('fails with ALERT_FAILED when the file cannot be written', async () => {
    await writeFile(join(dir, 'not-a-dir'), 'x');
    const error = await createJsonLinesFileSink({ dataDir: join(dir, 'not-a-dir') })
      .send(siteAlert())
      .then(
        () => null,
        (err: unknown) => err,
      );
    expect(error).toBeInstanceOf(DefacewatchError);
    expect((error as DefacewatchError).code).toBe('ALERT_FAILED');
    expect((error as DefacewatchError).message).toContain('site moh-home');
  });
});
