import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDaemonConfig } from '../../src/config/load-daemon-config.js';
import { loadTargets } from '../../src/config/load-targets.js';
import { decodeUtf8Text } from '../../src/config/read-config-file.js';
import { DefacewatchError } from '../../src/core/errors.js';

/*
 * What people do to config files by accident (save them in the wrong encoding, make a folder where a
 * file belongs, name a file that is not there) comes back as one line naming the file and the fix.
 */

const AGENCY = 'agency: Ministry\ncontacts: [soc@moh.example.go.jp]\nsites:\n  - id: moh-home\n    url: https://www.moh.example.go.jp/\n';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dw-config-files-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function targetProblems(files: Record<string, string | Buffer>): Promise<string[]> {
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
  const error = await loadTargets(dir).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(DefacewatchError);
  expect((error as DefacewatchError).code).toBe('CONFIG_INVALID');
  return (error as DefacewatchError).message.split('\n');
}

describe('decodeUtf8Text', () => {
  it('keeps UTF-8 text, with or without a byte-order mark', () => {
    expect(decodeUtf8Text(Buffer.from('agency: 厚生労働省\n'))).toEqual({ text: 'agency: 厚生労働省\n' });
    expect(decodeUtf8Text(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('agency: กรม\n')]))).toEqual({ text: 'agency: กรม\n' });
  });

  it('refuses UTF-16 and UTF-32, with a mark or without one', () => {
    expect(decodeUtf8Text(Buffer.from('\ufeffagency: x', 'utf16le'))).toEqual({ problem: 'it is saved as UTF-16 (save the file as UTF-8)' });
    expect(decodeUtf8Text(Buffer.from([0xfe, 0xff, 0, 0x61]))).toEqual({ problem: 'it is saved as UTF-16 (save the file as UTF-8)' });
    expect(decodeUtf8Text(Buffer.from([0xff, 0xfe, 0, 0, 0x61, 0, 0, 0]))).toEqual({ problem: 'it is saved as UTF-32 (save the file as UTF-8)' });
    expect(decodeUtf8Text(Buffer.from('agency: x\nsites: []\n', 'utf16le'))).toEqual({
      problem: 'line 1: holds NUL bytes, so it is UTF-16 or not text at all (save the file as UTF-8)',
    });
  });

  it('names the line and the first byte of text in another encoding', () => {
    // "テスト" in Shift_JIS on the second line; "Café" in Latin-1, whose é a newline follows.
    const shiftJis = Buffer.concat([Buffer.from('contacts: []\nagency: '), Buffer.from([0x83, 0x65, 0x83, 0x58, 0x83, 0x67]), Buffer.from('\n')]);
    expect(decodeUtf8Text(shiftJis)).toEqual({ problem: expect.stringMatching(/^line 2: byte 0x83 is not UTF-8 \(save the file as UTF-8; it may be in Shift_JIS/) });
    const latin1 = Buffer.from('agency: Caf\xe9\n', 'latin1');
    expect(decodeUtf8Text(latin1)).toEqual({ problem: expect.stringMatching(/^line 1: byte 0xe9 is not UTF-8/) });
  });

  it('refuses a UTF-8 byte-order mark followed by bytes that are not UTF-8', () => {
    expect(decodeUtf8Text(Buffer.from([0xef, 0xbb, 0xbf, 0x61, 0x0a, 0xc3, 0x28]))).toEqual({ problem: expect.stringMatching(/^line 2: byte 0xc3 is not UTF-8/) });
  });
});

describe('loadTargets on files that cannot be read as they are', () => {
  it('names an agency file saved in Shift_JIS, and one saved as UTF-16, with every other problem', async () => {
    const lines = await targetProblems({
      'good.yaml': AGENCY,
      'sjis.yaml': Buffer.concat([Buffer.from('agency: '), Buffer.from([0x83, 0x65, 0x83, 0x58, 0x83, 0x67]), Buffer.from('\n')]),
      'wide.yaml': Buffer.from(`\ufeff${AGENCY}`, 'utf16le'),
    });
    expect(lines).toEqual([
      expect.stringMatching(/sjis\.yaml: line 1: byte 0x83 is not UTF-8 \(save the file as UTF-8/),
      expect.stringMatching(/wide\.yaml: it is saved as UTF-16 \(save the file as UTF-8\)$/),
    ]);
  });

  it('names a folder called *.yaml in the targets folder and says what to do', async () => {
    await mkdir(path.join(dir, 'archive.yaml'));
    const lines = await targetProblems({ 'good.yaml': AGENCY });
    expect(lines).toEqual([expect.stringMatching(/archive\.yaml: is a folder, not a YAML file \(rename the folder so that its name does not end in \.yaml/)]);
  });

  it('names a link to a file that is gone', async () => {
    await symlink(path.join(dir, 'gone.txt'), path.join(dir, 'link.yaml'));
    const lines = await targetProblems({ 'good.yaml': AGENCY });
    expect(lines).toEqual([expect.stringMatching(/link\.yaml: no such file \(check the name, or whether a link points to a file that is gone\)/)]);
  });

  it('says a missing targets folder, or a file given as the folder, is not found, with the fix', async () => {
    await expect(loadTargets(path.join(dir, 'nope'))).rejects.toMatchObject({
      code: 'CONFIG_NOT_FOUND',
      message: expect.stringMatching(/nope: the targets folder does not exist$/),
      hint: expect.stringMatching(/Point --targets at the folder/),
    });
    await writeFile(path.join(dir, 'moh.yaml'), AGENCY);
    await expect(loadTargets(path.join(dir, 'moh.yaml'))).rejects.toMatchObject({
      code: 'CONFIG_NOT_FOUND',
      message: expect.stringMatching(/moh\.yaml: is a file, not the targets folder$/),
      hint: expect.stringContaining(`--targets ${dir}`),
    });
  });
});

describe('loadDaemonConfig on files that cannot be read as they are', () => {
  it('names how a missing file was given: --config or DEFACEWATCH_CONFIG', async () => {
    const missing = path.join(dir, 'nope.yaml');
    await expect(loadDaemonConfig(missing, {})).rejects.toMatchObject({
      code: 'CONFIG_NOT_FOUND',
      message: `--config ${missing}: the daemon config file does not exist`,
    });
    await expect(loadDaemonConfig(undefined, { DEFACEWATCH_CONFIG: missing })).rejects.toMatchObject({
      code: 'CONFIG_NOT_FOUND',
      message: `DEFACEWATCH_CONFIG=${missing}: the daemon config file does not exist`,
    });
  });

  it('refuses a folder and a file in another encoding as invalid, naming the flag', async () => {
    await mkdir(path.join(dir, 'conf.yaml'));
    await expect(loadDaemonConfig(path.join(dir, 'conf.yaml'), {})).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringMatching(/^--config .*conf\.yaml: is a folder, not a YAML file \(name the YAML file itself, not its folder\)$/),
    });
    const latin1 = path.join(dir, 'latin1.yaml');
    await writeFile(latin1, Buffer.from('organisation:\n  name: Agence numérique\n', 'latin1'));
    await expect(loadDaemonConfig(latin1, {})).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringMatching(/latin1\.yaml: line 2: byte 0xe9 is not UTF-8/),
    });
  });
});
