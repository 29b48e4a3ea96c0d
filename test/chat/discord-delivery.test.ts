// The Discord adapter's delivery side against the fake Discord with the real discord.js REST
// client: alerts as channel messages, nonce deduplication, rate limits, error classification,
// edits, and finding a posted message by its delivery key.
import { describe, expect, it } from 'vitest';
import type { Json } from '../fakes/discord/fake-discord.js';
import { DEFAULT_IDS } from '../fakes/discord/fake-discord.js';
import type { ChannelRef } from '../../src/domain/subscription.js';
import { createDiscordPlatform } from '../../src/chat/discord/discord-platform.js';
import { silentLogger } from '../../src/logger.js';
import { buildAlert, digestOf } from './render-fixtures.js';
import { startFake, startPlatform } from './discord-kit.js';

const channel = (channelId: string): ChannelRef => ({ platform: 'discord', workspaceId: DEFAULT_IDS.guild, channelId });
const NEWS = channel(DEFAULT_IDS.channels.news);
const embedOf = (message: Json | undefined): Json => ((message?.['embeds'] as Json[] | undefined) ?? [])[0] ?? {};

describe('Discord delivery', () => {
  it('posts an alert with its embed, link button, a ref in the footer, and a ping for the chosen mention only', async () => {
    const fake = await startFake();
    const platform = await startPlatform(fake);
    const alert = buildAlert({
      headline: 'Court rules @everyone <@1300000000000000301>',
      summary: 'Ping <@&1300000000000000201> and @here',
      mention: { kind: 'user', id: DEFAULT_IDS.member },
    });

    const result = await platform.post(NEWS, { kind: 'alert', alert }, '42');

    const [stored, ...more] = fake.messagesIn(DEFAULT_IDS.channels.news);
    expect(more).toEqual([]);
    expect(result).toEqual({ ok: true, messageId: stored?.id });
    expect(stored?.body).toMatchObject({ allowed_mentions: { parse: [], users: [DEFAULT_IDS.member] }, enforce_nonce: true, content: `<@${DEFAULT_IDS.member}>` });
    expect(String(stored?.body['nonce'])).toHaveLength(25);
    // Only the subscription's mention pings; the feed's text pings nobody.
    expect(stored?.message).toMatchObject({ mentions: [expect.objectContaining({ id: DEFAULT_IDS.member })], mention_roles: [], mention_everyone: false });
    expect(embedOf(stored?.message)).toMatchObject({
      title: 'Court rules @\u200beveryone <\u200b@1300000000000000301>'.replace('<', '\\<').replace('>', '\\>'),
      url: 'https://news.example/eu-blocking?ref=rss&id=1',
      footer: { text: 'Copyright law · Herald · ref 42' },
      fields: [
        { name: 'Source', value: '[TorrentFreak](https://torrentfreak.example/)', inline: true },
        { name: 'Also reported by', value: 'Ars', inline: false },
      ],
    });
    expect(stored?.message['components']).toEqual([
      { type: 1, components: [{ type: 2, style: 5, label: 'Read on TorrentFreak', url: 'https://news.example/eu-blocking?ref=rss&id=1' }] },
    ]);
  });

  it('posts the same key to a channel once: a retry returns the first message (nonce)', async () => {
    const fake = await startFake();
    const platform = await startPlatform(fake);
    const message = { kind: 'alert' as const, alert: buildAlert({ mention: null }) };

    const first = await platform.post(NEWS, message, 'delivery-7');
    const again = await platform.post(NEWS, message, 'delivery-7');
    const elsewhere = await platform.post(channel(DEFAULT_IDS.channels.alerts), message, 'delivery-7');

    expect(again).toEqual(first);
    expect(fake.messagesIn(DEFAULT_IDS.channels.news)).toHaveLength(1);
    expect(fake.messagesIn(DEFAULT_IDS.channels.alerts)).toHaveLength(1);
    expect(elsewhere).not.toEqual(first);
  });

  it('waits out a 429 with Retry-After and the message arrives once', async () => {
    const fake = await startFake();
    const platform = await startPlatform(fake);
    fake.failNext({ method: 'POST', path: `/channels/${DEFAULT_IDS.channels.news}/messages`, status: 429, retryAfter: 1 });

    const result = await platform.post(NEWS, { kind: 'alert', alert: buildAlert() }, 'd-1');

    expect(fake.requestsTo('POST', `/channels/${DEFAULT_IDS.channels.news}/messages`).map((r) => r.status)).toEqual([429, 200]);
    expect(fake.messagesIn(DEFAULT_IDS.channels.news).map((m) => m.id)).toEqual([result.ok ? result.messageId : 'failed']);
  });

  it('hands a long rate limit back as transient with its Retry-After instead of waiting', async () => {
    const fake = await startFake();
    const platform = await startPlatform(fake);
    fake.failNext({ method: 'POST', path: `/channels/${DEFAULT_IDS.channels.news}/messages`, status: 429, retryAfter: 120 });

    const result = await platform.post(NEWS, { kind: 'alert', alert: buildAlert() }, 'd-1');

    expect(result).toMatchObject({ ok: false, kind: 'transient', retryAfterMs: expect.any(Number) });
    expect(result.ok === false && result.kind === 'transient' ? result.retryAfterMs : 0).toBeGreaterThanOrEqual(120_000);
    expect(fake.messagesIn(DEFAULT_IDS.channels.news)).toHaveLength(0);
  });

  it.each([
    ['a channel where Herald may not send (403 50013)', DEFAULT_IDS.channels.readOnly, 'Missing Permissions'],
    ['a channel Herald cannot see (403 50001)', DEFAULT_IDS.channels.hidden, 'Herald can no longer see this channel (Missing Access). Give it View Channel and Send Messages, then subscribe again.'],
    ['a deleted channel (404 10003)', DEFAULT_IDS.channels.deleted, 'Unknown Channel'],
  ])('reports %s as permanent with a reason a moderator can act on', async (_label, channelId, reason) => {
    const fake = await startFake();
    const platform = await startPlatform(fake);

    const result = await platform.post(channel(channelId), { kind: 'alert', alert: buildAlert() }, 'd-1');

    expect(result).toMatchObject({ ok: false, kind: 'permanent' });
    expect(result.ok ? '' : result.reason).toContain(reason);
  });

  it('reports an injected 403 50013 on an ordinary channel as permanent too', async () => {
    const fake = await startFake();
    const platform = await startPlatform(fake);
    fake.failNext({ method: 'POST', path: `/channels/${DEFAULT_IDS.channels.news}/messages`, status: 403, code: 50013 });

    const result = await platform.post(NEWS, { kind: 'alert', alert: buildAlert() }, 'd-1');

    expect(result).toMatchObject({ ok: false, kind: 'permanent', reason: expect.stringContaining('Missing Permissions') });
  });

  it('reports a 500 that outlasts discord.js’s retries as transient; every retry carried the same nonce', async () => {
    const fake = await startFake();
    const platform = await startPlatform(fake);
    fake.failNext({ method: 'POST', path: `/channels/${DEFAULT_IDS.channels.news}/messages`, status: 500, times: 10 });

    const result = await platform.post(NEWS, { kind: 'alert', alert: buildAlert() }, 'd-1');

    expect(result).toEqual({ ok: false, kind: 'transient', reason: 'Discord answered HTTP 500', retryAfterMs: null });
    const attempts = fake.requestsTo('POST', `/channels/${DEFAULT_IDS.channels.news}/messages`);
    expect(attempts.map((r) => r.status)).toEqual([500, 500, 500, 500]);
    expect(new Set(attempts.map((r) => (r.body as Json)['nonce'])).size).toBe(1);
    expect(fake.messagesIn(DEFAULT_IDS.channels.news)).toHaveLength(0);
  });

  it('reports a Discord that cannot be reached as transient (nothing was sent)', async () => {
    const fake = await startFake();
    const platform = await startPlatform(fake);
    await fake.close();

    const result = await platform.post(NEWS, { kind: 'alert', alert: buildAlert() }, 'd-1');

    expect(result).toMatchObject({ ok: false, kind: 'transient', reason: expect.stringContaining('ECONNREFUSED') });
  });

  it('refuses to post before start, as transient', async () => {
    const fake = await startFake();
    const platform = createDiscordPlatform({ token: fake.token, apiUrl: fake.apiUrl, log: silentLogger() });

    expect(await platform.post(NEWS, { kind: 'alert', alert: buildAlert() }, 'd-1')).toMatchObject({ ok: false, kind: 'transient' });
    expect(fake.requests).toEqual([]);
  });

  it('edits a posted alert when more outlets report the story, keeping mentions safe and the ref', async () => {
    const fake = await startFake();
    const platform = await startPlatform(fake);
    const alert = buildAlert({ deliveryId: '42', mention: { kind: 'user', id: DEFAULT_IDS.member } });
    const posted = await platform.post(NEWS, { kind: 'alert', alert }, '42');
    const messageId = posted.ok ? posted.messageId : '';

    const more = { ...alert, sources: [...alert.sources, { name: 'Heise @everyone', url: 'https://heise.example/' }] };
    const updated = await platform.update(NEWS, messageId, { kind: 'alert', alert: more });

    expect(updated).toEqual({ ok: true, messageId });
    const stored = fake.message(messageId);
    expect(stored?.edits).toEqual([expect.objectContaining({ allowed_mentions: { parse: [], users: [DEFAULT_IDS.member] } })]);
    expect(embedOf(stored?.message)).toMatchObject({
      fields: [expect.objectContaining({ name: 'Source' }), { name: 'Also reported by', value: 'Ars, Heise @\u200beveryone', inline: false }],
      footer: { text: 'Copyright law · Herald · ref 42' },
    });
    expect(stored?.message).toMatchObject({ mention_everyone: false });
    expect(fake.messagesIn(DEFAULT_IDS.channels.news)).toHaveLength(1);
  });

  it('reports an edit of a deleted message as permanent', async () => {
    const fake = await startFake();
    const platform = await startPlatform(fake);

    const result = await platform.update(NEWS, '1300000000000009999', { kind: 'alert', alert: buildAlert() });

    expect(result).toMatchObject({ ok: false, kind: 'permanent', reason: expect.stringContaining('deleted') });
  });

  it('finds a posted message by its key after other messages, and null for a key never posted', async () => {
    const fake = await startFake({ messageRateLimit: { limit: 1000, windowMs: 1000 } });
    const platform = await startPlatform(fake);
    const since = new Date();
    const posted = await platform.post(NEWS, { kind: 'alert', alert: buildAlert() }, 'wanted');
    for (let i = 0; i < 120; i++) await platform.post(NEWS, { kind: 'alert', alert: buildAlert({ headline: `Other ${i}` }) }, `other-${i}`);
    const digest = await platform.post(NEWS, { kind: 'digest', digest: digestOf(buildAlert()), deliveryKey: 'digest:3:2024-05-02' }, 'digest:3:2024-05-02');

    expect(await platform.findPosted(NEWS, 'wanted', since)).toBe(posted.ok ? posted.messageId : 'failed');
    expect(await platform.findPosted(NEWS, 'digest:3:2024-05-02', since)).toBe(digest.ok ? digest.messageId : 'failed');
    expect(await platform.findPosted(NEWS, 'never-sent', since)).toBeNull();
    // Nothing before `since` (less the clock allowance) is looked at.
    expect(await platform.findPosted(NEWS, 'wanted', new Date(Date.now() + 3_600_000))).toBeNull();
    expect(fake.requestsTo('GET', `/channels/${DEFAULT_IDS.channels.news}/messages`).every((r) => r.query.get('limit') === '50' && r.query.has('after'))).toBe(true);
  });

  it('posts a notice with the ref in its footer and no ping', async () => {
    const fake = await startFake();
    const platform = await startPlatform(fake);
    const notice = { kind: 'feed-disabled' as const, feed: { id: 12, title: 'Feed @everyone', url: 'https://feed.example/rss' }, failures: 10, reason: 'HTTP 410' };

    const result = await platform.post(NEWS, { kind: 'notice', notice }, 'notice:feed-disabled:12');

    expect(result.ok).toBe(true);
    const [stored] = fake.messagesIn(DEFAULT_IDS.channels.news);
    expect(stored?.body['allowed_mentions']).toEqual({ parse: [] });
    expect(embedOf(stored?.message)).toMatchObject({ title: 'Feed disabled', footer: { text: 'Herald · ref notice:feed-disabled:12' } });
    expect(await platform.findPosted(NEWS, 'notice:feed-disabled:12', new Date(Date.now() - 1000))).toBe(stored?.id);
  });
});
