// The fake's guilds, channels, roles and users, built from a seed, and the permission look-ups
// every route needs.
import { DEFAULT_EVERYONE_PERMISSIONS, PERMISSIONS, channelPermissions, toBits } from './permissions.js';
import type { Overwrite, PermissionGuild } from './permissions.js';
import { discordTimestamp } from './snowflake.js';
import type { SeedGuild, SeedUser } from './types.js';

/** Ids of the default seed, for tests that do not seed their own guild. */
export const DEFAULT_IDS = {
  application: '1300000000000000001',
  /** The bot user's id equals the application id. */
  bot: '1300000000000000001',
  guild: '1300000000000000100',
  /** @everyone: same id as the guild. */
  everyoneRole: '1300000000000000100',
  moderatorRole: '1300000000000000201',
  botRole: '1300000000000000202',
  /** Owns the guild (all permissions). */
  owner: '1300000000000000301',
  /** Holds the Moderator role (Manage Server). */
  moderator: '1300000000000000302',
  /** A plain member. */
  member: '1300000000000000303',
  channels: {
    news: '1300000000000000401',
    alerts: '1300000000000000402',
    /** The bot can read but not send here (403 50013). */
    readOnly: '1300000000000000403',
    /** The bot cannot see this one (403 50001). */
    hidden: '1300000000000000404',
    category: '1300000000000000405',
    /** Not a channel at all (404 10003), as after a deletion. */
    deleted: '1300000000000000499',
  },
} as const;

/** The default guild: owner, moderator, member, the bot with its role, and channels for every outcome. */
export function defaultGuild(): SeedGuild {
  const ids = DEFAULT_IDS;
  return {
    id: ids.guild,
    name: 'Herald Test Guild',
    ownerId: ids.owner,
    roles: [
      { id: ids.moderatorRole, name: 'Moderator', permissions: PERMISSIONS.ManageGuild | PERMISSIONS.ManageMessages | PERMISSIONS.ManageChannels, position: 2 },
      { id: ids.botRole, name: 'Herald', permissions: PERMISSIONS.ViewChannel | PERMISSIONS.SendMessages | PERMISSIONS.EmbedLinks | PERMISSIONS.ReadMessageHistory, position: 1, managed: true },
    ],
    members: [
      { user: { id: ids.owner, username: 'owner' } },
      { user: { id: ids.moderator, username: 'moderator' }, roles: [ids.moderatorRole] },
      { user: { id: ids.member, username: 'member' } },
    ],
    botRoleIds: [ids.botRole],
    channels: [
      { id: ids.channels.category, name: 'News', type: 4, position: 0 },
      { id: ids.channels.news, name: 'news', parentId: ids.channels.category, topic: 'Copyright and hacktivism news', position: 1 },
      { id: ids.channels.alerts, name: 'alerts', parentId: ids.channels.category, position: 2 },
      {
        id: ids.channels.readOnly,
        name: 'announcements',
        position: 3,
        permissionOverwrites: [{ id: ids.botRole, type: 'role', deny: PERMISSIONS.SendMessages }],
      },
      {
        id: ids.channels.hidden,
        name: 'mod-only',
        position: 4,
        permissionOverwrites: [
          { id: ids.guild, type: 'role', deny: PERMISSIONS.ViewChannel },
          { id: ids.moderatorRole, type: 'role', allow: PERMISSIONS.ViewChannel },
        ],
      },
    ],
  };
}

export interface User {
  id: string;
  username: string;
  globalName: string | null;
  bot: boolean;
}

export interface Member {
  userId: string;
  roleIds: string[];
  nick: string | null;
  joinedAt: string;
}

export interface Role {
  id: string;
  name: string;
  permissions: bigint;
  position: number;
  mentionable: boolean;
  managed: boolean;
}

export interface Channel {
  id: string;
  guildId: string;
  name: string;
  type: number;
  parentId: string | null;
  topic: string | null;
  position: number;
  nsfw: boolean;
  overwrites: Overwrite[];
  lastMessageId: string | null;
}

export interface Guild extends PermissionGuild {
  name: string;
  roles: Map<string, Role>;
  rolePermissions: Map<string, bigint>;
  channelIds: string[];
  members: Map<string, Member>;
  preferredLocale: string;
  joinedAt: string;
}

export interface World {
  botId: string;
  users: Map<string, User>;
  guilds: Map<string, Guild>;
  channels: Map<string, Channel>;
}

/** Builds the world from seeds; the bot joins every guild. */
export function buildWorld(botId: string, botUsername: string, seeds: readonly SeedGuild[]): World {
  const world: World = { botId, users: new Map(), guilds: new Map(), channels: new Map() };
  addUser(world, { id: botId, username: botUsername, bot: true });
  const joinedAt = discordTimestamp(Date.now());
  for (const seed of seeds) {
    const roles = new Map<string, Role>();
    roles.set(seed.id, { id: seed.id, name: '@everyone', permissions: toBits(seed.everyonePermissions ?? DEFAULT_EVERYONE_PERMISSIONS), position: 0, mentionable: false, managed: false });
    for (const r of seed.roles ?? []) {
      roles.set(r.id, { id: r.id, name: r.name, permissions: toBits(r.permissions), position: r.position ?? roles.size, mentionable: r.mentionable ?? false, managed: r.managed ?? false });
    }
    const guild: Guild = {
      id: seed.id,
      name: seed.name,
      ownerId: seed.ownerId,
      roles,
      rolePermissions: new Map([...roles.values()].map((r) => [r.id, r.permissions])),
      channelIds: [],
      members: new Map(),
      preferredLocale: seed.preferredLocale ?? 'en-US',
      joinedAt,
    };
    for (const m of seed.members ?? []) {
      addUser(world, m.user);
      guild.members.set(m.user.id, { userId: m.user.id, roleIds: m.roles ?? [], nick: m.nick ?? null, joinedAt });
    }
    if (!guild.members.has(botId)) guild.members.set(botId, { userId: botId, roleIds: seed.botRoleIds ?? [], nick: null, joinedAt });
    for (const [index, c] of (seed.channels ?? []).entries()) {
      world.channels.set(c.id, {
        id: c.id,
        guildId: seed.id,
        name: c.name,
        type: c.type ?? 0,
        parentId: c.parentId ?? null,
        topic: c.topic ?? null,
        position: c.position ?? index,
        nsfw: c.nsfw ?? false,
        overwrites: (c.permissionOverwrites ?? []).map((o) => ({
          id: o.id,
          type: o.type === 1 || o.type === 'member' ? 1 : 0,
          allow: toBits(o.allow),
          deny: toBits(o.deny),
        })),
        lastMessageId: null,
      });
      guild.channelIds.push(c.id);
    }
    world.guilds.set(seed.id, guild);
  }
  return world;
}

function addUser(world: World, user: SeedUser): void {
  world.users.set(user.id, { id: user.id, username: user.username, globalName: user.globalName ?? null, bot: user.bot ?? false });
}

/** A user's permissions in a channel (0 when not a member of its guild). */
export function permissionsIn(world: World, channel: Channel, userId: string): bigint {
  const guild = world.guilds.get(channel.guildId);
  const member = guild?.members.get(userId);
  if (guild === undefined || member === undefined) return 0n;
  return channelPermissions(guild, channel.overwrites, member);
}

/** Channel types a message can be posted in (text, voice chat, announcement, threads). */
export function isTextChannel(channel: Channel): boolean {
  return [0, 2, 5, 10, 11, 12, 13].includes(channel.type);
}
