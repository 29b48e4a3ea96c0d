// Bolt, the WebClient and the Socket Mode client log through Herald's pino logger; even at trace
// level no token, Socket Mode ticket or response_url reaches a log line.
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { describe, expect, it } from 'vitest';
import { redactSlackSecrets } from '../../src/chat/slack/bolt-logger.js';
import { TOPICS, recordingHandler, setupSlack } from './slack-kit.js';

function memoryLogger(level: string): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter((line) => line !== ''));
      done();
    },
  });
  return { log: pino({ level }, stream), lines };
}

describe('Slack logging', () => {
  it('redacts tokens, tickets and response_urls from library messages', () => {
    expect(redactSlackSecrets('token xoxb-123-456-abc and xapp-1-A0-2-def at wss://wss.slack.com/link/?ticket=abc-123&app_id=A1 then https://hooks.slack.com/commands/T1/2/xyz')).toBe(
      'token [redacted] and [redacted] at wss://wss.slack.com/link/?[redacted]&app_id=A1 then [redacted]',
    );
    expect(redactSlackSecrets('{"token":"legacy","response_url":"https:\\/\\/hooks.slack.com\\/commands\\/T1\\/2\\/xyz","text":"help"}')).toBe(
      '{"token":"[redacted]","response_url":"[redacted]","text":"help"}',
    );
  });

  it('logs a Socket Mode session at trace level without a secret in any line', async () => {
    const { log, lines } = memoryLogger('trace');
    const { fake, platform } = await setupSlack('socket', { platform: { log } });
    await platform.start(recordingHandler().handler, TOPICS);
    const ack = await fake.injectSlashCommand({ command: '/news', text: 'help', user_id: 'U0ADMIN' });
    await fake.waitForResponses(1);
    fake.failNext({ method: 'chat.postMessage', error: 'invalid_auth' });
    await platform.post({ platform: 'slack', workspaceId: 'T0HERALD', channelId: 'C0NEWS' }, { kind: 'notice', notice: { kind: 'feed-recovered', feed: { id: 1, title: 'F', url: 'https://feed.example/' }, failingSince: '2024-05-01T00:00:00Z' } }, 'n1');
    await platform.stop();

    const everything = lines.join('\n');
    expect(lines.length).toBeGreaterThan(5);
    expect(everything).toContain('Slack platform started');
    expect(everything).toContain('Slack post failed');
    const responsePath = new URL(ack.response_url).pathname;
    for (const secret of [fake.botToken, fake.appToken, responsePath, 'ticket=', 'fake-verification-token']) expect(everything).not.toContain(secret);
  });
});
