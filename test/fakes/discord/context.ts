// What every part of the fake shares: resolved options, the world, the message store, ids and the
// gateway's dispatch (bound once the gateway exists).
import type { MessageStore } from './messages.js';
import type { FakeDiscordOptions, Json, RateWindow } from './types.js';
import type { World } from './world.js';

/** Gateway intent bits the fake looks at. @see https://discord.com/developers/docs/events/gateway#gateway-intents */
export const INTENTS = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildPresences: 1 << 8,
  GuildMessages: 1 << 9,
  MessageContent: 1 << 15,
} as const;

export const PRIVILEGED_INTENTS = INTENTS.GuildMembers | INTENTS.GuildPresences | INTENTS.MessageContent;

export type ResolvedOptions = Required<Omit<FakeDiscordOptions, 'guilds' | 'globalRateLimit'>> & { globalRateLimit: RateWindow | false };

export const DEFAULTS = {
  token: 'fake-bot-token.for-tests-only',
  applicationId: '1300000000000000001',
  botUsername: 'Herald',
  applicationFlags: 1 << 23,
  heartbeatIntervalMs: 41_250,
  allowedPrivilegedIntents: 0,
  messageRateLimit: { limit: 5, windowMs: 5_000 },
  routeRateLimit: { limit: 50, windowMs: 1_000 },
  globalRateLimit: { limit: 50, windowMs: 1_000 },
  nonceTtlMs: 5 * 60_000,
  interactionDeadlineMs: 3_000,
  interactionTokenTtlMs: 15 * 60_000,
  sessionStartLimit: { total: 1000, remaining: 1000, resetAfterMs: 86_400_000, maxConcurrency: 1 },
} as const satisfies ResolvedOptions;

export interface FakeContext {
  options: ResolvedOptions;
  world: World;
  messages: MessageStore;
  newId: () => string;
  /**
   * Sends a dispatch to every session whose intents include `intent` (any session when omitted).
   * A function is called only when some session wants the event, keeping fan-outs cheap.
   */
  dispatch: (event: string, data: Json | (() => Json), intent?: number) => void;
  /** `http://127.0.0.1:PORT`, known once the server listens. */
  origin: string;
}
