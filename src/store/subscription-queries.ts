// Channel subscriptions: create or replace, remove, list and pause them; rows to domain objects.
import type { WorkspaceRef } from '../chat/commands/command-store.js';
import type { ChannelRef, Mention, Subscription, SubscriptionRequest } from '../domain/index.js';
import type { StoreContext } from './feed-queries.js';

export interface SubscriptionRow {
  id: number;
  platform: Subscription['platform'];
  workspace_id: string;
  channel_id: string;
  topic: string;
  keywords: string;
  exclude: string;
  mode: Subscription['mode'];
  mention: string | null;
  created_by: string;
  created_at: string;
  paused_reason: string | null;
  paused_at: string | null;
}

/** The columns {@link subscriptionFromRow} reads, qualified so they survive joins. */
export const SUBSCRIPTION_COLUMNS = [
  'id', 'platform', 'workspace_id', 'channel_id', 'topic', 'keywords', 'exclude', 'mode', 'mention',
  'created_by', 'created_at', 'paused_reason', 'paused_at',
].map((column) => `subscriptions.${column}`).join(', ');

/** Rows prefixed `sub_` when selected beside a delivery (whose columns share some names). */
export const SUBSCRIPTION_COLUMNS_PREFIXED = SUBSCRIPTION_COLUMNS.split(', ')
  .map((column) => `${column} AS sub_${column.slice('subscriptions.'.length)}`)
  .join(', ');

export function subscriptionFromRow(row: SubscriptionRow): Subscription {
  return {
    id: row.id,
    platform: row.platform,
    workspaceId: row.workspace_id,
    channelId: row.channel_id,
    topic: row.topic,
    keywords: JSON.parse(row.keywords) as string[],
    exclude: JSON.parse(row.exclude) as string[],
    mode: row.mode,
    mention: row.mention === null ? null : (JSON.parse(row.mention) as Mention),
    createdBy: row.created_by,
    createdAt: row.created_at,
    pausedReason: row.paused_reason,
    pausedAt: row.paused_at,
  };
}

/** Reads back a `sub_`-prefixed row (see {@link SUBSCRIPTION_COLUMNS_PREFIXED}). */
export function subscriptionFromPrefixedRow(row: Record<string, unknown>): Subscription {
  const plain: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) if (key.startsWith('sub_')) plain[key.slice(4)] = value;
  return subscriptionFromRow(plain as unknown as SubscriptionRow);
}

/** The feed scope a workspace's own feeds carry, e.g. "discord:1234". */
export function workspaceScope(workspace: WorkspaceRef): string {
  return `${workspace.platform}:${workspace.workspaceId}`;
}

export function getSubscription(ctx: StoreContext, id: number): Subscription | null {
  const row = ctx.prepare(`SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE id = ?`).get(id) as SubscriptionRow | undefined;
  return row ? subscriptionFromRow(row) : null;
}

/**
 * Creates the channel's subscription to the topic, or replaces its settings (same id and
 * creation time, so the deliveries it has stay; createdBy becomes the moderator who asked now).
 * Either way it is active afterwards. Stories waiting for a digest are released at once when
 * the new mode is instant.
 */
export function upsertSubscription(
  ctx: StoreContext,
  request: SubscriptionRequest,
  now: Date,
): { subscription: Subscription; created: boolean } {
  const upsert = ctx.db.transaction(() => {
    const key = { platform: request.platform, workspace_id: request.workspaceId, channel_id: request.channelId, topic: request.topic };
    const existing = ctx.prepare(
      'SELECT id FROM subscriptions WHERE platform = @platform AND workspace_id = @workspace_id AND channel_id = @channel_id AND topic = @topic',
    ).get(key) as { id: number } | undefined;
    const nowIso = now.toISOString();
    const row = ctx.prepare(
      `INSERT INTO subscriptions (platform, workspace_id, channel_id, topic, keywords, exclude, mode, mention, created_by, created_at)
       VALUES (@platform, @workspace_id, @channel_id, @topic, @keywords, @exclude, @mode, @mention, @created_by, @now)
       ON CONFLICT (platform, workspace_id, channel_id, topic) DO UPDATE SET
         keywords = excluded.keywords, exclude = excluded.exclude, mode = excluded.mode, mention = excluded.mention,
         created_by = excluded.created_by, paused_reason = NULL, paused_at = NULL
       RETURNING id`,
    ).get({
      ...key,
      keywords: JSON.stringify(cleanKeywords(request.keywords)),
      exclude: JSON.stringify(cleanKeywords(request.exclude)),
      mode: request.mode,
      mention: request.mention === null ? null : JSON.stringify(request.mention),
      created_by: request.createdBy,
      now: nowIso,
    }) as { id: number };
    if (request.mode === 'instant') {
      ctx.prepare(`UPDATE deliveries SET status = 'pending', next_attempt_at = ? WHERE subscription_id = ? AND status = 'digest'`).run(nowIso, row.id);
    }
    const subscription = getSubscription(ctx, row.id);
    if (!subscription) throw new Error(`subscription ${row.id} vanished right after upsert`);
    return { subscription, created: existing === undefined };
  });
  return upsert.immediate();
}

/** Deletes the channel's subscription to `topic` (all of the channel's when null) and their deliveries. */
export function removeSubscriptions(ctx: StoreContext, channel: ChannelRef, topic: string | null): number {
  const params = { platform: channel.platform, workspace_id: channel.workspaceId, channel_id: channel.channelId, topic };
  const where = 'platform = @platform AND workspace_id = @workspace_id AND channel_id = @channel_id';
  return topic === null
    ? ctx.prepare(`DELETE FROM subscriptions WHERE ${where}`).run(params).changes
    : ctx.prepare(`DELETE FROM subscriptions WHERE ${where} AND topic = @topic`).run(params).changes;
}

/** The channel's subscriptions, or the whole workspace's when `channelId` is null; by channel, then topic. */
export function listSubscriptions(ctx: StoreContext, workspace: WorkspaceRef, channelId: string | null): Subscription[] {
  const params = { platform: workspace.platform, workspace_id: workspace.workspaceId, channel_id: channelId };
  const rows = (channelId === null
    ? ctx.prepare(
        `SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE platform = @platform AND workspace_id = @workspace_id ORDER BY channel_id, topic, id`,
      ).all(params)
    : ctx.prepare(
        `SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions
         WHERE platform = @platform AND workspace_id = @workspace_id AND channel_id = @channel_id ORDER BY topic, id`,
      ).all(params)) as SubscriptionRow[];
  return rows.map(subscriptionFromRow);
}

/**
 * Pauses every subscription of the channel (one permanent error speaks for the whole channel).
 * An earlier pause keeps its time; the reason becomes the latest one. Returns them all.
 */
export function pauseChannel(ctx: StoreContext, channel: ChannelRef, reason: string, now: Date): Subscription[] {
  const rows = ctx.prepare(
    `UPDATE subscriptions SET paused_reason = @reason, paused_at = coalesce(paused_at, @now)
     WHERE platform = @platform AND workspace_id = @workspace_id AND channel_id = @channel_id
     RETURNING ${SUBSCRIPTION_COLUMNS.replaceAll('subscriptions.', '')}`,
  ).all({ reason, now: now.toISOString(), platform: channel.platform, workspace_id: channel.workspaceId, channel_id: channel.channelId }) as SubscriptionRow[];
  return rows.map(subscriptionFromRow).sort((a, b) => a.topic.localeCompare(b.topic) || a.id - b.id);
}

/** Every subscription, paused ones included (their deliveries wait), for the matcher. */
export function allSubscriptions(ctx: StoreContext): Subscription[] {
  const rows = ctx.prepare(`SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions ORDER BY id`).all() as SubscriptionRow[];
  return rows.map(subscriptionFromRow);
}

/** Changes whenever any subscription is added, changed or removed, by any connection. */
export function subscriptionVersion(ctx: StoreContext): number {
  return (ctx.prepare('SELECT version FROM subscription_version WHERE id = 1').get() as { version: number }).version;
}

function cleanKeywords(keywords: readonly string[]): string[] {
  return [...new Set(keywords.map((keyword) => keyword.trim()).filter((keyword) => keyword !== ''))];
}
