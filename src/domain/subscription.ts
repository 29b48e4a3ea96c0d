// Subscriptions and deliveries: which chat channels want which stories, and the outbox of alerts
// on their way to those channels.

/** The chat platforms Herald posts to. */
export type PlatformName = 'discord' | 'slack' | 'console';

/** One channel on one platform. `workspaceId` is the Discord guild or the Slack team. */
export interface ChannelRef {
  platform: PlatformName;
  workspaceId: string;
  channelId: string;
}

/** Instant alerts, or one digest per day or per week. */
export type DeliveryMode = 'instant' | 'daily' | 'weekly';

/** Who an alert pings; the only mention a rendered message may carry. */
export type Mention = { kind: 'role'; id: string } | { kind: 'user'; id: string } | { kind: 'here' } | { kind: 'everyone' };

/** `'*'` subscribes to every topic. */
export type SubscriptionTopic = string;

export interface Subscription extends ChannelRef {
  id: number;
  topic: SubscriptionTopic;
  /** A story matches when any keyword is in its headline, summary or text (empty: every story). */
  keywords: string[];
  /** A story never matches when any of these is in it. */
  exclude: string[];
  mode: DeliveryMode;
  mention: Mention | null;
  /** The platform user id of the moderator who subscribed. */
  createdBy: string;
  createdAt: string;
  /** Set when delivery hit a permanent error (channel deleted, bot removed…): nothing is sent until resumed. */
  pausedReason: string | null;
  pausedAt: string | null;
}

/** What a moderator asks for; the store fills in id, times and pause state. */
export type SubscriptionRequest = Omit<Subscription, 'id' | 'createdAt' | 'pausedReason' | 'pausedAt'>;

/**
 * An outbox row: one story for one subscription. `pending` rows are due at `nextAttemptAt`;
 * `sending` marks an attempt whose outcome is not recorded yet (a crash mid-send leaves it so);
 * `digest` rows wait for their subscription's next digest; `sent` rows keep the message id so
 * later sources can edit the message.
 */
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'digest' | 'failed';

export interface Delivery {
  id: number;
  subscriptionId: number;
  storyId: number;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  messageId: string | null;
  /** When the current or last attempt started; tells an interrupted send from a fresh one. */
  attemptStartedAt: string | null;
  sentAt: string | null;
  /** How many sources the posted message named; more sources since → the message is edited. */
  sourcesPosted: number;
  createdAt: string;
}
