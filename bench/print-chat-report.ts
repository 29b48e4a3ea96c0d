// The chat part of the benchmark report: fan-out throughput per platform against the rate Herald
// paces it at, 429s and alerts per channel at the fakes, and command latency percentiles.
import type { CommandsResult, FanoutPlatformFigures, FanoutResult, LatencyFigures } from './bench-results.js';
import type { TargetResult } from './print-report.js';
import { count, megabytes, milliseconds, percent, seconds, table } from './report-format.js';

/** What the chat children reported; each part is absent when it was skipped. */
export interface ChatFigures {
  fanout?: FanoutResult;
  commands?: CommandsResult;
}

/**
 * The chat issue's targets: fan-out at ≥ 90 % of the allowed rate with no 429 (the allowed rate
 * being the one Herald paces each platform at, see {@link fanoutRate}), and p99 < 250 ms for
 * recent and search at 20 commands/s.
 */
export const CHAT_TARGETS = { shareOfPacedRate: 0.9, commandP99Ms: 250 } as const;

const PLATFORM_NAMES = { discord: 'Discord', slack: 'Slack' } as const;

/**
 * Messages per second from the platform's first post to the end of its last, and that as a share
 * of the rate Herald paces the platform at: the rate it allows itself because the platform allows
 * it (Discord: 45/s under the published 50/s; Slack: 8/s, its workspace limit being "several hundred a minute").
 */
export function fanoutRate(platform: FanoutPlatformFigures): { perSecond: number; shareOfPaced: number } {
  const spanMs = platform.lastEndMs - platform.firstStartMs;
  const perSecond = platform.messages > 0 && spanMs > 0 ? platform.messages / (spanMs / 1_000) : 0;
  return { perSecond, shareOfPaced: perSecond / platform.pacedPerSecond };
}

export function chatTargets(chat: ChatFigures): TargetResult[] {
  const targets: TargetResult[] = [];
  if (chat.fanout) {
    for (const platform of chat.fanout.platforms) {
      const { perSecond, shareOfPaced } = fanoutRate(platform);
      targets.push({
        name: `fan-out to ${count(platform.channels)} ${PLATFORM_NAMES[platform.platform]} channels ≥ ${percent(CHAT_TARGETS.shareOfPacedRate)} of the paced ${platform.pacedPerSecond}/s, no 429`,
        value: `${perSecond.toFixed(1)} msg/s (${percent(shareOfPaced)}), ${platform.rateLimitHits} × 429`,
        met: shareOfPaced >= CHAT_TARGETS.shareOfPacedRate && platform.rateLimitHits === 0,
      });
    }
    const exact = chat.fanout.platforms.reduce((sum, p) => sum + p.channelsWithOne, 0);
    targets.push({
      name: `fan-out: exactly one alert in each of ${count(chat.fanout.channels)} channels, every outbox row sent`,
      value: `${count(exact)} / ${count(chat.fanout.channels)}, ${count(chat.fanout.sentRows)} / ${count(chat.fanout.outboxRows)} sent`,
      met: exact === chat.fanout.channels && chat.fanout.sentRows === chat.fanout.outboxRows,
    });
  }
  if (chat.commands) {
    const { commands } = chat;
    for (const figures of [commands.recent, commands.search]) {
      targets.push({
        name: `/news ${figures.kind.split(' ')[0] ?? ''} p99 < ${CHAT_TARGETS.commandP99Ms} ms at ${commands.perSecond} commands/s over ${count(commands.items)} items`,
        value: milliseconds(figures.p99),
        met: figures.p99 < CHAT_TARGETS.commandP99Ms && figures.count > 0,
      });
    }
  }
  return targets;
}

export function renderChat(chat: ChatFigures): string[] {
  return [...(chat.fanout ? renderFanout(chat.fanout) : []), ...(chat.fanout && chat.commands ? [''] : []), ...(chat.commands ? renderCommands(chat.commands) : [])];
}

function renderFanout(fanout: FanoutResult): string[] {
  const perPlatform = fanout.platforms.map((p) => `${count(p.channels)} ${PLATFORM_NAMES[p.platform]}`).join(' + ');
  const slackLimit = fanout.slackWorkspacePerMinute === null ? 'no workspace-wide limit' : `a workspace-wide limit of ${count(fanout.slackWorkspacePerMinute)}/min`;
  const rows = [
    ['  platform', 'messages', 'time', 'msg/s', 'paced at', 'of paced', 'published limit', '429s', 'channels with one alert'],
    ...fanout.platforms.map((p) => {
      const { perSecond, shareOfPaced } = fanoutRate(p);
      const limit = p.platformLimitPerSecond === null ? '—' : `${p.platformLimitPerSecond}/s (${percent(perSecond / p.platformLimitPerSecond)})`;
      return [
        `  ${PLATFORM_NAMES[p.platform]}`,
        count(p.messages),
        seconds(p.lastEndMs - p.firstStartMs),
        perSecond.toFixed(1),
        `${p.pacedPerSecond}/s`,
        percent(shareOfPaced),
        limit,
        String(p.rateLimitHits),
        `${count(p.channelsWithOne)} / ${count(p.channels)}`,
      ];
    }),
  ];
  const anomalies = fanout.platforms.flatMap((p) => [
    ...(p.channelsWithNone > 0 ? [`  ${PLATFORM_NAMES[p.platform]}: ${count(p.channelsWithNone)} channels got nothing`] : []),
    ...(p.channelsWithMore > 0 ? [`  ${PLATFORM_NAMES[p.platform]}: ${count(p.channelsWithMore)} channels got the alert more than once`] : []),
    ...(p.failedPosts > 0 ? [`  ${PLATFORM_NAMES[p.platform]}: ${count(p.failedPosts)} of ${count(p.posts)} posts failed and were retried`] : []),
  ]);
  return [
    `chat fan-out — one story to ${count(fanout.channels)} subscribed channels (${perPlatform}) through the real store, dispatcher and adapters ` +
      `against the fakes (Discord 50/s global and 5 per 5 s per channel; Slack 1/s per channel, ${slackLimit}); ` +
      `${fanout.rounds} dispatcher rounds of up to ${count(fanout.batchSize)} rows back to back, ${seconds(fanout.ms)} in all; peak RSS ${megabytes(fanout.peakRssBytes)}`,
    ...table(rows),
    ...anomalies,
  ];
}

function renderCommands(commands: CommandsResult): string[] {
  const row = (figures: LatencyFigures, indent: string): string[] => [
    `${indent}${figures.kind}`,
    count(figures.count),
    milliseconds(figures.p50),
    milliseconds(figures.p95),
    milliseconds(figures.p99),
    milliseconds(figures.max),
    `${count(figures.withResults)} / ${count(figures.count)}`,
  ];
  const built = commands.reused ? 'an existing file' : `filled in ${seconds(commands.buildMs)}`;
  return [
    `chat commands — ${count(commands.commands)} /news commands at ${commands.perSecond}/s (open loop: latency counts from when each was due) over ` +
      `${count(commands.items)} items in ${count(commands.stories)} stories (database ${megabytes(commands.databaseBytes)}, ${built}); ` +
      `${count(commands.lateStarts)} started over an interval late; peak RSS ${megabytes(commands.peakRssBytes)}`,
    ...table([
      ['  command', 'count', 'p50', 'p95', 'p99', 'max', 'with results'],
      ...commands.kinds.map((figures) => row(figures, '    ')),
      row(commands.recent, '  '),
      row(commands.search, '  '),
    ]),
  ];
}
