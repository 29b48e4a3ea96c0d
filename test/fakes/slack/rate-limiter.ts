// Token buckets for Slack's chat.postMessage limit: about one message per second per channel,
// with short bursts allowed.
// @see https://docs.slack.dev/apis/web-api/rate-limits#posting-messages

/** `perSecond` tokens refill continuously up to `burst`; each post takes one. */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

/** The outcome of asking for one token: allowed, or wait `retryAfter` whole seconds (at least 1). */
export type RateDecision = { allowed: true } | { allowed: false; retryAfter: number };

/** One bucket per key; `now` is in milliseconds so a test clock can drive it. */
export function createRateLimiter(limit: RateLimit, now: () => number) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refill = (key: string): { tokens: number; at: number } => {
    const t = now();
    const bucket = buckets.get(key) ?? { tokens: limit.burst, at: t };
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((t - bucket.at) / 1000) * limit.perSecond);
    bucket.at = t;
    buckets.set(key, bucket);
    return bucket;
  };
  return {
    /** Whether a call would pass now, without spending a token. */
    peek(key: string): RateDecision {
      const bucket = refill(key);
      // Slack sends whole seconds; rounding up keeps a client that obeys it from being refused again.
      return bucket.tokens >= 1 ? { allowed: true } : { allowed: false, retryAfter: Math.max(1, Math.ceil((1 - bucket.tokens) / limit.perSecond)) };
    },
    /** Spends a token if one is there. */
    take(key: string): RateDecision {
      const decision = this.peek(key);
      if (decision.allowed) refill(key).tokens -= 1;
      return decision;
    },
  };
}
