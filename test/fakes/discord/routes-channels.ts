// Channel, message and guild routes: permission checks in Discord's order (404 unknown, 403 50001
// cannot see, 400 50008 not text, 403 50013 cannot send), body validation and nonce deduplication.
// @see https://discord.com/developers/docs/resources/message#create-message
import { INTENTS } from './context.js';
import type { FakeContext } from './context.js';
import { apiError } from './http-io.js';
import type { Reply } from './http-io.js';
import type { StoredMessage } from './messages.js';
import { PERMISSIONS } from './permissions.js';
import { route } from './rest-server.js';
import type { RouteContext, RouteDef } from './rest-server.js';
import { compareSnowflakes } from './snowflake.js';
import type { Json } from './types.js';
import { invalidFormBody, isEmptyMessage, validateMessageBody } from './validate-message.js';
import { isTextChannel, permissionsIn } from './world.js';
import { channelJson, guildJson, memberJson, roleJson } from './world-json.js';
import type { Channel } from './world.js';

/** The channel if the bot can see it, else the error Discord answers. */
export function visibleChannel(ctx: FakeContext, channelId: string | undefined): Channel | Reply {
  const channel = channelId === undefined ? undefined : ctx.world.channels.get(channelId);
  if (channel === undefined) return apiError(404, 10003);
  if ((permissionsIn(ctx.world, channel, ctx.world.botId) & PERMISSIONS.ViewChannel) === 0n) return apiError(403, 50001);
  return channel;
}

/** A message's JSON as the gateway sends it: REST JSON plus guild_id and the author's member. */
export function gatewayMessage(ctx: FakeContext, stored: StoredMessage, channel: Channel): Json {
  const member = ctx.world.guilds.get(channel.guildId)?.members.get(String((stored.message['author'] as Json)['id']));
  return { ...stored.message, guild_id: channel.guildId, ...(member === undefined ? {} : { member: { ...memberJson(ctx.world, member), user: undefined } }) };
}

export function channelRoutes(ctx: FakeContext): RouteDef[] {
  const botCan = (channel: Channel, bit: bigint): boolean => (permissionsIn(ctx.world, channel, ctx.world.botId) & bit) !== 0n;
  const asObject = (body: unknown): Json | undefined => (typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Json) : undefined);

  const createMessage = ({ params, body: raw, files, now }: RouteContext): Reply => {
    const channel = visibleChannel(ctx, params['channel_id']);
    if (!('id' in channel)) return channel;
    if (!isTextChannel(channel)) return apiError(400, 50008);
    if (!botCan(channel, PERMISSIONS.SendMessages)) return apiError(403, 50013);
    if (files.length > 0 && !botCan(channel, PERMISSIONS.AttachFiles)) return apiError(403, 50013);
    const body = asObject(raw) ?? {};
    const errors = validateMessageBody(body);
    if (errors.length > 0) return { status: 400, body: invalidFormBody(errors) };
    if (isEmptyMessage(body, files.length)) return apiError(400, 50006);
    const nonce = body['nonce'];
    const hasNonce = typeof nonce === 'string' || typeof nonce === 'number';
    if (hasNonce && body['enforce_nonce'] === true) {
      // Same nonce in the same channel within the TTL: Discord returns the first message, creates nothing.
      const earlier = ctx.messages.byNonce(channel.id, nonce, now);
      if (earlier !== undefined) return { status: 200, body: earlier.message };
    }
    const stored = ctx.messages.create({ channel, body, authorId: ctx.world.botId, attachments: attachmentsOf(ctx, files) });
    if (hasNonce) ctx.messages.rememberNonce(channel.id, nonce, stored, now);
    ctx.dispatch('MESSAGE_CREATE', () => gatewayMessage(ctx, stored, channel), INTENTS.GuildMessages);
    return { status: 200, body: stored.message };
  };

  const findMessage = (params: Record<string, string>): { channel: Channel; stored: StoredMessage } | Reply => {
    const channel = visibleChannel(ctx, params['channel_id']);
    if (!('id' in channel)) return channel;
    const stored = ctx.messages.get(params['message_id'] ?? '');
    if (stored === undefined || stored.channelId !== channel.id) return apiError(404, 10008);
    return { channel, stored };
  };

  const editMessage = ({ params, body: raw }: RouteContext): Reply => {
    const found = findMessage(params);
    if (!('stored' in found)) return found;
    if ((found.stored.message['author'] as Json)['id'] !== ctx.world.botId) return apiError(403, 50005);
    const body = asObject(raw) ?? {};
    const errors = validateMessageBody(body);
    if (errors.length > 0) return { status: 400, body: invalidFormBody(errors) };
    ctx.messages.edit(found.stored, body, found.channel);
    ctx.dispatch('MESSAGE_UPDATE', () => gatewayMessage(ctx, found.stored, found.channel), INTENTS.GuildMessages);
    return { status: 200, body: found.stored.message };
  };

  const listMessages = ({ params, query }: RouteContext): Reply => {
    const channel = visibleChannel(ctx, params['channel_id']);
    if (!('id' in channel)) return channel;
    const limit = Number(query.get('limit') ?? '50');
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      return { status: 400, body: invalidFormBody([{ path: ['limit'], code: 'NUMBER_TYPE_MAX', message: 'int value should be less than or equal to 100.' }]) };
    }
    // Without Read Message History Discord answers with an empty list, not an error.
    if (!botCan(channel, PERMISSIONS.ReadMessageHistory)) return { status: 200, body: [] };
    const all = ctx.messages.inChannel(channel.id);
    const before = query.get('before');
    const after = query.get('after');
    let picked: readonly StoredMessage[];
    if (after !== null) {
      picked = all.filter((m) => compareSnowflakes(m.id, after) > 0).slice(0, limit);
    } else if (before !== null) {
      const older = all.filter((m) => compareSnowflakes(m.id, before) < 0);
      picked = older.slice(Math.max(0, older.length - limit));
    } else {
      picked = all.slice(Math.max(0, all.length - limit));
    }
    return { status: 200, body: [...picked].reverse().map((m) => m.message) };
  };

  const guildOf = (id: string | undefined): Reply | NonNullable<ReturnType<typeof ctx.world.guilds.get>> => ctx.world.guilds.get(id ?? '') ?? apiError(404, 10004);

  return [
    route('GET', '/channels/:channel_id', ({ params }) => {
      const channel = visibleChannel(ctx, params['channel_id']);
      return 'id' in channel ? { status: 200, body: channelJson(channel) } : channel;
    }),
    route('POST', '/channels/:channel_id/messages', createMessage, { limit: 'message' }),
    route('GET', '/channels/:channel_id/messages', listMessages),
    route('GET', '/channels/:channel_id/messages/:message_id', ({ params }) => {
      const found = findMessage(params);
      return 'stored' in found ? { status: 200, body: found.stored.message } : found;
    }),
    route('PATCH', '/channels/:channel_id/messages/:message_id', editMessage),
    route('DELETE', '/channels/:channel_id/messages/:message_id', ({ params }) => {
      const found = findMessage(params);
      if (!('stored' in found)) return found;
      ctx.messages.remove(found.stored);
      ctx.dispatch('MESSAGE_DELETE', { id: found.stored.id, channel_id: found.channel.id, guild_id: found.channel.guildId }, INTENTS.GuildMessages);
      return { status: 204 };
    }),
    route('POST', '/channels/:channel_id/typing', ({ params }) => {
      const channel = visibleChannel(ctx, params['channel_id']);
      return 'id' in channel ? { status: 204 } : channel;
    }),
    route('GET', '/guilds/:guild_id', ({ params }) => {
      const guild = guildOf(params['guild_id']);
      return 'status' in guild ? guild : { status: 200, body: guildJson(guild) };
    }),
    route('GET', '/guilds/:guild_id/channels', ({ params }) => {
      const guild = guildOf(params['guild_id']);
      if ('status' in guild) return guild;
      return { status: 200, body: guild.channelIds.flatMap((id) => (ctx.world.channels.has(id) ? [channelJson(ctx.world.channels.get(id) as Channel)] : [])) };
    }),
    route('GET', '/guilds/:guild_id/roles', ({ params }) => {
      const guild = guildOf(params['guild_id']);
      return 'status' in guild ? guild : { status: 200, body: [...guild.roles.values()].map(roleJson) };
    }),
    route('GET', '/guilds/:guild_id/members/:user_id', ({ params }) => {
      const guild = guildOf(params['guild_id']);
      if ('status' in guild) return guild;
      const member = guild.members.get(params['user_id'] ?? '');
      return member === undefined ? apiError(404, 10007) : { status: 200, body: memberJson(ctx.world, member) };
    }),
  ];
}

function attachmentsOf(ctx: FakeContext, files: RouteContext['files']): Json[] {
  return files.map((f) => {
    const id = ctx.newId();
    const url = `${ctx.origin}/attachments/${id}/${encodeURIComponent(f.name)}`;
    return { id, filename: f.name, size: f.size, content_type: f.contentType, url, proxy_url: url };
  });
}
