// A fake Slack for tests: a real HTTP + WebSocket server on 127.0.0.1 that the real Bolt App and
// WebClient talk to (Web API, Socket Mode, response_urls), with Slack's validation, rate limits
// and injectable failures, and accessors to see what a workspace would show.
//
//   const fake = await startFakeSlack();
//   const app = new App({ token: fake.botToken, appToken: fake.appToken, socketMode: true,
//                         clientOptions: fake.clientOptions() });
//   await app.start();
//   const ack = await fake.injectSlashCommand({ command: '/news', text: 'help' });
//   const [reply] = await fake.waitForResponses(1);
//   await app.stop(); await fake.close(); // stop the app first, or it will try to reconnect
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createFailureQueue } from './failures.js';
import type { InjectedFailure, PlannedFailure } from './failures.js';
import { parseParams, readBody, sendJson, stringParam } from './http-io.js';
import type { ApiParams } from './http-io.js';
import { createRateLimiter } from './rate-limiter.js';
import type { RateDecision, RateLimit } from './rate-limiter.js';
import { createSlashCommands } from './slash-commands.js';
import type { RecordedResponse, SlashCommandInput } from './slash-commands.js';
import { createSocketModeServer } from './socket-mode.js';
import type { SocketAck } from './socket-mode.js';
import { createWebApi } from './web-api.js';
import type { ApiBody } from './web-api.js';
import { DEFAULT_BOT, DEFAULT_CHANNELS, DEFAULT_TEAM, DEFAULT_USERS, createWorkspace } from './workspace.js';
import type { BotIdentity, EphemeralMessage, SeedChannel, SeedTeam, SeedUser, StoredMessage } from './workspace.js';
import { listenOnLoopback } from '../../helpers/loopback.js';

export type { InjectedFailure } from './failures.js';
export type { RateLimit } from './rate-limiter.js';
export type { RecordedResponse, SlashCommandInput } from './slash-commands.js';
export type { SocketAck } from './socket-mode.js';
export type { BotIdentity, EphemeralMessage, MessageMetadata, SeedChannel, SeedTeam, SeedUser, StoredMessage } from './workspace.js';
export { signSlackRequest, signedSlashCommand } from './signed-request.js';
export type { SignedRequestOptions, SignedRequestResult } from './signed-request.js';

export interface FakeSlackOptions {
  team?: Partial<SeedTeam>;
  /** Bot user, bot/app IDs and the tokens the fake accepts (`xoxb-…` bot token, `xapp-…` app token). */
  bot?: Partial<BotIdentity>;
  /** Replaces the default admin, owner and member. */
  users?: SeedUser[];
  /** Replaces the default #general, #news, archived #old-news and private #mods (bot not a member). */
  channels?: SeedChannel[];
  /** The secret tests give Bolt's HTTPReceiver and {@link signedSlashCommand}. */
  signingSecret?: string;
  /** chat.postMessage limit per channel; `false` turns it off. */
  rateLimit?: RateLimit | false;
  /** An extra chat.postMessage limit across the whole workspace; off by default. */
  workspaceRateLimit?: RateLimit | false;
  /** How long an injected envelope waits for its ack (Slack: 3 s). */
  ackTimeoutMs?: number;
  /** Clock in ms for rate limits and message timestamps (default `Date.now`). */
  now?: () => number;
}

const DEFAULTS = {
  team: {},
  bot: {},
  users: [...DEFAULT_USERS],
  channels: [...DEFAULT_CHANNELS],
  signingSecret: 'fake-signing-secret',
  rateLimit: { perSecond: 1, burst: 3 },
  workspaceRateLimit: false,
  ackTimeoutMs: 3000,
  now: Date.now,
} as const satisfies Required<FakeSlackOptions>;

/** One Web API call as the fake saw it. */
export interface RecordedApiCall {
  method: string;
  params: ApiParams;
  /** The token sent (header or `token` field), if any. */
  token: string | undefined;
  /** HTTP status sent; 0 when the fake hung or reset the connection. */
  status: number;
  ok: boolean;
  error?: string;
  outcome: 'answered' | 'hung' | 'dropped';
}

/** What a slash command's ack carried, plus the response_url the app was given. */
export interface SlashCommandAck extends SocketAck {
  response_url: string;
  trigger_id: string;
}

export interface FakeSlack {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly port: number;
  /** For WebClient `slackApiUrl`: `http://127.0.0.1:PORT/api/`. */
  readonly apiUrl: string;
  readonly team: SeedTeam;
  readonly bot: BotIdentity;
  readonly botToken: string;
  readonly appToken: string;
  readonly signingSecret: string;
  /** `{ slackApiUrl }`: pass as Bolt `clientOptions` (Socket Mode's apps.connections.open uses them too). */
  clientOptions(): { slackApiUrl: string };
  /** Every Web API call, in arrival order. */
  readonly requests: RecordedApiCall[];
  /** Messages in a channel (ID or name), oldest first, metadata included. */
  messagesIn(channel: string): StoredMessage[];
  /** Ephemeral messages sent in a channel, oldest first. */
  ephemeralsIn(channel: string): EphemeralMessage[];
  /** How many 429s chat.postMessage answered for this channel (rate limit or injected). */
  rateLimitHits(channel: string): number;
  /** Makes upcoming matching calls fail; see {@link InjectedFailure}. */
  failNext(failure: InjectedFailure): void;
  /** Adds a channel, or replaces one's settings (keeping its messages): archive, invite, kick. */
  addChannel(channel: SeedChannel): void;
  addUser(user: SeedUser): void;
  /** Sends a slash command over Socket Mode; resolves with the app's ack (rejects after `ackTimeoutMs`). */
  injectSlashCommand(input: SlashCommandInput): Promise<SlashCommandAck>;
  /** The form fields for an HTTP-mode slash command, with a response_url on this fake (for {@link signedSlashCommand}). */
  slashCommandParams(input: SlashCommandInput): Record<string, string>;
  /** Replies users saw: ack content and response_url POSTs, in order. */
  readonly responses: RecordedResponse[];
  /** Resolves with all replies once there are at least `count` (rejects after `timeoutMs`, default 10 s). */
  waitForResponses(count: number, options?: { timeoutMs?: number }): Promise<RecordedResponse[]>;
  /** Open Socket Mode connections. */
  socketConnections(): number;
  /** Resolves once `count` Socket Mode connections are open (e.g. after a refresh). */
  waitForSocketConnections(count?: number): Promise<void>;
  /** Sends Slack's `{type:'disconnect', reason}` so clients reconnect. */
  refreshSockets(reason?: 'refresh_requested' | 'warning' | 'link_disabled'): void;
  /** Cuts Socket Mode connections abruptly. */
  dropSockets(): void;
  /** Stops the server and ends every connection, timer and waiter (safe to call twice). */
  close(): Promise<void>;
}

type TokenKind = 'bot' | 'app' | 'unknown' | 'none';

const ALLOWED: RateDecision = { allowed: true };

/**
 * Starts a fake Slack on 127.0.0.1 on a free port.
 * @see https://docs.slack.dev/apis/web-api/
 * @see https://docs.slack.dev/apis/events-api/using-socket-mode
 */
export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const config = { ...DEFAULTS, ...options };
  const team = { ...DEFAULT_TEAM, ...config.team };
  const bot = { ...DEFAULT_BOT, ...config.bot };
  const workspace = createWorkspace({ team, bot, users: config.users, channels: config.channels, now: config.now });
  const failures = createFailureQueue();
  const channelLimiter = config.rateLimit === false ? undefined : createRateLimiter(config.rateLimit, config.now);
  const workspaceLimiter = config.workspaceRateLimit === false ? undefined : createRateLimiter(config.workspaceRateLimit, config.now);
  const rateLimitHits = new Map<string, number>();
  const requests: RecordedApiCall[] = [];
  let closing: Promise<void> | undefined;

  const server = createServer((req, res) => void route(req, res).catch(() => (res.headersSent ? res.destroy() : sendJson(res, 500, { ok: false, error: 'fatal_error' }))));
  const { port, sockets } = await listenOnLoopback(server);
  const base = `http://127.0.0.1:${port}`;
  const socketMode = createSocketModeServer({ wsBase: `ws://127.0.0.1:${port}`, appId: bot.appId, ackTimeoutMs: config.ackTimeoutMs });
  const slash = createSlashCommands(workspace, base);
  const methods = createWebApi(workspace, () => socketMode.issueUrl());
  server.on('upgrade', (req, socket, head) => socketMode.handleUpgrade(req, socket, head));

  const countHit = (channel: string): void => void rateLimitHits.set(channel, (rateLimitHits.get(channel) ?? 0) + 1);
  const channelKey = (raw: string | undefined): string => workspace.findChannel(raw ?? '')?.seed.id ?? raw ?? '';

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', base);
    if (url.pathname.startsWith('/api/')) return handleApi(req, res, url);
    if (req.method === 'POST' && (await slash.handle(req, res, url.pathname))) return;
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = url.pathname.slice('/api/'.length);
    const parsed = parseParams(req.headers['content-type'], await readBody(req), url.searchParams);
    const params = parsed ?? {};
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') === true ? header.slice('Bearer '.length) : stringParam(params, 'token');
    const call: RecordedApiCall = { method, params, token, status: 200, ok: false, outcome: 'answered' };
    requests.push(call);
    const answer = (status: number, body: ApiBody, headers: Record<string, string> = {}): void => {
      Object.assign(call, { status, ok: body.ok }, body.error === undefined ? {} : { error: body.error });
      if (status === 429 && method === 'chat.postMessage') countHit(channelKey(stringParam(params, 'channel')));
      sendJson(res, status, body, headers);
    };
    const applyFailure = (failure: PlannedFailure): void => {
      Object.assign(call, { status: 0, error: failure.body.error });
      if (failure.kind === 'answer') answer(failure.status, failure.body, failure.headers);
      else if (failure.kind === 'drop') {
        call.outcome = 'dropped';
        req.socket.resetAndDestroy();
      } else call.outcome = 'hung';
    };

    const handler = methods[method];
    if (handler === undefined) return answer(200, { ok: false, error: 'unknown_method', req_method: method });
    if (parsed === undefined) return answer(200, { ok: false, error: 'invalid_json' });
    const authError = checkToken(tokenKind(token), method);
    if (authError !== undefined) return answer(200, { ok: false, error: authError });
    const sentChannel = stringParam(params, 'channel') ?? '';
    const seed = workspace.findChannel(sentChannel)?.seed;
    const failure = failures.take(method, seed === undefined ? [sentChannel] : [sentChannel, seed.id, seed.name]);
    if (failure !== undefined && !failure.afterProcessing) return applyFailure(failure);
    if (method === 'chat.postMessage') {
      const decision = takeRateToken(seed?.id ?? sentChannel);
      if (!decision.allowed) return answer(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(decision.retryAfter) });
    }
    const body = handler(params);
    if (failure !== undefined) return applyFailure(failure);
    answer(200, body);
  }

  /** Both limits must allow the post; a refused post spends nothing. */
  function takeRateToken(channel: string): RateDecision {
    const perChannel = channelLimiter?.peek(channel) ?? ALLOWED;
    if (!perChannel.allowed) return perChannel;
    const whole = workspaceLimiter?.peek('*') ?? ALLOWED;
    if (!whole.allowed) return whole;
    channelLimiter?.take(channel);
    workspaceLimiter?.take('*');
    return ALLOWED;
  }

  function tokenKind(token: string | undefined): TokenKind {
    if (token === undefined || token === '') return 'none';
    return token === bot.token ? 'bot' : token === bot.appToken ? 'app' : 'unknown';
  }

  return {
    url: base,
    port,
    apiUrl: `${base}/api/`,
    team,
    bot,
    botToken: bot.token,
    appToken: bot.appToken,
    signingSecret: config.signingSecret,
    clientOptions: () => ({ slackApiUrl: `${base}/api/` }),
    requests,
    messagesIn: (channel) => [...(workspace.findChannel(channel)?.messages ?? [])],
    ephemeralsIn: (channel) => [...(workspace.findChannel(channel)?.ephemerals ?? [])],
    rateLimitHits: (channel) => rateLimitHits.get(channelKey(channel)) ?? 0,
    failNext: (failure) => failures.add(failure),
    addChannel: (channel) => workspace.addChannel(channel),
    addUser: (user) => workspace.addUser(user),
    async injectSlashCommand(input) {
      const payload = slash.payload(input);
      const responseUrl = payload.response_url ?? '';
      const ack = await socketMode.send('slash_commands', payload, { accepts_response_payload: true });
      slash.recordAck(responseUrl, ack.payload);
      return { ...ack, response_url: responseUrl, trigger_id: payload.trigger_id ?? '' };
    },
    slashCommandParams: (input) => slash.payload(input),
    responses: slash.responses,
    waitForResponses: (count, waitOptions) => slash.waitFor(count, waitOptions?.timeoutMs ?? 10_000),
    socketConnections: () => socketMode.connections(),
    waitForSocketConnections: (count) => socketMode.waitForConnections(count),
    refreshSockets: (reason) => socketMode.requestRefresh(reason),
    dropSockets: () => socketMode.drop(),
    close() {
      closing ??= (async () => {
        failures.clear();
        slash.close();
        await socketMode.close();
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return closing;
    },
  };
}

/** Slack's answer to a token that may not call this method, or undefined when it may. */
function checkToken(kind: TokenKind, method: string): string | undefined {
  if (kind === 'none') return 'not_authed';
  if (kind === 'unknown') return 'invalid_auth';
  // App-level tokens only open Socket Mode connections; bot tokens cannot.
  const wanted = method === 'apps.connections.open' ? 'app' : 'bot';
  return kind === wanted ? undefined : 'not_allowed_token_type';
}
