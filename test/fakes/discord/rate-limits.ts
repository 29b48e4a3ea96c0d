// Discord's rate limits as fixed windows: per-route buckets keyed by bucket hash and major parameter,
// and one global window per bot. Checks are O(1) and compute resets lazily, so no timers run.
// @see https://discord.com/developers/docs/topics/rate-limits
import { createHash } from 'node:crypto';
import type { RateWindow } from './types.js';

export interface RouteCheck {
  ok: boolean;
  /** X-RateLimit-* headers to send with the answer (both on success and on 429). */
  headers: Record<string, string>;
  /** Seconds until the bucket resets (the 429 body's retry_after). */
  retryAfter: number;
}

export interface RateLimiter {
  /** Counts one request against the global window; `retryAfter` seconds when exhausted. */
  takeGlobal(now: number): { ok: true } | { ok: false; retryAfter: number };
  /** Counts one request against the bucket of `route` (a template) and `major` (a channel, guild or webhook id). */
  takeRoute(route: string, major: string, window: RateWindow, now: number): RouteCheck;
  /** Bucket headers for an injected 429 on `route`: nothing remaining until `retryAfter` seconds pass. */
  peekHeaders(route: string, window: RateWindow, retryAfter: number, now: number): Record<string, string>;
}

interface Bucket {
  count: number;
  resetAt: number;
}

export function createRateLimiter(global: RateWindow | false): RateLimiter {
  const buckets = new Map<string, Bucket>();
  const hashes = new Map<string, string>();
  let globalBucket: Bucket = { count: 0, resetAt: 0 };

  // Discord names each bucket with an opaque hash shared by the routes it covers.
  const hashOf = (route: string): string => {
    let hash = hashes.get(route);
    if (hash === undefined) hashes.set(route, (hash = createHash('md5').update(route).digest('hex')));
    return hash;
  };
  const current = (key: string, window: RateWindow, now: number): Bucket => {
    let bucket = buckets.get(key);
    if (bucket === undefined || now >= bucket.resetAt) buckets.set(key, (bucket = { count: 0, resetAt: now + window.windowMs }));
    return bucket;
  };
  const headersOf = (route: string, window: RateWindow, remaining: number, resetAt: number, now: number): Record<string, string> => ({
    'x-ratelimit-limit': String(window.limit),
    'x-ratelimit-remaining': String(Math.max(0, remaining)),
    'x-ratelimit-reset': (resetAt / 1000).toFixed(3),
    'x-ratelimit-reset-after': seconds(resetAt - now).toFixed(3),
    'x-ratelimit-bucket': hashOf(route),
  });

  return {
    takeGlobal(now) {
      if (global === false) return { ok: true };
      if (now >= globalBucket.resetAt) globalBucket = { count: 0, resetAt: now + global.windowMs };
      if (globalBucket.count >= global.limit) return { ok: false, retryAfter: seconds(globalBucket.resetAt - now) };
      globalBucket.count += 1;
      return { ok: true };
    },
    takeRoute(route, major, window, now) {
      const bucket = current(`${hashOf(route)}:${major}`, window, now);
      const ok = bucket.count < window.limit;
      if (ok) bucket.count += 1;
      return { ok, headers: headersOf(route, window, window.limit - bucket.count, bucket.resetAt, now), retryAfter: seconds(bucket.resetAt - now) };
    },
    peekHeaders(route, window, retryAfter, now) {
      // An injected 429 leaves the real bucket alone and resets when Retry-After says.
      return headersOf(route, window, 0, now + retryAfter * 1000, now);
    },
  };
}

/** Milliseconds to seconds, rounded up to the millisecond so a client never wakes too early. */
function seconds(ms: number): number {
  return Math.ceil(Math.max(0, ms)) / 1000;
}
