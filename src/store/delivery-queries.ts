// The outbox: which deliveries are due, each attempt's outcome, and sent messages to update.
import type { Alert } from '../chat/alert.js';
import type { Delivery, Subscription } from '../domain/index.js';
import type { DueDelivery, StaleDelivery } from '../pipeline/delivery-ports.js';
import type { StoreContext } from './feed-queries.js';
import { storyView } from './story-queries.js';
import { SUBSCRIPTION_COLUMNS_PREFIXED, subscriptionFromPrefixedRow } from './subscription-queries.js';
import type { PlatformName } from '../domain/subscription.js';

export interface DeliveryRow {
  id: number;
  subscription_id: number;
  story_id: number;
  status: Delivery['status'];
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  message_id: string | null;
  attempt_started_at: string | null;
  sent_at: string | null;
  sources_posted: number;
  created_at: string;
}

export const DELIVERY_COLUMNS = [
  'id', 'subscription_id', 'story_id', 'status', 'attempts', 'next_attempt_at', 'last_error', 'message_id',
  'attempt_started_at', 'sent_at', 'sources_posted', 'created_at',
].map((column) => `deliveries.${column}`).join(', ');

// A delivery row with its subscription's columns beside it (prefixed sub_).
const WITH_SUBSCRIPTION = `SELECT ${DELIVERY_COLUMNS}, ${SUBSCRIPTION_COLUMNS_PREFIXED}
  FROM deliveries JOIN subscriptions ON subscriptions.id = deliveries.subscription_id`;

/** Why a row failed whose story's items are all gone (their feeds removed): nothing is left to post. */
export const STORY_GONE = 'the story is no longer stored (its feeds were removed)';

export function deliveryFromRow(row: DeliveryRow): Delivery {
  return {
    id: row.id,
    subscriptionId: row.subscription_id,
    storyId: row.story_id,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    messageId: row.message_id,
    attemptStartedAt: row.attempt_started_at,
    sentAt: row.sent_at,
    sourcesPosted: row.sources_posted,
    createdAt: row.created_at,
  };
}

/** The alert for one delivery as it should look now, or null when its story is gone. */
export function alertFor(ctx: StoreContext, delivery: Pick<Delivery, 'id' | 'storyId'>, subscription: Subscription): Alert | null {
  const view = storyView(ctx, delivery.storyId, `${subscription.platform}:${subscription.workspaceId}`);
  if (!view) return null;
  return {
    deliveryId: String(delivery.id),
    storyId: view.storyId,
    headline: view.headline,
    url: view.url,
    summary: view.summary,
    topics: view.topics,
    sources: view.sources,
    publishedAt: view.publishedAt,
    lang: view.lang,
    mention: subscription.mention,
  };
}

/**
 * Pending rows due by `now`, and `sending` rows whose attempt started before `stuckBefore` (the
 * process died mid-send: the dispatcher must look for the message before posting again), of
 * active subscriptions, oldest first. Rows whose story is gone are marked failed on the way.
 */
export function dueDeliveries(ctx: StoreContext, now: Date, stuckBefore: Date, limit: number, platforms?: readonly PlatformName[]): DueDelivery[] {
  const rows = ctx.prepare(
    `${WITH_SUBSCRIPTION}
     WHERE deliveries.status IN ('pending', 'sending') AND deliveries.next_attempt_at <= @now
       AND (deliveries.status = 'pending' OR deliveries.attempt_started_at < @stuck)
       AND subscriptions.paused_at IS NULL
       AND (@platforms IS NULL OR subscriptions.platform IN (SELECT value FROM json_each(@platforms)))
     ORDER BY deliveries.next_attempt_at, deliveries.id LIMIT @limit`,
  ).all({ now: now.toISOString(), stuck: stuckBefore.toISOString(), limit, platforms: platforms ? JSON.stringify(platforms) : null }) as Array<DeliveryRow & Record<string, unknown>>;
  return withAlerts(ctx, rows);
}

/**
 * Sent messages whose story gained sources their channel may see, oldest first, of active
 * subscriptions. A row flagged stale that turns out not to be (a source was removed again) is
 * unflagged.
 */
export function staleDeliveries(ctx: StoreContext, limit: number, platforms?: readonly PlatformName[]): StaleDelivery[] {
  const rows = ctx.prepare(
    `${WITH_SUBSCRIPTION}
     WHERE deliveries.stale = 1 AND deliveries.status = 'sent' AND deliveries.message_id IS NOT NULL
       AND subscriptions.paused_at IS NULL
       AND (@platforms IS NULL OR subscriptions.platform IN (SELECT value FROM json_each(@platforms)))
     ORDER BY deliveries.id LIMIT @limit`,
  ).all({ limit, platforms: platforms ? JSON.stringify(platforms) : null }) as Array<DeliveryRow & Record<string, unknown>>;
  const stale: StaleDelivery[] = [];
  for (const entry of withAlerts(ctx, rows)) {
    if (entry.alert.sources.length > entry.delivery.sourcesPosted) stale.push(entry);
    else ctx.prepare('UPDATE deliveries SET stale = 0 WHERE id = ?').run(entry.delivery.id);
  }
  return stale;
}

function withAlerts(ctx: StoreContext, rows: ReadonlyArray<DeliveryRow & Record<string, unknown>>): DueDelivery[] {
  const due: DueDelivery[] = [];
  for (const row of rows) {
    const delivery = deliveryFromRow(row);
    const subscription = subscriptionFromPrefixedRow(row);
    const alert = alertFor(ctx, delivery, subscription);
    if (alert) due.push({ delivery, subscription, alert });
    else markFailed(ctx, delivery.id, STORY_GONE);
  }
  return due;
}

/** An attempt starts; committed before the platform is called, so a crash leaves the row `sending`. */
export function markSending(ctx: StoreContext, deliveryId: number, now: Date): void {
  ctx.prepare(`UPDATE deliveries SET status = 'sending', attempt_started_at = ? WHERE id = ? AND status IN ('pending', 'sending')`)
    .run(now.toISOString(), deliveryId);
}

/**
 * The message is out (or was updated: the same call records the new source count). The row stays
 * flagged stale when the story gained sources while the message was being sent.
 */
export function markSent(ctx: StoreContext, deliveryId: number, messageId: string, sourcesPosted: number, now: Date): void {
  ctx.prepare(
    `UPDATE deliveries SET status = 'sent', message_id = @message, sources_posted = @sources, sent_at = coalesce(sent_at, @now),
       last_error = NULL,
       stale = @sources < (
         SELECT count(DISTINCT items.feed_id) FROM items JOIN feeds ON feeds.id = items.feed_id
         JOIN subscriptions ON subscriptions.id = deliveries.subscription_id
         WHERE items.story_id = deliveries.story_id
           AND (feeds.scope = 'global' OR feeds.scope = subscriptions.platform || ':' || subscriptions.workspace_id))
     WHERE id = @id`,
  ).run({ id: deliveryId, message: messageId, sources: sourcesPosted, now: now.toISOString() });
}

/**
 * Back to `pending` at `nextAttemptAt` with one more attempt counted. For a message already sent
 * (its update failed) only the error is kept: it must never be posted again, and it stays stale,
 * so the update is tried again.
 */
export function markRetry(ctx: StoreContext, deliveryId: number, error: string, nextAttemptAt: Date): void {
  ctx.prepare(
    `UPDATE deliveries SET
       status = iif(status IN ('pending', 'sending'), 'pending', status),
       next_attempt_at = iif(status IN ('pending', 'sending'), @next, next_attempt_at),
       attempts = attempts + 1, last_error = @error
     WHERE id = @id`,
  ).run({ id: deliveryId, error, next: nextAttemptAt.toISOString() });
}

/** Gives up: an unsent row becomes `failed`; for a sent message it gives up updating it. */
export function markFailed(ctx: StoreContext, deliveryId: number, error: string): void {
  ctx.prepare(
    `UPDATE deliveries SET status = iif(status = 'sent', 'sent', 'failed'), stale = 0, last_error = ? WHERE id = ?`,
  ).run(error, deliveryId);
}
