// The Slack ChatPlatform: a Bolt app receiving `/news` over Socket Mode or signed HTTP requests,
// and a WebClient that posts alerts, digests and notices without retrying behind Herald's back.

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { HeraldError } from '../../errors.js';
import type { ChatPlatform, CommandHandler, Pacing, TopicChoice } from '../port.js';
import { answerSlashCommand } from './answer-slash-command.js';
import { createBoltLogger } from './bolt-logger.js';
import { createModeratorCheck } from './moderator-check.js';
import { renderSlackReply } from './render-reply.js';
import { createPostingClient, createReadingClient, createSlackMessenger } from './slack-messages.js';

export interface SlackPlatformOptions {
  /** `xoxb-…` (SLACK_BOT_TOKEN). */
  botToken: string;
  /** `xapp-…` (SLACK_APP_TOKEN): Socket Mode, no public URL needed. Wins over `signingSecret`. */
  appToken?: string | null;
  /** SLACK_SIGNING_SECRET: HTTP mode, Slack POSTs commands to `http://HOST:PORT/slack/events`. */
  signingSecret?: string | null;
  /** Web API base (SLACK_API_URL), ending in `/api/`; tests pass a fake's. */
  apiUrl?: string;
  /** HTTP mode: port to listen on (0: any free port, see {@link SlackPlatform.httpPort}). */
  port?: number;
  /** HTTP mode: address to listen on (default: every interface). */
  host?: string | null;
  /** User ids that may use moderator commands besides workspace admins and owners. */
  moderators?: readonly string[];
  log: Logger;
  /** How long one Web API call may take before its outcome counts as unknown. */
  requestTimeoutMs?: number;
  /** How long a users.info admin/owner answer is trusted. */
  moderatorCacheMs?: number;
}

/** The Slack platform, plus where its HTTP receiver listens. */
export interface SlackPlatform extends ChatPlatform {
  /** HTTP mode, once started: the port Bolt's receiver listens on; otherwise null. */
  readonly httpPort: number | null;
}

const DEFAULTS = {
  apiUrl: 'https://slack.com/api/',
  port: 3000,
  host: null,
  moderators: [],
  requestTimeoutMs: 15_000,
  moderatorCacheMs: 10 * 60_000,
} as const satisfies Omit<Required<SlackPlatformOptions>, 'botToken' | 'appToken' | 'signingSecret' | 'log'>;

/** The slash command Herald registers (config/slack-manifest.yaml). */
export const SLACK_COMMAND = '/news';

// Slack allows about one message per second per channel, with short bursts; 1.1 s keeps Herald
// under it whatever the clock skew. Web API tier for chat.postMessage is "special", roughly
// workspace-wide "several hundred per minute": 8/s (480 a minute) stays under that.
// @see https://docs.slack.dev/apis/web-api/rate-limits
const PACING: Pacing = { perChannelIntervalMs: 1100, globalPerSecond: 8 };

/**
 * Builds the Slack platform; nothing connects until {@link ChatPlatform.start}.
 * @see https://docs.slack.dev/tools/bolt-js/getting-started
 * @see https://docs.slack.dev/apis/events-api/using-socket-mode
 */
export function createSlackPlatform(options: SlackPlatformOptions): SlackPlatform {
  const settings = { ...DEFAULTS, ...options };
  const log = options.log.child({ platform: 'slack' });
  const boltLogger = createBoltLogger(log);
  const clientSettings = { botToken: options.botToken, apiUrl: settings.apiUrl, timeoutMs: settings.requestTimeoutMs, logger: boltLogger };
  const postingClient = createPostingClient(clientSettings);
  const readingClient = createReadingClient(clientSettings);
  const messenger = createSlackMessenger({ client: postingClient, log });
  let app: App | undefined;
  let httpPort: number | null = null;

  const appToken = options.appToken ?? null;
  const signingSecret = options.signingSecret ?? null;

  return {
    name: 'slack',
    pacing: PACING,
    get httpPort() {
      return httpPort;
    },

    async start(handler: CommandHandler, topics: readonly TopicChoice[]) {
      if (app !== undefined) throw new HeraldError('chat/slack-start-failed', 'The Slack platform is already started.');
      if (appToken === null && signingSecret === null) {
        throw new HeraldError('chat/slack-start-failed', 'Slack needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode) besides SLACK_BOT_TOKEN; set one of them.');
      }
      const created = new App({
        token: options.botToken,
        logger: boltLogger,
        clientOptions: { slackApiUrl: settings.apiUrl, timeout: settings.requestTimeoutMs },
        // auth.test runs in init() below, where a bad token becomes a clear error.
        deferInitialization: true,
        ...(appToken !== null ? { socketMode: true, appToken } : { signingSecret: signingSecret ?? '' }),
      });
      const isModerator = createModeratorCheck({ client: readingClient, moderators: settings.moderators, ttlMs: settings.moderatorCacheMs, log });

      created.command(SLACK_COMMAND, async ({ command, ack, respond }) => {
        // Slack wants the ack within 3 s; the answer follows through the response_url.
        await ack().catch((error: unknown) => log.warn({ err: error }, 'could not acknowledge a /news command'));
        const reply = await answerSlashCommand({ teamId: command.team_id, channelId: command.channel_id, userId: command.user_id, text: command.text }, { handler, topics, isModerator, log });
        await respond(renderSlackReply(reply)).catch((error: unknown) => log.warn({ err: error, user: command.user_id }, 'could not answer a /news command (response_url expired or refused)'));
      });
      // Link buttons ("Read on …") still send Slack an interaction; unacknowledged, Slack shows
      // the reader a warning icon. Opening the link needs nothing else.
      // @see https://docs.slack.dev/reference/block-kit/block-elements/button-element
      created.action(/^herald_/, async ({ ack }) => {
        await ack();
      });
      created.error(async (error) => {
        log.error({ err: error }, 'Slack listener failed');
      });

      try {
        // Bolt's own client retries auth.test for ~30 minutes when Slack is unreachable (a policy
        // Socket Mode needs for reconnecting); the token is checked first with quick retries.
        await readingClient.auth.test();
        await created.init();
        if (appToken !== null) {
          await checkAppToken(appToken, settings.apiUrl, boltLogger);
          await created.start();
        }
        else {
          const server = (await created.start(settings.host === null ? settings.port : { port: settings.port, host: settings.host })) as Server;
          httpPort = (server.address() as AddressInfo | null)?.port ?? null;
        }
      } catch (error) {
        await created.stop().catch(() => undefined);
        throw startError(error, appToken !== null);
      }
      app = created;
      log.info({ mode: appToken !== null ? 'socket' : 'http', ...(httpPort === null ? {} : { port: httpPort }) }, 'Slack platform started');
    },

    async stop() {
      const running = app;
      app = undefined;
      httpPort = null;
      await running?.stop();
    },

    post: (channel, message, key) => messenger.post(channel, message, key),
    update: (channel, messageId, message) => messenger.update(channel, messageId, message),
    findPosted: (channel, key, since) => messenger.findPosted(channel, key, since),
  };
}

/**
 * Opens one Socket Mode URL with the app token and drops it. The Socket Mode client retries
 * forever on errors it does not know as fatal (a bot token in SLACK_APP_TOKEN, a missing
 * connections:write scope), so start-up would hang instead of saying what is wrong.
 * @see https://docs.slack.dev/reference/methods/apps.connections.open
 */
async function checkAppToken(appToken: string, apiUrl: string, logger: webApi.WebClientOptions['logger']): Promise<void> {
  const client = new webApi.WebClient(appToken, { slackApiUrl: apiUrl, retryConfig: { retries: 0 }, ...(logger === undefined ? {} : { logger }) });
  await client.apps.connections.open({});
}

// What to fix when Slack refuses to start, by Slack error code.
const START_FIXES: Readonly<Record<string, (socketMode: boolean) => string>> = {
  invalid_auth: (socketMode) =>
    socketMode
      ? 'Slack refused a token: check SLACK_BOT_TOKEN (xoxb-…) and SLACK_APP_TOKEN (xapp-…, with the connections:write scope).'
      : 'Slack refused SLACK_BOT_TOKEN (xoxb-…); copy it again from the app’s OAuth & Permissions page.',
  not_allowed_token_type: () => 'SLACK_APP_TOKEN must be an app-level token (xapp-…) and SLACK_BOT_TOKEN a bot token (xoxb-…).',
  missing_scope: () => 'SLACK_APP_TOKEN needs the connections:write scope (Basic Information → App-Level Tokens).',
};
const TOKEN_GONE = new Set(['not_authed', 'token_revoked', 'account_inactive']);

/** A start-up failure worded with what to fix. */
function startError(error: unknown, socketMode: boolean): HeraldError {
  const slackCode = error instanceof webApi.WebAPIPlatformError ? error.data.error : null;
  const known = slackCode === null ? undefined : START_FIXES[TOKEN_GONE.has(slackCode) ? 'invalid_auth' : slackCode];
  const fix =
    known?.(socketMode) ??
    (socketMode ? 'Check the tokens, that Socket Mode is on for the app, and that Herald can reach Slack.' : 'Check SLACK_BOT_TOKEN, that Herald can reach Slack, and that the HTTP port is free.');
  const reason = slackCode ?? (error instanceof Error ? error.message : String(error));
  return new HeraldError('chat/slack-start-failed', `Could not start the Slack platform (${reason}). ${fix}`, { cause: error, retryable: slackCode === null, details: { socketMode } });
}
