// Header parsing the fetcher relies on: Retry-After, Cache-Control freshness, Content-Length.
import { describe, expect, it } from 'vitest';
import { MAX_RETRY_AFTER_SECONDS, headerValue, parseContentLength, parseMaxAge, parseRetryAfter } from '../../src/ingest/fetch-headers.js';

const NOW = Date.parse('2025-03-01T12:00:00Z');

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
  });

  it('reads an HTTP-date relative to now', () => {
    expect(parseRetryAfter('Sat, 01 Mar 2025 12:05:00 GMT', NOW)).toBe(300);
  });

  it('treats a past date as no wait', () => {
    expect(parseRetryAfter('Sat, 01 Mar 2025 11:00:00 GMT', NOW)).toBe(0);
  });

  it('caps both forms at 24 hours', () => {
    expect(parseRetryAfter('999999', NOW)).toBe(MAX_RETRY_AFTER_SECONDS);
    expect(parseRetryAfter('Mon, 10 Mar 2025 12:00:00 GMT', NOW)).toBe(86_400);
  });

  it('returns null for absent or unreadable values', () => {
    expect(parseRetryAfter(null, NOW)).toBeNull();
    expect(parseRetryAfter('soon', NOW)).toBeNull();
    expect(parseRetryAfter('-5', NOW)).toBeNull();
    expect(parseRetryAfter('1.5', NOW)).toBeNull();
  });
});

describe('parseMaxAge', () => {
  it('reads max-age, preferring it over s-maxage', () => {
    expect(parseMaxAge('public, max-age=600')).toBe(600);
    expect(parseMaxAge('s-maxage=60, max-age=900')).toBe(900);
    expect(parseMaxAge('MAX-AGE="300"')).toBe(300);
  });

  it('falls back to s-maxage', () => {
    expect(parseMaxAge('public, s-maxage=1800')).toBe(1800);
  });

  it('returns null without a usable directive', () => {
    expect(parseMaxAge(null)).toBeNull();
    expect(parseMaxAge('no-cache')).toBeNull();
    expect(parseMaxAge('max-age=abc')).toBeNull();
  });
});

describe('headerValue and parseContentLength', () => {
  it('takes the first of repeated headers and ignores blanks', () => {
    expect(headerValue({ etag: ['"a"', '"b"'] }, 'etag')).toBe('"a"');
    expect(headerValue({ etag: '  ' }, 'etag')).toBeNull();
    expect(headerValue({}, 'etag')).toBeNull();
  });

  it('parses Content-Length only when it is a plain number', () => {
    expect(parseContentLength({ 'content-length': '1024' })).toBe(1024);
    expect(parseContentLength({ 'content-length': '12abc' })).toBeNull();
    expect(parseContentLength({})).toBeNull();
  });
});
