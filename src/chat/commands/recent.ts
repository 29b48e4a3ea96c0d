// `/news recent [topic] [count]`: the latest stories, newest first.
import type { ChatCommand, CommandContext, Reply, ReplyStory } from './command.js';
import type { CommandDeps } from './command-deps.js';
import { describeTopic, emptyReply, workspaceOf } from './reply-parts.js';

/** Latest stories from the catalogue and the workspace's own feeds; shared with the channel on `share`. */
export function answerRecent(deps: CommandDeps, command: Extract<ChatCommand, { name: 'recent' }>, context: CommandContext): Reply {
  const stories = deps.store.recentStories(workspaceOf(context), { topic: command.topic, limit: command.count });
  const about = command.topic === null ? null : describeTopic(command.topic, deps.topics);
  const visibility = command.share ? 'channel' : 'ephemeral';
  if (stories.length === 0) {
    const reply = emptyReply('info', 'No stories yet', visibility);
    reply.body.push([
      about === null ? 'Herald has not stored any stories yet.' : `Herald has no stories about ${about} yet.`,
      ' New ones arrive with the next polls; /news feeds shows what Herald reads.',
    ]);
    return reply;
  }
  const reply = emptyReply('info', about === null ? 'Latest stories' : `Latest on ${about}`, visibility);
  reply.stories = stories.map(({ storyId: _storyId, ...story }): ReplyStory => story);
  return reply;
}
