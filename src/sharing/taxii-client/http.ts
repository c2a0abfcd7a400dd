/**
 * One TAXII 2.1 HTTP exchange with a hub or peer: the exact media types, a time budget, a size
 * cap on what comes back, no redirects, and every failure as a DefacewatchError that names the
 * collection. The peer is not trusted: its text is cut short and stripped of control characters
 * before it reaches a message or a log.
 */

import type { z } from 'zod';
import { DefacewatchError } from '../../core/errors.js';
import { isTaxii21MediaType, TAXII_MEDIA_TYPE } from './media-types.js';
import { errorMessageSchema, type TaxiiErrorMessage } from './resources.js';

/** Limits and identity of every request a client makes. */
export interface TaxiiHttpOptions {
  /** The collection's config name ("asean-hub"), named in every hint. */
  name: string;
  /** Whole exchange, headers and body (default 30 s). */
  timeoutMs: number;
  /** Largest response body read; a larger one is an error (default 16 MiB). */
  maxResponseBytes: number;
  /** TAXII 2.1 §3.2: clients SHOULD identify themselves. */
  userAgent: string;
  /** For tests; the global fetch (undici) otherwise. */
  fetch: typeof fetch;
}

export interface TaxiiHttpRequest {
  method: 'GET' | 'POST';
  url: string;
  /** For messages: e.g. `TAXII collection "asean-hub" (https://…/collections/…/)`. */
  label: string;
  authorization?: string | undefined;
  /** JSON text; sent with the TAXII Content-Type. */
  body?: string;
  /** The status codes that mean success (GET 200, POST 202). */
  expect: readonly number[];
  signal?: AbortSignal | undefined;
}

export interface TaxiiHttpResponse {
  status: number;
  headers: Headers;
  /** The parsed JSON body; checked against a schema by the caller. */
  json: unknown;
}

/**
 * A TAXII exchange that failed: TAXII_FAILED (retryable: the outbox or the next pull tries again)
 * with the HTTP status and the peer's TAXII error message when there was one.
 */
export class TaxiiRequestError extends DefacewatchError {
  /** The HTTP status the peer answered, when it answered. */
  readonly httpStatus: number | undefined;
  /** The peer's error message (TAXII 2.1 §3.6.1), cleaned, when it sent one. */
  readonly taxiiError: TaxiiErrorMessage | undefined;
  readonly url: string;

  constructor(message: string, options: { hint: string; url: string; httpStatus?: number; taxiiError?: TaxiiErrorMessage; cause?: unknown }) {
    super('TAXII_FAILED', message, { hint: options.hint, ...(options.cause === undefined ? {} : { cause: options.cause }) });
    this.name = 'TaxiiRequestError';
    this.httpStatus = options.httpStatus;
    this.taxiiError = options.taxiiError;
    this.url = options.url;
  }
}

/** Performs one exchange; resolves only with an expected status and a TAXII 2.1 JSON body. */
export async function taxiiHttp(request: TaxiiHttpRequest, options: TaxiiHttpOptions): Promise<TaxiiHttpResponse> {
  const { label, url } = request;
  const name = `"${options.name}"`;
  const fail = (what: string, hint: string, extra: { httpStatus?: number; taxiiError?: TaxiiErrorMessage; cause?: unknown } = {}) =>
    new TaxiiRequestError(`${label}: ${what}`, { hint, url, ...extra });

  if (request.signal?.aborted) throw fail('cancelled before the request was sent', 'Nothing to do: the daemon is stopping.', { cause: request.signal.reason });
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = request.signal === undefined ? timeout : AbortSignal.any([request.signal, timeout]);
  const aborted = (err: unknown): DefacewatchError | null => {
    if (request.signal?.aborted) return fail('cancelled', 'Nothing to do: the daemon is stopping.', { cause: err });
    if (timeout.aborted) {
      return fail(`no complete answer within ${options.timeoutMs} ms`, 'The hub is slow or unreachable; it will be tried again.', { cause: err });
    }
    return null;
  };

  const headers: Record<string, string> = { accept: TAXII_MEDIA_TYPE, 'user-agent': options.userAgent };
  if (request.authorization !== undefined) headers.authorization = request.authorization;
  if (request.body !== undefined) headers['content-type'] = TAXII_MEDIA_TYPE;

  let response: Response;
  try {
    response = await options.fetch(url, {
      method: request.method,
      headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      signal,
      // A TAXII endpoint has one URL; a redirect could carry our credentials elsewhere.
      redirect: 'error',
    });
  } catch (err) {
    throw (
      aborted(err) ??
      fail(
        `could not be reached (${clean(causeText(err))})`,
        `Check that the host of TAXII collection ${name} is up and reachable from this sensor; it will be tried again.`,
        { cause: err },
      )
    );
  }

  let text: string;
  try {
    text = await readCapped(response, options.maxResponseBytes);
  } catch (err) {
    if (err instanceof TooLarge) {
      throw fail(
        `answered more than ${options.maxResponseBytes} bytes`,
        `TAXII collection ${name} sent more than this sensor accepts in one response; ask its operators, or lower the page size.`,
      );
    }
    throw aborted(err) ?? fail(`the answer broke off (${clean(causeText(err))})`, 'It will be tried again.', { cause: err });
  }

  const contentType = response.headers.get('content-type');
  if (!request.expect.includes(response.status)) {
    const taxiiError = parseErrorMessage(text, contentType);
    const detail = taxiiError === undefined ? '' : `: ${taxiiError.title}${taxiiError.description ? ` (${taxiiError.description})` : ''}`;
    throw fail(`answered HTTP ${response.status}${detail}`, hintForStatus(response.status, name), {
      httpStatus: response.status,
      ...(taxiiError === undefined ? {} : { taxiiError }),
    });
  }
  if (!isTaxii21MediaType(contentType)) {
    throw fail(
      `answered with Content-Type "${clean(contentType ?? 'none')}", not ${TAXII_MEDIA_TYPE}`,
      `The URL of TAXII collection ${name} does not point at a TAXII 2.1 endpoint (TAXII 2.1 §3.1); check it.`,
      { httpStatus: response.status },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw fail('answered with a body that is not JSON', `The server of TAXII collection ${name} does not follow TAXII 2.1; tell its operators.`, {
      httpStatus: response.status,
      cause: err,
    });
  }
  return { status: response.status, headers: response.headers, json };
}

/** Parses `json` with `schema`, or throws naming the endpoint and the first problem. */
export function checked<S extends z.ZodType>(schema: S, json: unknown, what: string, url: string): z.output<S> {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? '' : ` at ${issue.path.join('.')}`;
  throw new TaxiiRequestError(`${what}: answered with a resource that is not valid TAXII 2.1${where} (${issue?.message ?? 'invalid'})`, {
    hint: 'The peer does not follow TAXII 2.1; tell its operators.',
    url,
  });
}

/** What to do about an HTTP error status from a TAXII endpoint (TAXII 2.1 §4–5 failure tables). */
function hintForStatus(status: number, name: string): string {
  switch (status) {
    case 401:
      return `The server wants credentials: check the user/password or token variables of TAXII collection ${name} in the config and the environment.`;
    case 403:
      return `The server refused these credentials for TAXII collection ${name}: ask its operators for read or write access.`;
    case 404:
      return `TAXII collection ${name} (or its API root) was not found, or these credentials may not see it: check its URL.`;
    case 406:
    case 415:
      return `The server did not accept the TAXII 2.1 media types: make sure the URL of TAXII collection ${name} is a TAXII 2.1 collection.`;
    case 413:
      return `The bundle is larger than TAXII collection ${name} accepts (its API root's max_content_length).`;
    case 422:
      return `TAXII collection ${name} could not process the STIX content; see the message and tell the defacewatch maintainers.`;
    case 429:
      return `TAXII collection ${name} is rate-limiting this sensor; it will be tried again later.`;
    default:
      return status >= 500
        ? `The server of TAXII collection ${name} failed; it will be tried again.`
        : `See the message about TAXII collection ${name}; the request will be tried again.`;
  }
}

/** The peer's TAXII error message, when the body is one; cleaned for logs. */
function parseErrorMessage(text: string, contentType: string | null): TaxiiErrorMessage | undefined {
  if (!contentType || !/json/i.test(contentType)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // An error page that only claims to be JSON: the HTTP status alone is reported, as for any other body.
    return undefined;
  }
  const parsed = errorMessageSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const { title, description, error_code, http_status } = parsed.data;
  return {
    title: clean(title),
    ...(description === undefined ? {} : { description: clean(description) }),
    ...(error_code === undefined ? {} : { error_code: clean(error_code) }),
    ...(http_status === undefined ? {} : { http_status: clean(http_status) }),
  };
}

class TooLarge extends Error {}

/** Reads the body as UTF-8, refusing more than `max` bytes (announced or actual). */
async function readCapped(response: Response, max: number): Promise<string> {
  const announced = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(announced) && announced > max) {
    // Cancelling only frees the connection; if the stream is already closed or errored there is nothing
    // to free, and the answer is TooLarge either way.
    await response.body?.cancel().catch(() => undefined);
    throw new TooLarge();
  }
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      // As above: a reader that cannot be cancelled has nothing left to free.
      await reader.cancel().catch(() => undefined);
      throw new TooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function causeText(err: unknown): string {
  if (err instanceof Error) {
    const cause = err.cause;
    if (cause instanceof Error) return `${err.message}: ${(cause as NodeJS.ErrnoException).code ?? cause.message}`;
    return err.message;
  }
  return String(err);
}

/** Peer-controlled text made safe for one log line: no control characters, at most 300 characters. */
export function clean(text: string): string {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 299)}…` : flat;
}
