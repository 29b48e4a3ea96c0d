// The neutral command handler every platform adapter calls: runs one ChatCommand against the
// store, never throws, and warns about paused subscriptions in the workspace on every reply.
import type { Subscription } from '../../domain/subscription.js';
import { HeraldError, asHeraldError } from '../../errors.js';
import type { CommandHandler } from '../port.js';
import type { ChatCommand, CommandContext, Reply, ReplyText } from './command.js';
import type { CommandDeps } from './command-deps.js';
import { answerFeedAdd } from './feeds-add.js';
import { answerFeedList, answerFeedRemove } from './feeds.js';
import { helpReply } from './help.js';
import { answerRecent } from './recent.js';
import { describeChannel, describeTopic, failureReply, workspaceOf } from './reply-parts.js';
import { answerSearch } from './search.js';
import { answerStatus } from './status.js';
import { answerSubscribe, answerUnsubscribe } from './subscribe.js';
import { answerSubscriptions } from './subscriptions.js';

export type { CommandDeps, FeedPreview } from './command-deps.js';

// How many paused subscriptions the warning names before counting the rest.
const PAUSED_NAMED = 3;

/**
 * Builds the handler the platforms call for `/news`. Moderator-only commands refuse anyone else
 * and change nothing; an unexpected failure is logged and answered with a polite apology.
 */
export function createCommandHandler(deps: CommandDeps): CommandHandler {
  return async (command, context) => {
    let reply: Reply;
    try {
      reply = await answer(deps, command, context);
    } catch (error) {
      const failure = asHeraldError(error);
      deps.log.error({ err: error, command: command.name, platform: context.platform, workspace: context.workspaceId, channel: context.channelId }, 'command failed');
      return failureReply(failure.retryable);
    }
    // status lists paused subscriptions itself.
    return command.name === 'status' ? reply : withPausedWarning(deps, reply, context);
  };
}

function answer(deps: CommandDeps, command: ChatCommand, context: CommandContext): Reply | Promise<Reply> {
  switch (command.name) {
    case 'recent':
      return answerRecent(deps, command, context);
    case 'search':
      return answerSearch(deps, command, context);
    case 'subscribe':
      return answerSubscribe(deps, command, context);
    case 'unsubscribe':
      return answerUnsubscribe(deps, command, context);
    case 'subscriptions':
      return answerSubscriptions(deps, command, context);
    case 'feeds':
      if (command.action === 'add') return answerFeedAdd(deps, command, context);
      if (command.action === 'remove') return answerFeedRemove(deps, command, context);
      return answerFeedList(deps, context);
    case 'status':
      return answerStatus(deps, context);
    case 'help':
      return helpReply(context.platform, deps.topics);
    default: {
      // Adapters validate with schema.ts; a command that slipped past is a bug, answered politely.
      const unknown: never = command;
      throw new HeraldError('internal', `Unknown command ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * Adds one paragraph naming the workspace's paused subscriptions, so moderators learn of them from
 * whatever command comes next. Checked after the command ran: a subscribe may just have resumed one.
 */
function withPausedWarning(deps: CommandDeps, reply: Reply, context: CommandContext): Reply {
  let paused: Subscription[];
  try {
    paused = deps.store.listSubscriptions(workspaceOf(context), null).filter((subscription) => subscription.pausedReason !== null);
  } catch (error) {
    // The answer itself is ready; a failed extra check must not replace it.
    deps.log.warn({ err: error, workspace: context.workspaceId }, 'could not check for paused subscriptions');
    return reply;
  }
  if (paused.length === 0) return reply;
  const warning: Array<ReplyText[number]> = [`⚠️ Alerts are paused for ${paused.length === 1 ? 'a subscription' : `${paused.length} subscriptions`} in this workspace: `];
  paused.slice(0, PAUSED_NAMED).forEach((subscription, index) => {
    if (index > 0) warning.push('; ');
    warning.push(...describeChannel(subscription, context), `, ${describeTopic(subscription.topic, deps.topics)} (`, { untrusted: subscription.pausedReason ?? '' }, ')');
  });
  if (paused.length > PAUSED_NAMED) warning.push(`; and ${paused.length - PAUSED_NAMED} more`);
  warning.push('. /news status has the details.');
  return { ...reply, body: [...reply.body, warning] };
}
