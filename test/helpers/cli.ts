import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built CLI: `npm test` builds dist/ first (run `npm run build` before running one file alone). */
export const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would, in `cwd`, and collects its output. */
export function runCli(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd,
      env: { ...process.env, DEFACEWATCH_SMTP_URL: '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A throw-away working folder with a targets/ folder holding the given agency files. */
export async function makeWorkspace(agencies: Record<string, string | Uint8Array>): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dw-cli-'));
  await mkdir(path.join(dir, 'targets'));
  for (const [name, text] of Object.entries(agencies)) await writeFile(path.join(dir, 'targets', name), text);
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** An agency file with one site per entry. */
export function agencyYaml(sites: Record<string, string>, extra = 'allowPrivateNetworks: true'): string {
  const list = Object.entries(sites)
    .map(([id, url]) => `  - id: ${id}\n    url: ${url}\n`)
    .join('');
  return `agency: Test Ministry\ncontacts: [soc@test.example.go.jp]\ntimezone: Asia/Tokyo\n${extra}\nsites:\n${list}`;
}
