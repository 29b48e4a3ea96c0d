// The console platform: alerts, digests and notices printed as text blocks. It is on when no chat
// platform has credentials, so `herald run` and the demo show what a channel would receive.
import type { ChannelRef } from '../../domain/subscription.js';
import type { ChatPlatform, OutgoingMessage, SendResult } from '../port.js';
import { renderConsoleAlert } from './render-alert.js';
import { renderConsoleDigest } from './render-digest.js';
import { renderConsoleNotice } from './render-notice.js';

/** The one channel the console has. */
export const CONSOLE_CHANNEL: ChannelRef = { platform: 'console', workspaceId: 'local', channelId: 'console' };

export interface ConsolePlatformOptions {
  /** Where messages go (stdout in the service). */
  write: (text: string) => void;
}

function render(message: OutgoingMessage): string {
  switch (message.kind) {
    case 'alert':
      return renderConsoleAlert(message.alert);
    case 'digest':
      return renderConsoleDigest(message.digest);
    case 'notice':
      return renderConsoleNotice(message.notice);
  }
}

export function createConsolePlatform(options: ConsolePlatformOptions): ChatPlatform {
  // Keys of what this process printed: a retry within one run never prints twice. A terminal keeps
  // no history to search after a restart, so an alert interrupted by a crash may print again.
  const printed = new Map<string, string>();
  let counter = 0;
  return {
    name: 'console',
    pacing: { perChannelIntervalMs: 0, globalPerSecond: 1_000 },
    async start() {},
    async stop() {},
    async post(_channel, message, key): Promise<SendResult> {
      const known = printed.get(key);
      if (known !== undefined) return { ok: true, messageId: known };
      const id = `console-${++counter}`;
      options.write(`${render(message)}\n\n`);
      printed.set(key, id);
      return { ok: true, messageId: id };
    },
    async update(_channel, messageId, message): Promise<SendResult> {
      options.write(`${render(message).replace(/^/, '↻ updated: ')}\n\n`);
      return { ok: true, messageId };
    },
    async findPosted(_channel, key) {
      return printed.get(key) ?? null;
    },
  };
}
