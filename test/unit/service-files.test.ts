import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMEOUT_MS } from '../../src/config/schema.js';
import { HEARTBEAT_MS } from '../../src/store/daemon-lock.js';

/*
 * The Dockerfile and the systemd unit, read the way a reviewer reads them (no Docker engine runs
 * here; test/integration/docker-image.test.ts builds the image where one does).
 */

const read = (file: string): string => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');

/** The Dockerfile's instructions of the final stage, continuation lines joined. */
function finalStage(): string[] {
  const lines = read('Dockerfile')
    .replace(/\\\n/gu, ' ')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  const from = lines.map((l, i) => (l.startsWith('FROM ') ? i : -1)).filter((i) => i >= 0);
  return lines.slice(from[from.length - 1]);
}

function seconds(text: string): number {
  const m = /^(\d+)(s|m)?$/u.exec(text);
  if (!m) throw new Error(`not a duration: ${text}`);
  return Number(m[1]) * (m[2] === 'm' ? 60 : 1);
}

describe('Docker image', () => {
  const stage = finalStage();
  const instruction = (name: string) => stage.filter((l) => l.startsWith(`${name} `));

  it('runs on Node 24 LTS', () => {
    expect(stage[0]).toMatch(/^FROM node:24-/u);
  });

  it('installs the Chromium headless shell only, not full Chromium', () => {
    const install = instruction('RUN').find((l) => l.includes('apt-get install')) ?? '';
    const packages = install.split(/\s+/u);
    expect(packages).toContain('chromium-headless-shell');
    expect(packages).not.toContain('chromium');
    expect(stage.join('\n')).toMatch(/DEFACEWATCH_CHROMIUM=\/usr\/lib\/chromium\/chromium-headless-shell/u);
  });

  it('bakes in no targets and puts defacewatch on PATH', () => {
    expect(instruction('COPY').some((l) => /\btargets\b/u.test(l))).toBe(false);
    expect(stage.join('\n')).toMatch(/ln -s \/app\/dist\/cli\/main\.js \/usr\/local\/bin\/defacewatch/u);
    expect(instruction('ENTRYPOINT')[0]).toContain('"defacewatch"');
  });

  it('runs as an unprivileged user with a health check on the daemon heartbeat', () => {
    expect(instruction('USER')).toEqual(['USER node']);
    const health = instruction('HEALTHCHECK')[0] ?? '';
    expect(health).toMatch(/CMD \["defacewatch", "health", "--data", "\/app\/data"\]/u);
    // The probe must not fail between two heartbeats.
    expect(seconds(/--interval=(\w+)/u.exec(health)?.[1] ?? '0')).toBeGreaterThan(HEARTBEAT_MS / 1000);
  });

  it('stops with SIGTERM and documents a stop timeout longer than a check budget', () => {
    expect(instruction('STOPSIGNAL')).toEqual(['STOPSIGNAL SIGTERM']);
    const documented = /--stop-timeout (\d+)/u.exec(read('Dockerfile'));
    expect(Number(documented?.[1])).toBeGreaterThan(2 * (DEFAULT_TIMEOUT_MS / 1000));
  });

  it('sends only the package files, src and schema to the build', () => {
    const ignore = read('.dockerignore')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    expect(ignore[0]).toBe('*');
    expect(ignore.slice(1).sort()).toEqual(['!package-lock.json', '!package.json', '!schema/', '!src/', '!tsconfig.build.json', '!tsconfig.json']);
  });
});

describe('systemd unit', () => {
  const unit = read('scripts/defacewatch.service');
  const value = (key: string): string | undefined => new RegExp(`^${key}=(.*)$`, 'mu').exec(unit)?.[1];

  it('runs as a dedicated user with the hardening options', () => {
    expect(value('User')).toBe('defacewatch');
    for (const [key, expected] of Object.entries({ NoNewPrivileges: 'yes', ProtectSystem: 'strict', PrivateTmp: 'yes', ProtectHome: 'yes' })) {
      expect(value(key), key).toBe(expected);
    }
    expect(value('ReadWritePaths')).toBe('/var/lib/defacewatch');
    // V8's JIT needs writable-executable memory.
    expect(value('MemoryDenyWriteExecute')).toBeUndefined();
  });

  it('gives checks in flight longer than their budget to finish on stop', () => {
    expect(value('KillSignal')).toBe('SIGTERM');
    expect(seconds(value('TimeoutStopSec') ?? '0')).toBeGreaterThan(2 * (DEFAULT_TIMEOUT_MS / 1000));
  });

  it('passes systemd-analyze verify where systemd is installed', (ctx) => {
    let available = true;
    try {
      execFileSync('systemd-analyze', ['--version'], { stdio: 'ignore' });
    } catch {
      available = false;
    }
    if (!available) {
      console.warn('systemd-analyze is not installed: the unit was not verified by systemd');
      ctx.skip();
    }
    // systemd ignores a key it cannot read and says so on stderr (exit 0): any such line is a fault.
    const run = spawnSync('systemd-analyze', ['verify', 'scripts/defacewatch.service'], { cwd: new URL('../../', import.meta.url), encoding: 'utf8' });
    expect(run.stderr).not.toMatch(/unknown|failed to parse|invalid|ignoring/iu);
  });
});
