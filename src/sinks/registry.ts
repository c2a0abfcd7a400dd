/**
 * The sinks of one daemon, built once at start-up from a list and never changed afterwards.
 */

import { DefacewatchError } from '../core/errors.js';
import type { Sink } from './types.js';

/** A read-only lookup of sinks by name, in the order they were given. */
export interface SinkRegistry {
  /** The sink with this name, or undefined. */
  get(name: string): Sink | undefined;
  has(name: string): boolean;
  /** Sink names in registration order. */
  names(): string[];
  /** All sinks in registration order. */
  list(): readonly Sink[];
}

/**
 * Builds the registry. Throws CONFIG_INVALID for an empty or duplicate name: two sinks with one
 * name would make receipts and outbox rows ambiguous, so start-up fails instead.
 */
export function createSinkRegistry(sinks: readonly Sink[]): SinkRegistry {
  const byName = new Map<string, Sink>();
  for (const sink of sinks) {
    if (typeof sink.name !== 'string' || sink.name.trim() === '') {
      throw new DefacewatchError('CONFIG_INVALID', 'A sink has an empty name', {
        hint: 'Give every sink a non-empty name.',
      });
    }
    if (byName.has(sink.name)) {
      throw new DefacewatchError('CONFIG_INVALID', `Two sinks are named "${sink.name}"`, {
        hint: 'Give each sink a distinct name (e.g. "email-moh" and "email-mof").',
      });
    }
    byName.set(sink.name, sink);
  }
  const ordered: readonly Sink[] = Object.freeze([...byName.values()]);
  return Object.freeze({
    get: (name: string) => byName.get(name),
    has: (name: string) => byName.has(name),
    names: () => [...byName.keys()],
    list: () => ordered,
  });
}
