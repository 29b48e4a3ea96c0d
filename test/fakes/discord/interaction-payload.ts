// Builds INTERACTION_CREATE payloads the way Discord does: command data with resolved users,
// channels and roles, the member with its channel permissions, app_permissions, locale, token.
// @see https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object
import { randomBytes } from 'node:crypto';
import type { FakeContext } from './context.js';
import type { CommandRegistry } from './routes-commands.js';
import { toBits } from './permissions.js';
import type { InjectInteractionInput, Json } from './types.js';
import { isTextChannel, permissionsIn } from './world.js';
import { channelJson, memberJson, roleJson, userJson } from './world-json.js';
import type { Channel, Guild } from './world.js';

export interface BuiltInteraction {
  id: string;
  token: string;
  type: 2 | 3 | 4;
  channel: Channel;
  guild: Guild;
  userId: string;
  /** For type 3: the message whose component was used. */
  messageId: string | undefined;
  commandName: string | undefined;
  payload: Json;
}

/** Builds the payload; throws (a test mistake, not a Discord answer) when the input names nothing real. */
export function buildInteraction(ctx: FakeContext, commands: CommandRegistry, input: InjectInteractionInput): BuiltInteraction {
  const { world } = ctx;
  const guild = input.guildId === undefined ? world.guilds.values().next().value : world.guilds.get(input.guildId);
  if (guild === undefined) throw new Error(`fake-discord: no guild ${input.guildId ?? '(none seeded)'}`);
  const channelId = input.channelId ?? guild.channelIds.find((id) => {
    const c = world.channels.get(id);
    return c !== undefined && c.type === 0;
  });
  const channel = channelId === undefined ? undefined : world.channels.get(channelId);
  if (channel === undefined || channel.guildId !== guild.id || !isTextChannel(channel)) throw new Error(`fake-discord: no text channel ${channelId ?? ''} in guild ${guild.id}`);
  const userId = input.userId ?? [...guild.members.keys()].find((id) => world.users.get(id)?.bot !== true);
  const member = userId === undefined ? undefined : guild.members.get(userId);
  if (userId === undefined || member === undefined) throw new Error(`fake-discord: user ${input.userId ?? '(none)'} is not a member of guild ${guild.id}`);

  const type = input.type ?? 2;
  const memberPermissions = input.permissions === undefined ? permissionsIn(world, channel, userId) : toBits(input.permissions);
  let data: Json;
  let commandName: string | undefined;
  let message: Json | undefined;
  if (type === 3) {
    const stored = input.messageId === undefined ? undefined : ctx.messages.get(input.messageId);
    if (stored === undefined || stored.channelId !== channel.id) throw new Error(`fake-discord: a component interaction needs messageId of a message in channel ${channel.id}`);
    message = stored.message;
    data = { custom_id: input.customId ?? '', component_type: input.componentType ?? 2 };
  } else {
    const command = findCommand(commands, guild.id, input);
    commandName = String(command['name']);
    data = {
      id: command['id'],
      name: command['name'],
      type: command['type'] ?? 1,
      ...(command['guild_id'] === undefined ? {} : { guild_id: command['guild_id'] }),
      ...(input.options === undefined ? {} : { options: input.options }),
    };
    const resolved = resolveOptions(ctx, guild, channel, input.options ?? []);
    if (resolved !== undefined) data['resolved'] = resolved;
  }

  const id = input.id ?? ctx.newId();
  const token = `aW50ZXJhY3Rpb246${id}:${randomBytes(48).toString('base64url')}`;
  const locale = input.locale ?? 'en-US';
  const payload: Json = {
    id,
    application_id: ctx.options.applicationId,
    type,
    data,
    guild: { id: guild.id, locale: guild.preferredLocale, features: [] },
    guild_id: guild.id,
    guild_locale: guild.preferredLocale,
    channel: { ...channelJson(channel), permissions: memberPermissions.toString() },
    channel_id: channel.id,
    member: memberJson(world, member, { permissions: memberPermissions.toString() }),
    token,
    version: 1,
    app_permissions: permissionsIn(world, channel, world.botId).toString(),
    locale,
    entitlements: [],
    entitlement_sku_ids: [],
    authorizing_integration_owners: { '0': guild.id },
    context: 0,
    attachment_size_limit: 10_485_760,
    ...(message === undefined ? {} : { message }),
  };
  return { id, token, type, channel, guild, userId, messageId: input.messageId, commandName, payload };
}

function findCommand(commands: CommandRegistry, guildId: string, input: InjectInteractionInput): Json {
  const scopes = [...(commands.get(guildId) ?? []), ...(commands.get('global') ?? [])];
  if (input.commandId !== undefined) {
    return scopes.find((c) => c['id'] === input.commandId) ?? { id: input.commandId, name: input.commandName ?? 'command', type: 1 };
  }
  const found = scopes.find((c) => c['name'] === input.commandName);
  if (found === undefined) {
    throw new Error(`fake-discord: command "${input.commandName ?? ''}" is not registered (register it with commands.set, or pass commandId)`);
  }
  return found;
}

/** `data.resolved` for user (6), channel (7), role (8) and mentionable (9) options, at any depth. */
function resolveOptions(ctx: FakeContext, guild: Guild, channel: Channel, options: readonly Json[]): Json | undefined {
  const users: Json = {};
  const members: Json = {};
  const channels: Json = {};
  const roles: Json = {};
  const visit = (list: readonly Json[]): void => {
    for (const option of list) {
      const value = String(option['value'] ?? '');
      const type = option['type'];
      const user = ctx.world.users.get(value);
      const member = guild.members.get(value);
      if ((type === 6 || type === 9) && user !== undefined) {
        users[value] = userJson(user);
        if (member !== undefined) members[value] = { ...memberJson(ctx.world, member, { permissions: permissionsIn(ctx.world, channel, value).toString() }), user: undefined };
      }
      const role = guild.roles.get(value);
      if ((type === 8 || type === 9) && role !== undefined) roles[value] = roleJson(role);
      const target = ctx.world.channels.get(value);
      if (type === 7 && target !== undefined) {
        channels[value] = { ...channelJson(target), permissions: permissionsIn(ctx.world, target, ctx.world.botId).toString() };
      }
      if (Array.isArray(option['options'])) visit(option['options'] as Json[]);
    }
  };
  visit(options);
  const parts = Object.entries({ users, members, channels, roles }).filter(([, v]) => Object.keys(v).length > 0);
  return parts.length === 0 ? undefined : Object.fromEntries(parts);
}
