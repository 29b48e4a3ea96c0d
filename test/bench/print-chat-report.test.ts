// The chat part of the report: fan-out rate against the paced rate, 429s and alerts per channel,
// command latency percentiles, each target marked met or MISSED from the figures.
import { describe, expect, it } from 'vitest';
import type { CommandsResult, FanoutPlatformFigures, FanoutResult, LatencyFigures } from '../../bench/bench-results.js';
import { chatTargets, fanoutRate, renderChat } from '../../bench/print-chat-report.js';

function platform(overrides: Partial<FanoutPlatformFigures>): FanoutPlatformFigures {
  return {
    platform: 'discord', channels: 1_000, messages: 1_000, channelsWithOne: 1_000, channelsWithNone: 0, channelsWithMore: 0, posts: 1_000, failedPosts: 0,
    firstStartMs: 100, lastEndMs: 22_322, pacedPerSecond: 45, platformLimitPerSecond: 50, rateLimitHits: 0,
    ...overrides,
  };
}

function fanout(platforms: FanoutPlatformFigures[], overrides: Partial<FanoutResult> = {}): FanoutResult {
  return { kind: 'fanout', channels: 2_000, outboxRows: 2_000, sentRows: 2_000, rounds: 4, batchSize: 500, ms: 50_000, slackWorkspacePerMinute: null, platforms, peakRssBytes: 190e6, ...overrides };
}

const slack = (overrides: Partial<FanoutPlatformFigures> = {}): FanoutPlatformFigures =>
  platform({ platform: 'slack', firstStartMs: 100, lastEndMs: 50_050, pacedPerSecond: 20, platformLimitPerSecond: null, ...overrides });

function latency(kind: string, p99: number): LatencyFigures {
  return { kind, count: 90, p50: 2, p95: p99 / 2, p99, max: p99 + 10, withResults: 90 };
}

function commands(recentP99: number, searchP99: number): CommandsResult {
  return {
    kind: 'commands', items: 1_000_000, stories: 400_000, databaseBytes: 1.8e9, buildMs: 72_000, reused: false, perSecond: 20, commands: 600, elapsedMs: 30_000, lateStarts: 3,
    kinds: [latency('recent', recentP99), latency('search common word', searchP99)], recent: latency('recent (all)', recentP99), search: latency('search (all)', searchP99), peakRssBytes: 400e6,
  };
}

describe('fanoutRate', () => {
  it('counts messages from the first post to the end of the last, against the paced rate', () => {
    // 1,000 messages in 22.222 s = 45/s = 100 % of 45/s.
    const rate = fanoutRate(platform({}));
    expect(rate.perSecond).toBeCloseTo(45, 1);
    expect(rate.shareOfPaced).toBeCloseTo(1, 2);
    expect(fanoutRate(platform({ messages: 0, lastEndMs: 0, firstStartMs: 0 })).perSecond).toBe(0);
  });
});

describe('chatTargets', () => {
  it('meets the fan-out targets at the paced rate with no 429 and one alert per channel', () => {
    const targets = chatTargets({ fanout: fanout([platform({}), slack()]), commands: commands(90, 135) });
    expect(targets.map((t) => [t.value, t.met])).toEqual([
      ['45.0 msg/s (100%), 0 × 429', true],
      ['20.0 msg/s (100%), 0 × 429', true],
      ['2,000 / 2,000, 2,000 / 2,000 sent', true],
      ['90 ms', true],
      ['135 ms', true],
    ]);
    expect(targets[3]?.name).toBe('/news recent p99 < 250 ms at 20 commands/s over 1,000,000 items');
  });

  it('misses a platform that is slow or drew a 429, a channel that got two alerts, and a slow p99', () => {
    const slow = platform({ lastEndMs: 43_100 });
    const limited = slack({ rateLimitHits: 3 });
    const doubled = fanout([slow, limited], { sentRows: 1_999 });
    const targets = chatTargets({ fanout: { ...doubled, platforms: [slow, { ...limited, channelsWithOne: 999, channelsWithMore: 1 }] }, commands: commands(250, 1_400) });
    expect(targets.map((t) => t.met)).toEqual([false, false, false, false, false]);
    expect(targets[0]?.value).toBe('23.3 msg/s (52%), 0 × 429');
  });

  it('has no chat targets when the chat benchmarks were skipped', () => {
    expect(chatTargets({})).toEqual([]);
  });
});

describe('renderChat', () => {
  it('prints a row per platform and per command kind with the figures', () => {
    const text = renderChat({ fanout: fanout([platform({}), slack({ channelsWithNone: 2, channelsWithOne: 998 })]), commands: commands(90, 135) }).join('\n');
    expect(text).toMatch(/Discord\s+1,000\s+22\.22 s\s+45\.0\s+45\/s\s+100%\s+50\/s \(90%\)\s+0\s+1,000 \/ 1,000/);
    expect(text).toMatch(/Slack\s+1,000\s+49\.95 s\s+20\.0\s+20\/s\s+100%\s+—\s+0\s+998 \/ 1,000/);
    expect(text).toContain('Slack: 2 channels got nothing');
    expect(text).toMatch(/search common word\s+90\s+2\.0 ms\s+68 ms\s+135 ms\s+145 ms\s+90 \/ 90/);
    expect(text).toContain('4 dispatcher rounds of up to 500 rows');
  });
});
