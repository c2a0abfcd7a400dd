import type { Capture } from '../../src/core/types.js';

/** A plausible Capture for pure-code tests; override what the test is about. */
export function fakeCapture(overrides: Partial<Capture> = {}): Capture {
  return {
    url: 'https://www.moh.example.go.jp/',
    finalUrl: 'https://www.moh.example.go.jp/',
    redirectChain: ['https://www.moh.example.go.jp/'],
    status: 200,
    title: 'Ministry of Health',
    html: '<html><head><title>Ministry of Health</title></head><body><h1>Welcome</h1></body></html>',
    visibleText: 'Welcome',
    screenshot: Buffer.from('not really a png'),
    screenshotSize: { width: 1366, height: 768 },
    pageHeight: 768,
    viewport: { width: 1366, height: 768 },
    origins: { scripts: [], iframes: [], images: [] },
    ignoredBoxes: [],
    browserVersion: 'HeadlessChrome/0.0',
    capturedAt: '2026-11-25T00:00:00.000Z',
    durationMs: 100,
    timings: {},
    ...overrides,
  };
}
