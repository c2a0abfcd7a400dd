import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SnapshotStore } from '../../src/baselines/store.js';
import { checkDrift, describeDrift, detectorVersions, runningVersions, versionDrift, withDrift } from '../../src/check/drift.js';
import { refreshedLine, showsApprovedContent } from '../../src/check/refresh-baseline.js';
import type { DomDiff, Signal } from '../../src/core/types.js';
import type { VerdictDecision } from '../../src/core/verdict.js';
import { defaultDetectors } from '../../src/detectors/registry.js';
import { fakeCapture } from '../helpers/capture-fixture.js';
import { domDiff } from '../helpers/dom-diff.js';

const DETECTORS = [
  { name: 'defacer-phrases', version: '2.0.0' },
  { name: 'national-flag', version: '1.1.0' },
];

describe('baseline drift', () => {
  const recorded = { chromium: '155.0.7400.0', pixelmatch: '7.1.0', detectors: { 'defacer-phrases': '2.0.0', 'national-flag': '1.0.0' } };

  it('names nothing when the baseline was captured with the tools now running', () => {
    const running = runningVersions({ browserVersion: '155.0.7400.0' }, { pixelmatchVersion: '7.1.0', detectors: DETECTORS });
    expect(versionDrift({ ...recorded, detectors: { 'defacer-phrases': '2.0.0', 'national-flag': '1.1.0' } }, running)).toEqual([]);
    expect(withDrift('No meaningful change: the text is the same.', [], 'moh-home')).toBe('No meaningful change: the text is the same.');
  });

  it('names Chromium, pixelmatch and each detector whose version differs, in the reason after its own words', () => {
    const running = runningVersions({ browserVersion: '156.0.7443.0' }, { pixelmatchVersion: '7.1.0', detectors: DETECTORS });
    const drift = versionDrift(recorded, running);
    expect(drift).toEqual([
      { tool: 'chromium', name: 'Chromium', baseline: '155.0.7400.0', current: '156.0.7443.0' },
      { tool: 'detector', name: 'detector national-flag', baseline: '1.0.0', current: '1.1.0' },
    ]);
    expect(withDrift('No meaningful change: the text is the same.', drift, 'moh-home')).toBe(
      'No meaningful change: the text is the same; the baseline was captured with Chromium 155.0.7400.0 and detector national-flag 1.0.0' +
        ' and is compared with Chromium 156.0.7443.0 and detector national-flag 1.1.0: run `defacewatch baseline --refresh moh-home`.',
    );
  });

  it('names detectors added and dropped since the baseline, and a pixelmatch upgrade', () => {
    const drift = versionDrift(recorded, {
      chromium: '155.0.7400.0',
      pixelmatch: '8.0.0',
      detectors: { 'defacer-phrases': '2.0.0', 'flag-photo': '1.0.0' },
    });
    expect(describeDrift(drift, 'bank')).toBe(
      'the baseline was captured with pixelmatch 7.1.0 and is compared with pixelmatch 8.0.0; the baseline predates detector flag-photo 1.0.0;' +
        ' the baseline was captured with detector national-flag 1.0.0, which no longer runs: run `defacewatch baseline --refresh bank`',
    );
  });

  it('reads Chromium as Playwright reports it without its product prefix, unless that is the only difference', () => {
    const upgrade = versionDrift({ chromium: 'HeadlessChrome/155.0.7400.0', pixelmatch: '7.1.0' }, { chromium: 'HeadlessChrome/156.0.8078.129', pixelmatch: '7.1.0' });
    expect(describeDrift(upgrade, 'moh-home')).toBe(
      'the baseline was captured with Chromium 155.0.7400.0 and is compared with Chromium 156.0.8078.129: run `defacewatch baseline --refresh moh-home`',
    );
    const otherBinary = versionDrift({ chromium: 'Chrome/156.0.8078.129', pixelmatch: '7.1.0' }, { chromium: 'HeadlessChrome/156.0.8078.129', pixelmatch: '7.1.0' });
    expect(describeDrift(otherBinary, 'moh-home')).toContain('captured with Chromium Chrome/156.0.8078.129 and is compared with Chromium HeadlessChrome/156.0.8078.129');
  });

  it('logs one warning with the drift as structured fields when versions differ, and nothing otherwise', () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
    const deps = { pixelmatchVersion: '7.1.0', detectors: DETECTORS };
    checkDrift({ ...recorded, chromium: '156.0.7443.0', detectors: detectorVersions(DETECTORS) }, { browserVersion: '156.0.7443.0' }, deps, logger, 'moh-home');
    expect(lines).toEqual([]);
    const drift = checkDrift(recorded, { browserVersion: '156.0.7443.0' }, deps, logger, 'moh-home');
    expect(drift).toHaveLength(2);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 40,
      drift: [
        { tool: 'chromium', baseline: '155.0.7400.0', current: '156.0.7443.0' },
        { tool: 'detector', name: 'detector national-flag', baseline: '1.0.0', current: '1.1.0' },
      ],
      refresh: 'defacewatch baseline --refresh moh-home',
      msg: expect.stringContaining('Chromium 155.0.7400.0'),
    });
  });

  it('records every shipped detector by name', () => {
    const versions = detectorVersions(defaultDetectors());
    expect(Object.keys(versions)).toEqual(defaultDetectors().map((d) => d.name));
    for (const version of Object.values(versions)) expect(version).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('meta.json with detector versions', () => {
  let root: string;
  let store: SnapshotStore;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'dw-drift-'));
    store = new SnapshotStore(root);
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('stores the detector versions and reads them back', async () => {
    const versions = { chromium: '156.0.7443.0', pixelmatch: '7.1.0', detectors: detectorVersions(DETECTORS) };
    await store.write('moh-home', fakeCapture(), versions);
    expect((await store.read('moh-home')).meta.versions).toEqual(versions);
  });

  it('still loads an older meta.json without detector versions, and names only the drift it can know', async () => {
    await store.write('moh-home', fakeCapture(), { chromium: '156.0.7443.0', pixelmatch: '7.1.0', detectors: {} });
    // What meta.json looked like before detector versions were recorded.
    const file = path.join(root, 'moh-home', 'meta.json');
    const meta = JSON.parse(await readFile(file, 'utf8')) as { versions: Record<string, unknown> };
    meta.versions = { chromium: '155.0.7400.0', pixelmatch: '7.1.0' };
    await writeFile(file, `${JSON.stringify(meta, null, 2)}\n`);

    const back = await store.read('moh-home');
    expect(back.meta.versions).toEqual({ chromium: '155.0.7400.0', pixelmatch: '7.1.0' });
    const drift = versionDrift(back.meta.versions, runningVersions({ browserVersion: '156.0.7443.0' }, { pixelmatchVersion: '7.1.0', detectors: DETECTORS }));
    expect(drift).toEqual([{ tool: 'chromium', name: 'Chromium', baseline: '155.0.7400.0', current: '156.0.7443.0' }]);
  });
});

const dom = (over: Partial<DomDiff> = {}): DomDiff => domDiff({ titleBefore: 'T', titleAfter: 'T', ...over });

const decision = (verdict: VerdictDecision['verdict']): VerdictDecision => ({ verdict, score: 0, reason: '' });
const sig = (score: number, kind: Signal['kind'], detector = 'd', evidence: Record<string, unknown> = {}): Signal => ({ detector, kind, score, summary: 's', evidence });

describe('baseline --refresh: does a fresh capture still show the approved content?', () => {
  it('yes when it is unchanged', () => {
    expect(showsApprovedContent({ decision: decision('unchanged'), signals: [], dom: dom({ identical: true }) })).toBe(true);
  });

  it('yes when it changed only in rendering: pixels differ, the text and every detector say the same', () => {
    const signals = [sig(0.12, 'supporting', 'visual-change')];
    expect(showsApprovedContent({ decision: decision('changed'), signals, dom: dom({ textAdded: ['12:05'], textRemoved: ['12:04'] }) })).toBe(true);
  });

  it('no when it is defaced, or a signature or replacement signal is raised at all', () => {
    expect(showsApprovedContent({ decision: decision('defaced'), signals: [], dom: dom() })).toBe(false);
    expect(showsApprovedContent({ decision: decision('changed'), signals: [sig(0.4, 'signature', 'national-flag')], dom: dom() })).toBe(false);
    expect(showsApprovedContent({ decision: decision('changed'), signals: [sig(0.1, 'replacement', 'content-replacement')], dom: dom() })).toBe(false);
  });

  it('no when the text changed meaningfully, a supporting signal is noticeable, or a detector failed', () => {
    expect(showsApprovedContent({ decision: decision('changed'), signals: [], dom: dom({ textAdded: ['Registration for the spring vaccination is open'] }) })).toBe(
      false,
    );
    expect(showsApprovedContent({ decision: decision('changed'), signals: [sig(0.5, 'supporting', 'new-origins')], dom: dom() })).toBe(false);
    expect(showsApprovedContent({ decision: decision('changed'), signals: [sig(0, 'supporting', 'overlay', { code: 'DETECTOR_FAILED' })], dom: dom() })).toBe(false);
  });

  it('says what changed in the recorded versions', () => {
    expect(refreshedLine('moh-home', { drift: [], detectorsFirstRecorded: false })).toBe(
      'moh-home: baseline refreshed (it was already recorded with the tools now running)',
    );
    expect(
      refreshedLine('moh-home', {
        drift: [{ tool: 'chromium', name: 'Chromium', baseline: '155', current: '156' }],
        detectorsFirstRecorded: true,
      }),
    ).toBe('moh-home: baseline refreshed (Chromium 155 → 156, detector versions recorded for the first time)');
  });
});
