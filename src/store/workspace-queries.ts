// What one chat workspace sees of the feed catalogue: listing, its own feeds, status figures.
import type { StatusFigures, WorkspaceRef } from '../chat/commands/command-store.js';
import { feedStatus, type Feed } from '../domain/index.js';
import { addFeed, type StoreContext } from './feed-queries.js';
import { FEED_SELECT, feedFromRow, type FeedRow } from './rows.js';
import { listSubscriptions, workspaceScope } from './subscription-queries.js';

/** The catalogue's feeds and the workspace's own, by id. */
export function listWorkspaceFeeds(ctx: StoreContext, workspace: WorkspaceRef): Feed[] {
  const rows = ctx.prepare(`${FEED_SELECT} WHERE feeds.scope IN ('global', ?) ORDER BY feeds.id`).all(workspaceScope(workspace)) as FeedRow[];
  return rows.map(feedFromRow);
}

/**
 * Adds a feed owned by the workspace. It is new, so its first poll goes through the flood guard
 * like any other feed's. A URL already stored (the catalogue's, or another workspace's) is
 * returned as it is: `created` false, and its scope tells whether this workspace sees it.
 */
export function addWorkspaceFeed(
  ctx: StoreContext,
  workspace: WorkspaceRef,
  feed: { url: string; title: string | null },
  now: Date,
  intervalSeconds: number,
): { feed: Feed; created: boolean } {
  const result = addFeed(ctx, { url: feed.url, title: feed.title, intervalSeconds, scope: workspaceScope(workspace), now });
  return { feed: result.feed, created: result.status === 'added' };
}

/** Deletes a feed the workspace added (with its items); false for any other feed. */
export function removeWorkspaceFeed(ctx: StoreContext, workspace: WorkspaceRef, feedId: number): boolean {
  return ctx.prepare('DELETE FROM feeds WHERE id = ? AND scope = ?').run(feedId, workspaceScope(workspace)).changes === 1;
}

/** Health of the feeds the workspace sees, its delivery backlog and its paused subscriptions. */
export function statusFigures(ctx: StoreContext, workspace: WorkspaceRef): StatusFigures {
  const feeds = listWorkspaceFeeds(ctx, workspace);
  const counts = { ok: 0, failing: 0, disabled: 0, new: 0 };
  let lastPollAt: string | null = null;
  let items = 0;
  for (const feed of feeds) {
    counts[feedStatus(feed)] += 1;
    const polled = feed.health.lastPolledAt;
    if (polled !== null && (lastPollAt === null || polled > lastPollAt)) lastPollAt = polled;
    items += feed.itemCount;
  }
  const backlog = ctx.prepare(
    `SELECT count(*) FROM deliveries JOIN subscriptions ON subscriptions.id = deliveries.subscription_id
     WHERE subscriptions.platform = ? AND subscriptions.workspace_id = ? AND deliveries.status IN ('pending', 'sending')`,
  ).pluck().get(workspace.platform, workspace.workspaceId) as number;
  const paused = listSubscriptions(ctx, workspace, null).filter((subscription) => subscription.pausedAt !== null);
  return { feeds: counts, lastPollAt, backlog, paused, items };
}
