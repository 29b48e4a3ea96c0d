// Feed catalogue queries: adding, syncing, listing, removing feeds and finding the due ones.
import type { Database } from 'better-sqlite3';
import type { Feed, FeedScope } from '../domain/index.js';
import { FEED_SELECT, feedFromRow, type FeedRow } from './rows.js';
import type { PrepareCached } from './statement-cache.js';
import type { AddFeedInput, CatalogueEntry } from './store-types.js';

export interface StoreContext {
  db: Database;
  prepare: PrepareCached;
  path: string;
}

const INSERT_FEED = `INSERT INTO feeds (url, title, title_from_operator, scope, interval_seconds, next_poll_at, created_at, catalogue_url)
  VALUES (@url, @title, @title_from_operator, @scope, @interval_seconds, @now, @now, @catalogue_url)
  ON CONFLICT (url) DO NOTHING`;

export function getFeed(ctx: StoreContext, id: number): Feed | null {
  const row = ctx.prepare(`${FEED_SELECT} WHERE feeds.id = ?`).get(id) as FeedRow | undefined;
  return row ? feedFromRow(row) : null;
}

export function findFeedByUrl(ctx: StoreContext, url: string): Feed | null {
  const row = ctx.prepare(`${FEED_SELECT} WHERE feeds.url = ?`).get(url) as FeedRow | undefined;
  return row ? feedFromRow(row) : null;
}

/** A new feed is due at once; a URL already present (in any scope) is a duplicate, not an error. */
export function addFeed(ctx: StoreContext, input: AddFeedInput): { status: 'added' | 'duplicate'; feed: Feed } {
  const title = input.title ?? null;
  const info = ctx.prepare(INSERT_FEED).run({
    url: input.url,
    title,
    title_from_operator: title === null ? 0 : 1,
    scope: input.scope ?? 'global',
    catalogue_url: null,
    interval_seconds: input.intervalSeconds,
    now: input.now.toISOString(),
  });
  const feed = findFeedByUrl(ctx, input.url);
  if (!feed) throw new Error(`feed ${input.url} vanished right after insert`);
  return { status: info.changes === 1 ? 'added' : 'duplicate', feed };
}

/**
 * Upserts the operator's catalogue in one transaction. Existing global feeds get the configured
 * interval and title; without a configured title the feed's own title is used from the next poll.
 * A shorter interval pulls the next poll forward.
 * URLs that a workspace added are left to that workspace. Nothing is ever deleted here.
 */
export function syncCatalogue(
  ctx: StoreContext,
  entries: ReadonlyArray<CatalogueEntry>,
  now: Date,
): { added: number; updated: number } {
  const nowIso = now.toISOString();
  const sync = ctx.db.transaction(() => {
    let added = 0;
    let updated = 0;
    for (const entry of entries) {
      // A feed that moved (301/308) keeps the URL the catalogue knows it by in catalogue_url.
      const existing = ctx.prepare(
        `SELECT id, scope, title, title_from_operator, interval_seconds FROM feeds
         WHERE catalogue_url = @url OR url = @url ORDER BY catalogue_url = @url DESC LIMIT 1`,
      ).get({ url: entry.url }) as Pick<FeedRow, 'id' | 'scope' | 'title' | 'title_from_operator' | 'interval_seconds'> | undefined;
      if (!existing) {
        ctx.prepare(INSERT_FEED).run({
          url: entry.url,
          title: entry.title,
          title_from_operator: entry.title === null ? 0 : 1,
          scope: 'global',
          catalogue_url: entry.url,
          interval_seconds: entry.intervalSeconds,
          now: nowIso,
        });
        added += 1;
        continue;
      }
      if (existing.scope !== 'global') continue;
      const titleChanged = entry.title !== null && (entry.title !== existing.title || existing.title_from_operator !== 1);
      // The operator dropped the name: keep it until the feed's own title replaces it at the next poll.
      const titleReleased = entry.title === null && existing.title_from_operator === 1;
      const intervalChanged = entry.intervalSeconds !== existing.interval_seconds;
      if (!titleChanged && !titleReleased && !intervalChanged) continue;
      const soonest = new Date(now.getTime() + entry.intervalSeconds * 1000).toISOString();
      ctx.prepare(
        `UPDATE feeds SET
           title = iif(@set_title, @title, title),
           title_from_operator = iif(@set_title, 1, iif(@release_title, 0, title_from_operator)),
           interval_seconds = @interval_seconds,
           next_poll_at = min(next_poll_at, @soonest)
         WHERE id = @id`,
      ).run({
        id: existing.id,
        set_title: titleChanged ? 1 : 0,
        release_title: titleReleased ? 1 : 0,
        title: entry.title,
        interval_seconds: entry.intervalSeconds,
        soonest,
      });
      updated += 1;
    }
    return { added, updated };
  });
  return sync.immediate();
}

export function listFeeds(ctx: StoreContext, filter: { scope?: FeedScope } = {}): Feed[] {
  const rows = (filter.scope === undefined
    ? ctx.prepare(`${FEED_SELECT} ORDER BY feeds.id`).all()
    : ctx.prepare(`${FEED_SELECT} WHERE feeds.scope = ? ORDER BY feeds.id`).all(filter.scope)) as FeedRow[];
  return rows.map(feedFromRow);
}

/** Items go with the feed (ON DELETE CASCADE); the FTS triggers fire for each of them. */
export function removeFeed(ctx: StoreContext, id: number): boolean {
  const remove = ctx.db.transaction(() => ctx.prepare('DELETE FROM feeds WHERE id = ?').run(id).changes === 1);
  return remove.immediate();
}

export function dueFeeds(ctx: StoreContext, now: Date, limit: number): Feed[] {
  const rows = ctx.prepare(
    `${FEED_SELECT} WHERE feeds.disabled_at IS NULL AND feeds.next_poll_at <= ?
     ORDER BY feeds.next_poll_at, feeds.id LIMIT ?`,
  ).all(now.toISOString(), limit) as FeedRow[];
  return rows.map(feedFromRow);
}

export function nextDueAt(ctx: StoreContext): string | null {
  const row = ctx.prepare('SELECT min(next_poll_at) AS at FROM feeds WHERE disabled_at IS NULL').get() as
    | { at: string | null }
    | undefined;
  return row?.at ?? null;
}

export function enableFeed(ctx: StoreContext, id: number, now: Date): Feed | null {
  const changes = ctx.prepare(
    `UPDATE feeds SET disabled_at = NULL, disabled_reason = NULL, consecutive_failures = 0,
       failing_since = NULL, next_poll_at = ? WHERE id = ?`,
  ).run(now.toISOString(), id).changes;
  return changes === 1 ? getFeed(ctx, id) : null;
}
