// Reads a `/news` interaction into the neutral command layer's terms: the command name, its raw
// option values (validated afterwards by parseCommandOptions) and who is asking, where.

import { PermissionFlagsBits } from 'discord.js';
import type { ChatInputCommandInteraction, CommandInteractionOption, PermissionsBitField } from 'discord.js';
import type { Mention } from '../../domain/subscription.js';
import type { RawOptions, RawOptionValue } from '../commands/schema.js';

/** A `/news` invocation before validation. */
export interface RawDiscordCommand {
  name: string;
  options: RawOptions;
  /** Problems the adapter itself found (both `mention` and `ping` given). */
  problems: string[];
}

// Discord resolves these per channel, overwrites included; Administrator implies them all.
const MODERATOR_PERMISSIONS = [PermissionFlagsBits.ManageChannels, PermissionFlagsBits.ManageGuild, PermissionFlagsBits.Administrator];

/**
 * Whether the member may change what the channel receives: Manage Channels, Manage Server or
 * Administrator in the channel where they typed the command.
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object-interaction-structure
 */
export function isModerator(permissions: Readonly<PermissionsBitField> | null): boolean {
  return permissions?.any(MODERATOR_PERMISSIONS, true) ?? false;
}

/**
 * Whether the member manages the whole server (Manage Server or Administrator, server-wide, not
 * through one channel's overwrites): workspace feeds reach every channel, so adding or removing one
 * needs that, not Manage Channels in the channel at hand.
 */
export function isServerManager(permissions: Readonly<PermissionsBitField> | null): boolean {
  return permissions?.any([PermissionFlagsBits.ManageGuild, PermissionFlagsBits.Administrator], true) ?? false;
}

/**
 * The command name and raw options of a `/news` interaction: `/news feeds add url:…` becomes
 * `feeds` with `{ action: 'add', url }`; the mentionable option becomes a Mention.
 * @see https://discord.com/developers/docs/interactions/application-commands#subcommands-and-subcommand-groups
 */
export function readNewsCommand(interaction: ChatInputCommandInteraction): RawDiscordCommand {
  const group = interaction.options.getSubcommandGroup(false);
  const sub = interaction.options.getSubcommand(false);
  const name = group ?? sub ?? 'help';
  const options: Record<string, RawOptionValue> = {};
  const problems: string[] = [];
  if (group === 'feeds' && sub !== null) options['action'] = sub;
  for (const option of leafOptions(interaction.options.data)) {
    if (option.name === 'mention' || option.name === 'ping') continue;
    options[option.name] = typeof option.value === 'string' || typeof option.value === 'number' || typeof option.value === 'boolean' ? option.value : null;
  }
  if (name === 'subscribe') {
    const picked = mentionOf(interaction.options.get('mention'), interaction.guildId);
    const ping = interaction.options.getString('ping');
    if (picked !== null && ping !== null) problems.push('choose either mention or ping, not both');
    options['mention'] = picked ?? ping;
  }
  return { name, options, problems };
}

/** The options under the subcommand (group), flattened. */
function leafOptions(options: readonly CommandInteractionOption[]): CommandInteractionOption[] {
  return options.flatMap((option) => (option.options === undefined ? [option] : leafOptions(option.options)));
}

/** A role or user picked in a mentionable option; the @everyone role (the guild's id) is `everyone`. */
function mentionOf(option: CommandInteractionOption | null, guildId: string | null): Mention | null {
  if (option === null || typeof option.value !== 'string') return null;
  if (option.role !== undefined && option.role !== null) return option.role.id === guildId ? { kind: 'everyone' } : { kind: 'role', id: option.role.id };
  if (option.user !== undefined) return { kind: 'user', id: option.user.id };
  return null;
}
