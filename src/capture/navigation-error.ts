import { DefacewatchError } from '../core/errors.js';

/** Chromium's network errors that mean the name did not resolve. */
const DNS_ERRORS = new Set(['net::ERR_NAME_NOT_RESOLVED', 'net::ERR_NAME_RESOLUTION_FAILED']);

/**
 * Turns whatever the browser threw while loading `url` into a DefacewatchError naming the URL and,
 * when there is one, Chromium's net error (e.g. `net::ERR_CONNECTION_REFUSED`).
 */
export function navigationError(err: unknown, url: string): DefacewatchError {
  if (err instanceof DefacewatchError) return err;
  const text = err instanceof Error ? err.message : String(err);
  const netError = /net::ERR_[A-Z0-9_]+/.exec(text)?.[0];
  if (netError !== undefined && DNS_ERRORS.has(netError)) {
    return new DefacewatchError('DNS_FAILED', `site URL ${url} did not resolve (${netError})`, { cause: err });
  }
  // Chromium hands a PDF, an archive or any body it will not render to the download manager.
  if (text.includes('Download is starting')) {
    return new DefacewatchError('CAPTURE_FAILED', `site URL ${url} answered with a file to download (a PDF, an archive…), not a web page`, { cause: err });
  }
  if (err instanceof Error && err.name === 'TimeoutError') {
    return new DefacewatchError('CAPTURE_TIMEOUT', `site URL ${url} did not finish loading in time`, { cause: err });
  }
  const detail = netError ?? firstLine(text);
  return new DefacewatchError('CAPTURE_FAILED', `site URL ${url} could not be loaded: ${detail}`, { cause: err });
}

function firstLine(text: string): string {
  // Playwright prefixes the API name ("page.goto: ") and appends a call log; neither helps a reader.
  const line = text.split('\n').find((l) => l.trim() !== '') ?? text;
  return line.replace(/^[a-zA-Z.]+: /, '').trim();
}
