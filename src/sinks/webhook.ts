/**
 * The webhook sink: POSTs each alert as a signed JSON event, for chat tools, ticketing systems and
 * SOAR playbooks. Also defines that event (`AlertEvent`, version 1), which the JSON-lines file sink
 * writes too, and the signature check receivers run.
 *
 * Signing follows the scheme Stripe and Slack made familiar: the sender puts the unix time in a
 * header and signs `<timestamp>.<raw body>` with HMAC-SHA256; the receiver recomputes it over the
 * bytes it received, compares in constant time, and refuses timestamps outside a few minutes, so a
 * captured request cannot be replayed later.
 *
 * One attempt per `send`: the outbox retries. A retried alert has the same body bytes and event id;
 * only the timestamp and signature change.
 */

import { createHmac, timingSafeEqual } from 'node:crypto';
import { DefacewatchError } from '../core/errors.js';
import type { SignalKind, Verdict } from '../core/types.js';
import { silentLogger, type Logger } from '../log.js';
import { alertSubject } from './alert-words.js';
import { alertSite, alertSubjectLabel, type Alert, type AlertIncident, type AlertKind, type Receipt, type SendOptions, type Sink, type SinkKind } from './types.js';

/** The `type` of every event body; `version` changes only when a field changes meaning or goes away. */
export const ALERT_EVENT_TYPE = 'defacewatch.alert';
export const ALERT_EVENT_VERSION = 1;

/** How long a signed request stays acceptable to a receiver, by default: five minutes either way. */
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * The JSON body of a webhook call and of a line of `alerts.jsonl`, version 1. Fields are always
 * present (`null` when unknown) so receivers need not guess; new fields may be added within a version.
 * Strings that come from the page (site.title, site.finalUrl, reason, signals[].summary) were
 * written by whoever controls the page: escape them before display.
 */
export interface AlertEventBase {
  type: typeof ALERT_EVENT_TYPE;
  version: typeof ALERT_EVENT_VERSION;
  /** The alert id: the same on every retry, so receivers can fold repeats. */
  id: string;
  kind: AlertKind;
  /** When the alert was written to the outbox, ISO 8601 UTC. */
  createdAt: string;
  /** One line for people, the email's subject, e.g. `[DEFACED] Ministry of Health — moh-home — flag and slogan detected (score 0.97)`. */
  summary: string;
  agency: { name: string; timezone: string };
}

/** An event about one site: kinds defaced, reminder, restored, approved, unreachable, reachable, test. */
export interface SiteAlertEvent extends AlertEventBase {
  kind: Exclude<AlertKind, 'digest'>;
  site: { id: string; url: string; finalUrl: string | null; title: string | null };
  verdict: Verdict;
  /** 0..1, how strongly the evidence says "defaced". */
  score: number;
  reason: string;
  checkedAt: string;
  /** What each detector found, strongest first; detector evidence is left out (it can be large). */
  signals: Array<{ detector: string; kind: SignalKind; score: number; summary: string }>;
  /**
   * Which evidence pictures the alert has (by role: current, baseline, diff; file names only, no
   * bytes or URLs) and the changed area in full-page pixels.
   */
  evidence: { pictures: Record<string, string>; focus: { x: number; y: number; width: number; height: number } | null };
  incident: {
    id: string;
    status: AlertIncident['status'];
    openedAt: string;
    closedAt: string | null;
    defacedChecks: number;
    reminder: number | null;
    acknowledgedAt: string | null;
    openingReason: string;
  } | null;
  unreachableSince: string | null;
  /** Commands for the operator, and the dashboard link when there is one. */
  actions: { approve: string; acknowledge: string; dashboardUrl: string | null };
}

/** The daily digest of one agency's `changed` verdicts. */
export interface DigestAlertEvent extends AlertEventBase {
  kind: 'digest';
  period: { from: string; to: string };
  entries: Array<{ site: string; url: string; checks: number; firstAt: string; lastAt: string; lastReason: string; maxScore: number }>;
}

export type AlertEvent = SiteAlertEvent | DigestAlertEvent;

/** The event for an alert. Depends on the alert alone, never on the clock: a retry is identical. */
export function alertEvent(alert: Alert): AlertEvent {
  const base: AlertEventBase = {
    type: ALERT_EVENT_TYPE,
    version: ALERT_EVENT_VERSION,
    id: alert.id,
    kind: alert.kind,
    createdAt: alert.createdAt,
    summary: alertSubject(alert),
    agency: { name: alert.agency.name, timezone: alert.agency.timezone },
  };
  if (alert.kind === 'digest') {
    return {
      ...base,
      kind: 'digest',
      period: { from: alert.period.from, to: alert.period.to },
      entries: alert.entries.map((e) => ({
        site: e.site,
        url: e.url,
        checks: e.checks,
        firstAt: e.firstAt,
        lastAt: e.lastAt,
        lastReason: e.lastReason,
        maxScore: e.maxScore,
      })),
    };
  }
  const { result, evidence, incident } = alert;
  const pictures: Record<string, string> = {};
  for (const [role, path] of [
    ['current', evidence.actualPng],
    ['baseline', evidence.baselinePng],
    ['diff', evidence.diffPng],
  ] as const) {
    if (path) pictures[role] = path.split(/[\\/]/).pop() ?? '';
  }
  return {
    ...base,
    kind: alert.kind,
    site: { id: result.site, url: result.url, finalUrl: alert.page?.finalUrl ?? null, title: alert.page?.title ?? null },
    verdict: result.verdict,
    score: result.score,
    reason: result.reason,
    checkedAt: result.checkedAt,
    signals: [...result.signals]
      .sort((a, b) => b.score - a.score)
      .map((s) => ({ detector: s.detector, kind: s.kind ?? 'supporting', score: s.score, summary: s.summary })),
    evidence: {
      pictures,
      focus: evidence.focus ? { x: evidence.focus.x, y: evidence.focus.y, width: evidence.focus.width, height: evidence.focus.height } : null,
    },
    incident: incident
      ? {
          id: incident.id,
          status: incident.status,
          openedAt: incident.openedAt,
          closedAt: incident.closedAt ?? null,
          defacedChecks: incident.defacedChecks,
          reminder: incident.reminder ?? null,
          acknowledgedAt: incident.acknowledgedAt ?? null,
          openingReason: incident.openingReason,
        }
      : null,
    unreachableSince: alert.unreachableSince ?? null,
    actions: { approve: alert.actions.approve, acknowledge: alert.actions.acknowledge, dashboardUrl: alert.actions.dashboardUrl ?? null },
  };
}

/** The event as the exact JSON text that is sent and written: one line, no trailing newline. */
export function alertEventJson(alert: Alert): string {
  return JSON.stringify(alertEvent(alert));
}

/** The `X-Defacewatch-Signature` value for a body sent at `timestamp` (unix seconds): `v1=<hex>`. */
export function signWebhookBody(secret: string | Buffer, timestamp: number | string, body: string | Buffer): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

export interface VerifyWebhookOptions {
  /** The shared secret the sender was configured with. */
  secret: string | Buffer;
  /** The request body exactly as received (before any JSON parsing). */
  body: string | Buffer;
  /** The `X-Defacewatch-Timestamp` header. */
  timestamp: string | number | null | undefined;
  /** The `X-Defacewatch-Signature` header; several comma-separated `v1=` values are accepted (key rotation). */
  signature: string | null | undefined;
  /** The receiver's clock; default now. */
  now?: Date | number;
  /** How far the timestamp may be from `now`, in seconds; default 300. */
  toleranceSeconds?: number;
}

/**
 * For receivers: true only when the signature matches the body and timestamp under `secret` and
 * the timestamp is within `toleranceSeconds` of `now` (older requests are replays). Compares in
 * constant time. Returns a boolean, not a result object, so `if (!verify…)` cannot be gotten wrong.
 */
export function verifyWebhookSignature(options: VerifyWebhookOptions): boolean {
  const { secret, body, signature } = options;
  const tolerance = options.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS;
  const raw = options.timestamp === null || options.timestamp === undefined ? '' : String(options.timestamp).trim();
  if (!/^\d{1,12}$/.test(raw) || typeof signature !== 'string') return false;
  const nowMs = options.now === undefined ? Date.now() : typeof options.now === 'number' ? options.now : options.now.getTime();
  if (!(Math.abs(nowMs / 1000 - Number(raw)) <= tolerance)) return false;
  const expected = Buffer.from(signWebhookBody(secret, raw, body), 'utf8');
  let ok = false;
  for (const candidate of signature.split(',')) {
    const given = Buffer.from(candidate.trim(), 'utf8');
    // timingSafeEqual needs equal lengths; the length of a well-formed value is public anyway.
    if (given.length === expected.length && timingSafeEqual(given, expected)) ok = true;
  }
  return ok;
}

export interface WebhookSinkOptions {
  /** The sink's name, as in the config (e.g. "chatops"). */
  name: string;
  /** Where events are POSTed. May hold a token in its path or query: it is never logged whole. */
  url: string;
  /** HMAC-SHA256 key shared with the receiver. */
  secret: string;
  /** Per attempt, connection to last byte. Default 10 s. */
  timeoutMs?: number;
  /** Kinds to send; others are acknowledged as skipped. Default all. */
  kinds?: readonly AlertKind[];
  logger?: Logger;
  /** The clock for the timestamp header; default the system clock. */
  now?: () => Date;
}

/** Longest part of a receiver's error body quoted in an error message. */
const MAX_QUOTED_BODY = 200;

/**
 * Creates a webhook sink. Each `send` makes one POST with headers `Content-Type: application/json`,
 * `X-Defacewatch-Event-Id` (the alert id), `X-Defacewatch-Timestamp` (unix seconds) and
 * `X-Defacewatch-Signature` (`v1=` HMAC-SHA256 hex of `<timestamp>.<body>`). A 2xx answer delivers
 * it. Otherwise ALERT_FAILED is thrown: retryable for network errors, time-outs, 408, 429 and 5xx;
 * not for other answers (a 400 or 401 fails the same way next time: fix the receiver or secret).
 * Redirects are not followed: they would carry a signed alert to an address nobody configured.
 */
export function createWebhookSink(options: WebhookSinkOptions): Sink {
  const { name, secret } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const kinds = options.kinds === undefined ? undefined : new Set(options.kinds);
  const now = options.now ?? (() => new Date());
  const logger = (options.logger ?? silentLogger()).child({ sink: name });
  const target = webhookUrl(name, options.url);
  // Chat-tool webhook URLs carry their token in the path: show the origin only.
  const where = target.origin;

  const fail = (alert: Alert, what: string, retryable: boolean, cause?: unknown, hint?: string): DefacewatchError =>
    new DefacewatchError('ALERT_FAILED', `Webhook "${name}" (${where}) did not take the ${alert.kind} alert for ${alertSubjectLabel(alert)}: ${what}`, {
      retryable,
      ...(cause === undefined ? {} : { cause }),
      hint:
        hint ??
        (retryable
          ? 'The outbox retries it; check that the receiver is up if this persists.'
          : `Fix the receiver or this webhook's settings (URL, secret); retrying will not help.`),
    });

  async function send(alert: Alert, sendOptions: SendOptions = {}): Promise<Receipt> {
    const { signal, dryRun = false } = sendOptions;
    if (kinds !== undefined && !kinds.has(alert.kind)) {
      return { sink: name, delivered: true, detail: `skipped: kind "${alert.kind}" is not among the kinds of webhook "${name}"` };
    }
    if (signal?.aborted) throw fail(alert, 'cancelled before sending', true, signal.reason);
    const body = alertEventJson(alert);
    if (dryRun) return { sink: name, delivered: false, detail: `dry run: would POST ${Buffer.byteLength(body)} bytes to ${where}` };

    const timestamp = Math.floor(now().getTime() / 1000);
    const log = logger.child({ alert: alert.id, kind: alert.kind, site: alertSite(alert), url: where });
    const timeout = AbortSignal.timeout(timeoutMs);
    let response: Response;
    try {
      response = await fetch(target, {
        method: 'POST',
        body,
        redirect: 'manual',
        signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]),
        headers: {
          'content-type': 'application/json',
          'user-agent': `defacewatch-webhook/${ALERT_EVENT_VERSION}`,
          'x-defacewatch-event-id': alert.id,
          'x-defacewatch-event-kind': alert.kind,
          'x-defacewatch-timestamp': String(timestamp),
          'x-defacewatch-signature': signWebhookBody(secret, timestamp, body),
        },
      });
    } catch (err) {
      const what = timeout.aborted ? `no answer within ${timeoutMs} ms` : signal?.aborted ? 'cancelled' : networkProblem(err);
      log.warn({ err: what }, 'webhook failed');
      throw fail(alert, what, true, err);
    }
    const excerpt = await bodyExcerpt(response);
    const status = response.status;
    if (status >= 200 && status < 300) {
      log.info({ status }, 'alert posted to webhook');
      return { sink: name, delivered: true, detail: `HTTP ${status} from ${where} (event ${alert.id})` };
    }
    const { what, retryable } = refusal(response, excerpt);
    log.warn({ status, retryable }, 'webhook refused the alert');
    throw fail(alert, what, retryable);
  }

  return Object.freeze({ name, send });
}

/** The webhook's URL, refused at start-up (CONFIG_INVALID) unless it is an http(s) URL. */
function webhookUrl(name: string, url: string): URL {
  let target: URL;
  try {
    target = new URL(url);
    if (target.protocol !== 'https:' && target.protocol !== 'http:') throw new Error('not http(s)');
  } catch {
    throw new DefacewatchError('CONFIG_INVALID', `webhook "${name}": the URL is not an http(s) URL`, {
      hint: 'Write it like "https://hooks.example.org/defacewatch".',
    });
  }
  return target;
}

/** The start of a receiver's answer, on one printable line, to quote in an error. */
function bodyExcerpt(response: Response): Promise<string> {
  return (
    response
      .text()
      .then((text) =>
        text
          .replace(/\s+/g, ' ')
          .replace(/[^\x20-\x7e]/g, '?')
          .slice(0, MAX_QUOTED_BODY)
          .trim(),
      )
      // A body that cannot be read (the connection dropped after the status line) only leaves the
      // quote out: the status is what the receipt and the error report.
      .catch(() => '')
  );
}

/** What a receiver's non-2xx answer says, and whether the outbox should try again (408, 429, 5xx). */
function refusal(response: Response, excerpt: string): { what: string; retryable: boolean } {
  const status = response.status;
  const retryable = status === 408 || status === 429 || status >= 500;
  const retryAfter = response.headers.get('retry-after');
  const what =
    `HTTP ${status}` +
    (status >= 300 && status < 400 ? ' (a redirect; redirects are not followed: configure the final URL)' : '') +
    (retryAfter ? ` (Retry-After: ${retryAfter.slice(0, 40)})` : '') +
    (excerpt ? `: ${excerpt}` : '');
  return { what, retryable };
}

/** fetch() says "fetch failed" and keeps the reason in `cause`: name that instead. */
function networkProblem(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const message = typeof cause?.message === 'string' ? cause.message : err instanceof Error ? err.message : String(err);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

/** The daemon's webhooks (`webhooks:`), each signing with the key in its `secretEnv` variable. */
export const webhookKind: SinkKind = {
  name: 'webhook',
  scope: 'daemon',
  build: ({ config, env, logger }) =>
    config.webhooks.map((hook) => {
      const secret = env[hook.secretEnv];
      if (secret === undefined || secret === '') {
        throw new DefacewatchError('CONFIG_INVALID', `webhooks: "${hook.name}": environment variable ${hook.secretEnv} is not set`, {
          hint: `Set ${hook.secretEnv} to the HMAC key the receiver verifies signatures with.`,
        });
      }
      return createWebhookSink({
        name: hook.name,
        url: hook.url,
        secret,
        timeoutMs: hook.timeoutMs,
        ...(hook.kinds === undefined ? {} : { kinds: hook.kinds }),
        logger,
      });
    }),
};
