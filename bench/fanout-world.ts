// The fan-out benchmark's world: a Discord guild and a Slack workspace with many channels, both
// fakes limited like the real platforms, and a store where every channel subscribes to the one
// story that is about to arrive.
import { startFakeDiscord, DEFAULT_IDS, PERMISSIONS, type FakeDiscord, type SeedGuild } from '../test/fakes/discord/fake-discord.js';
import { startFakeSlack, type FakeSlack, type RateLimit } from '../test/fakes/slack/fake-slack.js';
import type { ChannelRef } from '../src/domain/subscription.js';
import { HeraldError } from '../src/errors.js';
import type { SqliteStore } from '../src/store/index.js';

/**
 * Discord: 50 requests/s per bot (global) and 5 messages per 5 s per channel.
 * @see https://discord.com/developers/docs/topics/rate-limits#global-rate-limit
 */
export const DISCORD_LIMITS = { globalRateLimit: { limit: 50, windowMs: 1_000 }, messageRateLimit: { limit: 5, windowMs: 5_000 } } as const;
/**
 * Slack chat.postMessage: one message per second per channel (no burst credit: the strictest
 * reading). The workspace-wide limit is only described as "several hundred messages per minute",
 * so it is off unless asked for.
 * @see https://docs.slack.dev/reference/methods/chat.postMessage#rate-limiting
 */
export const SLACK_CHANNEL_LIMIT: RateLimit = { perSecond: 1, burst: 1 };

const GUILD_ID = DEFAULT_IDS.guild;
const BOT_ROLE = DEFAULT_IDS.botRole;
// Snowflake-shaped channel ids, well clear of the default seed's.
const FIRST_DISCORD_CHANNEL = 1_300_000_000_010_000_000n;

export interface FanoutWorld {
  discord: FakeDiscord;
  slack: FakeSlack;
  discordChannels: ChannelRef[];
  slackChannels: ChannelRef[];
  /** Stops both fakes (after the platforms were stopped: a live client reconnects otherwise). */
  close(): Promise<void>;
}

/** Starts both fakes with `perPlatform` text channels each that the bot may post in. */
export async function startFanoutWorld(perPlatform: number, slackWorkspacePerMinute: number | null): Promise<FanoutWorld> {
  const discordIds = Array.from({ length: perPlatform }, (_, i) => String(FIRST_DISCORD_CHANNEL + BigInt(i)));
  const slackIds = Array.from({ length: perPlatform }, (_, i) => `C${String(i).padStart(8, '0')}`);
  const guild: SeedGuild = {
    id: GUILD_ID,
    name: 'Herald Fan-out Guild',
    ownerId: DEFAULT_IDS.owner,
    roles: [{ id: BOT_ROLE, name: 'Herald', permissions: PERMISSIONS.ViewChannel | PERMISSIONS.SendMessages | PERMISSIONS.EmbedLinks | PERMISSIONS.ReadMessageHistory, position: 1, managed: true }],
    members: [{ user: { id: DEFAULT_IDS.owner, username: 'owner' } }],
    botRoleIds: [BOT_ROLE],
    channels: discordIds.map((id, i) => ({ id, name: `news-${i}`, position: i })),
  };
  const discord = await startFakeDiscord({ guilds: [guild], ...DISCORD_LIMITS });
  let slack: FakeSlack;
  try {
    slack = await startFakeSlack({
      channels: slackIds.map((id, i) => ({ id, name: `news-${i}` })),
      rateLimit: SLACK_CHANNEL_LIMIT,
      // A token bucket holding a minute's worth would let any short run through: ten seconds' worth.
      workspaceRateLimit: slackWorkspacePerMinute === null ? false : { perSecond: slackWorkspacePerMinute / 60, burst: Math.max(1, Math.round(slackWorkspacePerMinute / 6)) },
    });
  } catch (error) {
    await discord.close();
    throw error;
  }
  return {
    discord,
    slack,
    discordChannels: discordIds.map((channelId) => ({ platform: 'discord', workspaceId: GUILD_ID, channelId })),
    slackChannels: slackIds.map((channelId) => ({ platform: 'slack', workspaceId: slack.team.id, channelId })),
    close: async () => {
      await slack.close();
      await discord.close();
    },
  };
}

/**
 * Subscribes every channel (Discord and Slack alternating, as subscriptions accumulate in a real
 * deployment) to copyright news, then stores one fresh item and its analysis the way a poll and
 * the analysis stage do: the analysis transaction writes one outbox row per channel.
 * Returns the number of outbox rows written.
 */
export function subscribeAndStoreStory(store: SqliteStore, world: Pick<FanoutWorld, 'discordChannels' | 'slackChannels'>, now: Date): number {
  const before = new Date(now.getTime() - 60_000);
  const count = Math.max(world.discordChannels.length, world.slackChannels.length);
  for (let i = 0; i < count; i++) {
    for (const channel of [world.discordChannels[i], world.slackChannels[i]]) {
      if (channel === undefined) continue;
      // Half follow the topic, half everything: both kinds of match.
      const topic = i % 2 === 0 ? 'copyright-law' : '*';
      store.upsertSubscription({ ...channel, topic, keywords: [], exclude: [], mode: 'instant', mention: null, createdBy: 'bench-moderator' }, before);
    }
  }
  const feed = store.addFeed({ url: 'https://torrentfreak.example/feed/', title: 'TorrentFreak', intervalSeconds: 900, now: before }).feed;
  const url = 'https://torrentfreak.example/2025/court-orders-isps-to-block-pirate-sites/';
  const title = 'Court orders ISPs to block pirate sites under a dynamic injunction';
  const text = 'The court found that the site had induced copyright infringement on a massive scale and ordered internet providers to block its domains, including mirror sites that appear after the ruling.';
  const result = store.recordPollSuccess(feed.id, {
    now,
    nextPollAt: new Date(now.getTime() + 900_000),
    validators: { etag: null, lastModified: null },
    items: [
      {
        identity: `url:${url}`, aliases: [], guid: null, url, title, text, html: null, publishedAt: now.toISOString(), updatedAt: null,
        dateEstimated: false, language: 'en', categories: ['Copyright'], author: null, contentHash: 'fanout-story',
      },
    ],
    chooseFresh: (items) => new Set(items.map((item) => item.identity)),
  });
  const item = result.inserted[0];
  if (item === undefined) throw new HeraldError('internal', 'the fan-out story was not stored');
  store.recordAnalysis(item.id, {
    lang: 'en',
    topics: ['copyright-law'],
    scores: { 'copyright-law': 6.5 },
    evidence: {},
    summary: 'A court ordered internet providers to block a piracy site and its future mirrors.',
    storyId: item.id,
    analyzedAt: now.toISOString(),
  });
  return store.statusFigures({ platform: 'discord', workspaceId: GUILD_ID }).backlog + store.statusFigures({ platform: 'slack', workspaceId: world.slackChannels[0]?.workspaceId ?? '' }).backlog;
}
