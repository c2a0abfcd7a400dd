import { describe, expect, it } from 'vitest';
import { pageFrameOf, whereOnPage } from '../../src/core/place-words.js';

const PAGE = { width: 1366, height: 4000, screenHeight: 768 };

describe('whereOnPage', () => {
  it('names the height of a box on the page in words', () => {
    expect(whereOnPage({ x: 0, y: 0, width: 1366, height: 80 }, PAGE)).toBe('at the top of the page');
    expect(whereOnPage({ x: 0, y: 300, width: 1366, height: 200 }, PAGE)).toBe('on the first screen');
    expect(whereOnPage({ x: 0, y: 1000, width: 1366, height: 100 }, PAGE)).toBe('in the upper part of the page');
    expect(whereOnPage({ x: 0, y: 2000, width: 1366, height: 100 }, PAGE)).toBe('in the middle of the page');
    expect(whereOnPage({ x: 0, y: 3800, width: 1366, height: 100 }, PAGE)).toBe('near the bottom of the page');
    expect(whereOnPage({ x: 0, y: 0, width: 1366, height: 3900 }, PAGE)).toBe('across the whole page');
  });

  it('adds the side of a narrow box, never for a wide one', () => {
    expect(whereOnPage({ x: 40, y: 300, width: 300, height: 200 }, PAGE)).toBe('on the first screen on the left');
    expect(whereOnPage({ x: 1000, y: 3800, width: 300, height: 100 }, PAGE)).toBe('near the bottom of the page on the right');
    expect(whereOnPage({ x: 533, y: 300, width: 300, height: 200 }, PAGE)).toBe('on the first screen');
    expect(whereOnPage({ x: 0, y: 2000, width: 800, height: 100 }, PAGE)).toBe('in the middle of the page');
  });

  it('goes by thirds of the page when the first screen is unknown', () => {
    const picture = { width: 1366, height: 3000 };
    expect(whereOnPage({ x: 0, y: 300, width: 1366, height: 200 }, picture)).toBe('in the upper part of the page');
    expect(whereOnPage({ x: 0, y: 0, width: 1366, height: 200 }, picture)).toBe('at the top of the page');
  });

  it('takes the frame of a capture from its screenshot and viewport', () => {
    expect(pageFrameOf({ screenshotSize: { width: 1366, height: 5000 }, viewport: { width: 1366, height: 900 } })).toEqual({
      width: 1366,
      height: 5000,
      screenHeight: 900,
    });
  });
});
