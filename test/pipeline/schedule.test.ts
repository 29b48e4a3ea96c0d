import { describe, expect, it } from 'vitest';
import { nextPollAfterFailure, nextPollAfterSuccess, outsideSkipWindows, shouldDisable, type ScheduleSettings } from '../../src/pipeline/schedule.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const settings: ScheduleSettings = {
  minIntervalMs: 5 * MIN,
  maxIntervalMs: 24 * HOUR,
  jitterMs: 30_000,
  backoffInitialMs: 5 * MIN,
  backoffMaxMs: 24 * HOUR,
  disableAfterFailures: 10,
  disableAfterSpanMs: 48 * HOUR,
};
const now = new Date('2026-03-02T10:00:00Z'); // a Monday
const noJitter = (): number => 0;
const delayOf = (date: Date): number => date.getTime() - now.getTime();

describe('nextPollAfterSuccess', () => {
  it('waits the feed interval', () => {
    expect(delayOf(nextPollAfterSuccess(now, 15 * MIN, {}, settings, noJitter))).toBe(15 * MIN);
  });

  it('never polls more often than the minimum interval', () => {
    expect(delayOf(nextPollAfterSuccess(now, 1 * MIN, {}, settings, noJitter))).toBe(5 * MIN);
  });

  it('stretches the interval to the RSS ttl and Cache-Control max-age, up to the maximum', () => {
    expect(delayOf(nextPollAfterSuccess(now, 15 * MIN, { ttlMinutes: 60 }, settings, noJitter))).toBe(60 * MIN);
    expect(delayOf(nextPollAfterSuccess(now, 15 * MIN, { maxAgeSeconds: 7200 }, settings, noJitter))).toBe(2 * HOUR);
    expect(delayOf(nextPollAfterSuccess(now, 15 * MIN, { ttlMinutes: 60 * 24 * 30 }, settings, noJitter))).toBe(24 * HOUR);
  });

  it('does not let a short ttl poll faster than the configured interval', () => {
    expect(delayOf(nextPollAfterSuccess(now, 30 * MIN, { ttlMinutes: 1, maxAgeSeconds: 10 }, settings, noJitter))).toBe(30 * MIN);
  });

  it('adds up to the configured jitter', () => {
    expect(delayOf(nextPollAfterSuccess(now, 15 * MIN, {}, settings, () => 0.999))).toBe(15 * MIN + 29_970);
  });

  it('moves the poll out of skipHours and skipDays', () => {
    const next = nextPollAfterSuccess(now, 15 * MIN, { skipHours: [10, 11, 12] }, settings, noJitter);
    expect(next.toISOString()).toBe('2026-03-02T13:00:00.000Z');
    expect(outsideSkipWindows(new Date('2026-03-07T09:00:00Z'), { skipDays: [6, 0] }).toISOString()).toBe('2026-03-09T00:00:00.000Z');
  });

  it('ignores skip hints that would skip every hour', () => {
    const all = Array.from({ length: 24 }, (_, h) => h);
    expect(delayOf(nextPollAfterSuccess(now, 15 * MIN, { skipHours: all }, settings, noJitter))).toBe(15 * MIN);
  });
});

describe('nextPollAfterFailure', () => {
  it('backs off from 5 minutes, doubling, capped at 24 hours', () => {
    const delays = [1, 2, 3, 4, 10, 40].map((n) => delayOf(nextPollAfterFailure(now, n, null, settings, noJitter)));
    expect(delays).toEqual([5 * MIN, 10 * MIN, 20 * MIN, 40 * MIN, 24 * HOUR, 24 * HOUR]);
  });

  it('honours a longer Retry-After', () => {
    expect(delayOf(nextPollAfterFailure(now, 1, 3600, settings, noJitter))).toBe(HOUR);
    expect(delayOf(nextPollAfterFailure(now, 3, 60, settings, noJitter))).toBe(20 * MIN);
  });
});

describe('shouldDisable', () => {
  it('needs both enough failures and enough time', () => {
    const since = new Date(now.getTime() - 49 * HOUR);
    expect(shouldDisable(10, since, now, settings)).toBe(true);
    expect(shouldDisable(9, since, now, settings)).toBe(false);
    expect(shouldDisable(50, new Date(now.getTime() - 47 * HOUR), now, settings)).toBe(false);
  });
});
