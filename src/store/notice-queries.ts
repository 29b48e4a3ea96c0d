// Feed-health notices: which channels depend on a feed that has failed for a day or was
// disabled, and which of them were told already (once per failure episode).
import type { Notice } from '../chat/alert.js';
import type { ChannelRef, PlatformName } from '../domain/index.js';
import type { StoreContext } from './feed-queries.js';

/** A feed failing this long (without a success in between) is worth a notice. */
export const FAILING_NOTICE_AFTER_MS = 24 * 3_600_000;
/** A channel depends on a feed when it was sent a story from that feed within this time. */
export const DEPENDENCY_WINDOW_MS = 30 * 86_400_000;
// Items of a story delivered in the window were published close to it; older items of a feed
// need not be looked at (stories join items only within a few days of each other).
const ITEM_LOOKBACK_MS = 2 * DEPENDENCY_WINDOW_MS;

const PLATFORMS: ReadonlySet<string> = new Set<PlatformName>(['discord', 'slack', 'console']);

export interface DueNotice {
  channel: ChannelRef;
  notice: Notice;
  /** `notice:<kind>:<feed id>:<episode start>:<platform>:<workspace>:<channel>`. */
  key: string;
}

interface UnhealthyFeedRow {
  id: number;
  url: string;
  title: string | null;
  scope: string;
  consecutive_failures: number;
  failing_since: string | null;
  last_error: string | null;
  next_poll_at: string;
  disabled_at: string | null;
  disabled_reason: string | null;
}

interface ChannelRow {
  platform: PlatformName;
  workspace_id: string;
  channel_id: string;
}

/**
 * For each feed failing for at least a day, or disabled, the channels that depend on it and were
 * not told about this episode yet. A channel depends on a feed when one of its active
 * subscriptions was sent a story with an item of that feed in the last 30 days, or when its
 * workspace added the feed. A recovery and a new failure make a new episode (a new key).
 */
export function dueNotices(ctx: StoreContext, now: Date): DueNotice[] {
  const feeds = ctx.prepare(
    `SELECT id, url, title, scope, consecutive_failures, failing_since, last_error, next_poll_at, disabled_at, disabled_reason
     FROM feeds WHERE disabled_at IS NOT NULL OR failing_since <= ? ORDER BY id`,
  ).all(new Date(now.getTime() - FAILING_NOTICE_AFTER_MS).toISOString()) as UnhealthyFeedRow[];
  const due: DueNotice[] = [];
  for (const feed of feeds) {
    const notice = noticeFor(feed);
    const episode = feed.disabled_at ?? feed.failing_since;
    if (episode === null) continue;
    for (const channel of dependentChannels(ctx, feed, now)) {
      const key = ['notice', notice.kind, feed.id, episode, channel.platform, channel.workspace_id, channel.channel_id].join(':');
      if (ctx.prepare('SELECT 1 FROM notices_sent WHERE key = ?').get(key) !== undefined) continue;
      due.push({ channel: { platform: channel.platform, workspaceId: channel.workspace_id, channelId: channel.channel_id }, notice, key });
    }
  }
  return due;
}

/** Remembers that a notice went out; recording it twice is harmless. */
export function markNoticeSent(ctx: StoreContext, key: string, now: Date): void {
  ctx.prepare('INSERT INTO notices_sent (key, sent_at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING').run(key, now.toISOString());
}

function noticeFor(feed: UnhealthyFeedRow): Notice {
  const subject = { id: feed.id, title: feed.title, url: feed.url };
  if (feed.disabled_at !== null) {
    return { kind: 'feed-disabled', feed: subject, failures: feed.consecutive_failures, reason: feed.disabled_reason ?? feed.last_error ?? 'disabled' };
  }
  return {
    kind: 'feed-failing',
    feed: subject,
    failures: feed.consecutive_failures,
    failingSince: feed.failing_since ?? '',
    lastError: feed.last_error ?? 'unknown error',
    nextAttemptAt: feed.next_poll_at,
  };
}

function dependentChannels(ctx: StoreContext, feed: UnhealthyFeedRow, now: Date): ChannelRow[] {
  const delivered = ctx.prepare(
    `SELECT DISTINCT subscriptions.platform, subscriptions.workspace_id, subscriptions.channel_id
     FROM items
     JOIN deliveries ON deliveries.story_id = items.story_id
     JOIN subscriptions ON subscriptions.id = deliveries.subscription_id
     WHERE items.feed_id = @feed AND items.published_at >= @lookback AND items.story_id IS NOT NULL
       AND deliveries.status = 'sent' AND deliveries.sent_at >= @window AND subscriptions.paused_at IS NULL
       -- A workspace's own feed is never named to another workspace, even one that got the same story.
       AND (@scope = 'global' OR @scope = subscriptions.platform || ':' || subscriptions.workspace_id)`,
  ).all({
    feed: feed.id,
    scope: feed.scope,
    lookback: new Date(now.getTime() - ITEM_LOOKBACK_MS).toISOString(),
    window: new Date(now.getTime() - DEPENDENCY_WINDOW_MS).toISOString(),
  }) as ChannelRow[];
  const owner = ownerOf(feed.scope);
  const owned = owner === null
    ? []
    : (ctx.prepare(
        `SELECT DISTINCT platform, workspace_id, channel_id FROM subscriptions
         WHERE platform = ? AND workspace_id = ? AND paused_at IS NULL`,
      ).all(owner.platform, owner.workspaceId) as ChannelRow[]);
  const unique = new Map<string, ChannelRow>();
  for (const channel of [...delivered, ...owned]) unique.set(JSON.stringify([channel.platform, channel.workspace_id, channel.channel_id]), channel);
  return [...unique.values()].sort(
    (a, b) => a.platform.localeCompare(b.platform) || a.workspace_id.localeCompare(b.workspace_id) || a.channel_id.localeCompare(b.channel_id),
  );
}

/** "discord:1234" → the workspace that added the feed; null for the catalogue ('global'). */
function ownerOf(scope: string): { platform: PlatformName; workspaceId: string } | null {
  const colon = scope.indexOf(':');
  if (colon === -1) return null;
  const platform = scope.slice(0, colon);
  if (!PLATFORMS.has(platform)) return null;
  return { platform: platform as PlatformName, workspaceId: scope.slice(colon + 1) };
}
