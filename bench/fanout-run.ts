// Child process: one story fanned out to many subscribed channels, half on Discord and half on
// Slack, through the real store, dispatcher and platform adapters (discord.js, Bolt) against the
// fakes on 127.0.0.1, until every outbox row is sent. Measures each platform's messages/s against
// the rate Herald paces it at, and counts 429s and messages per channel at the fakes.
//
//   node dist-bench/bench/fanout-run.js --db FILE --channels 2000 [--batch 500] [--slack-workspace-per-minute N]
import { parseArgs } from 'node:util';
import { simpleReply } from '../src/chat/commands/command.js';
import { createDiscordPlatform } from '../src/chat/discord/discord-platform.js';
import type { ChatPlatform, TopicChoice } from '../src/chat/port.js';
import { createSlackPlatform } from '../src/chat/slack/slack-platform.js';
import type { PlatformName } from '../src/domain/subscription.js';
import { HeraldError } from '../src/errors.js';
import { createLogger } from '../src/logger.js';
import { createDispatcher, DISPATCH_DEFAULTS } from '../src/pipeline/dispatcher.js';
import { sleep } from '../src/pipeline/pacer.js';
import { openSqliteStore, sqliteHandleForTests } from '../src/store/index.js';
import { emitResult, peakRssBytes, type FanoutPlatformFigures, type FanoutResult } from './bench-results.js';
import { DISCORD_LIMITS, startFanoutWorld, subscribeAndStoreStory, type FanoutWorld } from './fanout-world.js';

// Enough for 2,000 channels at Slack's paced 8/s plus retries after a 429 (30 s backoff); a run that
// needs longer reports what was left.
const DEADLINE_MS = 10 * 60_000;
const TOPICS: TopicChoice[] = [{ id: 'copyright-law', label: 'Copyright law' }, { id: 'hacktivism', label: 'Hacktivism' }];

/** When each post started and ended, relative to the start of dispatching. */
interface SendTimes {
  starts: number[];
  ends: number[];
  failures: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { db: { type: 'string' }, channels: { type: 'string' }, batch: { type: 'string' }, 'slack-workspace-per-minute': { type: 'string' } } });
  const dbPath = values.db;
  const channels = Number(values.channels);
  const batchSize = values.batch === undefined ? undefined : Number(values.batch);
  const slackWorkspacePerMinute = values['slack-workspace-per-minute'] === undefined ? null : Number(values['slack-workspace-per-minute']);
  if (dbPath === undefined || !Number.isInteger(channels) || channels < 2 || (batchSize !== undefined && !(batchSize > 0)) || (slackWorkspacePerMinute !== null && !(slackWorkspacePerMinute > 0))) {
    throw new HeraldError('cli/usage', 'usage: fanout-run.js --db FILE --channels N (≥ 2) [--batch N] [--slack-workspace-per-minute N]');
  }
  const perPlatform = Math.floor(channels / 2);
  // Errors only: every 429 and failed send is counted in the result (and a run against a tight
  // Slack workspace limit would print hundreds of warnings).
  const log = createLogger({ level: 'error', fd: 2 });

  const store = openSqliteStore({ path: dbPath });
  const platforms: ChatPlatform[] = [];
  let world: FanoutWorld | undefined;
  try {
    world = await startFanoutWorld(perPlatform, slackWorkspacePerMinute);
    const outboxRows = subscribeAndStoreStory(store, world, new Date());
    platforms.push(
      createDiscordPlatform({ token: world.discord.token, apiUrl: world.discord.apiUrl, guildId: world.discordChannels[0]?.workspaceId ?? null, log }),
      createSlackPlatform({ botToken: world.slack.botToken, appToken: world.slack.appToken, apiUrl: world.slack.apiUrl, log }),
    );
    // Connected as in the service (gateway, Socket Mode, /news registered), so sends share the
    // process with live connections; commands are not part of this measurement.
    for (const platform of platforms) await platform.start(async () => simpleReply('info', 'Not measured here'), TOPICS);
    const hitsBefore = { discord: world.discord.rateLimitHits.length, slack: slackHits(world) };
    const fakes = world;

    const times = new Map<PlatformName, SendTimes>();
    const t0 = performance.now();
    const timedPlatforms = new Map(platforms.map((platform) => [platform.name, timed(platform, t0, times)] as const));
    // The service's dispatcher as chat-service.ts builds it; only the batch size may be changed.
    const dispatcher = createDispatcher({ store, platforms: timedPlatforms, clock: () => new Date(), log, ...(batchSize === undefined ? {} : { batchSize }) });
    let rounds = 0;
    let backlog = outboxRows;
    while (backlog > 0 && performance.now() - t0 < DEADLINE_MS) {
      const summary = await dispatcher.runOnce();
      rounds++;
      backlog = backlogOf(store, fakes);
      // Rows waiting for their retry time: look again shortly, as the delivery tick would.
      if (backlog > 0 && summary.sent === 0) await sleep(1_000);
    }
    const ms = performance.now() - t0;

    const statuses = sqliteHandleForTests(store).prepare('SELECT status, count(*) AS n FROM deliveries GROUP BY status').all() as Array<{ status: string; n: number }>;
    const result: FanoutResult = {
      kind: 'fanout',
      channels: perPlatform * 2,
      outboxRows,
      sentRows: statuses.find((row) => row.status === 'sent')?.n ?? 0,
      rounds,
      batchSize: batchSize ?? DISPATCH_DEFAULTS.batchSize,
      ms,
      slackWorkspacePerMinute,
      platforms: platforms.map((platform) =>
        platformFigures(platform, fakes, times.get(platform.name) ?? { starts: [], ends: [], failures: 0 }, hitsBefore[platform.name === 'discord' ? 'discord' : 'slack']),
      ),
      peakRssBytes: peakRssBytes(),
    };
    emitResult(result);
  } finally {
    // The clients go first: a fake closed under a live discord.js or Bolt client makes it reconnect.
    for (const platform of platforms) await platform.stop().catch(() => undefined);
    // Bolt's stop() resolves before its Socket Mode client has closed the connection; closing the
    // fake under it leaves the client waiting 30 s for a close handshake.
    const closedBy = Date.now() + 5_000;
    while (world !== undefined && world.slack.socketConnections() > 0 && Date.now() < closedBy) await sleep(20);
    await world?.close();
    store.close();
  }
}

/** The platform with each post timed; everything else passes straight through. */
function timed(platform: ChatPlatform, t0: number, times: Map<PlatformName, SendTimes>): ChatPlatform {
  const record: SendTimes = { starts: [], ends: [], failures: 0 };
  times.set(platform.name, record);
  return {
    name: platform.name,
    pacing: platform.pacing,
    start: (handler, topics) => platform.start(handler, topics),
    stop: () => platform.stop(),
    update: (channel, messageId, message) => platform.update(channel, messageId, message),
    findPosted: (channel, key, since) => platform.findPosted(channel, key, since),
    async post(channel, message, key) {
      record.starts.push(performance.now() - t0);
      const result = await platform.post(channel, message, key);
      record.ends.push(performance.now() - t0);
      if (!result.ok) record.failures++;
      return result;
    },
  };
}

function platformFigures(platform: ChatPlatform, world: FanoutWorld, times: SendTimes, hitsBefore: number): FanoutPlatformFigures {
  const discord = platform.name === 'discord';
  const channels = discord ? world.discordChannels : world.slackChannels;
  const perChannel = channels.map((channel) => (discord ? world.discord.messagesIn(channel.channelId).length : world.slack.messagesIn(channel.channelId).length));
  const firstStartMs = times.starts.length === 0 ? 0 : Math.min(...times.starts);
  const lastEndMs = times.ends.length === 0 ? 0 : Math.max(...times.ends);
  return {
    platform: discord ? 'discord' : 'slack',
    channels: channels.length,
    messages: perChannel.reduce((sum, n) => sum + n, 0),
    channelsWithOne: perChannel.filter((n) => n === 1).length,
    channelsWithNone: perChannel.filter((n) => n === 0).length,
    channelsWithMore: perChannel.filter((n) => n > 1).length,
    posts: times.starts.length,
    failedPosts: times.failures,
    firstStartMs,
    lastEndMs,
    pacedPerSecond: platform.pacing.globalPerSecond,
    // Discord publishes its global limit; Slack only "several hundred per minute" per workspace.
    platformLimitPerSecond: discord ? DISCORD_LIMITS.globalRateLimit.limit / (DISCORD_LIMITS.globalRateLimit.windowMs / 1_000) : null,
    rateLimitHits: (discord ? world.discord.rateLimitHits.length : slackHits(world)) - hitsBefore,
  };
}

function slackHits(world: FanoutWorld): number {
  return world.slackChannels.reduce((sum, channel) => sum + world.slack.rateLimitHits(channel.channelId), 0);
}

function backlogOf(store: ReturnType<typeof openSqliteStore>, world: FanoutWorld): number {
  const workspaces = [world.discordChannels[0], world.slackChannels[0]].filter((channel) => channel !== undefined);
  return workspaces.reduce((sum, channel) => sum + store.statusFigures(channel).backlog, 0);
}

await main();
