import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliverDue } from '../../src/check/deliver.js';
import { DefacewatchError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/log.js';
import type { Alert, Sink } from '../../src/sinks/types.js';
import { openStateStore, type StateStore } from '../../src/store/index.js';
import { retryDelayMs } from '../../src/store/outbox.js';
import { routingTo } from '../helpers/alert-stores.js';

let dir: string;
let store: StateStore;
let clock: number;
const now = () => new Date(clock);

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dw-outbox-'));
  store = openStateStore(dir, { retry: { baseDelayMs: 1_000, maxDelayMs: 8_000, giveUpAfterMs: 60_000 } });
  clock = Date.parse('2026-11-25T03:00:00.000Z');
});
afterEach(async () => {
  store.close();
  await rm(dir, { recursive: true, force: true });
});

function enqueue(id: string, sinks = ['mail']): boolean {
  return store.outbox.enqueue({ id, kind: 'alert', agency: 'Ministry', site: 'moh-home', createdAt: now().toISOString(), payload: { id, kind: 'defaced' } }, sinks);
}

/** A sink that fails while `down` is true, and records what it delivered. */
function flakySink(name: string): Sink & { down: boolean; delivered: string[]; attempts: number } {
  const sink = {
    name,
    down: false,
    delivered: [] as string[],
    attempts: 0,
    async send(alert: Alert) {
      sink.attempts += 1;
      if (sink.down) throw new DefacewatchError('ALERT_FAILED', 'connection refused');
      sink.delivered.push(alert.id);
      return { sink: name, delivered: true, detail: `sent ${alert.id}` };
    },
  };
  return sink;
}

describe('the outbox', () => {
  it('writes a message once however often it is enqueued', () => {
    expect(enqueue('a')).toBe(true);
    expect(enqueue('a')).toBe(false);
    expect(store.outbox.list()).toHaveLength(1);
  });

  it('keeps alerts through an outage and delivers each once, in order, when the sink is back', async () => {
    const mail = flakySink('mail');
    const deps = { store, routing: routingTo([mail]), logger: silentLogger(), now };
    mail.down = true;
    for (const id of ['a', 'b', 'c']) {
      enqueue(id);
      await deliverDue(deps);
      clock += 500;
    }
    // Only the head of the queue is tried while it fails: b and c never overtake a.
    expect(mail.delivered).toEqual([]);
    expect(store.outbox.list(['pending']).map(({ message }) => message.id)).toEqual(['a', 'b', 'c']);

    mail.down = false;
    clock += 10_000;
    const round = await deliverDue(deps);
    expect(round.delivered).toBe(3);
    expect(mail.delivered).toEqual(['a', 'b', 'c']);
    await deliverDue(deps);
    expect(mail.delivered).toEqual(['a', 'b', 'c']);
    expect(store.outbox.list(['pending', 'failed'])).toEqual([]);
  });

  it('backs off exponentially up to the cap, then gives up and lets the operator retry', async () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, store.outbox.retry))).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
    const mail = flakySink('mail');
    mail.down = true;
    const deps = { store, routing: routingTo([mail]), logger: silentLogger(), now };
    enqueue('a');
    await deliverDue(deps);
    clock += 500;
    await deliverDue(deps);
    expect(mail.attempts).toBe(1); // not due yet
    clock += 61_000;
    await deliverDue(deps);
    expect(store.outbox.delivery('a', 'mail')).toMatchObject({ status: 'failed', attempts: 2, lastError: 'connection refused' });

    mail.down = false;
    expect(store.outbox.retryFailed(now())).toBe(1);
    await deliverDue(deps);
    expect(mail.delivered).toEqual(['a']);
  });

  it('does not let one failing sink hold another back', async () => {
    const mail = flakySink('mail');
    const hook = flakySink('hook');
    mail.down = true;
    const deps = { store, routing: routingTo([mail, hook]), logger: silentLogger(), now };
    enqueue('a', ['mail', 'hook']);
    enqueue('b', ['mail', 'hook']);
    await deliverDue(deps);
    expect(hook.delivered).toEqual(['a', 'b']);
    expect(mail.delivered).toEqual([]);
  });

  it('forgets old messages once every delivery succeeded, never pending or failed ones', async () => {
    const mail = flakySink('mail');
    const deps = { store, routing: routingTo([mail]), logger: silentLogger(), now };
    enqueue('old-delivered');
    await deliverDue(deps);
    mail.down = true;
    enqueue('old-pending');
    await deliverDue(deps);
    clock += 100 * 86_400_000;
    enqueue('recent');
    expect(store.outbox.pruneDelivered(new Date(clock - 90 * 86_400_000))).toBe(1);
    expect(store.outbox.list().map(({ message }) => message.id)).toEqual(['old-pending', 'recent']);
  });

  it('takes back a claim left by a process that died mid-send', () => {
    enqueue('a');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    store.db.prepare("UPDATE outbox_deliveries SET claimed_by = ?, claimed_until = '2999-01-01T00:00:00.000Z'").run(`${os.hostname()}:${dead}`);
    expect(store.outbox.claimDue(now())).toEqual([]);
    expect(store.outbox.releaseDeadClaims()).toBe(1);
    expect(store.outbox.claimDue(now()).map(({ message }) => message.id)).toEqual(['a']);
  });
});
