// A fake Discord for tests: one 127.0.0.1 server speaking Discord's REST API (under /api/v10) and
// gateway (WebSocket), so the real discord.js Client runs against it with only
// `rest: { api: fake.apiUrl }` changed. Seeded guilds, channels, roles and members; rate limits;
// failure injection; injected interactions with a record of what the bot answered.
//
//   const fake = await startFakeDiscord({ heartbeatIntervalMs: 200 });
//   const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
//   await client.login(fake.token);
//   ...
//   await client.destroy();
//   await fake.close();
import { createServer } from 'node:http';
import { DEFAULTS } from './context.js';
import type { FakeContext, ResolvedOptions } from './context.js';
import { createGateway } from './gateway.js';
import { createInteractionRegistry } from './interactions.js';
import { createMessageStore } from './messages.js';
import type { StoredMessage } from './messages.js';
import { createRateLimiter } from './rate-limits.js';
import { createRestServer } from './rest-server.js';
import { channelRoutes } from './routes-channels.js';
import { commandRoutes } from './routes-commands.js';
import type { CommandRegistry } from './routes-commands.js';
import { identityRoutes } from './routes-identity.js';
import { interactionRoutes } from './routes-interactions.js';
import { createSnowflakes } from './snowflake.js';
import type {
  FailureSpec,
  FakeDiscordOptions,
  IdentifyRecord,
  InjectInteractionInput,
  InteractionExchange,
  Json,
  RateLimitHit,
  RecordedRequest,
  ResumeRecord,
  SeedOverwrite,
  WaitOptions,
} from './types.js';
import { buildWorld, defaultGuild } from './world.js';
import { channelJson } from './world-json.js';
import { toBits } from './permissions.js';
import { listenOnLoopback } from '../../helpers/loopback.js';

export { DEFAULT_IDS } from './world.js';
export { PERMISSIONS } from './permissions.js';
export { INTENTS } from './context.js';
export type { StoredMessage } from './messages.js';
export type * from './types.js';

/** A running fake Discord. Everything it records is live: read it after the client acted. */
export interface FakeDiscord {
  /** `http://127.0.0.1:PORT/api`: the discord.js client option `rest: { api }`. */
  readonly apiUrl: string;
  /** `ws://127.0.0.1:PORT/gateway`, as GET /gateway/bot reports it. */
  readonly gatewayUrl: string;
  readonly token: string;
  readonly applicationId: string;
  /** The bot user's id (equal to the application id). */
  readonly botUserId: string;
  /** Every REST request, in arrival order. */
  readonly requests: readonly RecordedRequest[];
  /** Every 429 the fake sent (real and injected). */
  readonly rateLimitHits: readonly RateLimitHit[];
  readonly identifies: readonly IdentifyRecord[];
  readonly resumes: readonly ResumeRecord[];
  /** Exceptions inside the fake (answered as 500); empty unless the fake has a bug. */
  readonly internalErrors: readonly unknown[];
  /** Injected interactions by id. */
  readonly interactions: ReadonlyMap<string, InteractionExchange>;
  /** Messages visible in a channel, oldest first (ephemeral replies excluded). */
  messagesIn(channelId: string): StoredMessage[];
  /** Any message by id, including ephemeral interaction replies. */
  message(id: string): StoredMessage | undefined;
  /** Commands registered globally (no argument) or in a guild. */
  registeredCommands(guildId?: string): Json[];
  /** Requests with this method whose route path matches. */
  requestsTo(method: string, path: RegExp | string): RecordedRequest[];
  /** Fails the next matching request(s): a status and Discord error, a hang or a reset, optionally after the route ran. */
  failNext(spec: FailureSpec): void;
  /** Dispatches INTERACTION_CREATE and resolves with the bot's complete answer (see `WaitOptions.until`). */
  injectInteraction(input: InjectInteractionInput, wait?: WaitOptions): Promise<InteractionExchange>;
  /** Resolves when the exchange of an injected interaction satisfies `until`. */
  waitForResponse(interactionId: string, options?: WaitOptions): Promise<InteractionExchange>;
  /** Sends any gateway dispatch to sessions whose intents include `intent` (all when omitted). */
  dispatch(event: string, data: Json, intent?: number): void;
  /** Deletes a channel (later requests get 404 10003) and dispatches CHANNEL_DELETE. */
  deleteChannel(channelId: string): void;
  /** Replaces a channel's permission overwrites and dispatches CHANNEL_UPDATE. */
  setChannelOverwrites(channelId: string, overwrites: SeedOverwrite[]): void;
  /** Gateway op 7: the client reconnects and resumes. */
  requestReconnect(): void;
  /** Closes gateway connections with `code`, or drops them without a close frame. */
  dropGateway(code?: number): void;
  /** Gateway op 9 to every connection. */
  invalidateSessions(resumable: boolean): void;
  /** Gateway sessions with an open, identified connection. */
  liveSessions(): number;
  /** Heartbeats (op 1) received so far. */
  heartbeats(): number;
  /** Stops everything at once: sockets destroyed, waits rejected, no timers left. */
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1 on a free port. @see https://discord.com/developers/docs/reference */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const { guilds, ...rest } = options;
  const resolved: ResolvedOptions = { ...DEFAULTS, ...rest } as ResolvedOptions;
  const newId = createSnowflakes();
  const world = buildWorld(resolved.applicationId, resolved.botUsername, guilds ?? [defaultGuild()]);
  const ctx: FakeContext = {
    options: resolved,
    world,
    messages: createMessageStore(world, newId, resolved.nonceTtlMs),
    newId,
    dispatch: () => undefined,
    origin: '',
  };
  const requests: RecordedRequest[] = [];
  const rateLimitHits: RateLimitHit[] = [];
  const identifies: IdentifyRecord[] = [];
  const resumes: ResumeRecord[] = [];
  const internalErrors: unknown[] = [];
  const commands: CommandRegistry = new Map();
  const budget = { remaining: resolved.sessionStartLimit.remaining };
  const registry = createInteractionRegistry(ctx, commands);
  const gateway = createGateway(ctx, budget, identifies, resumes);
  ctx.dispatch = gateway.dispatch;
  const restServer = createRestServer({
    routes: [...identityRoutes(ctx, budget), ...channelRoutes(ctx), ...commandRoutes(ctx, commands), ...interactionRoutes(ctx, registry)],
    token: resolved.token,
    limiter: createRateLimiter(resolved.globalRateLimit),
    messageWindow: resolved.messageRateLimit,
    routeWindow: resolved.routeRateLimit,
    requests,
    rateLimitHits,
    internalErrors,
  });

  const server = createServer((req, res) => void restServer.handle(req, res));
  server.on('upgrade', (req, socket, head) => gateway.handleUpgrade(req, socket, head));
  const { port, sockets } = await listenOnLoopback(server);
  ctx.origin = `http://127.0.0.1:${port}`;
  let closing: Promise<void> | undefined;

  const channelOrThrow = (channelId: string): NonNullable<ReturnType<typeof world.channels.get>> => {
    const channel = world.channels.get(channelId);
    if (channel === undefined) throw new Error(`fake-discord: no channel ${channelId}`);
    return channel;
  };

  return {
    apiUrl: `${ctx.origin}/api`,
    gatewayUrl: `${ctx.origin.replace(/^http/, 'ws')}/gateway`,
    token: resolved.token,
    applicationId: resolved.applicationId,
    botUserId: world.botId,
    requests,
    rateLimitHits,
    identifies,
    resumes,
    internalErrors,
    interactions: registry.exchanges,
    messagesIn: (channelId) => [...ctx.messages.inChannel(channelId)],
    message: (id) => ctx.messages.get(id),
    registeredCommands: (guildId) => [...(commands.get(guildId ?? 'global') ?? [])],
    requestsTo: (method, path) =>
      requests.filter((r) => r.method === method.toUpperCase() && (typeof path === 'string' ? r.path === path : path.test(r.path))),
    failNext: (spec) => restServer.failNext(spec),
    async injectInteraction(input, wait) {
      if (gateway.liveSessions() === 0) throw new Error('fake-discord: no bot is connected to the gateway (log in and wait for ready first)');
      const state = registry.create(input);
      gateway.dispatch('INTERACTION_CREATE', state.built.payload);
      return registry.waitFor(state.built.id, wait);
    },
    waitForResponse: (id, waitOptions) => registry.waitFor(id, waitOptions),
    dispatch: (event, data, intent) => gateway.dispatch(event, data, intent),
    deleteChannel(channelId) {
      const channel = channelOrThrow(channelId);
      world.channels.delete(channelId);
      const guild = world.guilds.get(channel.guildId);
      if (guild !== undefined) guild.channelIds = guild.channelIds.filter((id) => id !== channelId);
      gateway.dispatch('CHANNEL_DELETE', channelJson(channel), 1);
    },
    setChannelOverwrites(channelId, overwrites) {
      const channel = channelOrThrow(channelId);
      channel.overwrites = overwrites.map((o) => ({ id: o.id, type: o.type === 1 || o.type === 'member' ? 1 : 0, allow: toBits(o.allow), deny: toBits(o.deny) }));
      gateway.dispatch('CHANNEL_UPDATE', channelJson(channel), 1);
    },
    requestReconnect: () => gateway.requestReconnect(),
    dropGateway: (code) => gateway.drop(code),
    invalidateSessions: (resumable) => gateway.invalidateSessions(resumable),
    liveSessions: () => gateway.liveSessions(),
    heartbeats: () => gateway.heartbeats(),
    close() {
      closing ??= new Promise<void>((resolve) => {
        registry.close();
        gateway.close();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      });
      return closing;
    },
  };
}
