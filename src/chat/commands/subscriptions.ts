// `/news subscriptions [all]`: what this channel (or every channel of the workspace) follows.
import type { Subscription } from '../../domain/subscription.js';
import type { TopicChoice } from '../port.js';
import type { ChatCommand, CommandContext, Reply, ReplyText } from './command.js';
import type { CommandDeps } from './command-deps.js';
import { describeChannel, describeMention, describeMode, describeTopic, emptyReply, plural, workspaceOf } from './reply-parts.js';

// A reply is read, not scrolled: past this many lines the rest is counted.
const MAX_LINES = 25;

export function answerSubscriptions(deps: CommandDeps, command: Extract<ChatCommand, { name: 'subscriptions' }>, context: CommandContext): Reply {
  const subscriptions = deps.store.listSubscriptions(workspaceOf(context), command.all ? null : context.channelId);
  if (subscriptions.length === 0) {
    const reply = emptyReply('info', command.all ? 'No subscriptions in this workspace' : 'This channel has no subscriptions');
    reply.body.push(['A moderator can add one with /news subscribe, e.g. /news subscribe hacktivism.']);
    return reply;
  }
  // This channel's first, then by channel, then by topic, so the list reads as groups.
  const sorted = [...subscriptions].sort(
    (a, b) =>
      Number(b.channelId === context.channelId) - Number(a.channelId === context.channelId) ||
      a.channelId.localeCompare(b.channelId) ||
      a.topic.localeCompare(b.topic),
  );
  const reply = emptyReply('info', command.all ? `Subscriptions in this workspace (${subscriptions.length})` : 'What this channel follows');
  reply.list = sorted.slice(0, MAX_LINES).map((subscription) => describeSubscription(subscription, deps.topics, command.all ? context : null));
  if (sorted.length > MAX_LINES) reply.footer = `Showing ${MAX_LINES} of ${plural(sorted.length, 'subscription')}.`;
  return reply;
}

/** One line: topic, delivery, filters, mention, pause — and the channel when listing a workspace. */
export function describeSubscription(subscription: Subscription, topics: readonly TopicChoice[], workspaceContext: Pick<CommandContext, 'channelId'> | null): ReplyText {
  const line: Array<ReplyText[number]> = [];
  if (workspaceContext !== null) line.push(...describeChannel(subscription, workspaceContext), ': ');
  line.push(`${describeTopic(subscription.topic, topics)} — ${describeMode(subscription.mode)}`);
  if (subscription.keywords.length > 0) line.push('; keywords: ', { untrusted: subscription.keywords.join(', ') });
  if (subscription.exclude.length > 0) line.push('; never with: ', { untrusted: subscription.exclude.join(', ') });
  if (subscription.mention !== null) line.push('; mentions ', ...describeMention(subscription.mention));
  if (subscription.pausedReason !== null) line.push(' — PAUSED: ', { untrusted: subscription.pausedReason });
  return line;
}
