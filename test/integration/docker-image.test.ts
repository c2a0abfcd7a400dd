import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/*
 * Builds the Docker image and runs its commands, where a Docker engine answers. Where none does (this
 * project's CI machine has the client only), the test says so and is skipped; the Dockerfile is then
 * checked by reading it (test/unit/service-files.test.ts).
 */

const ROOT = new URL('../../', import.meta.url);
const IMAGE = 'defacewatch:test';

function docker(args: string[], timeoutMs = 60_000): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync('docker', args, { cwd: ROOT, encoding: 'utf8', timeout: timeoutMs });
  return { code: run.error ? -1 : run.status, stdout: run.stdout ?? '', stderr: run.stderr ?? '' };
}

const engine = docker(['info', '--format', '{{.ServerVersion}}'], 15_000);
const available = engine.code === 0;
if (!available) console.warn('Docker image test skipped: no Docker engine answers here (docker info failed); the Dockerfile is checked by reading it.');

describe.runIf(available)('the Docker image', () => {
  it(
    'builds, prints the package version and has defacewatch on PATH without full Chromium or demo targets',
    () => {
      const build = docker(['build', '-t', IMAGE, '.'], 20 * 60_000);
      expect(build.code, build.stderr).toBe(0);
      const version = JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as { version: string };
      expect(docker(['run', '--rm', IMAGE, '--version']).stdout.trim()).toBe(version.version);
      const inside = docker([
        'run',
        '--rm',
        '--entrypoint',
        'sh',
        IMAGE,
        '-c',
        'command -v defacewatch; test -e /usr/bin/chromium && echo full-chromium; ls /app/targets | wc -l',
      ]);
      expect(inside.stdout.split('\n').map((l) => l.trim())).toEqual(['/usr/local/bin/defacewatch', '0', '']);
    },
    25 * 60_000,
  );

  it('reports unhealthy while no daemon runs in it', () => {
    const health = docker(['run', '--rm', IMAGE, 'health', '--data', '/app/data']);
    expect(health.code).toBe(1);
    expect(health.stderr).toContain('no defacewatch daemon runs');
  });
});
