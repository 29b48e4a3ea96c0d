// Composition of the chat side: the platforms with credentials (or the console when none has),
// the /news command handler they share, and the dispatcher that empties the outbox into them on
// the delivery tick. Built by main.ts; nothing else constructs platforms.
import { topicLabel } from './chat/alert.js';
import { createCommandHandler, type FeedPreview } from './chat/commands/handle-command.js';
import { CONSOLE_CHANNEL, createConsolePlatform } from './chat/console/console-platform.js';
import type { ChatPlatform, TopicChoice } from './chat/port.js';
import type { Config } from './config/index.js';
import type { PlatformName } from './domain/subscription.js';
import type { Logger } from './logger.js';
import { createDispatcher, type Dispatcher, type DispatchSummary } from './pipeline/dispatcher.js';
import { createCronScheduler, type Scheduler } from './pipeline/scheduler.js';
import type { SqliteStore } from './store/index.js';

export interface ChatServiceDeps {
  config: Config;
  store: SqliteStore;
  log: Logger;
  clock: () => Date;
  random: () => number;
  topics: readonly string[];
  previewFeed(url: string): Promise<FeedPreview>;
  /** Where the console platform prints (stdout in the service). */
  write: (text: string) => void;
}

export interface ChatService {
  readonly platforms: readonly ChatPlatform[];
  readonly dispatcher: Dispatcher;
  /** Connects every platform and starts the delivery tick. */
  start(): Promise<void>;
  /** One delivery round now (after a poll stored new stories); skipped when one is running. */
  dispatchNow(): Promise<void>;
  /** Stops the tick (waiting for a running round) and disconnects the platforms. */
  stop(): Promise<void>;
}

/**
 * The platforms that have credentials; the console when none has. discord.js and Bolt are loaded
 * only for a platform that is on (together ~90 MB of modules that polling never needs).
 */
export async function buildPlatforms(deps: Pick<ChatServiceDeps, 'config' | 'log' | 'write'>): Promise<ChatPlatform[]> {
  const { credentials, settings } = deps.config;
  const platforms: ChatPlatform[] = [];
  if (credentials.discord) {
    const { createDiscordPlatform } = await import('./chat/discord/discord-platform.js');
    platforms.push(
      createDiscordPlatform({ token: credentials.discord.token, apiUrl: settings.chat.discord.apiUrl, guildId: settings.chat.discord.guildId, log: deps.log.child({ platform: 'discord' }) }),
    );
  }
  if (credentials.slack) {
    const { createSlackPlatform } = await import('./chat/slack/slack-platform.js');
    platforms.push(
      createSlackPlatform({
        botToken: credentials.slack.botToken,
        appToken: credentials.slack.appToken,
        signingSecret: credentials.slack.signingSecret,
        apiUrl: settings.chat.slack.apiUrl,
        port: settings.chat.slack.port,
        moderators: settings.chat.slack.moderators,
        log: deps.log.child({ platform: 'slack' }),
      }),
    );
  }
  if (platforms.length === 0) platforms.push(createConsolePlatform({ write: deps.write }));
  return platforms;
}

export async function createChatService(deps: ChatServiceDeps): Promise<ChatService> {
  const { config, store, log } = deps;
  const platforms = await buildPlatforms(deps);
  const byName = new Map<PlatformName, ChatPlatform>(platforms.map((platform) => [platform.name, platform]));
  const dispatcher = createDispatcher({ store, platforms: byName, clock: deps.clock, random: deps.random, log: log.child({ part: 'delivery' }), maxAttempts: config.settings.delivery.maxAttempts, stuckAfterMs: config.settings.delivery.stuckAfter });
  const topics: TopicChoice[] = deps.topics.map((id) => ({ id, label: topicLabel(id) }));
  const handler = createCommandHandler({ store, topics, previewFeed: deps.previewFeed, version: config.version, clock: deps.clock, log: log.child({ part: 'commands' }) });
  let scheduler: Scheduler | null = null;
  const summaryWorthLogging = (s: DispatchSummary): boolean => Object.values(s).some((n) => n > 0);

  return {
    platforms,
    dispatcher,
    async start() {
      // The console is the demo's and the operator's own channel: it hears every topic.
      if (byName.has('console')) {
        store.upsertSubscription({ ...CONSOLE_CHANNEL, topic: '*', keywords: [], exclude: [], mode: 'instant', mention: null, createdBy: 'herald' }, deps.clock());
      }
      const started: ChatPlatform[] = [];
      try {
        for (const platform of platforms) {
          await platform.start(handler, topics);
          started.push(platform);
        }
      } catch (error) {
        // Half a service (Discord up, Slack refused) would look online and do nothing: stop it all.
        for (const platform of started.reverse()) await platform.stop().catch(() => {});
        throw error;
      }
      scheduler = createCronScheduler({
        expression: config.settings.delivery.tick,
        log,
        name: 'herald-delivery',
        run: async (signal) => {
          const summary = await dispatcher.runOnce(signal);
          if (summaryWorthLogging(summary)) log.info(summary, 'delivery round done');
        },
      });
      scheduler.start();
    },
    async dispatchNow() {
      await scheduler?.runNow();
    },
    async stop() {
      await scheduler?.stop();
      scheduler = null;
      for (const platform of platforms) await platform.stop().catch((error: unknown) => log.warn({ err: error, platform: platform.name }, 'could not disconnect cleanly'));
    },
  };
}
