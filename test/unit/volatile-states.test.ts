import { describe, expect, it } from 'vitest';
import { alignedTop, areasInUnknownState, lookOf, looksMatch, withLooksOf } from '../../src/compare/volatile-states.js';
import type { RawImage } from '../../src/core/types.js';
import { addNoise, blank, busyPage, paste } from '../fixtures/flags/scenes.js';

const SLOT = { x: 100, y: 200, width: 600, height: 300 };

function withSlide(seed: number, over?: (page: RawImage) => void): RawImage {
  const page = busyPage(800, 1000, 5);
  paste(page, busyPage(SLOT.width, SLOT.height, seed), SLOT.x, SLOT.y);
  over?.(page);
  return page;
}

function shiftedDown(image: RawImage, rows: number): RawImage {
  const out = blank(image.width, image.height + rows, [250, 250, 250]);
  out.data.set(image.data, rows * image.width * 4);
  return out;
}

describe('volatile area states', () => {
  const slideA = withSlide(11);
  const slideB = withSlide(12);
  const states = [lookOf(slideA, SLOT)!, lookOf(slideB, SLOT)!];
  const identity = (h: number) => Int32Array.from({ length: h }, (_, y) => y);

  it('a slide the samples showed matches, also re-encoded with a few levels of noise', () => {
    expect(looksMatch(states[0]!, lookOf(slideA, SLOT)!)).toBe(true);
    expect(looksMatch(states[1]!, lookOf(addNoise(slideB, 3), SLOT)!)).toBe(true);
    expect(areasInUnknownState(addNoise(slideB, 3), { boxes: [SLOT], states: [states] }, identity(1000))).toEqual([]);
  });

  it('another slide, or one line of type laid over a known slide, matches no state', () => {
    expect(areasInUnknownState(withSlide(13), { boxes: [SLOT], states: [states] }, identity(1000))).toEqual([SLOT]);
    const line = withSlide(11, (page) => paste(page, blank(240, 14, [255, 255, 255]), 300, 420));
    expect(areasInUnknownState(line, { boxes: [SLOT], states: [states] }, identity(1000))).toEqual([SLOT]);
  });

  it('an area pushed down by a new block is looked for where the alignment put it', () => {
    const moved = shiftedDown(slideA, 80);
    const baselineRow = Int32Array.from({ length: 1080 }, (_, y) => (y < 80 ? -1 : y - 80));
    expect(alignedTop(baselineRow, SLOT)).toBe(SLOT.y + 80);
    expect(areasInUnknownState(moved, { boxes: [SLOT], states: [states] }, baselineRow)).toEqual([]);
  });

  it('lines of text and areas learnt without states stay masked whatever they show', () => {
    const clock = { x: 600, y: 20, width: 120, height: 30 };
    expect(areasInUnknownState(withSlide(13), { boxes: [clock], states: [[lookOf(slideA, clock)!]] }, identity(1000))).toEqual([]);
    expect(areasInUnknownState(withSlide(13), { boxes: [SLOT] }, identity(1000))).toEqual([]);
  });

  it('an approved page adds its own look of each area to the known states', () => {
    const approved = withSlide(14);
    const volatility = withLooksOf({ samples: 3, boxes: [SLOT], states: [states], textShapes: [] }, approved);
    expect(volatility.states?.[0]).toHaveLength(3);
    expect(areasInUnknownState(approved, volatility, identity(1000))).toEqual([]);
  });
});
