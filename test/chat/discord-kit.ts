// Shared set-up for the Discord adapter tests: the fake Discord, the real platform on top of it, a
// recording command handler, and teardown in the order that leaves nothing running.
import { afterEach } from 'vitest';
import type { CommandContext, ChatCommand, Reply } from '../../src/chat/commands/command.js';
import { simpleReply } from '../../src/chat/commands/command.js';
import { createDiscordPlatform } from '../../src/chat/discord/discord-platform.js';
import type { DiscordPlatformOptions } from '../../src/chat/discord/discord-platform.js';
import type { ChatPlatform, CommandHandler, TopicChoice } from '../../src/chat/port.js';
import { silentLogger } from '../../src/logger.js';
import { startFakeDiscord } from '../fakes/discord/fake-discord.js';
import type { FakeDiscord, FakeDiscordOptions } from '../fakes/discord/fake-discord.js';

export const TOPICS: readonly TopicChoice[] = [
  { id: 'copyright-law', label: 'Copyright law' },
  { id: 'hacktivism', label: 'Hacktivism' },
  { id: 'data-leaks', label: 'Data leaks' },
];

/** One call the handler received. */
export interface HandledCall {
  command: ChatCommand;
  context: CommandContext;
}

/** A handler that records its calls and answers like the real ones would, in outline. */
export function recordingHandler(answer: (command: ChatCommand, context: CommandContext) => Reply | Promise<Reply> = defaultAnswer): { handler: CommandHandler; calls: HandledCall[] } {
  const calls: HandledCall[] = [];
  return {
    calls,
    handler: async (command, context) => {
      calls.push({ command, context });
      return answer(command, context);
    },
  };
}

function defaultAnswer(command: ChatCommand, context: CommandContext): Reply {
  if ((command.name === 'subscribe' || command.name === 'unsubscribe' || (command.name === 'feeds' && command.action !== 'list')) && !context.isModerator) {
    return simpleReply('warning', 'Only moderators can do that', ['Ask someone with Manage Channels or Manage Server.']);
  }
  if (command.name === 'subscribe') return { ...simpleReply('success', 'Subscribed', ['This channel now receives ', { untrusted: command.topic }, ' alerts.']), visibility: 'channel' };
  return simpleReply('info', `Answer to ${command.name}`, ['Done.']);
}

const running: { fake?: FakeDiscord; platforms: ChatPlatform[] } = { platforms: [] };

// The client goes first: closing the fake under a live client makes discord.js reconnect.
afterEach(async () => {
  for (const platform of running.platforms.splice(0)) await platform.stop();
  await running.fake?.close();
  delete running.fake;
});

export async function startFake(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  running.fake = await startFakeDiscord({ heartbeatIntervalMs: 250, ...options });
  return running.fake;
}

/** The real Discord platform, started against `fake` with `handler`. */
export async function startPlatform(
  fake: FakeDiscord,
  handler: CommandHandler = recordingHandler().handler,
  options: Partial<Omit<DiscordPlatformOptions, 'token' | 'apiUrl' | 'log'>> = {},
): Promise<ChatPlatform> {
  const platform = createDiscordPlatform({ token: fake.token, apiUrl: fake.apiUrl, log: silentLogger(), ...options });
  running.platforms.push(platform);
  await platform.start(handler, TOPICS);
  return platform;
}
