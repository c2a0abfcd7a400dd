import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { makePageDeterministic } from '../../src/capture/page-determinism.js';

/**
 * The init script runs in the page; here it runs in a fresh V8 context with a stand-in `window`,
 * exactly as its source text (which is what Playwright sends), so nothing from this module leaks in.
 */
function pageWith(seed: number): { random: () => number; setInterval: (handler: () => void, timeout?: unknown) => unknown } {
  const scheduled: unknown[] = [];
  const sandbox: Record<string, unknown> = {
    window: { setInterval: (_handler: unknown, timeout: unknown) => scheduled.push(timeout) },
  };
  runInNewContext(`(${makePageDeterministic.toString()})(${JSON.stringify({ randomSeed: seed })})`, sandbox);
  const { Math: pageMath, window } = runInNewContext('({ Math, window })', sandbox) as {
    Math: Math;
    window: { setInterval: (handler: () => void, timeout?: unknown) => unknown };
  };
  return {
    random: () => pageMath.random(),
    setInterval: (handler, timeout) => {
      window.setInterval(handler, timeout);
      return scheduled.at(-1);
    },
  };
}

describe('makePageDeterministic', () => {
  it('makes Math.random a sequence fixed by the seed', () => {
    const draw = (seed: number, n: number): number[] => {
      const page = pageWith(seed);
      return Array.from({ length: n }, () => page.random());
    };
    expect(draw(7, 20)).toEqual(draw(7, 20));
    expect(draw(8, 20)).not.toEqual(draw(7, 20));
    // Seeds are taken modulo 2^32, as documented.
    expect(draw(2 ** 32 + 7, 5)).toEqual(draw(7, 5));
    expect(draw(-1, 5)).toEqual(draw(2 ** 32 - 1, 5));
  });

  it('draws doubles in [0, 1) that look uniform', () => {
    const page = pageWith(1);
    const n = 100_000;
    const buckets = new Array<number>(10).fill(0);
    let sum = 0;
    const seen = new Set<number>();
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const value = page.random();
      if (!(value >= 0 && value < 1)) outside++;
      sum += value;
      buckets[Math.floor(value * 10)]!++;
      seen.add(value);
    }
    expect(outside).toBe(0);
    expect(sum / n).toBeCloseTo(0.5, 2);
    for (const count of buckets) expect(Math.abs(count - n / 10)).toBeLessThan(n / 100);
    expect(seen.size).toBe(n);
    // Low bits are used too: not every value is a multiple of 2^-32.
    expect([...seen].some((value) => (value * 2 ** 32) % 1 !== 0)).toBe(true);
  });

  it('gives setInterval the 4 ms floor of browsers, so a zero-delay interval cannot stall the fake clock', () => {
    const page = pageWith(1);
    expect(page.setInterval(() => undefined, 0)).toBe(4);
    expect(page.setInterval(() => undefined)).toBe(4);
    expect(page.setInterval(() => undefined, 'soon')).toBe(4);
    expect(page.setInterval(() => undefined, 1)).toBe(4);
    expect(page.setInterval(() => undefined, 1000)).toBe(1000);
    expect(page.setInterval(() => undefined, '250')).toBe(250);
  });
});
