// `/news subscribe` and `/news unsubscribe`: moderators choose what this channel is alerted about.
import type { ChannelRef, SubscriptionRequest } from '../../domain/subscription.js';
import type { ChatCommand, CommandContext, Reply, ReplyText } from './command.js';
import type { CommandDeps } from './command-deps.js';
import { describeMention, describeMode, describeTopic, emptyReply, moderatorRefusal, plural, workspaceOf } from './reply-parts.js';

/**
 * Creates or replaces the channel's subscription to a topic (resuming it if it was paused). The
 * confirmation is posted to the channel, so the other moderators see what changed.
 */
export function answerSubscribe(deps: CommandDeps, command: Extract<ChatCommand, { name: 'subscribe' }>, context: CommandContext): Reply {
  if (!context.isModerator) return moderatorRefusal(context, 'subscribing a channel');
  const before = deps.store.listSubscriptions(workspaceOf(context), context.channelId).find((subscription) => subscription.topic === command.topic);
  const request: SubscriptionRequest = {
    platform: context.platform,
    workspaceId: context.workspaceId,
    channelId: context.channelId,
    topic: command.topic,
    keywords: command.keywords,
    exclude: command.exclude,
    mode: command.mode,
    mention: command.mention,
    createdBy: context.userId,
  };
  const { subscription, created } = deps.store.upsertSubscription(request, deps.clock());
  deps.log.info({ subscription: subscription.id, topic: subscription.topic, created, channel: context.channelId, user: context.userId }, 'subscription saved');

  const topic = describeTopic(subscription.topic, deps.topics);
  const reply = emptyReply('success', created ? `This channel now follows ${topic}` : `Updated this channel's ${topic} subscription`, 'channel');
  reply.body.push([
    subscription.keywords.length === 0 ? 'Every matching story' : 'Stories with one of the keywords',
    subscription.mode === 'instant' ? ' will be posted here as it comes.' : ` will be collected into ${describeMode(subscription.mode)} here.`,
  ]);
  if (before !== undefined && before.pausedReason !== null) {
    reply.body.push(['It had been paused (', { untrusted: before.pausedReason }, '); alerts resume now.']);
  }
  reply.fields.push({ label: 'Topic', value: [topic] });
  reply.fields.push({ label: 'Keywords', value: subscription.keywords.length === 0 ? ['any story'] : [{ untrusted: subscription.keywords.join(', ') }] });
  if (subscription.exclude.length > 0) reply.fields.push({ label: 'Never with', value: [{ untrusted: subscription.exclude.join(', ') }] });
  reply.fields.push({ label: 'Delivery', value: [describeMode(subscription.mode)] });
  reply.fields.push({ label: 'Mention', value: describeMention(subscription.mention) });
  reply.footer = 'Change it by subscribing again; stop it with /news unsubscribe.';
  return reply;
}

/** Removes the channel's subscription to a topic, or all of them. */
export function answerUnsubscribe(deps: CommandDeps, command: Extract<ChatCommand, { name: 'unsubscribe' }>, context: CommandContext): Reply {
  if (!context.isModerator) return moderatorRefusal(context, 'unsubscribing a channel');
  const channel: ChannelRef = { platform: context.platform, workspaceId: context.workspaceId, channelId: context.channelId };
  const removed = deps.store.removeSubscriptions(channel, command.topic);
  const topic = command.topic === null ? null : describeTopic(command.topic, deps.topics);
  if (removed === 0) {
    const remaining = deps.store.listSubscriptions(workspaceOf(context), context.channelId);
    const reply = emptyReply('info', topic === null ? 'This channel had no subscriptions' : `This channel does not follow ${topic}`);
    const follows: ReplyText =
      remaining.length === 0
        ? ['It follows nothing, so nothing was changed.']
        : [`Nothing was changed. It follows: ${remaining.map((subscription) => describeTopic(subscription.topic, deps.topics)).join(', ')}.`];
    reply.body.push(follows);
    if (remaining.some((subscription) => subscription.topic === '*')) reply.body.push(['To stop everything, use /news unsubscribe all.']);
    return reply;
  }
  deps.log.info({ topic: command.topic, removed, channel: context.channelId, user: context.userId }, 'subscriptions removed');
  const reply = emptyReply('success', topic === null ? 'This channel no longer gets alerts' : `This channel no longer follows ${topic}`, 'channel');
  reply.body.push([`Removed ${plural(removed, 'subscription')}. A moderator can subscribe again at any time.`]);
  return reply;
}
