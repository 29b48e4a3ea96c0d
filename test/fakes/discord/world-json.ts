// Discord's JSON for the fake's users, roles, channels, members and guilds (REST objects and the
// GUILD_CREATE payload). @see https://discord.com/developers/docs/resources/guild#guild-object
import type { Json } from './types.js';
import type { Channel, Guild, Member, Role, User, World } from './world.js';

export function userJson(user: User): Json {
  return {
    id: user.id,
    username: user.username,
    global_name: user.globalName,
    discriminator: '0',
    avatar: null,
    avatar_decoration_data: null,
    public_flags: 0,
    flags: 0,
    bot: user.bot || undefined,
    system: false,
  };
}

export function roleJson(role: Role): Json {
  return {
    id: role.id,
    name: role.name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position: role.position,
    permissions: role.permissions.toString(),
    managed: role.managed,
    mentionable: role.mentionable,
    flags: 0,
  };
}

/** A guild channel; `withGuildId` is false inside GUILD_CREATE, where Discord omits it. */
export function channelJson(channel: Channel, withGuildId = true): Json {
  return {
    id: channel.id,
    type: channel.type,
    ...(withGuildId ? { guild_id: channel.guildId } : {}),
    name: channel.name,
    position: channel.position,
    parent_id: channel.parentId,
    permission_overwrites: channel.overwrites.map((o) => ({ id: o.id, type: o.type, allow: o.allow.toString(), deny: o.deny.toString() })),
    flags: 0,
    ...(channel.type === 4 ? {} : { topic: channel.topic, nsfw: channel.nsfw, last_message_id: channel.lastMessageId, rate_limit_per_user: 0 }),
  };
}

export function memberJson(world: World, member: Member, extra: Json = {}): Json {
  const user = world.users.get(member.userId);
  return {
    user: user === undefined ? { id: member.userId } : userJson(user),
    nick: member.nick,
    avatar: null,
    banner: null,
    roles: member.roleIds,
    joined_at: member.joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
    ...extra,
  };
}

/** A REST guild object (GET /guilds/:id). */
export function guildJson(guild: Guild): Json {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [...guild.roles.values()].map(roleJson),
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    vanity_url_code: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: guild.preferredLocale,
    nsfw_level: 0,
    max_members: 25_000_000,
    max_video_channel_users: 25,
    premium_progress_bar_enabled: false,
  };
}

/** GUILD_CREATE: the REST guild plus channels, members and the gateway-only fields. */
export function guildCreateJson(world: World, guild: Guild, allMembers: boolean): Json {
  const members = [...guild.members.values()].filter((m) => allMembers || m.userId === world.botId);
  return {
    ...guildJson(guild),
    unavailable: false,
    large: false,
    lazy: true,
    joined_at: guild.joinedAt,
    member_count: guild.members.size,
    members: members.map((m) => memberJson(world, m)),
    channels: guild.channelIds.flatMap((id) => {
      const channel = world.channels.get(id);
      return channel === undefined ? [] : [channelJson(channel, false)];
    }),
    threads: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    embedded_activities: [],
    incidents_data: null,
    hub_type: null,
  };
}
