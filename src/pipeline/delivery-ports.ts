// What the delivery side of the pipeline (dispatcher, digests, notices) needs from storage,
// defined here by its consumer; the SQLite store implements it.
import type { Alert, Digest, Notice } from '../chat/alert.js';
import type { ChannelRef, Delivery, PlatformName, Subscription } from '../domain/subscription.js';

/** A delivery that is due, with what is needed to send it. */
export interface DueDelivery {
  delivery: Delivery;
  subscription: Subscription;
  /** The alert as it should look now (headline, summary, all sources so far). */
  alert: Alert;
}

/** A sent delivery whose story gained sources since it was posted. */
export interface StaleDelivery {
  delivery: Delivery;
  subscription: Subscription;
  alert: Alert;
}

export interface DeliveryStore {
  /**
   * Pending deliveries due at `now` (and `sending` ones whose attempt started before `stuckBefore`:
   * interrupted by a crash) of active subscriptions, oldest first; only for `platforms` when given,
   * so rows for a platform that is not running never crowd out the others.
   */
  dueDeliveries(now: Date, stuckBefore: Date, limit: number, platforms?: readonly PlatformName[]): DueDelivery[];
  /** Marks an attempt as started (status `sending`); committed before the platform is called. */
  markSending(deliveryId: number, now: Date): void;
  markSent(deliveryId: number, messageId: string, sourcesPosted: number, now: Date): void;
  /** Back to `pending` at `nextAttemptAt`, attempts + 1, with the error. */
  markRetry(deliveryId: number, error: string, nextAttemptAt: Date): void;
  /** Gives up on one delivery (e.g. too many attempts); it stays visible in status. */
  markFailed(deliveryId: number, error: string): void;
  /** Pauses a subscription (and every other one in the same channel) after a permanent error; returns the paused subscriptions. */
  pauseChannel(channel: ChannelRef, reason: string, now: Date): Subscription[];
  /** Sent deliveries whose story now has more sources than the message shows. */
  staleDeliveries(limit: number, platforms?: readonly PlatformName[]): StaleDelivery[];

  /** Digest subscriptions whose period ended by `now` and that have stories waiting. */
  dueDigests(now: Date): Array<{ subscription: Subscription; digest: Digest; deliveryIds: number[]; key: string }>;
  /** Records a posted digest: its deliveries become `sent` with that message id. */
  markDigestSent(subscriptionId: number, deliveryIds: number[], messageId: string, periodEnd: Date, now: Date): void;

  /**
   * Feed-health notices owed to channels: a feed that a subscribed channel's stories come from
   * has failed for a day or was disabled, and that channel has not been told yet (once per episode).
   */
  dueNotices(now: Date): Array<{ channel: ChannelRef; notice: Notice; key: string }>;
  markNoticeSent(key: string, now: Date): void;
}
