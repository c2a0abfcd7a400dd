import path from 'node:path';
import { spawn } from 'node:child_process';
import { access } from 'node:fs/promises';
import { RUNTIME_CLI } from '../runtime-cli.js';

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cli: string;
  cwd: string;
  /** Called with each complete stdout line as it arrives. */
  onLine?: (line: string) => void;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

/** The evaluation cannot start as asked (no built CLI): the person running it must act. */
export class SetupError extends Error {
  override name = 'SetupError';
}

/** Resolves the CLI script, or says how to build it. */
export async function resolveCli(cli: string | undefined): Promise<string> {
  // Absolute: the CLI runs in a temporary workspace, where a path relative to here means nothing.
  const file = path.resolve(cli ?? RUNTIME_CLI);
  try {
    await access(file);
  } catch {
    throw new SetupError(`${file}: the built CLI is missing (run "npm run build" first)`);
  }
  return file;
}

/** Runs the real CLI as a user would, streaming its stdout lines. */
export function runCli(args: readonly string[], options: CliOptions): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [options.cli, ...args], {
      cwd: options.cwd,
      // No SMTP: alerts of defaced cases are written to the workspace's outbox and thrown away.
      env: { ...process.env, DEFACEWATCH_SMTP_URL: '', DEFACEWATCH_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let pending = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      pending += chunk;
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (line.trim() !== '') options.onLine?.(line);
      }
    });
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    const kill = (): void => void child.kill('SIGTERM');
    const timer = setTimeout(kill, options.timeoutMs);
    options.signal?.addEventListener('abort', kill, { once: true });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', kill);
      if (pending.trim() !== '') options.onLine?.(pending);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
