// The commands people give Herald in chat, and Herald's replies, as platform-neutral data: each
// adapter turns its platform's slash command into a ChatCommand and renders the Reply.
import type { ChannelRef, DeliveryMode, Mention } from '../../domain/subscription.js';

/** `/news …` on every platform. Validated (schema.ts) before it reaches a handler. */
export type ChatCommand =
  | { name: 'recent'; topic: string | null; count: number; share: boolean }
  | { name: 'search'; query: string; topic: string | null; since: string | null; page: number; share: boolean }
  | { name: 'subscribe'; topic: string; keywords: string[]; exclude: string[]; mode: DeliveryMode; mention: Mention | null }
  | { name: 'unsubscribe'; topic: string | null }
  | { name: 'subscriptions'; all: boolean }
  | { name: 'feeds'; action: 'list' }
  | { name: 'feeds'; action: 'add'; url: string }
  | { name: 'feeds'; action: 'remove'; id: number }
  | { name: 'status' }
  | { name: 'help' };

export type CommandName = ChatCommand['name'];

/** Commands that change what a channel receives: moderators only. */
export function needsModerator(command: ChatCommand): boolean {
  return command.name === 'subscribe' || command.name === 'unsubscribe' || (command.name === 'feeds' && command.action !== 'list');
}

/** Who asked, where, and whether the platform says they moderate that channel. */
export interface CommandContext extends ChannelRef {
  userId: string;
  /**
   * Discord: Manage Channels, Manage Server or Administrator in the channel. Slack: workspace
   * admin or owner, or listed in config. Worked out by the adapter before the handler runs.
   */
  isModerator: boolean;
}

/** Text made of Herald's own words and parts that came from outside (feeds, users), kept apart so renderers escape only the latter. */
export type ReplyText = ReadonlyArray<string | { untrusted: string } | { link: { text: string; url: string } }>;

/** One story in a reply (recent, search). Every string is untrusted. */
export interface ReplyStory {
  headline: string;
  url: string | null;
  summary: string | null;
  /** Outlet names, the headline's first. */
  sources: string[];
  /** ISO 8601. */
  publishedAt: string;
  topics: string[];
}

export interface Reply {
  /** `ephemeral`: only the asker sees it (the default for queries); `channel`: everyone does. */
  visibility: 'ephemeral' | 'channel';
  tone: 'info' | 'success' | 'warning' | 'error';
  /** Herald's words. */
  title: string;
  /** Paragraphs. */
  body: ReplyText[];
  /** Label (Herald's words) → value, e.g. status figures. */
  fields: Array<{ label: string; value: ReplyText }>;
  /** Bullet lines, e.g. subscriptions or feeds. */
  list: ReplyText[];
  stories: ReplyStory[];
  /** Small print, e.g. "Page 1 of 3 — /news search … page:2". Herald's words. */
  footer: string | null;
}

/** A reply with only a title and paragraphs. */
export function simpleReply(tone: Reply['tone'], title: string, ...body: ReplyText[]): Reply {
  return { visibility: 'ephemeral', tone, title, body, fields: [], list: [], stories: [], footer: null };
}
