// Answers one `/news …` slash command as neutral data: parse the text, work out whether the user
// moderates, refuse moderator commands to anyone else, run the handler. No Bolt in here.

import type { Logger } from 'pino';
import { needsModerator, simpleReply } from '../commands/command.js';
import type { CommandContext, Reply, ReplyText } from '../commands/command.js';
import { parseCommandText } from '../commands/parse-text.js';
import type { CommandHandler, TopicChoice } from '../port.js';
import type { ModeratorCheck } from './moderator-check.js';

/** The parts of Slack's slash-command payload Herald uses. */
export interface SlashCommandRequest {
  teamId: string;
  channelId: string;
  userId: string;
  /** What the user typed after `/news`, as Slack sent it (with &amp; &lt; &gt;). */
  text: string;
}

export interface AnswerDeps {
  handler: CommandHandler;
  topics: readonly TopicChoice[];
  isModerator: ModeratorCheck;
  log: Logger;
}

/**
 * The reply to a slash command; never throws (a failing handler becomes an apology).
 * @see https://docs.slack.dev/interactivity/implementing-slash-commands
 */
export async function answerSlashCommand(request: SlashCommandRequest, deps: AnswerDeps): Promise<Reply> {
  const parsed = parseCommandText(request.text, deps.topics);
  if (!parsed.ok) {
    const hint = parsed.suggestion !== null ? `Did you mean /news ${parsed.suggestion}? ` : '';
    const usage = parsed.command !== null ? `/news help shows how ${parsed.command} works.` : '/news help lists the commands.';
    return simpleReply('warning', 'Herald did not understand that', ...parsed.problems.map((problem): ReplyText => [{ untrusted: problem }]), [`${hint}${usage}`]);
  }
  const { command } = parsed;
  const context: CommandContext = {
    platform: 'slack',
    workspaceId: request.teamId,
    channelId: request.channelId,
    userId: request.userId,
    isModerator: await deps.isModerator(request.userId),
  };
  deps.log.debug({ command: command.name, user: request.userId, channel: request.channelId, moderator: context.isModerator }, '/news command');
  // The handler refuses too; checking here as well keeps a handler bug from letting anyone
  // change a channel's subscriptions.
  if (needsModerator(command) && !context.isModerator) {
    return simpleReply('warning', 'Only moderators can do that', [
      `/news ${command.name}${command.name === 'feeds' ? ` ${command.action}` : ''} is for workspace admins and owners, and for the people Herald's operator listed as moderators. Nothing was changed.`,
    ]);
  }
  try {
    return await deps.handler(command, context);
  } catch (error) {
    deps.log.error({ err: error, command: command.name }, 'a /news command failed');
    return simpleReply('error', 'Something went wrong', ['Herald could not answer that just now. Please try again in a minute.']);
  }
}
