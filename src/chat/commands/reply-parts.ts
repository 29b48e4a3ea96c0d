// Wording every command reply shares: topic names, times, delivery modes, mentions, the
// moderator refusal and the "something went wrong" answer.
import type { DeliveryMode, Mention, PlatformName, Subscription } from '../../domain/subscription.js';
import { formatUtc, topicLabel } from '../alert.js';
import type { TopicChoice } from '../port.js';
import type { CommandContext, Reply, ReplyText } from './command.js';
import type { WorkspaceRef } from './command-store.js';

/** The workspace a command was given in. */
export function workspaceOf(context: CommandContext): WorkspaceRef {
  return { platform: context.platform, workspaceId: context.workspaceId };
}

/** The feed scope the store gives feeds a workspace added. */
export function workspaceScope(workspace: WorkspaceRef): string {
  return `${workspace.platform}:${workspace.workspaceId}`;
}

/** A topic's display name from the configured topics; `'*'` is "All topics". */
export function describeTopic(topic: string, topics: readonly TopicChoice[]): string {
  if (topic === '*') return 'All topics';
  const label = topics.find((choice) => choice.id === topic)?.label;
  return label !== undefined && label.trim() !== '' ? label : topicLabel(topic);
}

export function describeMode(mode: DeliveryMode): string {
  return mode === 'instant' ? 'each story as it comes' : mode === 'daily' ? 'a daily digest' : 'a weekly digest';
}

// Written out in words, never as "@here" or "<@…>", so the confirmation itself pings nobody.
export function describeMention(mention: Mention | null): ReplyText {
  if (mention === null) return ['nobody'];
  switch (mention.kind) {
    case 'here':
      return ['here (members who are online)'];
    case 'everyone':
      return ['everyone in the channel'];
    case 'role':
      return ['the role ', { untrusted: mention.id }];
    case 'user':
      return ['the member ', { untrusted: mention.id }];
  }
}

/** "2025-01-31 12:00 UTC (3 h ago)", or "never" for null. */
export function describeTime(iso: string | null, now: Date): string {
  if (iso === null) return 'never';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return 'unknown';
  return `${formatUtc(iso)} (${describeAge(now.getTime() - time)})`;
}

function describeAge(ms: number): string {
  if (ms < 0) return 'in the future';
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}

/** "1 story" / "3 stories". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

/** "this channel" or "channel C123", for lines about subscriptions. */
export function describeChannel(subscription: Pick<Subscription, 'channelId'>, context: Pick<CommandContext, 'channelId'>): ReplyText {
  return subscription.channelId === context.channelId ? ['this channel'] : ['channel ', { untrusted: subscription.channelId }];
}

const MODERATORS: Readonly<Record<PlatformName, string>> = {
  discord: 'members with Manage Channels, Manage Server or Administrator in this channel',
  slack: 'workspace admins and owners, and people the operator has listed',
  console: 'moderators',
};

/** The polite no for a member who is not a moderator; nothing has been changed. */
export function moderatorRefusal(context: CommandContext, what: string): Reply {
  return {
    visibility: 'ephemeral',
    tone: 'warning',
    title: 'Only moderators can do that',
    body: [[`Sorry — ${what} is for ${MODERATORS[context.platform]}. Nothing was changed.`], ['Ask a moderator, or use /news subscriptions to see what this channel follows.']],
    fields: [],
    list: [],
    stories: [],
    footer: null,
  };
}

/** The answer when a handler failed unexpectedly (the failure is logged by the caller). */
export function failureReply(retryable: boolean): Reply {
  const hint = retryable ? 'Herald is busy right now; please try again in a moment.' : 'Please try again later; if it keeps happening, tell the operator.';
  return {
    visibility: 'ephemeral',
    tone: 'error',
    title: 'Something went wrong',
    body: [[`Herald could not answer that command. The error has been logged. ${hint}`]],
    fields: [],
    list: [],
    stories: [],
    footer: null,
  };
}

/** An empty reply to fill in. */
export function emptyReply(tone: Reply['tone'], title: string, visibility: Reply['visibility'] = 'ephemeral'): Reply {
  return { visibility, tone, title, body: [], fields: [], list: [], stories: [], footer: null };
}
