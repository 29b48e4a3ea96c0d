// The Web API methods the fake Slack implements, each a plain function from parameters to Slack's
// `{ ok, error }` envelope. Authentication, failure injection and rate limits happen before these.
// @see https://docs.slack.dev/reference/methods
import { MALFORMED, flagParam, jsonParam, stringParam } from './http-io.js';
import type { ApiParams } from './http-io.js';
import { checkContent, checkMetadata } from './validate-message.js';
import { tsToMicros } from './workspace.js';
import type { ChannelState, MessageMetadata, SeedUser, StoredMessage, Workspace } from './workspace.js';

/** A Web API answer body. */
export type ApiBody = { ok: boolean; error?: string } & Record<string, unknown>;

export type ApiMethod = (params: ApiParams) => ApiBody;

const fail = (error: string, extra: Record<string, unknown> = {}): ApiBody => ({ ok: false, error, ...extra });

/** Builds the method table over one workspace; `openSocketUrl` issues a Socket Mode URL. */
export function createWebApi(ws: Workspace, openSocketUrl: () => string): Record<string, ApiMethod> {
  const { bot, team } = ws;

  /** A channel the bot may write to, or the error code chat.* methods answer. */
  const writableChannel = (params: ApiParams): ChannelState | string => {
    const channel = ws.findChannel(stringParam(params, 'channel') ?? '');
    // Slack hides private channels the bot is not in: they look like they do not exist.
    if (channel === undefined || (channel.seed.is_private === true && !ws.isMember(channel, bot.userId))) return 'channel_not_found';
    if (channel.seed.is_archived === true) return 'is_archived';
    if (!ws.isMember(channel, bot.userId)) return 'not_in_channel';
    return channel;
  };

  /** text + blocks + metadata, validated like chat.postMessage. */
  const content = (params: ApiParams): { ok: true; text: string; blocks: unknown[] | undefined; metadata: MessageMetadata | undefined } | { ok: false; failure: ApiBody } => {
    const checked = checkContent(stringParam(params, 'text'), jsonParam(params, 'blocks'));
    if (!checked.ok) {
      // Slack lists each Block Kit problem in `errors` and repeats them as [ERROR] response messages.
      const details = checked.errors === undefined ? {} : { errors: checked.errors, response_metadata: { messages: checked.errors.map((e) => `[ERROR] ${e}`) } };
      return { ok: false, failure: fail(checked.error, details) };
    }
    const rawMetadata = jsonParam(params, 'metadata');
    const metadata = rawMetadata === MALFORMED ? ({ ok: false, error: 'invalid_metadata_format' } as const) : checkMetadata(rawMetadata);
    if (!metadata.ok) return { ok: false, failure: fail(metadata.error) };
    return { ok: true, text: checked.text, blocks: checked.blocks, metadata: metadata.metadata };
  };

  return {
    'auth.test': () => ({
      ok: true,
      url: `https://${team.domain}.slack.com/`,
      team: team.name,
      user: bot.name,
      team_id: team.id,
      user_id: bot.userId,
      bot_id: bot.botId,
      is_enterprise_install: false,
    }),

    'apps.connections.open': () => ({ ok: true, url: openSocketUrl() }),

    'chat.postMessage': (params) => {
      const channel = writableChannel(params);
      if (typeof channel === 'string') return fail(channel);
      const body = content(params);
      if (!body.ok) return body.failure;
      const threadTs = stringParam(params, 'thread_ts');
      const message: StoredMessage = {
        type: 'message',
        ts: ws.nextTs(),
        channel: channel.seed.id,
        team: team.id,
        user: bot.userId,
        bot_id: bot.botId,
        app_id: bot.appId,
        text: body.text,
        ...(body.blocks === undefined ? {} : { blocks: body.blocks }),
        ...(body.metadata === undefined ? {} : { metadata: body.metadata }),
        ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
      };
      channel.messages.push(message);
      return { ok: true, channel: channel.seed.id, ts: message.ts, message: publicMessage(message, true) };
    },

    'chat.update': (params) => {
      const channel = writableChannel(params);
      if (typeof channel === 'string') return fail(channel);
      const ts = stringParam(params, 'ts') ?? '';
      const message = channel.messages.find((m) => m.ts === ts);
      if (message === undefined) return fail('message_not_found');
      if (message.user !== bot.userId) return fail('cant_update_message');
      const body = content(params);
      if (!body.ok) return body.failure;
      message.text = body.text;
      if (body.blocks !== undefined) message.blocks = body.blocks;
      if (body.metadata !== undefined) message.metadata = body.metadata;
      message.edited = { user: bot.userId, ts: ws.nextTs() };
      return { ok: true, channel: channel.seed.id, ts: message.ts, text: message.text, message: publicMessage(message, true) };
    },

    'chat.postEphemeral': (params) => {
      const channel = writableChannel(params);
      if (typeof channel === 'string') return fail(channel);
      const user = stringParam(params, 'user') ?? '';
      if (!ws.users.has(user)) return fail('user_not_found');
      if (!ws.isMember(channel, user)) return fail('user_not_in_channel');
      const body = content(params);
      if (!body.ok) return body.failure;
      const messageTs = ws.nextTs();
      channel.ephemerals.push({ channel: channel.seed.id, user, message_ts: messageTs, text: body.text, ...(body.blocks === undefined ? {} : { blocks: body.blocks }) });
      return { ok: true, message_ts: messageTs };
    },

    'users.info': (params) => {
      const user = ws.users.get(stringParam(params, 'user') ?? '');
      return user === undefined ? fail('user_not_found') : { ok: true, user: describeUser(user, team.id) };
    },

    'conversations.info': (params) => {
      const channel = ws.findChannel(stringParam(params, 'channel') ?? '');
      if (channel === undefined || (channel.seed.is_private === true && !ws.isMember(channel, bot.userId))) return fail('channel_not_found');
      return { ok: true, channel: describeChannel(channel, ws.isMember(channel, bot.userId)) };
    },

    'conversations.history': (params) => {
      const channel = ws.findChannel(stringParam(params, 'channel') ?? '');
      if (channel === undefined || (channel.seed.is_private === true && !ws.isMember(channel, bot.userId))) return fail('channel_not_found');
      if (!ws.isMember(channel, bot.userId)) return fail('not_in_channel');
      return history(channel, params);
    },
  };
}

/** conversations.history: newest first, `oldest`/`latest` exclusive unless `inclusive`, cursor paging. */
function history(channel: ChannelState, params: ApiParams): ApiBody {
  const inclusive = flagParam(params, 'inclusive');
  const oldest = stringParam(params, 'oldest');
  const cursor = stringParam(params, 'cursor');
  // The cursor is the ts of the last message returned; the next page starts strictly before it.
  const cursorTs = cursor === undefined || cursor === '' ? undefined : Buffer.from(cursor, 'base64').toString('utf8').replace(/^next_ts:/, '');
  const latest = cursorTs ?? stringParam(params, 'latest');
  const oldestMicros = oldest === undefined ? -Infinity : tsToMicros(oldest);
  const latestMicros = latest === undefined ? Infinity : tsToMicros(latest);
  const latestInclusive = inclusive && cursorTs === undefined;
  const limit = Math.min(999, Math.max(1, Number(stringParam(params, 'limit') ?? 100) || 100));
  const withMetadata = flagParam(params, 'include_all_metadata');

  const page: Record<string, unknown>[] = [];
  let hasMore = false;
  for (let i = channel.messages.length - 1; i >= 0; i -= 1) {
    const message = channel.messages[i];
    if (message === undefined) continue;
    // Thread replies live in conversations.replies, not in the channel's history.
    if (message.thread_ts !== undefined && message.thread_ts !== message.ts) continue;
    const at = tsToMicros(message.ts);
    if (at > latestMicros || (at === latestMicros && !latestInclusive)) continue;
    if (at < oldestMicros || (at === oldestMicros && !inclusive)) break;
    if (page.length === limit) {
      hasMore = true;
      break;
    }
    page.push(publicMessage(message, withMetadata));
  }
  const last = page[page.length - 1];
  const nextCursor = hasMore && last !== undefined ? Buffer.from(`next_ts:${String(last.ts)}`).toString('base64') : '';
  return { ok: true, messages: page, has_more: hasMore, pin_count: 0, response_metadata: { next_cursor: nextCursor } };
}

/** A stored message as the API shows it; metadata only when the caller asked for it. */
function publicMessage(message: StoredMessage, withMetadata: boolean): Record<string, unknown> {
  const { channel: _channel, metadata, ...rest } = message;
  return withMetadata && metadata !== undefined ? { ...rest, metadata } : { ...rest };
}

function describeUser(user: SeedUser, teamId: string): Record<string, unknown> {
  return {
    id: user.id,
    team_id: teamId,
    name: user.name,
    real_name: user.real_name ?? user.name,
    deleted: user.deleted ?? false,
    tz: user.tz ?? 'Europe/London',
    is_admin: user.is_admin ?? false,
    is_owner: user.is_owner ?? false,
    is_primary_owner: user.is_primary_owner ?? false,
    is_restricted: false,
    is_ultra_restricted: false,
    is_bot: user.is_bot ?? false,
    is_app_user: false,
    profile: { real_name: user.real_name ?? user.name, display_name: user.name },
  };
}

function describeChannel(channel: ChannelState, isMember: boolean): Record<string, unknown> {
  const { seed } = channel;
  return {
    id: seed.id,
    name: seed.name,
    name_normalized: seed.name,
    is_channel: seed.is_private !== true,
    is_group: false,
    is_im: false,
    is_mpim: false,
    is_private: seed.is_private ?? false,
    is_archived: seed.is_archived ?? false,
    is_general: seed.name === 'general',
    is_member: isMember,
    created: 1_700_000_000,
    topic: { value: '', creator: '', last_set: 0 },
    purpose: { value: '', creator: '', last_set: 0 },
  };
}
