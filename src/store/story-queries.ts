// Stories as a workspace sees them (headline, summary, sources, topics), and the recent and
// search listings of the chat commands.
import type { AlertSource } from '../chat/alert.js';
import type { SearchPage, StoryListing, WorkspaceRef } from '../chat/commands/command-store.js';
import type { StoreContext } from './feed-queries.js';
import { searchItems } from './search-items.js';
import { workspaceScope } from './subscription-queries.js';

/** One story through one workspace's eyes: only items of feeds it may see count. */
export interface StoryView {
  storyId: number;
  headline: string;
  url: string | null;
  summary: string | null;
  /** ISO 8601: the headline item's. */
  publishedAt: string;
  lang: string | null;
  topics: string[];
  /** One per outlet (feed), the headline's first, then in the order they reported it. */
  sources: AlertSource[];
}

interface StoryItemRow {
  id: number;
  feed_id: number;
  url: string | null;
  title: string;
  summary: string | null;
  published_at: string;
  lang: string | null;
  feed_title: string | null;
  feed_url: string;
  headline_item_id: number;
  story_topics: string;
}

// The items of a story a workspace may see, first seen first: the story's sources in order.
const STORY_ITEMS = `SELECT items.id, items.feed_id, items.url, items.title, items.summary, items.published_at,
    coalesce(items.analysis_lang, items.language) AS lang, feeds.title AS feed_title, feeds.url AS feed_url,
    stories.headline_item_id, stories.topics AS story_topics
  FROM stories JOIN items ON items.story_id = stories.id JOIN feeds ON feeds.id = items.feed_id
  WHERE stories.id = @story AND (feeds.scope = 'global' OR feeds.scope = @scope)
  ORDER BY items.first_seen_at, items.id`;

/**
 * The story as the workspace with feed scope `scope` sees it; null when none of its items is
 * visible there (another workspace's feed, or its feed was removed). The headline is the story's
 * own when visible, else the first visible report.
 */
export function storyView(ctx: StoreContext, storyId: number, scope: string): StoryView | null {
  const rows = ctx.prepare(STORY_ITEMS).all({ story: storyId, scope }) as StoryItemRow[];
  const first = rows[0];
  if (first === undefined) return null;
  const headline = rows.find((row) => row.id === first.headline_item_id) ?? first;
  const sources: AlertSource[] = [{ name: sourceName(headline.feed_title, headline.feed_url), url: headline.url }];
  const seen = new Set([headline.feed_id]);
  for (const row of rows) {
    if (seen.has(row.feed_id)) continue;
    seen.add(row.feed_id);
    sources.push({ name: sourceName(row.feed_title, row.feed_url), url: row.url });
  }
  return {
    storyId,
    headline: headline.title,
    url: headline.url,
    // A headline that matched no topic has no summary; a later report's is better than none.
    summary: headline.summary ?? rows.find((row) => row.summary !== null)?.summary ?? null,
    publishedAt: headline.published_at,
    lang: headline.lang,
    topics: JSON.parse(first.story_topics) as string[],
    sources,
  };
}

/** A feed's name for readers: its title, else its host. */
export function sourceName(title: string | null, url: string): string {
  const trimmed = title?.trim();
  if (trimmed !== undefined && trimmed !== '') return trimmed;
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

/**
 * Stories with a topic (of `topic` when given) that the workspace can see, newest headline first.
 * Walks the stories_recent index, so the cost grows with `limit`, not with the stored stories.
 */
export function recentStories(ctx: StoreContext, workspace: WorkspaceRef, options: { topic: string | null; limit: number }): StoryListing[] {
  const scope = workspaceScope(workspace);
  const visible = `EXISTS (SELECT 1 FROM items JOIN feeds ON feeds.id = items.feed_id
    WHERE items.story_id = stories.id AND (feeds.scope = 'global' OR feeds.scope = @scope))`;
  const ofTopic = options.topic === null ? '' : 'AND EXISTS (SELECT 1 FROM json_each(stories.topics) WHERE json_each.value = @topic)';
  const ids = ctx.prepare(
    `SELECT stories.id FROM stories WHERE stories.topics <> '[]' ${ofTopic} AND ${visible}
     ORDER BY stories.published_at DESC, stories.id DESC LIMIT @limit`,
  ).pluck().all({ scope, topic: options.topic, limit: Math.max(0, options.limit) }) as number[];
  const listings: StoryListing[] = [];
  for (const id of ids) {
    const view = storyView(ctx, id, scope);
    if (view) listings.push({ storyId: id, ...replyStory(view) });
  }
  return listings;
}

interface HitRow {
  summary: string | null;
  topics: string;
  story_id: number | null;
  feed_title: string | null;
  feed_url: string;
}

/**
 * Full-text search (see searchItems) over the items the workspace can see, best match first,
 * newer first among equals. Each hit is an item, named with its own outlet first and then the
 * other outlets of its story.
 */
export function searchStories(
  ctx: StoreContext,
  workspace: WorkspaceRef,
  query: string,
  options: { topic: string | null; since: Date | null; page: number; pageSize: number },
): SearchPage {
  const scope = workspaceScope(workspace);
  const pageSize = Math.max(1, options.pageSize);
  const items = searchItems(ctx, query, {
    // One more than a page tells whether another page follows.
    limit: pageSize + 1,
    offset: (Math.max(1, options.page) - 1) * pageSize,
    scopes: ['global', scope],
    ...(options.topic === null ? {} : { topic: options.topic }),
    ...(options.since === null ? {} : { since: options.since }),
  });
  const hits: SearchPage['hits'] = [];
  for (const item of items.slice(0, pageSize)) {
    const row = ctx.prepare(
      `SELECT items.summary, items.topics, items.story_id, feeds.title AS feed_title, feeds.url AS feed_url
       FROM items JOIN feeds ON feeds.id = items.feed_id WHERE items.id = ?`,
    ).get(item.id) as HitRow;
    const own = sourceName(row.feed_title, row.feed_url);
    const story = row.story_id === null ? null : storyView(ctx, row.story_id, scope);
    const others = (story?.sources ?? []).map((source) => source.name).filter((name) => name !== own);
    hits.push({
      itemId: item.id,
      headline: item.title,
      url: item.url,
      summary: row.summary,
      sources: [own, ...others],
      publishedAt: item.publishedAt,
      topics: JSON.parse(row.topics) as string[],
    });
  }
  return { hits, more: items.length > pageSize };
}

/** A story as replies and digests show it. */
export function replyStory(view: StoryView): Omit<StoryListing, 'storyId'> {
  return {
    headline: view.headline,
    url: view.url,
    summary: view.summary,
    sources: view.sources.map((source) => source.name),
    publishedAt: view.publishedAt,
    topics: view.topics,
  };
}
