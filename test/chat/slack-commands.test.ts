// `/news` through the real Bolt app in Socket Mode against the fake Slack: acked at once, answered
// through the response_url, moderators told apart by users.info, and every failure a polite reply.
import { describe, expect, it } from 'vitest';
import { simpleReply, type Reply } from '../../src/chat/commands/command.js';
import { eventually, openHandles } from '../fakes/slack/test-support.js';
import { TOPICS, recordingHandler, setupSlack } from './slack-kit.js';

const textOf = (blocks: unknown[] | undefined): string => JSON.stringify(blocks ?? []);

describe('Slack /news in Socket Mode', () => {
  it('acks /news help with an empty ack, then answers ephemerally through the response_url', async () => {
    const { fake, platform } = await setupSlack('socket');
    const { handler, calls } = recordingHandler(() => ({ ...simpleReply('info', 'Herald help', ['Use /news recent to see the latest stories.']), list: [['/news search <words>']] }));
    await platform.start(handler, TOPICS);
    expect(fake.socketConnections()).toBe(1);

    const ack = await fake.injectSlashCommand({ command: '/news', text: 'help', user_id: 'U0MEMBER', channel_id: 'C0NEWS' });
    expect(ack.payload).toBeUndefined();
    const [reply] = await fake.waitForResponses(1);

    expect(calls.map((call) => call.command)).toEqual([{ name: 'help' }]);
    expect(calls[0]?.context).toEqual({ platform: 'slack', workspaceId: 'T0HERALD', channelId: 'C0NEWS', userId: 'U0MEMBER', isModerator: false });
    expect(reply).toMatchObject({ source: 'response_url', response_type: 'ephemeral', text: 'Herald help: Use /news recent to see the latest stories.' });
    expect(reply?.blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'Herald help', emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: 'Use /news recent to see the latest stories.', verbatim: true } },
      { type: 'section', text: { type: 'mrkdwn', text: '• /news search &lt;words&gt;', verbatim: true } },
    ]);
    // Ephemeral: nothing lands in the channel.
    expect(fake.messagesIn('C0NEWS')).toEqual([]);
  });

  it('refuses /news subscribe to a regular member without calling the handler', async () => {
    const { fake, platform } = await setupSlack('socket');
    const { handler, calls } = recordingHandler();
    await platform.start(handler, TOPICS);

    await fake.injectSlashCommand({ command: '/news', text: 'subscribe hacktivism mode:daily', user_id: 'U0MEMBER', channel_id: 'C0NEWS' });
    const [reply] = await fake.waitForResponses(1);

    expect(calls).toEqual([]);
    expect(reply).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/^Only moderators can do that: \/news subscribe is for workspace admins and owners.*Nothing was changed\.$/) });
    expect(fake.requests.filter((r) => r.method === 'users.info').map((r) => r.params.user)).toEqual(['U0MEMBER']);
  });

  it('passes /news subscribe from a workspace admin to the handler as a moderator, asking users.info once per user', async () => {
    const { fake, platform } = await setupSlack('socket');
    const { handler, calls } = recordingHandler((command) => simpleReply('success', `Subscribed to ${command.name === 'subscribe' ? command.topic : '?'}`));
    await platform.start(handler, TOPICS);

    await fake.injectSlashCommand({ command: '/news', text: 'subscribe hacktivism mode:daily mention:<!here>', user_id: 'U0ADMIN', channel_id: 'C0NEWS' });
    await fake.injectSlashCommand({ command: '/news', text: 'unsubscribe all', user_id: 'U0ADMIN', channel_id: 'C0NEWS' });
    const replies = await fake.waitForResponses(2);

    expect(calls).toEqual([
      {
        command: { name: 'subscribe', topic: 'hacktivism', keywords: [], exclude: [], mode: 'daily', mention: { kind: 'here' } },
        context: { platform: 'slack', workspaceId: 'T0HERALD', channelId: 'C0NEWS', userId: 'U0ADMIN', isModerator: true },
      },
      { command: { name: 'unsubscribe', topic: null }, context: expect.objectContaining({ isModerator: true }) },
    ]);
    expect(replies.map((r) => r.text)).toEqual(['Subscribed to hacktivism', 'Subscribed to ?']);
    expect(replies[0]?.blocks?.[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: ':white_check_mark: Subscribed to hacktivism', emoji: true } });
    // The second command used the cached answer.
    expect(fake.requests.filter((r) => r.method === 'users.info')).toHaveLength(1);
  });

  it('treats owners and configured moderators as moderators, the latter without asking Slack', async () => {
    const { fake, platform } = await setupSlack('socket', { platform: { moderators: ['U0MEMBER'] } });
    const { handler, calls } = recordingHandler();
    await platform.start(handler, TOPICS);

    await fake.injectSlashCommand({ command: '/news', text: 'feeds remove 12', user_id: 'U0MEMBER' });
    await fake.injectSlashCommand({ command: '/news', text: 'feeds add https://example.org/feed.xml', user_id: 'U0OWNER' });
    await fake.waitForResponses(2);

    expect(calls.map((call) => [call.command, call.context.userId, call.context.isModerator])).toEqual([
      [{ name: 'feeds', action: 'remove', id: 12 }, 'U0MEMBER', true],
      [{ name: 'feeds', action: 'add', url: 'https://example.org/feed.xml' }, 'U0OWNER', true],
    ]);
    expect(fake.requests.filter((r) => r.method === 'users.info').map((r) => r.params.user)).toEqual(['U0OWNER']);
  });

  it('answers a command it cannot parse with the problem, escaped, and a suggestion', async () => {
    const { fake, platform } = await setupSlack('socket');
    const { handler, calls } = recordingHandler();
    await platform.start(handler, TOPICS);

    await fake.injectSlashCommand({ command: '/news', text: 'subscirbe', user_id: 'U0ADMIN' });
    await fake.injectSlashCommand({ command: '/news', text: 'recent topic:*bold*&lt;!channel&gt;', user_id: 'U0MEMBER' });
    const [unknown, badTopic] = await fake.waitForResponses(2);

    expect(calls).toEqual([]);
    expect(unknown?.text).toBe("Herald did not understand that: unknown command 'subscirbe'");
    expect(textOf(unknown?.blocks)).toContain('Did you mean /news subscribe? /news help lists the commands.');
    // What the member typed comes back inert: no formatting, no mention.
    const shown = textOf(badTopic?.blocks);
    expect(shown).toContain('unknown topic');
    expect(shown).toContain('∗bold∗&lt;!channel&gt;');
    expect(shown).not.toContain('<!channel>');
    expect(shown).toContain('/news help shows how recent works.');
  });

  it('turns a handler that throws into an apology, and a users.info that keeps failing into "not a moderator" for that command only', async () => {
    const { fake, platform } = await setupSlack('socket');
    const { handler, calls } = recordingHandler(() => {
      throw new Error('database is locked');
    });
    await platform.start(handler, TOPICS);
    // users.info is tried three times (two quick retries) before Herald gives up.
    fake.failNext({ method: 'users.info', status: 500, times: 3 });

    await fake.injectSlashCommand({ command: '/news', text: 'status', user_id: 'U0ADMIN' });
    await fake.waitForResponses(1);
    await fake.injectSlashCommand({ command: '/news', text: 'subscribe all', user_id: 'U0ADMIN' });
    const replies = await fake.waitForResponses(2);

    const apology = 'Something went wrong: Herald could not answer that just now. Please try again in a minute.';
    expect(replies.map((r) => [r.response_type, r.text])).toEqual([
      ['ephemeral', apology],
      ['ephemeral', apology],
    ]);
    // The failure was not remembered: the next command asked again and the admin was recognised.
    expect(calls.map((call) => [call.command.name, call.context.isModerator])).toEqual([
      ['status', false],
      ['subscribe', true],
    ]);
    expect(fake.requests.filter((r) => r.method === 'users.info').map((r) => r.status)).toEqual([500, 500, 500, 200]);
  });

  it('shares a reply in the channel when the reply says so, with untrusted text inert', async () => {
    const { fake, platform } = await setupSlack('socket');
    const shared: Reply = {
      visibility: 'channel',
      tone: 'info',
      title: 'Latest stories',
      body: [],
      fields: [],
      list: [],
      stories: [{ headline: 'Court <!channel> rules *now*', url: 'https://news.example/a?x=1&y=2', summary: 'Ping <@U0ADMIN> & @here', sources: ['TorrentFreak'], publishedAt: '2024-05-01T12:00:00Z', topics: ['copyright-law'] }],
      footer: null,
    };
    const { handler } = recordingHandler(() => shared);
    await platform.start(handler, TOPICS);

    await fake.injectSlashCommand({ command: '/news', text: 'recent share', user_id: 'U0MEMBER', channel_id: 'C0NEWS' });
    const [reply] = await fake.waitForResponses(1);

    expect(reply?.response_type).toBe('in_channel');
    const [message] = fake.messagesIn('C0NEWS');
    expect(message?.blocks?.[1]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: '*<https://news.example/a?x=1&amp;y=2|Court &lt;!channel&gt; rules ∗now∗>*\nPing &lt;@U0ADMIN&gt; &amp; @\u200bhere', verbatim: true },
    });
    expect(JSON.stringify(message)).not.toMatch(/<!channel>|<@U0ADMIN>|<!here>/);
  });

  it('refuses to start without a way to receive commands, and names the bad token', async () => {
    const { fake } = await setupSlack('none');
    const { platform: neither } = await setupSlack('none');
    await expect(neither.start(recordingHandler().handler, TOPICS)).rejects.toMatchObject({ code: 'chat/slack-start-failed', message: expect.stringContaining('SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET') });

    const { platform: wrong } = await setupSlack('socket', { platform: { botToken: 'xoxb-wrong' } });
    await expect(wrong.start(recordingHandler().handler, TOPICS)).rejects.toMatchObject({ code: 'chat/slack-start-failed', message: expect.stringContaining('invalid_auth') });
    expect(fake.socketConnections()).toBe(0);

    const { fake: other, platform: swapped } = await setupSlack('socket');
    const bad = await setupSlack('socket', { platform: { appToken: other.botToken, apiUrl: other.apiUrl } });
    await expect(bad.platform.start(recordingHandler().handler, TOPICS)).rejects.toMatchObject({ code: 'chat/slack-start-failed', message: expect.stringContaining('not_allowed_token_type') });
    expect(other.socketConnections()).toBe(0);
    // The platform that failed can be started again once fixed; the good one starts at once.
    await swapped.start(recordingHandler().handler, TOPICS);
    expect(other.socketConnections()).toBe(1);
  });

  it('leaves no socket, server or timer behind once stopped (platform first, then the fake)', async () => {
    const before = openHandles();
    for (const mode of ['socket', 'http'] as const) {
      const { fake, platform } = await setupSlack(mode);
      await platform.start(recordingHandler().handler, TOPICS);
      await platform.post({ platform: 'slack', workspaceId: 'T0HERALD', channelId: 'C0NEWS' }, { kind: 'notice', notice: { kind: 'feed-recovered', feed: { id: 1, title: 'Feed', url: 'https://feed.example/rss' }, failingSince: '2024-05-01T00:00:00Z' } }, 'n1');
      await platform.stop();
      await fake.close();
      // Stopping twice is harmless.
      await platform.stop();
    }
    const settled = (): boolean => {
      const now = openHandles();
      return ['TCPSocketWrap', 'TCPServerWrap', 'Timeout'].every((kind) => (now[kind] ?? 0) <= (before[kind] ?? 0));
    };
    await eventually(`handles back to ${JSON.stringify(before)}`, settled);
    expect(settled()).toBe(true);
  });
});
