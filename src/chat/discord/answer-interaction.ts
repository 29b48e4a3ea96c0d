// Answers `/news` interactions: validates the options, runs the neutral command handler and
// replies in time (directly when the handler is quick, else deferred within Discord's 3 s), and
// offers topics as the member types.

import { MessageFlags, PermissionsBitField } from 'discord.js';
import type { AutocompleteInteraction, ChatInputCommandInteraction, InteractionEditReplyOptions } from 'discord.js';
import type { Logger } from '../../logger.js';
import { simpleReply } from '../commands/command.js';
import type { ChatCommand, CommandContext, Reply, ReplyText } from '../commands/command.js';
import { parseCommandOptions } from '../commands/schema.js';
import type { CommandHandler, TopicChoice } from '../port.js';
import { fitText } from '../text-limits.js';
import { isModerator, isServerManager, readNewsCommand } from './read-interaction.js';
import { renderDiscordReply } from './render-reply.js';

export interface AnswerDeps {
  handler: CommandHandler;
  topics: readonly TopicChoice[];
  log: Logger;
  /** How long a handler may run before the reply is deferred; well inside Discord's 3 s. */
  deferAfterMs: number;
}

// Discord shows at most 25 autocomplete choices.
const MAX_CHOICES = 25;

/**
 * Runs one `/news` command. A quick handler is answered with one reply whose visibility is the
 * Reply's own; a slow one is deferred (ephemeral unless the member asked to share) and the reply
 * edited in when ready. Never throws: a failed answer is logged.
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction
 */
export async function answerCommand(interaction: ChatInputCommandInteraction, deps: AnswerDeps): Promise<void> {
  const log = deps.log.child({ interaction: interaction.id, user: interaction.user.id, channel: interaction.channelId });
  try {
    const reply = await runOrDefer(interaction, deps, log);
    if (reply !== null) await interaction.reply({ ...messageOptions(reply), ...(reply.visibility === 'ephemeral' ? { flags: MessageFlags.Ephemeral } : {}) });
  } catch (error) {
    // 10062 Unknown interaction (answered too late) and network failures: the member sees
    // Discord's "The application did not respond"; nothing else can be done for this one.
    log.warn({ error: apiFailure(error) }, 'could not answer a /news interaction');
  }
}

/**
 * What to log about a failed interaction reply. A DiscordAPIError's `url` carries the interaction
 * token (`/interactions/{id}/{token}/callback`), which is a credential for 15 minutes: never logged.
 */
function apiFailure(error: unknown): Record<string, unknown> {
  const { name, message, code, status, method } = error as { name?: unknown; message?: unknown; code?: unknown; status?: unknown; method?: unknown };
  return { name, code, status, method, message: typeof message === 'string' ? message.replace(/\/(interactions|webhooks)\/[^\s]+/g, '/$1/…') : message };
}

/** The member's server-wide permissions (roles only, no channel overwrites), when Discord sent them. */
function serverPermissions(interaction: ChatInputCommandInteraction): Readonly<PermissionsBitField> | null {
  const member = interaction.member;
  if (!member) return null;
  const permissions = member.permissions;
  // An uncached member arrives as raw API data: permissions is then a string bitfield.
  return typeof permissions === 'string' ? new PermissionsBitField(BigInt(permissions)) : permissions;
}

/** The reply to send directly, or null when it was already sent after a deferral. */
async function runOrDefer(interaction: ChatInputCommandInteraction, deps: AnswerDeps, log: Logger): Promise<Reply | null> {
  const guildId = interaction.guildId;
  if (guildId === null) return simpleReply('warning', 'Herald works in server channels', ['Use /news in a channel of a server Herald is in.']);
  const raw = readNewsCommand(interaction);
  const parsed = parseCommandOptions(raw.name, raw.options, deps.topics);
  if (!parsed.ok || raw.problems.length > 0) {
    const problems = [...raw.problems, ...(parsed.ok ? [] : parsed.problems)];
    const suggestion = parsed.ok ? null : parsed.suggestion;
    return problemReply(problems, suggestion === null ? null : `Did you mean /news ${suggestion}?`);
  }
  const context: CommandContext = {
    platform: 'discord',
    workspaceId: guildId,
    channelId: interaction.channelId,
    userId: interaction.user.id,
    // Subscriptions are per channel; feeds are per server, so they need server-wide rights.
    isModerator: parsed.command.name === 'feeds' ? isServerManager(serverPermissions(interaction)) : isModerator(interaction.memberPermissions),
  };
  log.debug({ command: parsed.command.name, moderator: context.isModerator }, '/news command');
  const work = runHandler(deps.handler, parsed.command, context, log);
  let timer: NodeJS.Timeout | undefined;
  const slow = new Promise<'slow'>((resolve) => (timer = setTimeout(() => resolve('slow'), deps.deferAfterMs)));
  const first = await Promise.race([work, slow]);
  clearTimeout(timer);
  if (first !== 'slow') return first;
  // Visibility is fixed when deferring; only an explicit share makes the answer public.
  const shared = 'share' in parsed.command && parsed.command.share;
  await interaction.deferReply(shared ? {} : { flags: MessageFlags.Ephemeral });
  const reply = await work;
  await interaction.editReply(messageOptions(reply));
  return null;
}

async function runHandler(handler: CommandHandler, command: ChatCommand, context: CommandContext, log: Logger): Promise<Reply> {
  try {
    return await handler(command, context);
  } catch (error) {
    // The port says handlers never throw; if one does, the member still gets an answer.
    log.error({ err: error, command: command.name }, 'command handler threw');
    return simpleReply('error', 'Something went wrong', ['Herald could not answer that command. Please try again later.']);
  }
}

function messageOptions(reply: Reply): Pick<InteractionEditReplyOptions, 'embeds' | 'allowedMentions'> {
  return { embeds: renderDiscordReply(reply).embeds, allowedMentions: { parse: [] } };
}

/** What is wrong with the options, each problem as the member's own (untrusted) words. */
export function problemReply(problems: readonly string[], hint: string | null): Reply {
  const reply = simpleReply('warning', 'That command needs a fix', ...problems.map((problem): ReplyText => [{ untrusted: problem }]));
  return hint === null ? { ...reply, footer: 'See /news help for every command.' } : { ...reply, footer: `${hint} See /news help for every command.` };
}

/**
 * Offers topics whose id or label starts with (then contains) what the member typed; `all` too
 * where it means something (subscribe, unsubscribe).
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-autocomplete
 */
export async function answerAutocomplete(interaction: AutocompleteInteraction, topics: readonly TopicChoice[], log: Logger): Promise<void> {
  try {
    const focused = interaction.options.getFocused(true);
    const sub = interaction.options.getSubcommand(false);
    const withAll = sub === 'subscribe' || sub === 'unsubscribe';
    await interaction.respond(focused.name === 'topic' ? matchTopics(topics, String(focused.value), withAll) : []);
  } catch (error) {
    log.debug({ error: apiFailure(error), interaction: interaction.id }, 'could not answer an autocomplete');
  }
}

/** Autocomplete choices for `typed`, best first, at most 25. */
export function matchTopics(topics: readonly TopicChoice[], typed: string, withAll: boolean): Array<{ name: string; value: string }> {
  const word = typed.trim().toLowerCase();
  const all = withAll ? [{ id: 'all', label: 'All topics' }] : [];
  const candidates = [...topics, ...all];
  const starts = candidates.filter((topic) => topic.id.toLowerCase().startsWith(word) || topic.label.toLowerCase().startsWith(word));
  const contains = candidates.filter((topic) => !starts.includes(topic) && (topic.id.toLowerCase().includes(word) || topic.label.toLowerCase().includes(word)));
  // Choice names and values are at most 100 characters.
  return [...starts, ...contains]
    .filter((topic) => topic.id.length <= 100)
    .slice(0, MAX_CHOICES)
    .map((topic) => ({ name: fitText(topic.label.trim() || topic.id, 100) || topic.id, value: topic.id }));
}
