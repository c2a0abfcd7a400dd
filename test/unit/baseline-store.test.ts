import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replaceFolderAtomic } from '../../src/baselines/atomic.js';
import { SnapshotStore, type SnapshotMeta } from '../../src/baselines/store.js';
import { fakeCapture } from '../helpers/capture-fixture.js';

const versions = { chromium: 'HeadlessChrome/1.0', pixelmatch: '8.0.0' };
let root: string;
let store: SnapshotStore;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'dw-baselines-'));
  store = new SnapshotStore(root);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('SnapshotStore', () => {
  it('writes screenshot, HTML and meta.json with hashes and versions, and reads them back', async () => {
    const capture = fakeCapture({ screenshot: Buffer.from([1, 2, 3]), title: '厚生労働省' });
    await store.write('moh-home', capture, versions);
    expect((await readdir(path.join(root, 'moh-home'))).sort()).toEqual(['meta.json', 'page.html', 'screenshot.png']);
    const meta = JSON.parse(await readFile(path.join(root, 'moh-home', 'meta.json'), 'utf8')) as SnapshotMeta;
    expect(meta).toMatchObject({ site: 'moh-home', url: capture.url, capturedAt: capture.capturedAt, versions });
    expect(meta.sha256['screenshot.png']).toMatch(/^[0-9a-f]{64}$/);
    const back = await store.read('moh-home');
    expect(back.capture).toEqual(capture);
    expect(back.screenshotPath).toBe(path.join(root, 'moh-home', 'screenshot.png'));
  });

  it('refuses a baseline a newer defacewatch wrote (DATA_TOO_NEW) and one without a format version (BASELINE_CORRUPT)', async () => {
    await store.write('moh-home', fakeCapture(), versions);
    const metaPath = path.join(root, 'moh-home', 'meta.json');
    const meta = JSON.parse(await readFile(metaPath, 'utf8')) as SnapshotMeta;
    await writeFile(metaPath, JSON.stringify({ ...meta, formatVersion: 2 }));
    await expect(store.read('moh-home')).rejects.toMatchObject({ code: 'DATA_TOO_NEW', message: expect.stringContaining('formatVersion 2') });
    await writeFile(metaPath, JSON.stringify({ ...meta, formatVersion: undefined }));
    await expect(store.read('moh-home')).rejects.toMatchObject({ code: 'BASELINE_CORRUPT' });
  });

  it('reports a missing baseline', async () => {
    await expect(store.read('nope')).rejects.toMatchObject({ code: 'BASELINE_MISSING' });
  });

  it('tells a meta.json that cannot be read from one that is not JSON', async () => {
    await writeFile(path.join(root, 'moh-home'), 'a file where the folder belongs');
    await expect(store.read('moh-home')).rejects.toMatchObject({ code: 'BASELINE_CORRUPT', message: expect.stringMatching(/meta\.json cannot be read \(ENOTDIR/) });
    await rm(path.join(root, 'moh-home'));
    await mkdir(path.join(root, 'moh-home'));
    await writeFile(path.join(root, 'moh-home', 'meta.json'), '{"formatVersion": 1,');
    await expect(store.read('moh-home')).rejects.toMatchObject({ code: 'BASELINE_CORRUPT', message: expect.stringMatching(/meta\.json is not valid JSON$/) });
  });

  it('reports a file whose hash does not match instead of using it', async () => {
    await store.write('moh-home', fakeCapture(), versions);
    await writeFile(path.join(root, 'moh-home', 'page.html'), '<h1>tampered</h1>');
    await expect(store.read('moh-home')).rejects.toMatchObject({
      code: 'BASELINE_CORRUPT',
      message: expect.stringMatching(/page\.html does not match the sha256/),
    });
  });

  it('replaces a snapshot whole, leaving no temp folders', async () => {
    await store.write('moh-home', fakeCapture({ title: 'old' }), versions);
    await store.write('moh-home', fakeCapture({ title: 'new' }), versions);
    expect((await store.read('moh-home')).capture.title).toBe('new');
    expect(await readdir(root)).toEqual(['moh-home']);
  });

  it('recovers a snapshot whose swap was interrupted between the two renames', async () => {
    await store.write('moh-home', fakeCapture({ title: 'kept' }), versions);
    await rename(path.join(root, 'moh-home'), path.join(root, '.old-moh-home-1-abcd'));
    expect((await store.read('moh-home')).capture.title).toBe('kept');
  });
});

describe('replaceFolderAtomic', () => {
  it('leaves the old folder untouched when writing the new one fails', async () => {
    const folder = path.join(root, 'site');
    await mkdir(folder);
    await writeFile(path.join(folder, 'a.txt'), 'old');
    await expect(replaceFolderAtomic(folder, { 'a.txt': 'new', 'missing-dir/b.txt': 'x' })).rejects.toThrow();
    expect(await readFile(path.join(folder, 'a.txt'), 'utf8')).toBe('old');
    expect(await readdir(root)).toEqual(['site']);
  });
});
