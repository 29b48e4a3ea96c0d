// Messages the bot posted, per channel and by id, with Discord's message JSON (mentions resolved
// against allowed_mentions) and the nonce memory behind `enforce_nonce`. Every operation is O(1)
// except listing, so a fan-out to thousands of channels stays linear.
import { PERMISSIONS } from './permissions.js';
import { discordTimestamp } from './snowflake.js';
import type { Json } from './types.js';
import { permissionsIn } from './world.js';
import { userJson } from './world-json.js';
import type { Channel, World } from './world.js';

/** A message as the fake keeps it: Discord's JSON plus the request bodies that made and edited it. */
export interface StoredMessage {
  id: string;
  channelId: string;
  /** What Discord returns for this message (GET /channels/:id/messages/:mid). */
  message: Json;
  /** The body of the request that created it (POST message, interaction callback `data`, follow-up). */
  body: Json;
  /** Bodies of later edits, in order. */
  edits: Json[];
  deleted: boolean;
}

export interface CreateMessageInput {
  channel: Channel;
  body: Json;
  authorId: string;
  /** Message type: 0 default, 20 chat-input command reply. */
  type?: number;
  flags?: number;
  /** Extra top-level fields (application_id, webhook_id, interaction_metadata…). */
  extra?: Json;
  attachments?: Json[];
  /** Ephemeral and interaction-only messages are not listed in the channel. */
  listed?: boolean;
}

export interface MessageStore {
  create(input: CreateMessageInput): StoredMessage;
  edit(stored: StoredMessage, body: Json, channel: Channel): StoredMessage;
  get(id: string): StoredMessage | undefined;
  /** Messages listed in a channel, oldest first (a live array: do not mutate). */
  inChannel(channelId: string): readonly StoredMessage[];
  remove(stored: StoredMessage): void;
  /** The message an earlier send with this nonce created, if still within the TTL. */
  byNonce(channelId: string, nonce: string | number, now: number): StoredMessage | undefined;
  rememberNonce(channelId: string, nonce: string | number, stored: StoredMessage, now: number): void;
}

export function createMessageStore(world: World, newId: () => string, nonceTtlMs: number): MessageStore {
  const byId = new Map<string, StoredMessage>();
  const byChannel = new Map<string, StoredMessage[]>();
  const nonces = new Map<string, { stored: StoredMessage; at: number }>();
  const nonceKey = (channelId: string, nonce: string | number): string => `${channelId}\u0000${typeof nonce}:${nonce}`;

  return {
    create(input) {
      const id = newId();
      const author = world.users.get(input.authorId);
      const message: Json = {
        type: input.type ?? 0,
        id,
        channel_id: input.channel.id,
        author: author === undefined ? { id: input.authorId } : userJson(author),
        content: typeof input.body['content'] === 'string' ? input.body['content'] : '',
        timestamp: discordTimestamp(Date.now()),
        edited_timestamp: null,
        tts: input.body['tts'] === true,
        ...resolveMentions(world, input.channel, input.body, input.authorId),
        attachments: input.attachments ?? [],
        embeds: renderEmbeds(input.body['embeds']),
        components: Array.isArray(input.body['components']) ? input.body['components'] : [],
        pinned: false,
        flags: input.flags ?? (typeof input.body['flags'] === 'number' ? input.body['flags'] : 0),
        ...(input.body['nonce'] !== undefined && input.body['nonce'] !== null ? { nonce: input.body['nonce'] } : {}),
        ...input.extra,
      };
      const stored: StoredMessage = { id, channelId: input.channel.id, message, body: input.body, edits: [], deleted: false };
      byId.set(id, stored);
      if (input.listed !== false) {
        let list = byChannel.get(input.channel.id);
        if (list === undefined) byChannel.set(input.channel.id, (list = []));
        list.push(stored);
        input.channel.lastMessageId = id;
      }
      return stored;
    },
    edit(stored, body, channel) {
      const m = stored.message;
      if (body['content'] !== undefined) m['content'] = body['content'] ?? '';
      if (body['embeds'] !== undefined) m['embeds'] = renderEmbeds(body['embeds']);
      if (body['components'] !== undefined) m['components'] = body['components'] ?? [];
      if (typeof body['flags'] === 'number') m['flags'] = body['flags'];
      if (body['content'] !== undefined || body['allowed_mentions'] !== undefined) {
        Object.assign(m, resolveMentions(world, channel, { content: m['content'], allowed_mentions: body['allowed_mentions'] }, String((m['author'] as Json)['id'])));
      }
      m['edited_timestamp'] = discordTimestamp(Date.now());
      stored.edits.push(body);
      return stored;
    },
    get: (id) => byId.get(id),
    inChannel: (channelId) => byChannel.get(channelId) ?? [],
    remove(stored) {
      stored.deleted = true;
      byId.delete(stored.id);
      const list = byChannel.get(stored.channelId);
      const index = list?.indexOf(stored) ?? -1;
      if (list !== undefined && index >= 0) list.splice(index, 1);
    },
    byNonce(channelId, nonce, now) {
      const hit = nonces.get(nonceKey(channelId, nonce));
      if (hit === undefined || now - hit.at > nonceTtlMs || hit.stored.deleted) return undefined;
      return hit.stored;
    },
    rememberNonce(channelId, nonce, stored, now) {
      nonces.set(nonceKey(channelId, nonce), { stored, at: now });
    },
  };
}

function renderEmbeds(value: unknown): Json[] {
  if (!Array.isArray(value)) return [];
  return value.map((e: unknown) => ({ type: 'rich', ...(e as Json), content_scan_version: 0 }));
}

/**
 * Which mentions in the content actually ping, given allowed_mentions (absent means everything)
 * and whether the author may mention @everyone and non-mentionable roles.
 * @see https://discord.com/developers/docs/resources/message#allowed-mentions-object
 */
export function resolveMentions(world: World, channel: Channel, body: Json, authorId: string): Json {
  const content = typeof body['content'] === 'string' ? body['content'] : '';
  const am = body['allowed_mentions'] as Json | undefined | null;
  const parse = am === undefined || am === null ? ['users', 'roles', 'everyone'] : Array.isArray(am['parse']) ? (am['parse'] as unknown[]) : [];
  const listed = (kind: 'users' | 'roles'): unknown[] => (am !== undefined && am !== null && Array.isArray(am[kind]) ? (am[kind] as unknown[]) : []);
  const canMentionAll = (permissionsIn(world, channel, authorId) & PERMISSIONS.MentionEveryone) !== 0n;
  const guild = world.guilds.get(channel.guildId);

  const userIds = new Set<string>();
  for (const match of content.matchAll(/<@!?(\d{15,20})>/g)) {
    const id = match[1] ?? '';
    if ((parse.includes('users') || listed('users').includes(id)) && world.users.has(id)) userIds.add(id);
  }
  const roleIds = new Set<string>();
  for (const match of content.matchAll(/<@&(\d{15,20})>/g)) {
    const id = match[1] ?? '';
    const role = guild?.roles.get(id);
    if (role !== undefined && (parse.includes('roles') || listed('roles').includes(id)) && (role.mentionable || canMentionAll)) roleIds.add(id);
  }
  const everyone = /@(everyone|here)\b/.test(content) && parse.includes('everyone') && canMentionAll;
  return {
    mentions: [...userIds].flatMap((id) => {
      const user = world.users.get(id);
      return user === undefined ? [] : [userJson(user)];
    }),
    mention_roles: [...roleIds],
    mention_everyone: everyone,
  };
}
