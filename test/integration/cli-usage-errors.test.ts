import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencyYaml, makeWorkspace, runCli, type CliRun } from '../helpers/cli.js';

/*
 * No surprises: every mistake a user can make on the command line or in a config file exits 2 with
 * one line naming the file or flag and the fix; exit 70 (and a stack) is left for our own bugs.
 */

/** A usage error as scripts and people see it: exit 2, and stderr says `what` without a stack. */
function expectUsageError(run: CliRun, what: RegExp, label: string): void {
  expect(run.code, `${label}: ${run.stderr}`).toBe(2);
  expect(run.stderr, label).toMatch(what);
  expect(run.stderr, label).not.toMatch(/^\s+at /mu);
  expect(run.stderr, label).not.toMatch(/INTERNAL|bug in defacewatch/u);
}

describe('the command line names what is wrong and how to fix it', () => {
  let workspace: Awaited<ReturnType<typeof makeWorkspace>>;
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(args, { cwd: workspace.dir, env: { DEFACEWATCH_CONFIG: '', ...env } });

  beforeAll(async () => {
    workspace = await makeWorkspace({ 'moh.yaml': agencyYaml({ 'moh-home': 'http://127.0.0.1:9/' }) });
  });
  afterAll(async () => {
    await workspace.cleanup();
  });

  it('--version prints the version of package.json', async () => {
    const manifest = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const run = await cli(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${manifest.version}\n`);
  });

  it('every listing command takes --json and prints only JSON lines on stdout; export prints one JSON document', async () => {
    for (const args of [['validate'], ['status'], ['incidents'], ['audit'], ['outbox'], ['maintenance', '--list']]) {
      const run = await cli([...args, '--json']);
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
      for (const line of run.stdout.split('\n').filter((l) => l !== '')) expect(() => JSON.parse(line) as unknown, `${args.join(' ')}: ${line}`).not.toThrow();
    }
    for (const format of ['stix', 'misp']) {
      const run = await cli(['export', format]);
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout)).toBeTypeOf('object');
    }
  }, 180_000);

  it('validate checks the daemon config too and says ok for both', async () => {
    const none = await cli(['validate']);
    expect(none.code, none.stderr).toBe(0);
    expect(none.stderr).toMatch(/^ok: 1 agency file\(s\), 1 site\(s\)$/mu);
    expect(none.stderr).toMatch(/^ok: no daemon config file, the defaults apply$/mu);

    await writeFile(path.join(workspace.dir, 'defacewatch.yaml'), 'onCall: [oncall@cert.example]\n');
    const found = await cli(['validate', '--json']);
    expect(found.code, found.stderr).toBe(0);
    expect(JSON.parse(found.stdout)).toMatchObject({ id: 'moh-home', file: 'targets/moh.yaml' });
    expect(found.stderr).toMatch(/^ok: daemon config defacewatch\.yaml$/mu);

    await writeFile(path.join(workspace.dir, 'other.yaml'), 'onCall: [not-an-address]\n');
    const named = await cli(['validate', '--config', 'other.yaml']);
    expectUsageError(named, /^other\.yaml: onCall\[0\]: not an email address/mu, 'validate --config other.yaml');
    // Only the problem, as for a targets file: nothing is listed when something is wrong.
    expect(named.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(named.stdout).toBe('');
    const both = await cli(['validate', '--config', 'other.yaml', '--targets', 'nope']);
    expectUsageError(both, /^error CONFIG_NOT_FOUND: nope: the targets folder does not exist/mu, 'both wrong');
    expect(both.stderr).toMatch(/^other\.yaml: onCall\[0\]: not an email address/mu);
    const fromEnv = await cli(['validate'], { DEFACEWATCH_CONFIG: 'other.yaml' });
    expectUsageError(fromEnv, /^other\.yaml: onCall\[0\]: not an email address/mu, 'DEFACEWATCH_CONFIG=other.yaml validate');
  });

  it('a missing --config file exits 2 on every command that reads it', async () => {
    for (const args of [['validate'], ['status'], ['outbox'], ['check']]) {
      const run = await cli([...args, '--config', 'missing.yaml']);
      expectUsageError(run, /--config missing\.yaml: the daemon config file does not exist \(Pass an existing file with --config/u, args.join(' '));
    }
  }, 180_000);

  it('a missing targets folder, or a targets file given as the folder, exits 2 naming --targets', async () => {
    expectUsageError(await cli(['validate', '--targets', 'nope']), /nope: the targets folder does not exist \(Point --targets at the folder/u, 'missing folder');
    expectUsageError(await cli(['status', '--targets', 'targets/moh.yaml']), /is a file, not the targets folder \(.*--targets targets\.\)/u, 'a file as the folder');
  });

  it('a folder, a Shift_JIS file, a UTF-16 file and a UTF-8 mark before garbage among the targets exit 2, one line each', async () => {
    const ws = await makeWorkspace({
      'moh.yaml': agencyYaml({ 'moh-home': 'http://127.0.0.1:9/' }),
      'sjis.yaml': Buffer.concat([Buffer.from('agency: '), Buffer.from([0x83, 0x65, 0x83, 0x58, 0x83, 0x67]), Buffer.from('\n')]),
      'wide.yaml': Buffer.from(`\ufeff${agencyYaml({ other: 'http://127.0.0.1:9/' })}`, 'utf16le'),
      'marked.yaml': Buffer.from([0xef, 0xbb, 0xbf, 0x61, 0x3a, 0x0a, 0xff, 0xfe]),
    });
    try {
      await mkdir(path.join(ws.dir, 'targets', 'a.yaml'));
      for (const command of ['validate', 'status']) {
        const run = await runCli([command], { cwd: ws.dir, env: { DEFACEWATCH_CONFIG: '' } });
        expectUsageError(run, /^targets\/a\.yaml: is a folder, not a YAML file \(rename the folder/mu, `${command}: folder`);
        expect(run.stderr).toMatch(/^targets\/sjis\.yaml: line 1: byte 0x83 is not UTF-8 \(save the file as UTF-8/mu);
        expect(run.stderr).toMatch(/^targets\/wide\.yaml: it is saved as UTF-16 \(save the file as UTF-8\)$/mu);
        expect(run.stderr).toMatch(/^targets\/marked\.yaml: line 2: byte 0xff is not UTF-8/mu);
      }
    } finally {
      await ws.cleanup();
    }
  }, 180_000);

  it('a bad flag value exits 2 naming the flag and what it takes', async () => {
    expectUsageError(await cli(['status', '--log-level', 'loud']), /--log-level <level>' argument 'loud' is invalid\. Allowed choices are fatal, error/u, '--log-level');
    expectUsageError(await cli(['check', '--concurrency', '0']), /--concurrency <n>' argument '0' is invalid\. expected a whole number of 1 or more/u, '--concurrency');
    expectUsageError(await cli(['status'], { DEFACEWATCH_LOG_LEVEL: 'loud' }), /DEFACEWATCH_LOG_LEVEL=loud: not a log level/u, 'DEFACEWATCH_LOG_LEVEL');
    expectUsageError(
      await cli(['maintenance', 'moh-home', '--for', '2 hours', '--reason', 'x']),
      /--for: "2 hours" is not a duration \(write it like "3h", "90m", "1h30m" or "2d"\)/u,
      '--for',
    );
    expectUsageError(await cli(['maintenance', 'moh-home', '--for', '8d', '--reason', 'x']), /--for: "8d" is longer than 7 days/u, '--for 8d');
    expectUsageError(await cli(['maintenance', 'moh-home', '--for', '2h']), /maintenance moh-home: --reason is required/u, 'no --reason');
    expectUsageError(
      await cli(['maintenance', '--list', '--end', 'moh-home']),
      /maintenance: give a site with --for and --reason, or --end SITE, or --list/u,
      'two forms',
    );
    expectUsageError(await cli(['maintenance', '--end', 'moh-home']), /no window started with `defacewatch maintenance` is open for this site/u, '--end with none');
  }, 180_000);

  it('a data or baselines folder that is a file exits 2 naming the flag', async () => {
    await writeFile(path.join(workspace.dir, 'plain-file'), 'x');
    expectUsageError(await cli(['status', '--data', 'plain-file']), /--data plain-file: is a file \(or lies under one\), not a folder/u, 'status --data');
    expectUsageError(await cli(['health', '--data', 'plain-file']), /--data plain-file: is a file/u, 'health --data');
    expectUsageError(await cli(['check', '--baselines', 'plain-file']), /--baselines plain-file: is a file/u, 'check --baselines');
    await mkdir(path.join(workspace.dir, 'odd-data'));
    await writeFile(path.join(workspace.dir, 'odd-data', 'defacewatch.db'), 'not a database\n'.repeat(100));
    expectUsageError(await cli(['status', '--data', 'odd-data']), /--data odd-data: odd-data\/defacewatch\.db is not a defacewatch state database/u, 'status --data');
  }, 180_000);

  it('an unknown site exits 2 naming it, on every command that takes one', async () => {
    for (const args of [
      ['check', '--site', 'nope'],
      ['baseline', '--site', 'nope'],
      ['baseline', '--refresh', 'nope'],
      ['status', '--site', 'nope'],
      ['incidents', '--site', 'nope'],
      ['audit', '--site', 'nope'],
      ['export', 'stix', '--site', 'nope'],
      ['export', 'misp', '--site', 'nope'],
      ['approve', 'nope', '--reason', 'x', '--yes'],
      ['ack', 'nope'],
      ['maintenance', 'nope', '--for', '1h', '--reason', 'x'],
      ['maintenance', '--end', 'nope'],
      ['maintenance', '--list', '--site', 'nope'],
    ]) {
      const run = await cli(args);
      expectUsageError(run, /error SITE_UNKNOWN: --site nope: no site has this id \(known: moh-home\)/u, args.join(' '));
      expect(run.stdout, args.join(' ')).toBe('');
    }
  }, 180_000);
});
