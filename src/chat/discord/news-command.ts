// The `/news` slash command as Discord registers it: one top-level command whose subcommands and
// typed options mirror ChatCommand, so Discord's own UI checks types, ranges and choices.

import { ApplicationCommandOptionType, ApplicationIntegrationType, InteractionContextType } from 'discord.js';
import type { APIApplicationCommandBasicOption, APIApplicationCommandSubcommandOption, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { COMMAND_LIMITS } from '../commands/schema.js';

/** The top-level command name. */
export const NEWS_COMMAND = 'news';

const topic = (description: string, required = false): APIApplicationCommandBasicOption => ({
  type: ApplicationCommandOptionType.String,
  name: 'topic',
  description,
  required,
  autocomplete: true,
  max_length: 100,
});

const share: APIApplicationCommandBasicOption = {
  type: ApplicationCommandOptionType.Boolean,
  name: 'share',
  description: 'Post the answer in the channel instead of only to you',
};

const subcommand = (name: string, description: string, options: APIApplicationCommandBasicOption[] = []): APIApplicationCommandSubcommandOption => ({
  type: ApplicationCommandOptionType.Subcommand,
  name,
  description,
  ...(options.length === 0 ? {} : { options }),
});

/**
 * The `/news` command. Discord grants permissions per top-level command only, so it is open to
 * everyone and the moderator check happens per interaction (subscribe, unsubscribe, feeds add and
 * remove); guild channels only, as subscriptions belong to a channel.
 * @see https://discord.com/developers/docs/interactions/application-commands#subcommands-and-subcommand-groups
 */
export function newsCommand(): RESTPostAPIChatInputApplicationCommandsJSONBody {
  return {
    name: NEWS_COMMAND,
    description: 'Copyright-law and hacktivism news from Herald',
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
    options: [
      subcommand('recent', 'Latest stories', [
        topic('Only stories about this topic'),
        { type: ApplicationCommandOptionType.Integer, name: 'count', description: 'How many stories (1–10)', min_value: 1, max_value: COMMAND_LIMITS.maxCount },
        share,
      ]),
      subcommand('search', 'Search stored news', [
        { type: ApplicationCommandOptionType.String, name: 'query', description: 'Words to look for', required: true, max_length: COMMAND_LIMITS.maxQueryLength },
        topic('Only stories about this topic'),
        { type: ApplicationCommandOptionType.String, name: 'since', description: 'A date like 2025-01-31 or a span like 24h, 7d, 2w', max_length: 40 },
        { type: ApplicationCommandOptionType.Integer, name: 'page', description: 'Page of results', min_value: 1, max_value: COMMAND_LIMITS.maxPage },
        share,
      ]),
      subcommand('subscribe', 'Alert this channel about a topic (moderators)', [
        topic('A topic, or all', true),
        { type: ApplicationCommandOptionType.String, name: 'keywords', description: 'Only stories with one of these words (comma-separated)', max_length: 1000 },
        { type: ApplicationCommandOptionType.String, name: 'exclude', description: 'Never stories with one of these words (comma-separated)', max_length: 1000 },
        {
          type: ApplicationCommandOptionType.String,
          name: 'mode',
          description: 'Each story as it comes, or a digest',
          choices: [
            { name: 'instant', value: 'instant' },
            { name: 'daily digest', value: 'daily' },
            { name: 'weekly digest', value: 'weekly' },
          ],
        },
        { type: ApplicationCommandOptionType.Mentionable, name: 'mention', description: 'A role or member to ping with each alert' },
        {
          type: ApplicationCommandOptionType.String,
          name: 'ping',
          description: 'Or ping @here or @everyone with each alert',
          choices: [
            { name: '@here', value: 'here' },
            { name: '@everyone', value: 'everyone' },
          ],
        },
      ]),
      subcommand('unsubscribe', 'Stop alerts in this channel (moderators)', [topic('The topic to stop, or all (default: all)')]),
      subcommand('subscriptions', "This channel's subscriptions", [
        { type: ApplicationCommandOptionType.Boolean, name: 'all', description: "Every channel's in this server" },
      ]),
      {
        type: ApplicationCommandOptionType.SubcommandGroup,
        name: 'feeds',
        description: 'Feeds Herald reads',
        options: [
          subcommand('list', 'Feeds and their health'),
          subcommand('add', "Add a feed for this server's subscriptions (moderators)", [
            { type: ApplicationCommandOptionType.String, name: 'url', description: 'The feed address (RSS, Atom or JSON Feed)', required: true, max_length: COMMAND_LIMITS.maxUrlLength },
          ]),
          subcommand('remove', 'Remove a feed this server added (moderators)', [
            { type: ApplicationCommandOptionType.Integer, name: 'id', description: 'The feed id shown by /news feeds list', required: true, min_value: 1 },
          ]),
        ],
      },
      subcommand('status', 'Feeds, last poll and delivery backlog'),
      subcommand('help', 'What Herald can do'),
    ],
  };
}
