import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from './cli.js';

/** A daemon started from the built CLI, with its pino log lines parsed as they arrive. */
export interface Daemon {
  child: ChildProcess;
  lines: Record<string, unknown>[];
  waitFor(predicate: (line: Record<string, unknown>) => boolean, timeoutMs: number): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
}

/** Runs `defacewatch run` in `cwd`; every stderr line must be pino JSON. */
export function startDaemon(cwd: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Daemon {
  const child = spawn(process.execPath, [CLI, 'run', ...args], {
    cwd,
    env: { ...process.env, DEFACEWATCH_SMTP_URL: '', DEFACEWATCH_LOG_LEVEL: 'debug', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  const waiters: { predicate: (line: Record<string, unknown>) => boolean; resolve: (line: Record<string, unknown>) => void }[] = [];
  let buffer = '';
  child.stderr.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const text = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      // The daemon logs pino JSON; Chromium's own log lines ("[pid:tid:…:ERROR:…]") can reach the
      // same stderr when a browser is killed with the daemon, and say nothing about the daemon.
      if (!text.startsWith('{')) continue;
      const line = JSON.parse(text) as Record<string, unknown>;
      lines.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.predicate(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return {
    child,
    lines,
    exited,
    waitFor(predicate, timeoutMs) {
      const seen = lines.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out; log so far:\n${lines.map((l) => l.msg).join('\n')}`)), timeoutMs);
        waiters.push({
          predicate,
          resolve: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
        });
      });
    },
  };
}
