// The one interface every chat platform implements (Discord, Slack, console): receive commands,
// post and edit messages. The pipeline and the command handlers talk only to this.
import type { ChannelRef, PlatformName } from '../domain/subscription.js';
import type { Alert, Digest, Notice } from './alert.js';
import type { ChatCommand, CommandContext, Reply } from './commands/command.js';

/** Something Herald posts to a channel. */
export type OutgoingMessage = { kind: 'alert'; alert: Alert } | { kind: 'digest'; digest: Digest; deliveryKey: string } | { kind: 'notice'; notice: Notice };

/**
 * How a post or edit ended. `permanent`: retrying cannot help until someone acts (channel gone,
 * bot removed, permission missing, channel archived) — the subscription is paused with `reason`.
 * `transient`: retry later (5xx, timeout before sending, 429 after the library's own retries).
 * `unknown`: the request may have reached the platform (connection lost mid-request) — look for
 * the message before posting again.
 */
export type SendResult =
  | { ok: true; messageId: string }
  | { ok: false; kind: 'permanent'; reason: string }
  | { ok: false; kind: 'transient'; reason: string; retryAfterMs: number | null }
  | { ok: false; kind: 'unknown'; reason: string };

/** How fast Herald may post to one platform, so bursts never cause 429 storms. */
export interface Pacing {
  /** Minimum time between two messages to one channel. */
  perChannelIntervalMs: number;
  /** Messages per second across all channels. */
  globalPerSecond: number;
}

/** Answers one command; never throws (a failure becomes a polite reply). */
export type CommandHandler = (command: ChatCommand, context: CommandContext) => Promise<Reply>;

/** Topic ids and labels, for autocomplete and help. */
export interface TopicChoice {
  id: string;
  label: string;
}

export interface ChatPlatform {
  readonly name: PlatformName;
  readonly pacing: Pacing;
  /** Connects, registers commands and starts passing them to `handler`. */
  start(handler: CommandHandler, topics: readonly TopicChoice[]): Promise<void>;
  /** Disconnects; pending sends are abandoned (the outbox keeps them). */
  stop(): Promise<void>;
  /**
   * Posts a message. `key` identifies the delivery (Discord nonce, Slack message metadata) so a
   * retry after an unknown outcome can be recognised.
   */
  post(channel: ChannelRef, message: OutgoingMessage, key: string): Promise<SendResult>;
  /** Replaces a message Herald posted (a story gained sources: "also reported by …"). */
  update(channel: ChannelRef, messageId: string, message: OutgoingMessage): Promise<SendResult>;
  /** Finds a message Herald posted with `key` since `since`, after an unknown outcome; null if none. */
  findPosted(channel: ChannelRef, key: string, since: Date): Promise<string | null>;
}
