import { describe, expect, it } from 'vitest';
import { DefacewatchError } from '../../src/core/errors.js';
import { createSinkRegistry } from '../../src/sinks/registry.js';
import type { Sink } from '../../src/sinks/types.js';

function sink(name: string): Sink {
  return { name, send: async () => ({ sink: name, delivered: true, detail: 'ok' }) };
}

describe('createSinkRegistry', () => {
  it('looks sinks up by name, in registration order', () => {
    const email = sink('email');
    const file = sink('eml-file');
    const registry = createSinkRegistry([email, file]);
    expect(registry.get('email')).toBe(email);
    expect(registry.get('eml-file')).toBe(file);
    expect(registry.get('webhook')).toBeUndefined();
    expect(registry.has('email')).toBe(true);
    expect(registry.names()).toEqual(['email', 'eml-file']);
    expect(registry.list()).toEqual([email, file]);
  });

  it('refuses a duplicate name at build time', () => {
    let error: unknown;
    try {
      createSinkRegistry([sink('email'), sink('eml-file'), sink('email')]);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DefacewatchError);
    expect((error as DefacewatchError).code).toBe('CONFIG_INVALID');
    expect((error as DefacewatchError).message).toContain('"email"');
  });

  it('refuses an empty name', () => {
    expect(() => createSinkRegistry([sink(' ')])).toThrow(DefacewatchError);
  });

  it('cannot be changed after it is built', () => {
    const sinks = [sink('email')];
    const registry = createSinkRegistry(sinks);
    sinks.push(sink('late'));
    expect(registry.names()).toEqual(['email']);
    expect(Object.isFrozen(registry.list())).toBe(true);
    registry.names().push('other');
    expect(registry.names()).toEqual(['email']);
  });
});
