// Proves the fake Slack against the real Bolt App and WebClient: Socket Mode and HTTP slash
// commands, posting with metadata, history, retries on 429, platform errors and clean shutdown.
import { App, SocketModeReceiver, webApi } from '@slack/bolt';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { signedSlashCommand, startFakeSlack } from './slack/fake-slack.js';
import type { FakeSlack } from './slack/fake-slack.js';
import { eventually, openHandles, silentLogger } from './slack/test-support.js';

let fake: FakeSlack | undefined;
let app: App | undefined;

afterEach(async () => {
  await app?.stop().catch(() => undefined);
  await fake?.close();
  app = undefined;
  fake = undefined;
});

/** A Bolt app whose `/news` command answers `help` via respond() and anything else in its ack. */
function registerNews(target: App, seen: string[]): void {
  target.command('/news', async ({ command, ack, respond }) => {
    seen.push(command.text);
    if (command.text === 'help') {
      await ack();
      await respond({ response_type: 'ephemeral', text: `Herald help for <@${command.user_id}>` });
    } else {
      await ack({ response_type: 'ephemeral', text: `Searching for ${command.text}` });
    }
  });
}

describe('Socket Mode with the real Bolt App', () => {
  it('connects with the app token, delivers /news help and records the ack and the response_url reply', async () => {
    fake = await startFakeSlack();
    const seen: string[] = [];
    app = new App({ token: fake.botToken, appToken: fake.appToken, socketMode: true, clientOptions: fake.clientOptions(), logger: silentLogger() });
    registerNews(app, seen);
    await app.start();

    expect(fake.socketConnections()).toBe(1);
    const open = fake.requests.find((r) => r.method === 'apps.connections.open');
    expect(open).toMatchObject({ token: fake.appToken, ok: true, status: 200 });

    const ack = await fake.injectSlashCommand({ command: '/news', text: 'help', user_id: 'U0MEMBER', channel_id: 'C0NEWS' });
    expect(ack.envelope_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(ack.payload).toBeUndefined();
    expect(ack.response_url).toMatch(new RegExp(`^${fake.url}/commands/T0HERALD/`));

    const [reply] = await fake.waitForResponses(1);
    expect(seen).toEqual(['help']);
    expect(reply).toMatchObject({ source: 'response_url', command: '/news', user_id: 'U0MEMBER', channel_id: 'C0NEWS', response_type: 'ephemeral', text: 'Herald help for <@U0MEMBER>', response_url: ack.response_url });
    // Ephemeral replies never become channel messages.
    expect(fake.messagesIn('C0NEWS')).toEqual([]);
  });

  it('returns an ack payload and records it as what the user saw', async () => {
    fake = await startFakeSlack();
    app = new App({ token: fake.botToken, appToken: fake.appToken, socketMode: true, clientOptions: fake.clientOptions(), logger: silentLogger() });
    registerNews(app, []);
    await app.start();

    const ack = await fake.injectSlashCommand({ command: '/news', text: 'dmca' });
    expect(ack.payload).toEqual({ response_type: 'ephemeral', text: 'Searching for dmca' });
    expect(fake.responses).toMatchObject([{ source: 'ack', text: 'Searching for dmca', user_id: 'U0MEMBER', channel_id: 'C0GENERAL' }]);
  });

  it('reconnects after Slack asks for a refresh and keeps delivering commands', async () => {
    fake = await startFakeSlack();
    const logger = silentLogger();
    const receiver = new SocketModeReceiver({ appToken: fake.appToken, clientPingTimeout: 300, logger, installerOptions: { clientOptions: fake.clientOptions() } });
    const seen: string[] = [];
    app = new App({ token: fake.botToken, receiver, clientOptions: fake.clientOptions(), logger });
    registerNews(app, seen);
    await app.start();

    fake.refreshSockets();
    const fakeSlack = fake;
    await eventually('a second Socket Mode connection', () => fakeSlack.requests.filter((r) => r.method === 'apps.connections.open').length === 2 && fakeSlack.socketConnections() === 1);
    await fake.injectSlashCommand({ command: '/news', text: 'after refresh' });
    expect(seen).toEqual(['after refresh']);
  });

  it('leaves no socket, server or timer behind after app.stop() and close()', async () => {
    const before = openHandles();
    fake = await startFakeSlack();
    app = new App({ token: fake.botToken, appToken: fake.appToken, socketMode: true, clientOptions: fake.clientOptions(), logger: silentLogger() });
    registerNews(app, []);
    await app.start();
    await fake.injectSlashCommand({ command: '/news', text: 'help' });
    await fake.waitForResponses(1);
    await app.stop();
    await fake.close();
    app = undefined;
    fake = undefined;

    const settled = (): boolean => {
      const now = openHandles();
      return ['TCPSocketWrap', 'TCPServerWrap', 'Timeout'].every((kind) => (now[kind] ?? 0) <= (before[kind] ?? 0));
    };
    await eventually(`handles back to ${JSON.stringify(before)}`, settled);
    expect(settled()).toBe(true);
  });
});

describe('HTTP mode with the real Bolt App', () => {
  async function startHttpApp(seen: string[]): Promise<{ url: string; fake: FakeSlack }> {
    const slack = await startFakeSlack();
    fake = slack;
    app = new App({ token: slack.botToken, signingSecret: slack.signingSecret, clientOptions: slack.clientOptions(), logger: silentLogger() });
    registerNews(app, seen);
    const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, fake: slack };
  }

  it('accepts a correctly signed slash command and its respond() reaches the response_url', async () => {
    const seen: string[] = [];
    const { url, fake: slack } = await startHttpApp(seen);
    const result = await signedSlashCommand(url, slack.signingSecret, slack.slashCommandParams({ command: '/news', text: 'help', user_id: 'U0ADMIN' }));
    expect(result.status).toBe(200);
    const [reply] = await slack.waitForResponses(1);
    expect(reply).toMatchObject({ source: 'response_url', text: 'Herald help for <@U0ADMIN>', response_type: 'ephemeral' });
    expect(seen).toEqual(['help']);
  });

  it('rejects a bad signature and a stale timestamp with 401 without running the command', async () => {
    const seen: string[] = [];
    const { url, fake: slack } = await startHttpApp(seen);
    const params = slack.slashCommandParams({ command: '/news', text: 'help' });
    const forged = await signedSlashCommand(url, 'not-the-secret', params);
    const stale = await signedSlashCommand(url, slack.signingSecret, params, { timestamp: Math.floor(Date.now() / 1000) - 10 * 60 });
    expect([forged.status, stale.status]).toEqual([401, 401]);
    expect(seen).toEqual([]);
  });
});

describe('Web API through the Bolt client', () => {
  it('stores chat.postMessage with metadata and returns it from conversations.history only when asked', async () => {
    fake = await startFakeSlack();
    app = new App({ token: fake.botToken, signingSecret: fake.signingSecret, clientOptions: fake.clientOptions(), logger: silentLogger() });
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Court rules on site blocking*' } }];
    const metadata = { event_type: 'herald_alert', event_payload: { story_id: 'story-1' } };

    const posted = await app.client.chat.postMessage({ channel: 'C0NEWS', text: 'Court rules on site blocking', blocks, metadata });
    expect(posted).toMatchObject({ ok: true, channel: 'C0NEWS' });
    expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(fake.messagesIn('news')).toMatchObject([{ ts: posted.ts, text: 'Court rules on site blocking', blocks, metadata, user: 'U0BOT', bot_id: 'B0BOT' }]);

    const withMetadata = await app.client.conversations.history({ channel: 'C0NEWS', include_all_metadata: true });
    expect(withMetadata.messages?.[0]).toMatchObject({ ts: posted.ts, metadata });
    const plain = await app.client.conversations.history({ channel: 'C0NEWS' });
    expect(plain.messages?.[0]?.ts).toBe(posted.ts);
    expect(plain.messages?.[0]).not.toHaveProperty('metadata');
  });

  it('retries a 429 with Retry-After under the default retry policy and delivers the message once', async () => {
    fake = await startFakeSlack();
    app = new App({ token: fake.botToken, signingSecret: fake.signingSecret, clientOptions: fake.clientOptions(), logger: silentLogger() });
    fake.failNext({ method: 'chat.postMessage', error: 'ratelimited', retryAfter: 1 });

    const posted = await app.client.chat.postMessage({ channel: 'C0NEWS', text: 'after the wait' });
    expect(posted.ok).toBe(true);
    expect(fake.messagesIn('C0NEWS').map((m) => m.text)).toEqual(['after the wait']);
    expect(fake.rateLimitHits('C0NEWS')).toBe(1);
    const attempts = fake.requests.filter((r) => r.method === 'chat.postMessage');
    expect(attempts.map((r) => [r.status, r.error])).toEqual([[429, 'ratelimited'], [200, undefined]]);
  });

  it('surfaces channel_not_found as a platform error carrying data.error', async () => {
    fake = await startFakeSlack();
    app = new App({ token: fake.botToken, signingSecret: fake.signingSecret, clientOptions: fake.clientOptions(), logger: silentLogger() });
    const missing = await app.client.chat.postMessage({ channel: 'C0NOPE', text: 'hello' }).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(Error);
    expect(missing).toMatchObject({ code: webApi.ErrorCode.PlatformError, data: { ok: false, error: 'channel_not_found' } });

    fake.failNext({ method: 'chat.postMessage', error: 'channel_not_found' });
    const injected = await app.client.chat.postMessage({ channel: 'C0NEWS', text: 'hello' }).catch((error: unknown) => error);
    expect(injected).toMatchObject({ code: webApi.ErrorCode.PlatformError, data: { error: 'channel_not_found' } });
    expect(fake.messagesIn('C0NEWS')).toEqual([]);
  });

  it('answers users.info with the seeded admin, owner and member flags', async () => {
    fake = await startFakeSlack();
    app = new App({ token: fake.botToken, signingSecret: fake.signingSecret, clientOptions: fake.clientOptions(), logger: silentLogger() });
    const { client } = app;
    const flags = async (user: string) => {
      const { user: info } = await client.users.info({ user });
      return [info?.is_admin, info?.is_owner];
    };
    expect(await flags('U0ADMIN')).toEqual([true, false]);
    expect(await flags('U0OWNER')).toEqual([true, true]);
    expect(await flags('U0MEMBER')).toEqual([false, false]);
    await expect(app.client.users.info({ user: 'U0GHOST' })).rejects.toMatchObject({ data: { error: 'user_not_found' } });
  });
});
