// Posting through the Slack platform against the fake Slack: what a channel shows, how each failure
// is classified for the dispatcher, and the crash-safety path (unknown → look → never post twice).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../../src/chat/port.js';
import { renderSlackAlert } from '../../src/chat/slack/render-alert.js';
import { classifySlackError } from '../../src/chat/slack/classify-slack-error.js';
import type { ChannelRef } from '../../src/domain/subscription.js';
import { HOSTILE, buildAlert, digestOf, noticesOf } from './render-fixtures.js';
import { setupSlack } from './slack-kit.js';

const channel = (channelId: string): ChannelRef => ({ platform: 'slack', workspaceId: 'T0HERALD', channelId });
const NEWS = channel('C0NEWS');
const alertMessage = (overrides: Parameters<typeof buildAlert>[0] = {}): OutgoingMessage => ({ kind: 'alert', alert: buildAlert(overrides) });
const posts = (requests: ReadonlyArray<{ method: string }>): number => requests.filter((r) => r.method === 'chat.postMessage').length;

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('SlackPlatform.post', () => {
  it('posts the rendered alert with its fallback text and metadata carrying the delivery key, links unfurled never', async () => {
    const { fake, platform } = await setupSlack('none');
    const alert = buildAlert();
    const result = await platform.post(NEWS, { kind: 'alert', alert }, 'd42');

    const [stored] = fake.messagesIn('news');
    expect(result).toEqual({ ok: true, messageId: stored?.ts });
    const rendered = renderSlackAlert(alert);
    expect(stored).toMatchObject({
      text: rendered.text,
      blocks: rendered.blocks,
      metadata: { event_type: 'herald_alert', event_payload: { delivery_id: 'd-42', story_id: 7, delivery_key: 'd42' } },
      user: 'U0BOT',
    });
    // The fake records form fields as sent.
    const call = fake.requests.find((r) => r.method === 'chat.postMessage');
    expect([call?.params.unfurl_links, call?.params.unfurl_media]).toEqual(['false', 'false']);
    expect(platform.pacing).toEqual({ perChannelIntervalMs: 1100, globalPerSecond: 8 });
  });

  it('finds the alert after a connection dropped once Slack had stored it, so the dispatcher records it instead of posting again', async () => {
    const { fake, platform } = await setupSlack('none');
    const before = new Date(Date.now() - 1000);
    fake.failNext({ method: 'chat.postMessage', channel: 'C0NEWS', dropAfterProcessing: true });

    const result = await platform.post(NEWS, alertMessage(), 'd42');
    expect(result).toMatchObject({ ok: false, kind: 'unknown' });
    // No silent retry by the WebClient: one request, one stored message.
    expect(posts(fake.requests)).toBe(1);
    expect(fake.messagesIn('C0NEWS')).toHaveLength(1);

    const found = await platform.findPosted(NEWS, 'd42', before);
    expect(found).toBe(fake.messagesIn('C0NEWS')[0]?.ts);
    expect(await platform.findPosted(NEWS, 'd43', before)).toBeNull();
    const lookup = fake.requests.find((r) => r.method === 'conversations.history');
    expect(lookup?.params).toMatchObject({ channel: 'C0NEWS', include_all_metadata: 'true', limit: '100' });
  });

  it('reports a 5xx as unknown and a refused connection as transient; nothing was stored either way', async () => {
    const { fake, platform } = await setupSlack('none');
    fake.failNext({ method: 'chat.postMessage', status: 503 });
    expect(await platform.post(NEWS, alertMessage(), 'd1')).toEqual({ ok: false, kind: 'unknown', reason: 'Slack answered HTTP 503' });
    expect(await platform.findPosted(NEWS, 'd1', new Date(0))).toBeNull();

    const port = await closedPort();
    const { platform: unreachable } = await setupSlack('none', { platform: { apiUrl: `http://127.0.0.1:${port}/api/` } });
    expect(await unreachable.post(NEWS, alertMessage(), 'd1')).toEqual({ ok: false, kind: 'transient', reason: 'could not reach Slack (ECONNREFUSED)', retryAfterMs: null });
    expect(fake.messagesIn('C0NEWS')).toEqual([]);
  });

  it('reports a request that timed out after being sent as unknown', async () => {
    const { fake, platform } = await setupSlack('none', { platform: { requestTimeoutMs: 200 } });
    fake.failNext({ method: 'chat.postMessage', hang: true });
    expect(await platform.post(NEWS, alertMessage(), 'd1')).toEqual({ ok: false, kind: 'unknown', reason: 'connection to Slack lost mid-request (timeout)' });
  });

  it('reports a rate limit as transient with Retry-After, without waiting or retrying itself', async () => {
    const { fake, platform } = await setupSlack('none');
    fake.failNext({ method: 'chat.postMessage', error: 'ratelimited', retryAfter: 7 });
    expect(await platform.post(NEWS, alertMessage(), 'd1')).toEqual({ ok: false, kind: 'transient', reason: 'Slack rate limit (retry after 7 s)', retryAfterMs: 7000 });
    expect(posts(fake.requests)).toBe(1);
    expect(fake.messagesIn('C0NEWS')).toEqual([]);
  });

  it('reports a channel Herald cannot post to as permanent, with what a moderator should do', async () => {
    const { fake, platform } = await setupSlack('none');
    fake.addChannel({ id: 'C0QUIET', name: 'quiet', is_member: false });

    expect(await platform.post(channel('C0QUIET'), alertMessage(), 'd1')).toEqual({
      ok: false,
      kind: 'permanent',
      reason: 'Herald is not in #quiet any more; invite it with /invite @Herald, then subscribe again.',
    });
    expect(await platform.post(channel('C0ARCHIVED'), alertMessage(), 'd2')).toEqual({ ok: false, kind: 'permanent', reason: '#old-news is archived; unarchive it, then run /news subscribe again in that channel to resume.' });
    expect(await platform.post(channel('C0GONE'), alertMessage(), 'd3')).toMatchObject({ ok: false, kind: 'permanent', reason: expect.stringContaining('Herald cannot see channel C0GONE any more') });
    fake.failNext({ method: 'chat.postMessage', error: 'token_revoked' });
    expect(await platform.post(NEWS, alertMessage(), 'd4')).toMatchObject({ kind: 'permanent', reason: expect.stringContaining('SLACK_BOT_TOKEN') });
    fake.failNext({ method: 'chat.postMessage', error: 'channel_not_found' });
    expect(await platform.post(NEWS, alertMessage(), 'd5')).toMatchObject({ kind: 'permanent', reason: expect.stringContaining('Herald cannot see #news any more') });
    expect(fake.messagesIn('C0NEWS')).toEqual([]);
  });

  it('keeps hostile feed text inert: nothing pings but the subscription\'s own mention', async () => {
    const { fake, platform } = await setupSlack('none', { fake: { rateLimit: false } });
    const hostile = HOSTILE.find(([name]) => name === 'mention injection')?.[1];
    if (hostile === undefined) throw new Error('fixture missing');

    expect(await platform.post(NEWS, { kind: 'alert', alert: hostile }, 'd1')).toMatchObject({ ok: true });
    expect(await platform.post(NEWS, { kind: 'alert', alert: { ...hostile, mention: { kind: 'here' } } }, 'd2')).toMatchObject({ ok: true });
    const [silent, pinging] = fake.messagesIn('C0NEWS').map((m) => JSON.stringify([m.text, m.blocks]));
    const pings = /<!(?:channel|here|everyone|subteam)[^>]*>|<@[A-Z0-9]+>|<#C/g;
    expect(silent?.match(pings) ?? []).toEqual([]);
    // The chosen @here once in the first block and once in the notification text, nothing more.
    expect(pinging?.match(pings)).toEqual(['<!here>', '<!here>']);
    expect(silent).toContain('&lt;!channel&gt;');
  });

  it('posts every hostile alert, digest and notice the fake accepts under Slack\'s validation', async () => {
    const { fake, platform } = await setupSlack('none', { fake: { rateLimit: false } });
    const messages: OutgoingMessage[] = HOSTILE.flatMap(([, alert]): OutgoingMessage[] => [
      { kind: 'alert', alert },
      { kind: 'digest', digest: digestOf(alert), deliveryKey: 'k' },
      ...noticesOf(alert).map((notice): OutgoingMessage => ({ kind: 'notice', notice })),
    ]);
    const results = await Promise.all(messages.map((message, i) => platform.post(NEWS, message, `k${i}`)));
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(fake.messagesIn('C0NEWS')).toHaveLength(messages.length);
  });
});

describe('SlackPlatform.update', () => {
  it('edits the posted alert in place and keeps the metadata it was posted with', async () => {
    const { fake, platform } = await setupSlack('none');
    const posted = await platform.post(NEWS, alertMessage(), 'd42');
    if (!posted.ok) throw new Error('post failed');
    const more = buildAlert({ sources: [...buildAlert().sources, { name: 'The Record', url: null }] });

    expect(await platform.update(NEWS, posted.messageId, { kind: 'alert', alert: more })).toEqual({ ok: true, messageId: posted.messageId });
    const [stored] = fake.messagesIn('C0NEWS');
    expect(fake.messagesIn('C0NEWS')).toHaveLength(1);
    expect(JSON.stringify(stored?.blocks)).toContain('also reported by Ars, The Record');
    expect(stored?.metadata?.event_payload.delivery_key).toBe('d42');
    expect(stored?.edited?.user).toBe('U0BOT');

    expect(await platform.update(NEWS, '1.000001', { kind: 'alert', alert: more })).toEqual({ ok: false, kind: 'permanent', reason: 'The message Herald posted was deleted.' });
  });
});

describe('SlackPlatform.findPosted', () => {
  it('finds digests and notices by key, only since the given time, and pages through history', async () => {
    let clock = 1_700_000_000_000;
    const { fake, platform } = await setupSlack('none', { fake: { rateLimit: false, now: () => clock } });
    const alert = buildAlert();
    const digest = await platform.post(NEWS, { kind: 'digest', digest: digestOf(alert, 2), deliveryKey: 'digest:9:2024-05-02' }, 'digest:9:2024-05-02');
    const [notice] = noticesOf(alert);
    if (notice === undefined || !digest.ok) throw new Error('setup failed');
    await platform.post(NEWS, { kind: 'notice', notice }, 'notice:12:failing');
    clock += 60_000;
    // 150 later alerts push the digest onto the second page of history.
    for (let i = 0; i < 150; i++) await platform.post(NEWS, alertMessage({ deliveryId: `d${i}` }), `d${i}`);

    expect(fake.messagesIn('C0NEWS')[0]?.metadata).toMatchObject({ event_type: 'herald_digest', event_payload: { delivery_key: 'digest:9:2024-05-02', period: 'daily' } });
    expect(await platform.findPosted(NEWS, 'digest:9:2024-05-02', new Date(clock - 120_000))).toBe(digest.ok ? digest.messageId : null);
    expect(await platform.findPosted(NEWS, 'notice:12:failing', new Date(clock - 120_000))).toBe(fake.messagesIn('C0NEWS')[1]?.ts);
    // Posted before `since`: not looked at.
    expect(await platform.findPosted(NEWS, 'digest:9:2024-05-02', new Date(clock - 1000))).toBeNull();
    expect(await platform.findPosted(NEWS, 'd149', new Date(clock - 1000))).toBe(fake.messagesIn('C0NEWS').at(-1)?.ts);
  });

  it('throws a retryable lookup error when history cannot be read', async () => {
    const { fake, platform } = await setupSlack('none');
    fake.failNext({ method: 'conversations.history', status: 500 });
    await expect(platform.findPosted(NEWS, 'd1', new Date(0))).rejects.toMatchObject({ code: 'chat/slack-lookup-failed', retryable: true });
    await expect(platform.findPosted(channel('C0GONE'), 'd1', new Date(0))).rejects.toMatchObject({ code: 'chat/slack-lookup-failed', retryable: false });
  });
});

describe('classifySlackError', () => {
  const context = { channelLabel: '#news' };
  const requestError = (code: string) => new webApi.WebAPIRequestError(Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) }));

  it('tells a connection lost mid-request from one that never started', () => {
    expect(classifySlackError(requestError('ECONNRESET'), context)).toEqual({ ok: false, kind: 'unknown', reason: 'connection to Slack lost mid-request (ECONNRESET)' });
    expect(classifySlackError(requestError('UND_ERR_SOCKET'), context)).toMatchObject({ kind: 'unknown' });
    expect(classifySlackError(requestError('ENOTFOUND'), context)).toMatchObject({ kind: 'transient', retryAfterMs: null });
    expect(classifySlackError(requestError('UND_ERR_CONNECT_TIMEOUT'), context)).toMatchObject({ kind: 'transient' });
  });

  it('names the missing scope, and keeps a message Slack refused from pausing the channel', () => {
    const platformError = (data: Record<string, unknown>) => new webApi.WebAPIPlatformError({ ok: false, error: String(data.error), ...data });
    expect(classifySlackError(platformError({ error: 'missing_scope', needed: 'chat:write' }), context)).toMatchObject({ kind: 'permanent', reason: expect.stringContaining('lacks the chat:write scope') });
    expect(classifySlackError(platformError({ error: 'missing_scope', needed: '<!channel>' }), context)).toMatchObject({ reason: expect.stringContaining('lacks the needed scope') });
    expect(classifySlackError(platformError({ error: 'invalid_blocks' }), context)).toEqual({ ok: false, kind: 'transient', reason: 'Slack error invalid_blocks', retryAfterMs: null });
    expect(classifySlackError(platformError({ error: 'fatal_error' }), context)).toMatchObject({ kind: 'unknown' });
    expect(classifySlackError(new webApi.WebAPIHTTPError(429, 'Too Many Requests', { 'retry-after': '3' }), context)).toMatchObject({ kind: 'transient', retryAfterMs: 3000 });
  });
});
