// Discord's permission arithmetic: guild base permissions from roles, then channel overwrites in the
// documented order (@everyone, roles, member).
// @see https://discord.com/developers/docs/topics/permissions#permission-overwrites
import type { PermissionsInput } from './types.js';

/** The permission bits the fake checks or seeds with (the values are Discord's). */
export const PERMISSIONS = {
  CreateInstantInvite: 1n << 0n,
  Administrator: 1n << 3n,
  ManageChannels: 1n << 4n,
  ManageGuild: 1n << 5n,
  AddReactions: 1n << 6n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  MentionEveryone: 1n << 17n,
  UseExternalEmojis: 1n << 18n,
  ManageRoles: 1n << 28n,
  UseApplicationCommands: 1n << 31n,
  SendMessagesInThreads: 1n << 38n,
} as const;

/** Every permission bit Discord defines today (through 1 << 50). */
export const ALL_PERMISSIONS = (1n << 51n) - 1n;

/** What a plain member gets in a fresh Discord server. */
export const DEFAULT_EVERYONE_PERMISSIONS =
  PERMISSIONS.CreateInstantInvite |
  PERMISSIONS.AddReactions |
  PERMISSIONS.ViewChannel |
  PERMISSIONS.SendMessages |
  PERMISSIONS.EmbedLinks |
  PERMISSIONS.AttachFiles |
  PERMISSIONS.ReadMessageHistory |
  PERMISSIONS.UseExternalEmojis |
  PERMISSIONS.UseApplicationCommands |
  PERMISSIONS.SendMessagesInThreads;

/** Parses a bigint or a decimal string. */
export function toBits(value: PermissionsInput | undefined): bigint {
  if (value === undefined) return 0n;
  return typeof value === 'bigint' ? value : BigInt(value);
}

export interface PermissionSubject {
  userId: string;
  roleIds: readonly string[];
}

export interface PermissionGuild {
  id: string;
  ownerId: string;
  /** Role id → permissions; includes @everyone (id = guild id). */
  rolePermissions: ReadonlyMap<string, bigint>;
}

export interface Overwrite {
  id: string;
  type: 0 | 1;
  allow: bigint;
  deny: bigint;
}

/** Guild-wide permissions of a member. */
export function basePermissions(guild: PermissionGuild, member: PermissionSubject): bigint {
  if (member.userId === guild.ownerId) return ALL_PERMISSIONS;
  let bits = guild.rolePermissions.get(guild.id) ?? 0n;
  for (const roleId of member.roleIds) bits |= guild.rolePermissions.get(roleId) ?? 0n;
  return (bits & PERMISSIONS.Administrator) !== 0n ? ALL_PERMISSIONS : bits;
}

/** A member's permissions in a channel; without View Channel a member can do nothing there. */
export function channelPermissions(guild: PermissionGuild, overwrites: readonly Overwrite[], member: PermissionSubject): bigint {
  const base = basePermissions(guild, member);
  if ((base & PERMISSIONS.Administrator) !== 0n) return ALL_PERMISSIONS;
  let bits = base;
  const everyone = overwrites.find((o) => o.type === 0 && o.id === guild.id);
  if (everyone !== undefined) bits = (bits & ~everyone.deny) | everyone.allow;
  let allow = 0n;
  let deny = 0n;
  for (const o of overwrites) {
    if (o.type === 0 && o.id !== guild.id && member.roleIds.includes(o.id)) {
      allow |= o.allow;
      deny |= o.deny;
    }
  }
  bits = (bits & ~deny) | allow;
  const own = overwrites.find((o) => o.type === 1 && o.id === member.userId);
  if (own !== undefined) bits = (bits & ~own.deny) | own.allow;
  return (bits & PERMISSIONS.ViewChannel) === 0n ? 0n : bits;
}
