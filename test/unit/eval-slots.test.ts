import { describe, expect, it } from 'vitest';
import { planSlots } from '../../tools/eval/evaluate.js';
import type { CorpusCase } from '../../tools/eval/load-corpus.js';

/** How the eval spreads cases over the few page addresses (slots) each site is baselined at. */

const cases = (site: string, count: number): CorpusCase[] =>
  Array.from({ length: count }, (_, i) => ({ site, name: `c${i}`, id: `${site}--c${i}`, sector: 'government' }) as CorpusCase);

describe('planSlots', () => {
  const all = [...cases('big', 10), ...cases('small', 3)];
  const plan = planSlots(all, 4);

  it('checks every case exactly once', () => {
    const checked = plan.rounds.flatMap((round) => [...round.values()].map((c) => c.id));
    expect(checked.sort()).toEqual(all.map((c) => c.id).sort());
  });

  it('takes as few rounds as the largest site needs, and no more slots than a site fills', () => {
    expect(plan.rounds).toHaveLength(3);
    expect(plan.slots.filter((s) => s.site === 'big')).toHaveLength(4);
    // 3 cases over 3 rounds: one slot, one baseline.
    expect(plan.slots.filter((s) => s.site === 'small')).toHaveLength(1);
  });

  it("never shows two cases in one slot in the same round, nor a case in another site's slot", () => {
    for (const round of plan.rounds) {
      for (const [slot, c] of round) expect(slot.site).toBe(c.site);
    }
    expect(new Set(plan.slots.map((s) => s.id)).size).toBe(plan.slots.length);
  });

  it('names slots as the CLI accepts site ids', () => {
    for (const slot of plan.slots) expect(slot.id).toMatch(/^[a-z0-9-]+$/);
  });

  it('needs one round for a filtered run of a few cases', () => {
    const few = planSlots(cases('big', 3), 4);
    expect(few.rounds).toHaveLength(1);
    expect(few.slots).toHaveLength(3);
  });
});
