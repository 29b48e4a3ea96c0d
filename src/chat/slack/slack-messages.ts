// Posts, edits and finds Herald's messages through a Slack WebClient that never retries by itself:
// every outcome is classified for the dispatcher, which owns retries, pacing and crash recovery.

import { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { ChannelRef } from '../../domain/subscription.js';
import { HeraldError } from '../../errors.js';
import type { OutgoingMessage, SendResult } from '../port.js';
import { classifySlackError } from './classify-slack-error.js';
import { HERALD_EVENT_TYPES, renderSlackOutgoing } from './render-outgoing.js';

export interface SlackMessenger {
  post(channel: ChannelRef, message: OutgoingMessage, key: string): Promise<SendResult>;
  update(channel: ChannelRef, messageId: string, message: OutgoingMessage): Promise<SendResult>;
  findPosted(channel: ChannelRef, key: string, since: Date): Promise<string | null>;
}

export interface SlackMessengerOptions {
  /** Built with `retryConfig: { retries: 0 }` and `rejectRateLimitedCalls: true` (see {@link createPostingClient}). */
  client: webApi.WebClient;
  log: Logger;
  /** History pages of 100 read when looking for a message. */
  historyPages?: number;
}

const DEFAULTS = { historyPages: 3 } as const;

const HERALD_TYPES: ReadonlySet<string> = new Set(Object.values(HERALD_EVENT_TYPES));

/**
 * A WebClient for posting. The default WebClient re-sends after a reset connection or a 5xx —
 * which posts the same alert twice when Slack had stored it — and sleeps through 429s while the
 * dispatcher waits; this one reports each attempt as it went.
 * @see https://docs.slack.dev/tools/node-slack-sdk/web-api#automatic-retries
 */
export function createPostingClient(options: { botToken: string; apiUrl: string; timeoutMs: number; logger: webApi.WebClientOptions['logger'] }): webApi.WebClient {
  return new webApi.WebClient(options.botToken, {
    slackApiUrl: options.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
}

/**
 * A WebClient for reads a command waits on (users.info): a couple of quick retries, not the
 * default policy's half hour, since the member is waiting for an answer.
 */
export function createReadingClient(options: { botToken: string; apiUrl: string; timeoutMs: number; logger: webApi.WebClientOptions['logger'] }): webApi.WebClient {
  return new webApi.WebClient(options.botToken, {
    slackApiUrl: options.apiUrl,
    retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 1000 },
    timeout: options.timeoutMs,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
}

/**
 * Herald's messages in Slack channels.
 * @see https://docs.slack.dev/reference/methods/chat.postMessage
 * @see https://docs.slack.dev/reference/methods/chat.update
 * @see https://docs.slack.dev/reference/methods/conversations.history
 */
export function createSlackMessenger(options: SlackMessengerOptions): SlackMessenger {
  const { client, log } = options;
  const { historyPages } = { ...DEFAULTS, ...options };
  let botId: Promise<string | null> | undefined;

  /** `#name` for reasons people read; the id when Slack will not say (the channel may be gone). */
  const channelLabel = async (channelId: string): Promise<string> => {
    try {
      const info = await client.conversations.info({ channel: channelId });
      const name = info.channel?.name;
      return typeof name === 'string' && /^[\p{L}\p{N}_.-]{1,80}$/u.test(name) ? `#${name}` : `channel ${channelId}`;
    } catch {
      return `channel ${channelId}`;
    }
  };

  const failed = async (error: unknown, channel: ChannelRef, what: string): Promise<SendResult> => {
    let result = classifySlackError(error, { channelLabel: `channel ${channel.channelId}` });
    if (result.ok === false && result.kind === 'permanent') result = classifySlackError(error, { channelLabel: await channelLabel(channel.channelId) });
    log.warn({ channel: channel.channelId, workspace: channel.workspaceId, outcome: result.ok ? 'ok' : result.kind, reason: result.ok ? undefined : result.reason }, `Slack ${what} failed`);
    return result;
  };

  // Only Herald's own bot may vouch for a delivery key (another app could copy the metadata).
  const ownBotId = (): Promise<string | null> => {
    botId ??= client.auth.test().then(
      (result) => result.bot_id ?? null,
      (error: unknown) => {
        botId = undefined;
        log.warn({ err: error }, 'auth.test failed; matching delivery keys from any bot');
        return null;
      },
    );
    return botId;
  };

  return {
    async post(channel, message, key) {
      const body = renderSlackOutgoing(message, key);
      try {
        const result = await client.chat.postMessage({ channel: channel.channelId, ...body });
        if (typeof result.ts !== 'string') return { ok: false, kind: 'unknown', reason: 'Slack accepted the message without a timestamp' };
        return { ok: true, messageId: result.ts };
      } catch (error) {
        return failed(error, channel, 'post');
      }
    },

    async update(channel, messageId, message) {
      // The metadata stays as posted: the key belongs to the original delivery.
      const { metadata: _metadata, unfurl_links: _links, unfurl_media: _media, ...body } = renderSlackOutgoing(message, '');
      try {
        await client.chat.update({ channel: channel.channelId, ts: messageId, ...body });
        return { ok: true, messageId };
      } catch (error) {
        return failed(error, channel, 'update');
      }
    },

    async findPosted(channel, key, since) {
      const expected = await ownBotId();
      const oldest = (Math.max(0, since.getTime()) / 1000).toFixed(6);
      let cursor: string | undefined;
      for (let page = 0; page < historyPages; page++) {
        let result: webApi.ConversationsHistoryResponse;
        try {
          result = await client.conversations.history({ channel: channel.channelId, oldest, include_all_metadata: true, limit: 100, ...(cursor === undefined ? {} : { cursor }) });
        } catch (error) {
          const failure = classifySlackError(error, { channelLabel: `channel ${channel.channelId}` });
          throw new HeraldError('chat/slack-lookup-failed', `Could not read the history of Slack channel ${channel.channelId}: ${failure.reason}`, {
            cause: error,
            retryable: failure.kind !== 'permanent',
            details: { channel: channel.channelId, kind: failure.kind },
          });
        }
        for (const found of result.messages ?? []) {
          const metadata = found.metadata;
          if (metadata?.event_type === undefined || !HERALD_TYPES.has(metadata.event_type)) continue;
          if ((metadata.event_payload as Record<string, unknown> | undefined)?.delivery_key !== key) continue;
          if (expected !== null && found.bot_id !== expected) continue;
          if (typeof found.ts === 'string') return found.ts;
        }
        cursor = result.response_metadata?.next_cursor;
        if (result.has_more !== true || cursor === undefined || cursor === '') break;
      }
      return null;
    },
  };
}
