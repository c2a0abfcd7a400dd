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

/**
 * A capture of a page whose `<body>` is `body`, for detector and comparison tests: the title comes
 * from `overrides.title` (default "Ministry of Examples"), the page is 1366x2000.
 */
export function pageCapture(body: string, overrides: Partial<Capture> = {}): Capture {
  const title = overrides.title ?? 'Ministry of Examples';
  const url = overrides.url ?? 'https://www.example.go.jp/';
  return fakeCapture({
    url,
    finalUrl: url,
    redirectChain: [url],
    title,
    html: `<html><head><title>${title}</title></head><body>${body}</body></html>`,
    visibleText: '',
    screenshot: Buffer.alloc(0),
    screenshotSize: { width: 1366, height: 2000 },
    pageHeight: 2000,
    ...overrides,
  });
}
