// The Discord ChatPlatform: a discord.js Client (Guilds intent only) that registers `/news`,
// answers interactions through the neutral command handler, and posts, edits and finds alerts
// over REST with a nonce per delivery.

import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, Routes } from 'discord.js';
import type { APIMessage, Interaction } from 'discord.js';
import type { Logger } from '../../logger.js';
import { HeraldError } from '../../errors.js';
import type { ChannelRef } from '../../domain/subscription.js';
import type { ChatPlatform, CommandHandler, OutgoingMessage, Pacing, SendResult, TopicChoice } from '../port.js';
import { answerAutocomplete, answerCommand } from './answer-interaction.js';
import { classifyDiscordError } from './classify-discord-error.js';
import { carriesRef, nonceFor, refFor, stampRef } from './delivery-ref.js';
import { NEWS_COMMAND, newsCommand } from './news-command.js';
import { renderDiscordAlert, type DiscordMessage } from './render-alert.js';
import { renderDiscordDigest } from './render-digest.js';
import { renderDiscordNotice } from './render-notice.js';

export interface DiscordPlatformOptions {
  token: string;
  /** Discord's REST base (`https://discord.com/api`); tests point it at a fake. */
  apiUrl?: string;
  /** Registers `/news` in this guild only (instant, for testing a bot); globally when null. */
  guildId?: string | null;
  log: Logger;
  /** discord.js's global request budget (Discord allows 50/s per bot). */
  globalRequestsPerSecond?: number;
  /** How long a command handler may run before the reply is deferred. */
  deferAfterMs?: number;
  /** Longest rate-limit wait discord.js may sit out; a longer one is returned as transient. */
  maxRateLimitWaitMs?: number;
  /** How long start() waits for the gateway's READY before giving up. */
  readyTimeoutMs?: number;
}

const DEFAULTS = {
  apiUrl: 'https://discord.com/api',
  guildId: null,
  globalRequestsPerSecond: 50,
  deferAfterMs: 1_500,
  maxRateLimitWaitMs: 10_000,
  readyTimeoutMs: 60_000,
} as const satisfies Required<Omit<DiscordPlatformOptions, 'token' | 'log'>>;

/** One message per second per channel, 45 a second overall: under Discord's 5 per 5 s and 50/s. */
const PACING: Pacing = { perChannelIntervalMs: 1_000, globalPerSecond: 45 };

// How far back (in messages, 50 per page) findPosted looks after `since`.
const HISTORY_PAGES = 4;
const HISTORY_PAGE_SIZE = 50;
// Tolerated clock difference between Herald and Discord when searching history by time.
const CLOCK_SKEW_MS = 60_000;
const DISCORD_EPOCH = 1_420_070_400_000n;

/**
 * Creates the Discord platform; nothing connects until `start`.
 * @see https://discord.js.org/docs/packages/discord.js/main/Client:Class
 */
export function createDiscordPlatform(options: DiscordPlatformOptions): ChatPlatform {
  const settings = {
    apiUrl: options.apiUrl ?? DEFAULTS.apiUrl,
    guildId: options.guildId ?? DEFAULTS.guildId,
    globalRequestsPerSecond: options.globalRequestsPerSecond ?? DEFAULTS.globalRequestsPerSecond,
    deferAfterMs: options.deferAfterMs ?? DEFAULTS.deferAfterMs,
    maxRateLimitWaitMs: options.maxRateLimitWaitMs ?? DEFAULTS.maxRateLimitWaitMs,
    readyTimeoutMs: options.readyTimeoutMs ?? DEFAULTS.readyTimeoutMs,
  };
  const log = options.log.child({ platform: 'discord' });
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: {
      api: settings.apiUrl,
      globalRequestsPerSecond: settings.globalRequestsPerSecond,
      // discord.js waits out rate limits itself; a long one is handed to the dispatcher instead of
      // holding a send (and everything queued behind it) for minutes.
      rejectOnRateLimit: (limit) => limit.retryAfter > settings.maxRateLimitWaitMs,
    },
  });
  let started = false;
  let connected = false;
  let stopped = false;

  const onInteraction = (handler: CommandHandler, topics: readonly TopicChoice[]) => (interaction: Interaction): void => {
    if (interaction.isChatInputCommand() && interaction.commandName === NEWS_COMMAND) {
      void answerCommand(interaction, { handler, topics, log, deferAfterMs: settings.deferAfterMs });
    } else if (interaction.isAutocomplete() && interaction.commandName === NEWS_COMMAND) {
      void answerAutocomplete(interaction, topics, log);
    }
  };

  const botId = (): string => client.user?.id ?? '';

  return {
    name: 'discord',
    pacing: PACING,

    async start(handler, topics) {
      if (started) throw new HeraldError('chat/discord-start-failed', 'The Discord platform was already started.');
      started = true;
      client.on(Events.InteractionCreate, onInteraction(handler, topics));
      client.on(Events.Error, (error) => log.error({ err: error }, 'discord.js client error'));
      // A gateway that never says READY must not hold start-up (and the service) forever: login
      // itself waits for the gateway, so both race the deadline.
      const deadline = AbortSignal.timeout(settings.readyTimeoutMs);
      const ready = once(client, Events.ClientReady, { signal: deadline });
      const login = client.login(options.token);
      // Each failure is seen through Promise.all; whichever comes second must not go unhandled.
      login.catch(() => {});
      ready.catch(() => {});
      try {
        await Promise.all([login, ready]);
      } catch (error) {
        await destroyWithin(client, DESTROY_WAIT_MS);
        if ((error as Error).name === 'AbortError') {
          throw new HeraldError('chat/discord-start-failed', `Discord's gateway did not get ready within ${Math.round(settings.readyTimeoutMs / 1000)} s. Check the network and DISCORD_API_URL, then start again.`, { cause: error, retryable: true });
        }
        throw new HeraldError('chat/discord-start-failed', `Could not log in to Discord: ${describe(error)}. Check DISCORD_TOKEN (the bot token from the Developer Portal, Bot page).`, {
          cause: error,
          retryable: !isTokenError(error),
        });
      }
      const applicationId = client.application?.id ?? botId();
      const route = settings.guildId === null ? Routes.applicationCommands(applicationId) : Routes.applicationGuildCommands(applicationId, settings.guildId);
      try {
        await client.rest.put(route, { body: [newsCommand()] });
      } catch (error) {
        await destroyWithin(client, DESTROY_WAIT_MS);
        throw new HeraldError('chat/discord-start-failed', `Could not register /news ${settings.guildId === null ? 'globally' : `in guild ${settings.guildId}`}: ${describe(error)}.`, {
          cause: error,
          retryable: true,
        });
      }
      connected = true;
      log.info({ guild: settings.guildId, user: botId() }, 'Discord connected; /news registered');
    },

    async stop() {
      if (stopped) return;
      stopped = true;
      connected = false;
      client.removeAllListeners(Events.InteractionCreate);
      await destroyWithin(client, DESTROY_WAIT_MS);
    },

    async post(channel: ChannelRef, message: OutgoingMessage, key: string): Promise<SendResult> {
      if (!connected) return notConnected();
      const body = { ...stampRef(renderOutgoing(message), refFor(key)), nonce: nonceFor(channel.channelId, key), enforce_nonce: true };
      try {
        const sent = (await client.rest.post(Routes.channelMessages(channel.channelId), { body })) as APIMessage;
        return { ok: true, messageId: sent.id };
      } catch (error) {
        return logged(classifyDiscordError(error), channel, 'post');
      }
    },

    async update(channel: ChannelRef, messageId: string, message: OutgoingMessage): Promise<SendResult> {
      if (!connected) return notConnected();
      // The edit keeps the reference the post carried when the message names its delivery.
      const key = message.kind === 'alert' ? message.alert.deliveryId : message.kind === 'digest' ? message.deliveryKey : null;
      const rendered = renderOutgoing(message);
      const body = key === null ? rendered : stampRef(rendered, refFor(key));
      try {
        const edited = (await client.rest.patch(Routes.channelMessage(channel.channelId, messageId), { body })) as APIMessage;
        return { ok: true, messageId: edited.id };
      } catch (error) {
        return logged(classifyDiscordError(error), channel, 'update');
      }
    },

    async findPosted(channel: ChannelRef, key: string, since: Date): Promise<string | null> {
      if (!connected) throw new HeraldError('chat/discord-lookup-failed', 'The Discord platform is not connected.', { retryable: true });
      const ref = refFor(key);
      let after = snowflakeAt(since.getTime() - CLOCK_SKEW_MS);
      for (let page = 0; page < HISTORY_PAGES; page++) {
        const query = new URLSearchParams({ after, limit: String(HISTORY_PAGE_SIZE) });
        let messages: APIMessage[];
        try {
          messages = (await client.rest.get(Routes.channelMessages(channel.channelId), { query })) as APIMessage[];
        } catch (error) {
          const failure = classifyDiscordError(error);
          throw new HeraldError('chat/discord-lookup-failed', `Could not read recent messages of channel ${channel.channelId}: ${failure.reason}`, {
            cause: error,
            retryable: failure.kind !== 'permanent',
            details: { channel: channel.channelId },
          });
        }
        const found = messages.find((m) => carriesRef(m, ref, botId()));
        if (found !== undefined) return found.id;
        if (messages.length < HISTORY_PAGE_SIZE) return null;
        // With `after`, Discord answers newest first; the next page starts after the newest seen.
        after = messages.reduce((max, m) => (BigInt(m.id) > BigInt(max) ? m.id : max), after);
      }
      return null;
    },
  };

  function logged(result: Exclude<SendResult, { ok: true }>, channel: ChannelRef, action: string): SendResult {
    log.warn({ channel: channel.channelId, guild: channel.workspaceId, action, kind: result.kind, reason: result.reason }, 'Discord send failed');
    return result;
  }
}

function renderOutgoing(message: OutgoingMessage): DiscordMessage {
  switch (message.kind) {
    case 'alert':
      return renderDiscordAlert(message.alert);
    case 'digest':
      return renderDiscordDigest(message.digest);
    case 'notice':
      return renderDiscordNotice(message.notice);
  }
}

function notConnected(): SendResult {
  return { ok: false, kind: 'transient', reason: 'the Discord platform is not connected', retryAfterMs: null };
}

/** The smallest snowflake of a message created at `ms` (for `after=` queries). */
export function snowflakeAt(ms: number): string {
  const time = BigInt(Math.max(0, Math.floor(ms))) - DISCORD_EPOCH;
  return (time > 0n ? time << 22n : 0n).toString();
}

function isTokenError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'TokenInvalid';
}

// discord.js's destroy() waits for the gateway to close politely, which never happens on a
// connection that was never greeted; Herald stops waiting after this long.
const DESTROY_WAIT_MS = 5_000;

async function destroyWithin(client: Client, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([client.destroy().catch(() => {}), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms).unref()))]);
  clearTimeout(timer);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
