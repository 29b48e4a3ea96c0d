// Reading the HTTP response headers a feed fetch cares about: caching hints, Retry-After,
// validators and the request headers Herald sends.

/** Response headers as undici gives them: lower-case names, repeated headers as arrays. */
export type ResponseHeaders = Record<string, string | string[] | undefined>;

/** Longest Retry-After Herald honours; a server asking for more is probably misconfigured. */
export const MAX_RETRY_AFTER_SECONDS = 24 * 60 * 60;

/** Prefers feed formats, accepts generic XML, and still takes anything (many feeds are text/html). */
export const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8';

/** The codings the body reader can undo. */
export const FEED_ACCEPT_ENCODING = 'gzip, deflate, br';

/** One header's value, the first when repeated; null when absent or blank. */
export function headerValue(headers: ResponseHeaders, name: string): string | null {
  const raw = headers[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? null : trimmed;
}

/**
 * Seconds to wait from a Retry-After value (delay-seconds or an HTTP-date), capped at 24 h;
 * null when absent or unreadable. A date in the past means "now" (0).
 *
 * @see https://www.rfc-editor.org/rfc/rfc9110#name-retry-after
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Math.min(Number(text), MAX_RETRY_AFTER_SECONDS);
  // Date.parse also accepts loose formats like "2024"; insist on something date-like.
  if (!/[a-z]/i.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.min(Math.max(0, Math.ceil((at - nowMs) / 1000)), MAX_RETRY_AFTER_SECONDS);
}

/**
 * Freshness lifetime from Cache-Control: `max-age`, else `s-maxage`; null when neither is given.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9111#name-cache-control
 */
export function parseMaxAge(cacheControl: string | null): number | null {
  if (cacheControl === null) return null;
  const directives = new Map<string, string>();
  for (const part of cacheControl.split(',')) {
    const [name = '', value = ''] = part.split('=', 2).map((piece) => piece.trim());
    if (name !== '') directives.set(name.toLowerCase(), value.replace(/^"(.*)"$/, '$1'));
  }
  for (const name of ['max-age', 's-maxage']) {
    const value = directives.get(name);
    if (value !== undefined && /^\d+$/.test(value)) return Number(value);
  }
  return null;
}

/** Content-Length as a number, or null when absent or malformed. */
export function parseContentLength(headers: ResponseHeaders): number | null {
  const value = headerValue(headers, 'content-length');
  return value !== null && /^\d+$/.test(value) ? Number(value) : null;
}
