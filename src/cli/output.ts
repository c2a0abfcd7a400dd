import type { DefacewatchError } from '../core/errors.js';
import type { CheckResult } from '../core/types.js';

/** Exit codes: part of the command-line contract, documented in the README. */
export const EXIT = {
  OK: 0,
  /** `check`: at least one site is defaced; `baseline --refresh`: refused for a site that looks defaced. */
  DEFACED: 1,
  /** `health`: no daemon runs on the data folder, or it stopped beating. */
  UNHEALTHY: 1,
  /** Usage or configuration error, or a site that could not be checked (no baseline). */
  USAGE: 2,
  /** `baseline`: at least one site could not be captured (or, with --refresh, was not refreshed); the others were stored. */
  SITE_FAILED: 3,
  /** `test-alert`: at least one sink could not deliver the sample alert (it stays in the outbox). */
  ALERT_FAILED: 4,
  /** A bug (EX_SOFTWARE). */
  INTERNAL: 70,
} as const;

/** 1 wins over 2: a defacement must never be hidden by another site's configuration problem. */
export function exitCodeForCheck(verdicts: readonly string[], errors: number): number {
  if (verdicts.includes('defaced')) return EXIT.DEFACED;
  return errors > 0 ? EXIT.USAGE : EXIT.OK;
}

/** The human line for a result when --json is not given. */
export function formatCheckLine(result: CheckResult): string {
  return `${result.site}\t${result.verdict}\t${result.score.toFixed(2)}\t${result.reason}`;
}

/**
 * Prints an error for a person on stderr. Configuration problems are already one line each
 * (`file: field: problem (fix)`) and print as they are; others get their hint.
 */
export function printError(error: DefacewatchError): void {
  if (error.code === 'CONFIG_INVALID') {
    process.stderr.write(`${error.message}\n`);
    return;
  }
  process.stderr.write(`error ${error.code}: ${error.message} (${error.hint})\n`);
}
