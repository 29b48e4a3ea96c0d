// Shared setup for the Slack platform tests: a fake Slack, the real platform pointed at it, a
// recording command handler, and shutdown in the order Bolt needs (app first, then the fake).
import { afterEach } from 'vitest';
import type { ChatCommand, CommandContext, Reply } from '../../src/chat/commands/command.js';
import { simpleReply } from '../../src/chat/commands/command.js';
import type { CommandHandler, TopicChoice } from '../../src/chat/port.js';
import { createSlackPlatform, type SlackPlatform, type SlackPlatformOptions } from '../../src/chat/slack/slack-platform.js';
import { silentLogger } from '../../src/logger.js';
import { startFakeSlack, type FakeSlack, type FakeSlackOptions } from '../fakes/slack/fake-slack.js';

export const TOPICS: readonly TopicChoice[] = [
  { id: 'copyright-law', label: 'Copyright law' },
  { id: 'hacktivism', label: 'Hacktivism' },
];

/** Every command the handler saw, with its context. */
export interface HandledCall {
  command: ChatCommand;
  context: CommandContext;
}

/** A handler that records its calls and answers with `answer` (default: a one-line info reply). */
export function recordingHandler(answer: (command: ChatCommand, context: CommandContext) => Reply | Promise<Reply> = (command) => simpleReply('info', `Done: ${command.name}`)): {
  handler: CommandHandler;
  calls: HandledCall[];
} {
  const calls: HandledCall[] = [];
  return {
    calls,
    handler: async (command, context) => {
      calls.push({ command, context });
      return answer(command, context);
    },
  };
}

interface Running {
  fake: FakeSlack;
  platform: SlackPlatform;
}

const running: Running[] = [];

afterEach(async () => {
  // Bolt's Socket Mode client reconnects when the server goes first: stop the platform, then the fake.
  for (const { fake, platform } of running.splice(0)) {
    await platform.stop().catch(() => undefined);
    await fake.close();
  }
});

/** A fake Slack and a platform for it (not started); both are stopped after the test. */
export async function setupSlack(
  mode: 'socket' | 'http' | 'none',
  options: { fake?: FakeSlackOptions; platform?: Partial<SlackPlatformOptions> } = {},
): Promise<Running> {
  const fake = await startFakeSlack(options.fake);
  const platform = createSlackPlatform({
    botToken: fake.botToken,
    apiUrl: fake.apiUrl,
    log: silentLogger(),
    ...(mode === 'socket' ? { appToken: fake.appToken } : mode === 'http' ? { signingSecret: fake.signingSecret, port: 0, host: '127.0.0.1' } : {}),
    ...options.platform,
  });
  const entry = { fake, platform };
  running.push(entry);
  return entry;
}
