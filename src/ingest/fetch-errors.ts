// Turns what went wrong during a fetch (an HTTP status, or whatever undici, net or zlib threw)
// into the HeraldError the pipeline records and schedules retries from.
import { HeraldError } from '../errors.js';
import { headerValue, parseRetryAfter, type ResponseHeaders } from './fetch-headers.js';

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** `ingest/http-status` for a non-2xx answer; retryable for 408, 425, 429 and 5xx. */
export function httpStatusError(url: URL, status: number, statusText: string, headers: ResponseHeaders): HeraldError {
  const retryAfterSeconds = parseRetryAfter(headerValue(headers, 'retry-after'), Date.now());
  const retryable = status === 408 || status === 425 || status === 429 || status >= 500;
  const reason = statusText ? ` ${statusText}` : '';
  return new HeraldError('ingest/http-status', `${url.href} answered HTTP ${status}${reason}.`, {
    retryable,
    details: { url: url.href, status, retryAfterSeconds },
  });
}

export interface FailureContext {
  deadlineHit: boolean;
  callerAborted: boolean;
  bodyTimeoutMs: number;
}

/** Classifies a thrown value; HeraldErrors raised by our own code (or the guard's lookup) pass through. */
export function classifyError(error: unknown, url: URL, context: FailureContext): HeraldError {
  const own = findInCauses(error, (candidate): candidate is HeraldError => candidate instanceof HeraldError);
  if (own !== undefined && !context.deadlineHit) return own;
  if (context.deadlineHit) {
    return new HeraldError('ingest/timeout', `${url.href} did not finish sending its body within ${context.bodyTimeoutMs} ms (config key fetch.bodyTimeout).`, {
      cause: error,
      retryable: true,
      details: { url: url.href, phase: 'body' },
    });
  }
  if (context.callerAborted) {
    return new HeraldError('ingest/aborted', `The fetch of ${url.href} was cancelled.`, { cause: error, retryable: true, details: { url: url.href } });
  }
  const code = findInCauses(error, (candidate): candidate is { code: string } => typeof (candidate as { code?: unknown }).code === 'string')?.code;
  if (code !== undefined && TIMEOUT_CODES.has(code)) {
    const phase = code === 'UND_ERR_CONNECT_TIMEOUT' ? 'connect' : code === 'UND_ERR_HEADERS_TIMEOUT' ? 'headers' : 'body';
    const waiting = { connect: 'to connect', headers: 'for response headers', body: 'for more of the body' }[phase];
    return new HeraldError('ingest/timeout', `${url.href} timed out waiting ${waiting} (config key fetch.${phase}Timeout).`, {
      cause: error,
      retryable: true,
      details: { url: url.href, phase },
    });
  }
  if (code !== undefined && (/^E[A-Z]/.test(code) || code.startsWith('UND_ERR_'))) {
    const message = error instanceof Error ? error.message : String(error);
    return new HeraldError('ingest/network', `Could not fetch ${url.href}: ${message} (${code}).`, {
      cause: error,
      retryable: true,
      details: { url: url.href, code },
    });
  }
  return new HeraldError('internal', `Fetching ${url.href} failed unexpectedly: ${String(error)}`, { cause: error, details: { url: url.href } });
}

/** Searches an error, its `cause` chain and (for Happy Eyeballs failures) AggregateError members. */
function findInCauses<T>(error: unknown, match: (candidate: object) => candidate is T & object): T | undefined {
  for (let current = error, depth = 0; typeof current === 'object' && current !== null && depth < 5; depth += 1) {
    if (match(current)) return current;
    current = current instanceof AggregateError && current.errors.length > 0 ? current.errors[0] : (current as { cause?: unknown }).cause;
  }
  return undefined;
}
