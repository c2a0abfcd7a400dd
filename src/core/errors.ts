/**
 * The one error type of defacewatch. Every code is listed in ERROR_CATALOGUE and documented in
 * docs/errors.md; a unit test keeps the two in sync.
 */

export interface ErrorSpec {
  /** What kind of failure this is, for people. */
  title: string;
  /** What to do about it. */
  hint: string;
  /** True when trying the same thing again later may succeed. */
  retryable: boolean;
}

export const ERROR_CATALOGUE = {
  CONFIG_INVALID: {
    title: 'The targets configuration is invalid',
    hint: 'Fix the file and field named in the message, then run `defacewatch validate`.',
    retryable: false,
  },
  CONFIG_NOT_FOUND: {
    title: 'The targets folder, or the daemon config file named, was not found',
    hint: 'Point --targets at a folder with one YAML file per agency.',
    retryable: false,
  },
  USAGE: {
    title: 'The command line is not valid',
    hint: 'Run `defacewatch --help` for the commands and flags.',
    retryable: false,
  },
  SITE_UNKNOWN: {
    title: 'No site has this id',
    hint: 'Run `defacewatch validate` to list the site ids in the targets files.',
    retryable: false,
  },
  URL_PRIVATE: {
    title: 'The site resolves to a private, loopback, link-local or metadata address',
    hint: 'Pass --allow-private or set `allowPrivateNetworks: true` in the agency file if this is intended.',
    retryable: false,
  },
  DNS_FAILED: {
    title: 'The site name did not resolve',
    hint: 'Check the URL and the DNS of the monitoring host.',
    retryable: true,
  },
  CAPTURE_FAILED: {
    title: 'The browser could not load the site',
    hint: 'Check that the site is up from the monitoring host; it will be retried on the next check.',
    retryable: true,
  },
  CAPTURE_TIMEOUT: {
    title: 'The site did not finish loading within its time budget',
    hint: 'Raise `timeoutMs` for the site if it is always slow.',
    retryable: true,
  },
  BROWSER_LAUNCH_FAILED: {
    title: 'Chromium could not be started',
    hint: "Install Debian's chromium-headless-shell (or chromium), or set DEFACEWATCH_CHROMIUM to its path.",
    retryable: false,
  },
  BASELINE_MISSING: {
    title: 'The site has no baseline yet',
    hint: 'Run `defacewatch baseline --site <id>` when the site is known to be good.',
    retryable: false,
  },
  BASELINE_CORRUPT: {
    title: 'A baseline file does not match the hash recorded in its meta.json',
    hint: 'Inspect the baseline folder, then re-create it with `defacewatch baseline --site <id>`.',
    retryable: false,
  },
  BASELINE_REFRESH_REFUSED: {
    title: 'The page no longer matches its approved baseline, so the baseline was not refreshed',
    hint: 'Check the site (`defacewatch check --site <id>`): handle a defacement as an incident; if the change is legitimate, approve it (`defacewatch approve <id> --reason …`) or take a new baseline (`defacewatch baseline --site <id>`).',
    retryable: false,
  },
  NO_LATEST_CAPTURE: {
    title: 'There is no recent capture to approve',
    hint: 'Run `defacewatch check --site <id>` first, then approve.',
    retryable: false,
  },
  ALERT_FAILED: {
    title: 'An alert could not be delivered',
    hint: 'Check the sink settings (SMTP, webhook, TAXII hub); the alert stays in the outbox and is retried (`defacewatch outbox`).',
    retryable: true,
  },
  TAXII_FAILED: {
    title: 'A TAXII hub or peer could not be reached or refused the request',
    hint: 'Check the collection URL and its credentials variables; a push is retried from the outbox, a pull at its next schedule.',
    retryable: true,
  },
  NO_OPEN_INCIDENT: {
    title: 'The site has no open incident',
    hint: 'Nothing to acknowledge: `defacewatch outbox` and the alerts show which incidents are open.',
    retryable: false,
  },
  OCR_UNAVAILABLE: {
    title: 'Text in pictures cannot be read: the OCR engine or its languages are missing',
    hint: 'Install tesseract-ocr and its language packs (scripts/install.sh), or set DEFACEWATCH_TESSERACT to the binary; other detectors still run.',
    retryable: false,
  },
  OCR_FAILED: {
    title: 'Reading text in a picture failed or took too long',
    hint: 'Nothing to do if it is rare; the picture is read again on the next check.',
    retryable: true,
  },
  DETECTOR_FAILED: {
    title: 'A detector failed on this page',
    hint: "This is a bug in defacewatch; the other detectors still ran. Please report it with the site's evidence.",
    retryable: false,
  },
  DATA_TOO_NEW: {
    title: 'Stored data was written by a newer defacewatch',
    hint: 'Run the newer defacewatch again, or restore the data folder from before the upgrade; an older build cannot read what a newer one wrote.',
    retryable: false,
  },
  SITE_BUSY: {
    title: 'A check of this site is running now',
    hint: 'Wait for it to finish (at most its time budget, `timeoutMs`) and run the command again.',
    retryable: true,
  },
  DAEMON_RUNNING: {
    title: 'Another defacewatch daemon is already using this data directory',
    hint: 'Stop the other daemon first (the message names its process), or give this one its own data directory with --data; two daemons on one outbox would send every alert twice.',
    retryable: false,
  },
  INTERNAL: {
    title: 'Unexpected internal error',
    hint: 'This is a bug in defacewatch; please report it with the log line.',
    retryable: false,
  },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export class DefacewatchError extends Error {
  readonly code: ErrorCode;
  readonly hint: string;
  readonly retryable: boolean;

  /** `retryable` overrides the catalogue's default for this one failure (e.g. a webhook's 400). */
  constructor(code: ErrorCode, message: string, options: { hint?: string; cause?: unknown; retryable?: boolean } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DefacewatchError';
    this.code = code;
    const spec: ErrorSpec = ERROR_CATALOGUE[code];
    this.hint = options.hint ?? spec.hint;
    this.retryable = options.retryable ?? spec.retryable;
  }
}

/** Wraps anything thrown into a DefacewatchError, keeping one that already is. */
export function toDefacewatchError(err: unknown, fallback: ErrorCode = 'INTERNAL'): DefacewatchError {
  if (err instanceof DefacewatchError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new DefacewatchError(fallback, message, { cause: err });
}
