import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDaemonConfig, loadDaemonConfig } from '../../src/config/load-daemon-config.js';
import { DefacewatchError } from '../../src/core/errors.js';
import { SINK_KINDS } from '../../src/sinks/kinds.js';
import { createAlertRouting } from '../../src/sinks/routing.js';
import type { SinkKind } from '../../src/sinks/types.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dw-daemon-config-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function problemsOf(text: string): Promise<string[]> {
  const file = path.join(dir, `c-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(file, text);
  try {
    await loadDaemonConfig(file, {});
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(DefacewatchError);
    return (err as DefacewatchError).message.split('\n');
  }
}

describe('the daemon config', () => {
  it('has working defaults when there is no file', async () => {
    const { config, file } = await loadDaemonConfig(undefined, { DEFACEWATCH_CONFIG: '' });
    expect(file).toBeUndefined();
    expect(config.alerts).toEqual({ reminderHours: 4, closeAfterCleanChecks: 2, unreachableAfterMinutes: 30, digest: true, digestSchedule: '0 8 * * *' });
    expect(config.sharing.tlp).toBe('amber');
    expect(config).toEqual(defaultDaemonConfig());
  });

  it('fails when a file named on purpose is missing', async () => {
    await expect(loadDaemonConfig(path.join(dir, 'nope.yaml'), {})).rejects.toMatchObject({ code: 'CONFIG_NOT_FOUND' });
  });

  it('names the file, the field and the fix for each problem', async () => {
    const lines = await problemsOf('onCall: [not-an-address]\nalerts:\n  remindHours: 2\nwebhooks:\n  - name: Chat\n    url: ftp://x\n    secretEnv: X\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/c-\w+\.yaml: onCall\[0\]: not an email address/),
        expect.stringMatching(/alerts.*remindHours.*reminderHours/),
        expect.stringMatching(/webhooks\[0\]\.name: use lowercase letters/),
        expect.stringMatching(/webhooks\[0\]\.url: not an http\(s\) URL/),
      ]),
    );
  });

  it('refuses a TAXII URL that is not a collection', async () => {
    const lines = await problemsOf('sharing:\n  publish:\n    - name: hub\n      url: https://hub.example/taxii2/\n');
    expect(lines).toEqual([expect.stringMatching(/sharing\.publish\[0\]\.url: not a TAXII collection URL .*\/collections\/<id>\//)]);
  });

  it('refuses to start when a webhook secret variable is unset, naming the variable', () => {
    const config = { ...defaultDaemonConfig(), webhooks: [{ name: 'chat', url: 'https://chat.example/hook', secretEnv: 'CHAT_SECRET', timeoutMs: 10_000 }] };
    expect(() => createAlertRouting({ agencies: [], config, env: {}, dataDir: dir })).toThrow(/CHAT_SECRET is not set/);
  });

  it('routes to contacts then on-call, merges agency policy overrides, and offers exact commands', () => {
    const config = { ...defaultDaemonConfig(), onCall: ['oncall@cert.example', 'soc@moh.example'] };
    const agency = {
      agency: 'Ministry of Health',
      contacts: ['soc@moh.example'],
      timezone: 'Asia/Tokyo',
      allowPrivateNetworks: false,
      file: 'targets/moh.yaml',
      alerts: { reminderHours: 1 },
    };
    const routing = createAlertRouting({ agencies: [agency], config, env: {}, dataDir: dir, commandFlags: '--targets /etc/dw/targets' });
    expect(routing.alertAgency(agency).contacts).toEqual(['soc@moh.example', 'oncall@cert.example']);
    expect(routing.policy(agency)).toMatchObject({ reminderHours: 1, closeAfterCleanChecks: 2 });
    expect(routing.actions('moh-home')).toEqual({
      approve: "defacewatch approve moh-home --targets /etc/dw/targets --reason 'the agency confirmed the change'",
      acknowledge: 'defacewatch ack moh-home --targets /etc/dw/targets',
    });
    expect(routing.sinkNames(agency)).toEqual(['eml-file']);
    const withFile = createAlertRouting({ agencies: [agency], config: { ...config, alertsFile: true }, env: {}, dataDir: dir });
    expect(withFile.sinkNames(agency)).toEqual(['eml-file', 'json-lines']);
  });

  it('builds a new kind of sink from its one file, with no change to routing: per agency or once for all', () => {
    const config = defaultDaemonConfig();
    const agencies = ['Ministry of Health', 'Central Bank'].map((name) => ({
      agency: name,
      contacts: ['soc@x.example'],
      timezone: 'Asia/Tokyo',
      allowPrivateNetworks: false,
      file: 'targets/x.yaml',
    }));
    const built: string[] = [];
    const pager: SinkKind = {
      name: 'pager',
      scope: 'agency',
      build: (_ctx, agency) => {
        built.push(agency.agency);
        return [{ name: 'pager', send: async () => ({ sink: 'pager', delivered: true, detail: agency.agency }) }];
      },
    };
    const siem: SinkKind = { name: 'siem', scope: 'daemon', build: () => [{ name: 'siem', send: async () => ({ sink: 'siem', delivered: true, detail: '' }) }] };
    const routing = createAlertRouting({ agencies, config, env: {}, dataDir: dir }, [...SINK_KINDS, pager, siem]);
    expect(built).toEqual(['Ministry of Health', 'Central Bank']);
    expect(routing.sinkNames(agencies[0]!)).toEqual(['eml-file', 'pager', 'siem']);
    expect(routing.sink('Central Bank', 'pager')).not.toBe(routing.sink('Ministry of Health', 'pager'));
    // A daemon-wide sink is one object for every agency, and found for deliveries that name no agency.
    expect(routing.sink('Central Bank', 'siem')).toBe(routing.sink('Ministry of Health', 'siem'));
    expect(routing.sink(null, 'siem')).toBe(routing.sink('Central Bank', 'siem'));
  });
});
