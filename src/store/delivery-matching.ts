// Matching an analysed item against every subscription, inside the transaction that records the
// analysis, so a story that matches always has its outbox rows (one per subscription × story).
import type { Database } from 'better-sqlite3';
import type { ItemAnalysis, Subscription } from '../domain/index.js';
import type { StoreContext } from './feed-queries.js';
import { compileKeyword, containsKeyword, searchableText, type CompiledKeyword, type SearchableText } from './keyword-match.js';
import { allSubscriptions, subscriptionVersion } from './subscription-queries.js';

/** A subscription compiled for matching. */
export interface Matchable {
  id: number;
  mode: Subscription['mode'];
  /** The feed scope of its workspace's own feeds ("discord:1234"). */
  scope: string;
  /** When it was created: items first seen before are not news to it. */
  since: string;
  /** Null: no keyword asked for, every story passes. Empty: keywords that can never match. */
  keywords: CompiledKeyword[] | null;
  exclude: CompiledKeyword[];
}

/** Subscriptions by topic ('*' included), compiled once per change of the subscriptions table. */
export interface SubscriptionMatcher {
  /** The subscriptions the item matches, given its topics, its feed's scope and its text. */
  match(item: { topics: readonly string[]; feedScope: string; firstSeenAt: string; text: () => SearchableText }): Matchable[];
}

/** What the caller knows about the item being recorded, read before the analysis is written. */
export interface MatchedItem {
  feedId: number;
  fresh: boolean;
  /** The story the item belonged to before this analysis (null: never analysed). */
  previousStoryId: number | null;
  firstSeenAt: string;
  title: string;
  text: string;
  feedScope: string;
}

export function createSubscriptionMatcher(subscriptions: readonly Subscription[]): SubscriptionMatcher {
  const byTopic = new Map<string, Matchable[]>();
  for (const subscription of subscriptions) {
    const compiled: Matchable = {
      id: subscription.id,
      mode: subscription.mode,
      scope: `${subscription.platform}:${subscription.workspaceId}`,
      since: subscription.createdAt,
      keywords: subscription.keywords.length === 0 ? null : compileAll(subscription.keywords),
      exclude: compileAll(subscription.exclude),
    };
    const list = byTopic.get(subscription.topic);
    if (list) list.push(compiled);
    else byTopic.set(subscription.topic, [compiled]);
  }
  return {
    match(item) {
      let text: SearchableText | null = null;
      const read = (): SearchableText => (text ??= item.text());
      const matched: Matchable[] = [];
      for (const topic of new Set([...item.topics, '*'])) {
        for (const candidate of byTopic.get(topic) ?? []) {
          if (item.feedScope !== 'global' && item.feedScope !== candidate.scope) continue;
          // A new subscription starts from now: re-analysing older items never sends it the backlog.
          if (item.firstSeenAt < candidate.since) continue;
          if (candidate.keywords !== null && !candidate.keywords.some((keyword) => containsKeyword(read(), keyword))) continue;
          if (candidate.exclude.some((keyword) => containsKeyword(read(), keyword))) continue;
          matched.push(candidate);
        }
      }
      return matched;
    },
  };
}

// One compiled matcher per connection, kept while the subscriptions' version stays the same.
const matchers = new WeakMap<Database, { version: number; matcher: SubscriptionMatcher }>();

function currentMatcher(ctx: StoreContext): SubscriptionMatcher {
  const version = subscriptionVersion(ctx);
  const cached = matchers.get(ctx.db);
  if (cached && cached.version === version) return cached.matcher;
  const matcher = createSubscriptionMatcher(allSubscriptions(ctx));
  matchers.set(ctx.db, { version, matcher });
  return matcher;
}

/**
 * Writes the outbox rows for a just-analysed item: one per matching subscription, unless that
 * subscription already has a row for the story. Only fresh items with a topic match (history
 * from a new feed's first poll never alerts), and an item that moved to another story is not
 * matched again (it was, or was not, when first analysed). Must run inside the analysis
 * transaction; also marks sent messages of the story stale when the item brings a new source.
 */
export function recordMatches(ctx: StoreContext, item: MatchedItem, analysis: ItemAnalysis): number {
  const joinedStory = item.previousStoryId !== analysis.storyId;
  if (joinedStory) markStaleMessages(ctx, item, analysis.storyId);
  if (!item.fresh || analysis.topics.length === 0) return 0;
  if (item.previousStoryId !== null && joinedStory) return 0;

  const matched = currentMatcher(ctx).match({
    topics: analysis.topics,
    feedScope: item.feedScope,
    firstSeenAt: item.firstSeenAt,
    text: () => searchableText([item.title, analysis.summary, item.text]),
  });
  const insert = ctx.prepare(
    `INSERT INTO deliveries (subscription_id, story_id, status, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (story_id, subscription_id) DO NOTHING`,
  );
  let inserted = 0;
  for (const subscription of matched) {
    const status = subscription.mode === 'instant' ? 'pending' : 'digest';
    inserted += insert.run(subscription.id, analysis.storyId, status, analysis.analyzedAt, analysis.analyzedAt).changes;
  }
  return inserted;
}

/**
 * A new outlet for a story whose message is out: flag each sent message that names fewer sources
 * than its channel may now see, so staleDeliveries finds them through an index, not a scan.
 */
function markStaleMessages(ctx: StoreContext, item: MatchedItem, storyId: number): void {
  const sameFeed = ctx.prepare('SELECT count(*) AS n FROM items WHERE story_id = ? AND feed_id = ?').get(storyId, item.feedId) as { n: number };
  if (sameFeed.n > 1) return; // this outlet was already a source
  ctx.prepare(
    `UPDATE deliveries SET stale = 1
     WHERE story_id = @story AND status = 'sent' AND message_id IS NOT NULL AND digest_period_end IS NULL AND stale = 0
       AND sources_posted < (
         SELECT count(DISTINCT items.feed_id) FROM items JOIN feeds ON feeds.id = items.feed_id
         JOIN subscriptions ON subscriptions.id = deliveries.subscription_id
         WHERE items.story_id = @story
           AND (feeds.scope = 'global' OR feeds.scope = subscriptions.platform || ':' || subscriptions.workspace_id))`,
  ).run({ story: storyId });
}

function compileAll(keywords: readonly string[]): CompiledKeyword[] {
  return keywords.map(compileKeyword).filter((keyword): keyword is CompiledKeyword => keyword !== null);
}
