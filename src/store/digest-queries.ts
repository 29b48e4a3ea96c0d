// Digests: which daily/weekly subscriptions have a finished period with stories waiting, the
// digest message for it (grouped by topic, top stories first), and recording it as posted.
import type { Digest, DigestEntry, DigestGroup } from '../chat/alert.js';
import type { Subscription } from '../domain/index.js';
import { STORY_GONE, markFailed } from './delivery-queries.js';
import type { StoreContext } from './feed-queries.js';
import { replyStory, storyView, type StoryView } from './story-queries.js';
import { SUBSCRIPTION_COLUMNS, subscriptionFromRow, type SubscriptionRow } from './subscription-queries.js';

/** Stories shown per topic; the rest are counted in `more`. */
export const DIGEST_STORIES_PER_TOPIC = 5;

const DAY_MS = 86_400_000;

export interface DueDigest {
  subscription: Subscription;
  digest: Digest;
  /** Every row the digest covers, shown or counted in `more`. */
  deliveryIds: number[];
  /** `digest:<subscriptionId>:<period end ISO>`: the same for every attempt at this period. */
  key: string;
}

/**
 * The start of the period `time` falls in: the UTC day, or the ISO week (Monday 00:00 UTC).
 * Called with `now`, it is the end of the last period that is over.
 */
export function periodStart(mode: 'daily' | 'weekly', time: Date): Date {
  const day = Date.UTC(time.getUTCFullYear(), time.getUTCMonth(), time.getUTCDate());
  if (mode === 'daily') return new Date(day);
  const sinceMonday = (new Date(day).getUTCDay() + 6) % 7;
  return new Date(day - sinceMonday * DAY_MS);
}

/**
 * One digest per active daily/weekly subscription whose last finished period has rows waiting
 * (created before the period ended) and has not been posted yet. Rows from earlier periods that
 * were never posted (Herald was down) are folded into it. Rows whose story is gone are failed.
 */
export function dueDigests(ctx: StoreContext, now: Date): DueDigest[] {
  const candidates = ctx.prepare(
    `SELECT ${SUBSCRIPTION_COLUMNS}, subscriptions.digest_sent_until FROM subscriptions
     WHERE subscriptions.mode IN ('daily', 'weekly') AND subscriptions.paused_at IS NULL
       AND EXISTS (SELECT 1 FROM deliveries WHERE deliveries.subscription_id = subscriptions.id AND deliveries.status = 'digest')
     ORDER BY subscriptions.id`,
  ).all() as Array<SubscriptionRow & { digest_sent_until: string | null }>;
  const due: DueDigest[] = [];
  for (const row of candidates) {
    const subscription = subscriptionFromRow(row);
    const mode = subscription.mode === 'weekly' ? 'weekly' : 'daily';
    const periodEnd = periodStart(mode, now).toISOString();
    // A late row (created before this period's end, after its digest went out) waits for the next one.
    if (row.digest_sent_until !== null && row.digest_sent_until >= periodEnd) continue;
    const waiting = ctx.prepare(
      `SELECT id, story_id, created_at FROM deliveries
       WHERE subscription_id = ? AND status = 'digest' AND created_at < ? ORDER BY created_at, id`,
    ).all(subscription.id, periodEnd) as Array<{ id: number; story_id: number; created_at: string }>;
    const oldest = waiting[0];
    if (oldest === undefined) continue;

    const scope = `${subscription.platform}:${subscription.workspaceId}`;
    const stories: StoryView[] = [];
    const deliveryIds: number[] = [];
    for (const entry of waiting) {
      const view = storyView(ctx, entry.story_id, scope);
      if (view) {
        stories.push(view);
        deliveryIds.push(entry.id);
      } else {
        markFailed(ctx, entry.id, STORY_GONE);
      }
    }
    if (stories.length === 0) continue;
    due.push({
      subscription,
      digest: {
        period: mode,
        since: periodStart(mode, new Date(oldest.created_at)).toISOString(),
        until: periodEnd,
        groups: groupByTopic(stories, subscription.topic),
      },
      deliveryIds,
      key: `digest:${subscription.id}:${periodEnd}`,
    });
  }
  return due;
}

/**
 * Records a posted digest in one transaction: its rows become `sent` with the digest's message
 * id (never edited later: digest_period_end marks them), and the period is marked as done.
 */
export function markDigestSent(ctx: StoreContext, subscriptionId: number, deliveryIds: readonly number[], messageId: string, periodEnd: Date, now: Date): void {
  const end = periodEnd.toISOString();
  ctx.db.transaction(() => {
    ctx.prepare(
      `UPDATE deliveries SET status = 'sent', message_id = @message, sent_at = @now, digest_period_end = @end, stale = 0, last_error = NULL
       WHERE subscription_id = @subscription AND status = 'digest' AND id IN (SELECT value FROM json_each(@ids))`,
    ).run({ message: messageId, now: now.toISOString(), end, subscription: subscriptionId, ids: JSON.stringify(deliveryIds) });
    ctx.prepare(
      `UPDATE subscriptions SET digest_sent_until = iif(digest_sent_until IS NULL OR digest_sent_until < @end, @end, digest_sent_until) WHERE id = @id`,
    ).run({ end, id: subscriptionId });
  }).immediate();
}

/**
 * Groups under the subscription's topic, or for an all-topics subscription under each story's
 * first topic; biggest group first. In a group: most sources first, then newest.
 */
function groupByTopic(stories: readonly StoryView[], topic: string): DigestGroup[] {
  const groups = new Map<string, StoryView[]>();
  for (const story of stories) {
    const key = topic !== '*' ? topic : story.topics[0] ?? '*';
    const list = groups.get(key);
    if (list) list.push(story);
    else groups.set(key, [story]);
  }
  return [...groups.entries()]
    .sort(([a, left], [b, right]) => right.length - left.length || a.localeCompare(b))
    .map(([id, list]) => {
      const ranked = [...list].sort(
        (a, b) => b.sources.length - a.sources.length || b.publishedAt.localeCompare(a.publishedAt) || b.storyId - a.storyId,
      );
      return {
        topic: id,
        stories: ranked.slice(0, DIGEST_STORIES_PER_TOPIC).map(digestEntry),
        more: Math.max(0, ranked.length - DIGEST_STORIES_PER_TOPIC),
      };
    });
}

function digestEntry(story: StoryView): DigestEntry {
  const { topics: _topics, ...entry } = replyStory(story);
  return entry;
}
