// The public shapes of the fake Discord: what a test seeds, what it configures and what it reads back.
import type { IncomingHttpHeaders } from 'node:http';

/** A JSON object as Discord sends and receives it. */
export type Json = Record<string, unknown>;

/** A permission bit set: a bigint or Discord's decimal string form. */
export type PermissionsInput = bigint | string;

/** A user to seed (a guild member, the bot, a moderator…). */
export interface SeedUser {
  id: string;
  username: string;
  globalName?: string;
  bot?: boolean;
}

/** A guild member: a user plus the ids of the roles it holds (the @everyone role is implicit). */
export interface SeedMember {
  user: SeedUser;
  roles?: string[];
  nick?: string;
}

export interface SeedRole {
  id: string;
  name: string;
  permissions: PermissionsInput;
  position?: number;
  mentionable?: boolean;
  /** True for a bot's integration role. */
  managed?: boolean;
}

/** A channel permission overwrite; `type` 0 (or 'role') targets a role, 1 (or 'member') a member. */
export interface SeedOverwrite {
  id: string;
  type: 0 | 1 | 'role' | 'member';
  allow?: PermissionsInput;
  deny?: PermissionsInput;
}

export interface SeedChannel {
  id: string;
  name: string;
  /** Discord channel type: 0 text (default), 2 voice, 4 category, 5 announcement, 15 forum. */
  type?: number;
  parentId?: string;
  topic?: string;
  position?: number;
  nsfw?: boolean;
  permissionOverwrites?: SeedOverwrite[];
}

export interface SeedGuild {
  id: string;
  name: string;
  ownerId: string;
  /** Permissions of the @everyone role (whose id is the guild id, as on Discord). */
  everyonePermissions?: PermissionsInput;
  roles?: SeedRole[];
  channels?: SeedChannel[];
  /** Members besides the bot; the bot is added (with `botRoleIds`) when not listed. */
  members?: SeedMember[];
  /** Roles the bot holds in this guild when it is not listed among `members`. */
  botRoleIds?: string[];
  preferredLocale?: string;
}

/** A fixed-window rate limit: `limit` requests per `windowMs`. */
export interface RateWindow {
  limit: number;
  windowMs: number;
}

export interface FakeDiscordOptions {
  /** The bot token; REST wants `Authorization: Bot <token>`, IDENTIFY wants the bare token. */
  token?: string;
  /** The application id, which is also the bot user's id (as for every modern bot). */
  applicationId?: string;
  botUsername?: string;
  /** Application flags sent in READY (e.g. 1 << 23 for the application-commands badge). */
  applicationFlags?: number;
  /** Guilds the bot is in. Defaults to one guild described by `DEFAULT_IDS`. */
  guilds?: SeedGuild[];
  /** Gateway heartbeat interval sent in HELLO; Discord uses 41250 ms, tests want something small. */
  heartbeatIntervalMs?: number;
  /** Privileged intents the application is allowed (GuildMembers 1<<1, GuildPresences 1<<8, MessageContent 1<<15); others close with 4014. */
  allowedPrivilegedIntents?: number;
  /** POST /channels/:id/messages, per channel (Discord: 5 per 5 s). */
  messageRateLimit?: RateWindow;
  /** Every other bucketed route, per route and major parameter. */
  routeRateLimit?: RateWindow;
  /** Per bot across all authenticated routes (Discord: 50 per second); `false` turns it off. */
  globalRateLimit?: RateWindow | false;
  /** How long a `nonce` with `enforce_nonce` deduplicates a send (Discord: "a few minutes"). */
  nonceTtlMs?: number;
  /** Time the bot has for its first interaction response before 10062 Unknown interaction (Discord: 3 s). */
  interactionDeadlineMs?: number;
  /** How long an interaction token accepts edits and follow-ups (Discord: 15 minutes). */
  interactionTokenTtlMs?: number;
  /** Sessions the bot may still start, as reported by GET /gateway/bot. */
  sessionStartLimit?: { total: number; remaining: number; resetAfterMs: number; maxConcurrency: number };
}

/** One REST request the fake received (including rejected ones). */
export interface RecordedRequest {
  method: string;
  /** Route path without `/api/v10` and without the query, e.g. `/channels/123/messages`. */
  path: string;
  /** Raw request target, e.g. `/api/v10/interactions/1/tok/callback?with_response=false`. */
  url: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (or `payload_json` of a multipart body); undefined when there was none. */
  body: unknown;
  /** Files of a multipart body. */
  files: { field: string; name: string; size: number; contentType: string }[];
  /** Status the fake answered with (0 until it has answered, and when it hung or dropped the request). */
  status: number;
  /** Whether the fake answered, is holding the request open forever, or reset the connection (see {@link FailureSpec.hang}). */
  outcome: 'answered' | 'hung' | 'dropped';
  /** The parsed response body (undefined for 204). */
  response: unknown;
  at: number;
}

/** A 429 the fake sent. */
export interface RateLimitHit {
  method: string;
  path: string;
  scope: 'user' | 'global' | 'shared';
  /** Seconds, as in the body's `retry_after`. */
  retryAfter: number;
  injected: boolean;
}

/**
 * A failure to inject into the next matching request(s): an error answer (`status`), or a request
 * the fake never answers (`hang`) or answers with a reset connection (`drop`). With
 * `afterProcessing` the route runs first (a message IS created) and the failure replaces its
 * answer: the "did it post?" case a crash or a lost connection leaves behind.
 */
export interface FailureSpec {
  /** HTTP method to match; any method when omitted. */
  method?: string;
  /** Matched against the route path (e.g. `/channels/123/messages`); a string must be equal. */
  path: RegExp | string;
  /** HTTP status of the error answer; ignored with `hang` or `drop`. */
  status?: number;
  /** Never answer: the client waits until its own timeout, until it dies, or until `close()`. */
  hang?: boolean;
  /** Reset the TCP connection instead of answering. */
  drop?: boolean;
  /** Run the route first (its effect stays), then fail as above instead of sending its answer. */
  afterProcessing?: boolean;
  /** Discord JSON error code; defaults by status (403 → 50013, 404 → 10003, 401/500 → 0). */
  code?: number;
  message?: string;
  /** Replaces the whole JSON body. */
  body?: unknown;
  headers?: Record<string, string>;
  /** For 429: seconds to wait (default 1); sets Retry-After and `retry_after`. */
  retryAfter?: number;
  /** For 429: a global rate limit instead of a route one. */
  global?: boolean;
  /** How many matching requests fail (default 1). */
  times?: number;
}

/** What the bot answered to one injected interaction, updated as answers arrive. */
export interface InteractionExchange {
  id: string;
  token: string;
  /** The INTERACTION_CREATE payload the bot received. */
  interaction: Json;
  /** The first POST /interactions/:id/:token/callback body ({ type, data }), once it arrives. */
  callback: Json | undefined;
  /** Bodies of PATCH /webhooks/:app/:token/messages/@original, in order. */
  edits: Json[];
  /** Bodies of POST /webhooks/:app/:token (follow-ups), in order. */
  followUps: Json[];
  /** The current @original message object (after the reply or the latest edit). */
  original: Json | undefined;
  /** Every request made with this interaction's token, in order. */
  requests: RecordedRequest[];
}

/** An interaction to inject over the gateway. */
export interface InjectInteractionInput {
  /** 2 application command (default), 3 message component, 4 autocomplete. */
  type?: 2 | 3 | 4;
  /** Registered command name (types 2 and 4); looked up in the guild, then globally. */
  commandName?: string;
  /** Skips the registry look-up; the command then needs no registration. */
  commandId?: string;
  /** `data.options` as Discord sends them (for autocomplete, mark one `focused: true`). */
  options?: Json[];
  /** Type 3: the clicked component's custom_id, its component type (default 2 button) and message. */
  customId?: string;
  componentType?: number;
  messageId?: string;
  /** Defaults to the first guild, its first text channel and its first non-bot member. */
  guildId?: string;
  channelId?: string;
  userId?: string;
  /** Overrides the member's computed channel permissions (decimal string or bigint). */
  permissions?: PermissionsInput;
  locale?: string;
  /** Fixes the interaction id (a fresh snowflake otherwise). */
  id?: string;
}

/** Options of `waitForResponse`. */
export interface WaitOptions {
  /** Resolves when this holds; default: a callback arrived and, for a deferred one, an edit or follow-up too. */
  until?: (exchange: InteractionExchange) => boolean;
  /** Rejects after this long (default 10 s). */
  timeoutMs?: number;
}

/** An IDENTIFY the gateway accepted or refused. */
export interface IdentifyRecord {
  token: string;
  intents: number;
  shard: [number, number] | undefined;
  properties: Json;
  accepted: boolean;
  at: number;
}

export interface ResumeRecord {
  sessionId: string;
  seq: number;
  /** Events replayed to the resumed connection. */
  replayed: number;
  accepted: boolean;
}
