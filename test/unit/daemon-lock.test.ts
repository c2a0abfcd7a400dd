import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DefacewatchError } from '../../src/core/errors.js';
import { acquireDaemonLock, daemonHealth, LOCK_FILE, STALE_AFTER_MS } from '../../src/store/daemon-lock.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dw-lock-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes a lock as another daemon would have: its process id, host and heartbeat. */
async function foreignLock(pid: number, heartbeatAt: Date, host = hostname()): Promise<void> {
  const record = { pid, host, startedAt: heartbeatAt.toISOString(), heartbeatAt: heartbeatAt.toISOString(), token: 'other' };
  await writeFile(path.join(dir, LOCK_FILE), JSON.stringify(record));
}

/** A live process that is not this one (a sleeping child), killed afterwards. */
async function withOtherProcess(run: (pid: number) => Promise<void>): Promise<void> {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  try {
    await run(child.pid!);
  } finally {
    child.kill('SIGKILL');
  }
}

describe('one daemon per data directory', () => {
  it('stops a second daemon with a message naming the first one', async () => {
    await withOtherProcess(async (pid) => {
      await foreignLock(pid, new Date());
      let error: unknown;
      try {
        acquireDaemonLock(dir);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(DefacewatchError);
      expect((error as DefacewatchError).code).toBe('DAEMON_RUNNING');
      expect((error as DefacewatchError).message).toContain(`process ${pid}`);
      expect((error as DefacewatchError).message).toContain(dir);
    });
  });

  it('takes over the lock of a daemon whose process is gone', async () => {
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    const pid = child.pid!;
    await new Promise((resolve) => child.on('exit', resolve));
    await foreignLock(pid, new Date());
    const lock = acquireDaemonLock(dir);
    expect(JSON.parse(await readFile(path.join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid, token: lock.record.token });
    lock.release();
  });

  it('takes over a lock that stopped beating, even if its process id is alive again (a restarted container)', async () => {
    await withOtherProcess(async (pid) => {
      await foreignLock(pid, new Date(Date.now() - STALE_AFTER_MS - 1000));
      const lock = acquireDaemonLock(dir);
      expect(lock.record.pid).toBe(process.pid);
      lock.release();
    });
  });

  it('takes over a lock file cut short by a crash', async () => {
    await writeFile(path.join(dir, LOCK_FILE), '{"pid": 12');
    const lock = acquireDaemonLock(dir);
    expect(lock.record.pid).toBe(process.pid);
    lock.release();
  });

  it('releases only its own lock, and a beat notices a lock taken over', async () => {
    const lock = acquireDaemonLock(dir);
    await withOtherProcess(async (pid) => {
      await foreignLock(pid, new Date());
      expect(() => lock.beat()).toThrow(/another defacewatch daemon/u);
      lock.release();
      expect(JSON.parse(await readFile(path.join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid });
    });
  });
});

describe('defacewatch health', () => {
  it('is healthy while the daemon beats and says when it stopped', async () => {
    expect(daemonHealth(dir)).toMatchObject({ healthy: false, message: expect.stringContaining('no lock file') });
    const started = new Date('2026-12-08T03:00:00Z');
    let now = started;
    const lock = acquireDaemonLock(dir, () => now);
    // This process holds the lock; seen from the health probe (another process) it is a running daemon.
    expect(daemonHealth(dir, new Date(started.getTime() + 10_000)).message).toContain('last heartbeat 10 s ago');
    now = new Date(started.getTime() + 60_000);
    lock.beat();
    const late = daemonHealth(dir, new Date(now.getTime() + STALE_AFTER_MS + 5000));
    expect(late.healthy).toBe(false);
    expect(late.message).toMatch(/has not beaten for \d+ s/u);
    lock.release();
    expect(daemonHealth(dir).healthy).toBe(false);
  });
});
