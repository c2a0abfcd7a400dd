/**
 * One daemon per data directory. Two daemons on one outbox would both send every alert and both open
 * incidents; the second one to start is stopped with a message naming the first. The lock file is
 * also the daemon's heartbeat: `defacewatch health` (the container's HEALTHCHECK) reads it.
 *
 * A lock left behind by a daemon that was killed is taken over: its process is gone, or it has not
 * beaten for STALE_AFTER_MS (a container restarted under the same process id).
 */
import { randomUUID } from 'node:crypto';
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { DefacewatchError } from '../core/errors.js';
import { processAlive } from './process-alive.js';

export const LOCK_FILE = 'daemon.lock';
/** How often a running daemon rewrites its heartbeat. */
export const HEARTBEAT_MS = 30_000;
/** A lock whose heartbeat is older than this belongs to no running daemon. */
export const STALE_AFTER_MS = 3 * HEARTBEAT_MS;

const lockSchema = z.object({
  pid: z.number().int(),
  host: z.string(),
  startedAt: z.string(),
  heartbeatAt: z.string(),
  token: z.string(),
});

export type LockRecord = z.infer<typeof lockSchema>;

export interface DaemonLock {
  readonly record: LockRecord;
  /** Rewrites the heartbeat now (the daemon calls it every HEARTBEAT_MS); throws DAEMON_RUNNING if another daemon took the lock over. */
  beat(): void;
  /** Removes the lock if it is still ours. */
  release(): void;
}

/** The lock file of `dataDir` as written, or undefined when there is none or it cannot be read as one. */
export function readLock(dataDir: string): LockRecord | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(dataDir, LOCK_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const parsed = lockSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    // A file cut short by a crash mid-write is no lock of a running daemon.
    return undefined;
  }
}

/**
 * Whether the daemon that wrote `record` may still be running at `now`: it beat recently and, on this
 * host, its process is alive. For a daemon about to start, a lock with its own process id is a
 * leftover (`ownPidIsLeftover`): a container restarted under the same id.
 */
function lockHeld(record: LockRecord, now: Date, ownPidIsLeftover: boolean): boolean {
  if (now.getTime() - Date.parse(record.heartbeatAt) > STALE_AFTER_MS) return false;
  if (record.host !== hostname()) return true;
  if (ownPidIsLeftover && record.pid === process.pid) return false;
  return processAlive(record.pid);
}

function tempFor(file: string, record: LockRecord): string {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(record)}\n`, { mode: 0o644 });
  return temp;
}

/** Rewrites the lock whole: a reader sees the old record or the new one, never half of one. */
function rewrite(file: string, record: LockRecord): void {
  renameSync(tempFor(file, record), file);
}

/** Creates the lock only if there is none: of two daemons starting at once, one link wins. */
function createExclusively(file: string, record: LockRecord): boolean {
  const temp = tempFor(file, record);
  try {
    linkSync(temp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    rmSync(temp, { force: true });
  }
}

function runningElsewhere(existing: LockRecord, dataDir: string, file: string): DefacewatchError {
  return new DefacewatchError(
    'DAEMON_RUNNING',
    `another defacewatch daemon (process ${existing.pid} on ${existing.host}, started ${existing.startedAt}) is using the data directory ${dataDir} (lock file ${file})`,
  );
}

/**
 * Takes the lock of `dataDir` for this process, or throws DAEMON_RUNNING naming the daemon that
 * holds it. The data directory must exist.
 */
export function acquireDaemonLock(dataDir: string, now: () => Date = () => new Date()): DaemonLock {
  const file = path.join(dataDir, LOCK_FILE);
  const started = now().toISOString();
  const record: LockRecord = { pid: process.pid, host: hostname(), startedAt: started, heartbeatAt: started, token: randomUUID() };
  if (!createExclusively(file, record)) {
    const existing = readLock(dataDir);
    if (existing && lockHeld(existing, now(), true)) throw runningElsewhere(existing, dataDir, file);
    // Left behind by a daemon that is gone: taken over.
    rewrite(file, record);
  }
  return {
    record,
    beat() {
      const holder = readLock(dataDir);
      if (holder !== undefined && holder.token !== record.token) throw runningElsewhere(holder, dataDir, file);
      record.heartbeatAt = now().toISOString();
      rewrite(file, record);
    },
    release() {
      if (readLock(dataDir)?.token === record.token) rmSync(file, { force: true });
    },
  };
}

/** The answer of `defacewatch health`: whether a daemon is beating on `dataDir`, in one sentence. */
export function daemonHealth(dataDir: string, now: Date = new Date()): { healthy: boolean; message: string } {
  const record = readLock(dataDir);
  if (!record) return { healthy: false, message: `no defacewatch daemon runs on the data directory ${dataDir} (no lock file)` };
  const age = Math.round((now.getTime() - Date.parse(record.heartbeatAt)) / 1000);
  if (!lockHeld(record, now, false))
    return { healthy: false, message: `the daemon of ${dataDir} (process ${record.pid}) has not beaten for ${age} s: it is stuck or gone` };
  return { healthy: true, message: `daemon process ${record.pid} on ${record.host} is running since ${record.startedAt}; last heartbeat ${age} s ago` };
}
