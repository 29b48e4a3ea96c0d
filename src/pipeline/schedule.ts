// When to poll a feed next: its interval stretched by the feed's own hints, backoff on failure,
// and when a failing feed should be given up on. Pure functions of their inputs.

export interface ScheduleSettings {
  minIntervalMs: number;
  maxIntervalMs: number;
  jitterMs: number;
  backoffInitialMs: number;
  backoffMaxMs: number;
  disableAfterFailures: number;
  disableAfterSpanMs: number;
}

export interface FeedHints {
  /** RSS <ttl> in minutes. */
  ttlMinutes?: number | null;
  /** Cache-Control max-age of the last response. */
  maxAgeSeconds?: number | null;
  /** UTC hours 0-23 the feed asks us to skip. */
  skipHours?: readonly number[];
  /** Days 0 (Sunday)-6 the feed asks us to skip. */
  skipDays?: readonly number[];
}

const HOUR = 3_600_000;

/**
 * The next poll after a successful fetch (200 or 304): the feed's interval, stretched by <ttl> or
 * max-age up to maxIntervalMs but never below minIntervalMs, plus jitter, moved out of skip windows.
 */
export function nextPollAfterSuccess(
  now: Date,
  intervalMs: number,
  hints: FeedHints,
  settings: ScheduleSettings,
  random: () => number,
): Date {
  const hinted = Math.max((hints.ttlMinutes ?? 0) * 60_000, (hints.maxAgeSeconds ?? 0) * 1_000);
  const stretched = Math.max(intervalMs, Math.min(hinted, settings.maxIntervalMs));
  const delay = Math.max(stretched, settings.minIntervalMs) + Math.floor(random() * settings.jitterMs);
  return outsideSkipWindows(new Date(now.getTime() + delay), hints);
}

/** Moves a time forward, hour by hour, until it is outside the feed's skipHours/skipDays. */
export function outsideSkipWindows(at: Date, hints: FeedHints): Date {
  const hours = new Set(hints.skipHours ?? []);
  const days = new Set(hints.skipDays ?? []);
  // A feed that skips every hour or every day would never be polled; ignore such hints.
  if (hours.size >= 24 || days.size >= 7) return at;
  let t = at;
  for (let i = 0; i < 24 * 8 && (hours.has(t.getUTCHours()) || days.has(t.getUTCDay())); i++) {
    t = new Date(Math.floor(t.getTime() / HOUR) * HOUR + HOUR);
  }
  return t;
}

/**
 * Exponential backoff after the n-th consecutive failure (n ≥ 1): initial, doubling, capped. A
 * server's Retry-After is honoured when it asks for longer.
 */
export function nextPollAfterFailure(
  now: Date,
  consecutiveFailures: number,
  retryAfterSeconds: number | null,
  settings: ScheduleSettings,
  random: () => number,
): Date {
  const exponent = Math.min(Math.max(consecutiveFailures - 1, 0), 30);
  const backoff = Math.min(settings.backoffInitialMs * 2 ** exponent, settings.backoffMaxMs);
  const delay = Math.max(backoff, (retryAfterSeconds ?? 0) * 1_000);
  // A little jitter so feeds on one failing host don't come back in lockstep.
  return new Date(now.getTime() + delay + Math.floor(random() * Math.min(settings.jitterMs, delay / 10)));
}

/**
 * Whether a failure run is long enough to disable the feed: enough failures in a row, spanning
 * enough time that a weekend outage doesn't count.
 */
export function shouldDisable(
  consecutiveFailures: number,
  failingSince: Date,
  now: Date,
  settings: ScheduleSettings,
): boolean {
  return (
    consecutiveFailures >= settings.disableAfterFailures &&
    now.getTime() - failingSince.getTime() >= settings.disableAfterSpanMs
  );
}
