// The fake Slack's Web API rules, seen through the real WebClient: Block Kit limits, tokens,
// channel states, history paging, rate limits on a test clock and injected failures.
import { webApi } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeSlack } from './fake-slack.js';
import type { FakeSlack, FakeSlackOptions } from './fake-slack.js';
import { silentLogger } from './test-support.js';

let fake: FakeSlack | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** A fake plus a WebClient that never retries, so each failure is seen as Slack sent it. */
async function setup(options: FakeSlackOptions = {}, clientOptions: webApi.WebClientOptions = {}) {
  const slack = await startFakeSlack(options);
  fake = slack;
  const client = new webApi.WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, logger: silentLogger(), retryConfig: { retries: 0 }, ...clientOptions });
  const errorOf = (call: Promise<unknown>): Promise<{ code?: string; data?: { error?: string; errors?: string[] }; statusCode?: number; retryAfter?: number }> =>
    call.then(
      () => ({}),
      (error: unknown) => error as { code?: string },
    );
  return { slack, client, errorOf };
}

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const button = (text: string, url = 'https://example.org/') => ({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text }, url }] });

describe('message validation', () => {
  it('refuses what Slack refuses, naming the JSON pointer of the bad block', async () => {
    // Refused posts still count against the per-channel rate limit, as in Slack; switch it off here.
    const { slack, client, errorOf } = await setup({ rateLimit: false });
    const post = (args: Record<string, unknown>) => errorOf(client.chat.postMessage({ channel: 'C0NEWS', ...args } as webApi.ChatPostMessageArguments));

    expect((await post({})).data?.error).toBe('no_text');
    expect((await post({ text: 'x'.repeat(40_001) })).data?.error).toBe('msg_too_long');
    expect((await post({ blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })) })).data?.error).toBe('invalid_blocks');
    const long = await post({ blocks: [section('x'.repeat(3001))] });
    expect(long.data).toMatchObject({ error: 'invalid_blocks', errors: ['must be less than 3001 characters [json-pointer:/blocks/0/text/text]'] });
    const header = await post({ blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }] });
    expect(header.data?.errors).toEqual(['must be less than 151 characters [json-pointer:/blocks/0/text/text]']);
    const context = await post({ blocks: [{ type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'a' })) }] });
    expect(context.data?.errors).toEqual(['must provide an array with no more than 10 items [json-pointer:/blocks/0/elements]']);
    expect((await post({ blocks: [button('b'.repeat(76))] })).data?.errors).toEqual(['must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]']);
    expect((await post({ blocks: [button('Read', `https://example.org/${'u'.repeat(3000)}`)] })).data?.errors).toEqual(['must be less than 3001 characters [json-pointer:/blocks/0/elements/0/url]']);
    expect(slack.messagesIn('C0NEWS')).toEqual([]);

    // At the limits exactly, everything goes through.
    const atLimits = [section('x'.repeat(3000)), { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(150) } }, button('b'.repeat(75), `https://e.org/${'u'.repeat(2986)}`)];
    await client.chat.postMessage({ channel: 'C0NEWS', text: 't'.repeat(40_000), blocks: atLimits });
    expect(slack.messagesIn('C0NEWS')).toHaveLength(1);
  });
});

describe('tokens and channels', () => {
  it('answers invalid_auth, not_authed and not_allowed_token_type like Slack', async () => {
    const { slack, errorOf } = await setup();
    const call = (token: string | undefined, method: string) =>
      errorOf(new webApi.WebClient(token, { slackApiUrl: slack.apiUrl, logger: silentLogger(), retryConfig: { retries: 0 } }).apiCall(method, { channel: 'C0NEWS', text: 'x' }));
    expect((await call('xoxb-wrong', 'chat.postMessage')).data?.error).toBe('invalid_auth');
    expect((await call(undefined, 'auth.test')).data?.error).toBe('not_authed');
    expect((await call(slack.appToken, 'chat.postMessage')).data?.error).toBe('not_allowed_token_type');
    expect((await call(slack.botToken, 'apps.connections.open')).data?.error).toBe('not_allowed_token_type');
    // JSON bodies work too, with the token in the header, as Slack allows for write methods.
    const json = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${slack.botToken}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel: 'C0NEWS', blocks: [{ type: 'divider' }], metadata: { event_type: 'e', event_payload: { n: 1 } } }),
    });
    expect(await json.json()).toMatchObject({ ok: true, channel: 'C0NEWS' });
    expect(slack.messagesIn('C0NEWS')).toMatchObject([{ text: '', blocks: [{ type: 'divider' }], metadata: { event_payload: { n: 1 } } }]);
    const opened = await new webApi.WebClient(slack.appToken, { slackApiUrl: slack.apiUrl, logger: silentLogger() }).apps.connections.open({});
    expect(opened.url).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:${slack.port}/socket\\?ticket=`));
  });

  it('knows archived, private and not-joined channels', async () => {
    const { slack, client, errorOf } = await setup();
    slack.addChannel({ id: 'C0QUIET', name: 'quiet', is_member: false });
    const post = (channel: string) => errorOf(client.chat.postMessage({ channel, text: 'x' }));
    expect((await post('C0ARCHIVED')).data?.error).toBe('is_archived');
    expect((await post('G0PRIVATE')).data?.error).toBe('channel_not_found');
    expect((await post('C0QUIET')).data?.error).toBe('not_in_channel');
    const info = await client.conversations.info({ channel: 'C0ARCHIVED' });
    expect(info.channel).toMatchObject({ id: 'C0ARCHIVED', name: 'old-news', is_archived: true, is_member: true });
    // A name works as well as an ID, as in Slack.
    expect((await client.chat.postMessage({ channel: '#general', text: 'hi' })).channel).toBe('C0GENERAL');
  });
});

describe('history, updates and ephemerals', () => {
  it('pages conversations.history newest first with limit, oldest and cursor', async () => {
    let clock = 1_700_000_000_000;
    const { client } = await setup({ now: () => clock });
    const ts: string[] = [];
    for (const text of ['one', 'two', 'three']) {
      ts.push((await client.chat.postMessage({ channel: 'C0NEWS', text })).ts ?? '');
      clock += 1000;
    }
    const first = await client.conversations.history({ channel: 'C0NEWS', limit: 2 });
    expect(first.messages?.map((m) => m.text)).toEqual(['three', 'two']);
    expect(first.has_more).toBe(true);
    const next = await client.conversations.history({ channel: 'C0NEWS', limit: 2, cursor: first.response_metadata?.next_cursor ?? '' });
    expect(next.messages?.map((m) => m.text)).toEqual(['one']);
    expect(next.has_more).toBe(false);
    const since = await client.conversations.history({ channel: 'C0NEWS', oldest: ts[0] ?? '' });
    expect(since.messages?.map((m) => m.text)).toEqual(['three', 'two']);
  });

  it('edits with chat.update and keeps ephemerals out of history', async () => {
    const { slack, client, errorOf } = await setup();
    const posted = await client.chat.postMessage({ channel: 'C0NEWS', text: 'Story', metadata: { event_type: 'herald_alert', event_payload: { story: 's1' } } });
    await client.chat.update({ channel: 'C0NEWS', ts: posted.ts ?? '', text: 'Story (also reported by Example)' });
    expect(slack.messagesIn('C0NEWS')).toMatchObject([{ ts: posted.ts, text: 'Story (also reported by Example)', metadata: { event_type: 'herald_alert' }, edited: { user: 'U0BOT' } }]);
    expect((await errorOf(client.chat.update({ channel: 'C0NEWS', ts: '1.000001', text: 'x' }))).data?.error).toBe('message_not_found');

    const ephemeral = await client.chat.postEphemeral({ channel: 'C0NEWS', user: 'U0ADMIN', text: 'only you' });
    expect(ephemeral.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(slack.ephemeralsIn('C0NEWS')).toMatchObject([{ user: 'U0ADMIN', text: 'only you' }]);
    expect(slack.messagesIn('C0NEWS')).toHaveLength(1);
  });
});

describe('rate limits', () => {
  it('allows a burst per channel, then answers 429 with Retry-After until the clock refills it', async () => {
    let clock = 1_700_000_000_000;
    const { slack, client, errorOf } = await setup({ now: () => clock, rateLimit: { perSecond: 1, burst: 3 } }, { rejectRateLimitedCalls: true });
    for (let i = 0; i < 3; i += 1) await client.chat.postMessage({ channel: 'C0NEWS', text: `burst ${i}` });
    const limited = await errorOf(client.chat.postMessage({ channel: 'C0NEWS', text: 'too fast' }));
    expect(limited).toMatchObject({ code: webApi.ErrorCode.RateLimitedError, retryAfter: 1 });
    expect(slack.rateLimitHits('C0NEWS')).toBe(1);
    expect(slack.requests.at(-1)).toMatchObject({ status: 429, error: 'ratelimited' });
    // Other channels have their own bucket.
    await client.chat.postMessage({ channel: 'C0GENERAL', text: 'elsewhere' });
    clock += 1000;
    await client.chat.postMessage({ channel: 'C0NEWS', text: 'after a second' });
    expect(slack.messagesIn('C0NEWS').map((m) => m.text)).toEqual(['burst 0', 'burst 1', 'burst 2', 'after a second']);
    expect(slack.rateLimitHits('C0GENERAL')).toBe(0);
  });
});

describe('injected failures', () => {
  it('stores the message but resets the connection with dropAfterProcessing', async () => {
    const { slack, client, errorOf } = await setup();
    slack.failNext({ method: 'chat.postMessage', dropAfterProcessing: true });
    const error = await errorOf(client.chat.postMessage({ channel: 'C0NEWS', text: 'did it post?' }));
    expect(error.code).toBe(webApi.ErrorCode.RequestError);
    expect(slack.messagesIn('C0NEWS').map((m) => m.text)).toEqual(['did it post?']);
    expect(slack.requests.at(-1)).toMatchObject({ outcome: 'dropped', status: 0 });
  });

  it('shows why retries need care: the default WebClient policy re-sends after a reset and posts twice', async () => {
    const { slack } = await setup();
    const defaultClient = new webApi.WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, logger: silentLogger() });
    slack.failNext({ method: 'chat.postMessage', channel: '#news', dropAfterProcessing: true });
    await defaultClient.chat.postMessage({ channel: 'C0NEWS', text: 'alert' });
    expect(slack.messagesIn('C0NEWS').map((m) => m.text)).toEqual(['alert', 'alert']);
    expect(slack.requests.map((r) => r.outcome)).toEqual(['dropped', 'answered']);
  });

  it('answers HTTP 500 without storing, only for the targeted channel and only `times` times', async () => {
    const { slack, client, errorOf } = await setup();
    slack.failNext({ method: 'chat.postMessage', channel: 'C0NEWS', status: 500, times: 2 });
    await client.chat.postMessage({ channel: 'C0GENERAL', text: 'unaffected' });
    expect(await errorOf(client.chat.postMessage({ channel: 'C0NEWS', text: 'a' }))).toMatchObject({ code: webApi.ErrorCode.HTTPError, statusCode: 500 });
    expect(await errorOf(client.chat.postMessage({ channel: 'C0NEWS', text: 'b' }))).toMatchObject({ statusCode: 500 });
    await client.chat.postMessage({ channel: 'C0NEWS', text: 'c' });
    expect(slack.messagesIn('C0NEWS').map((m) => m.text)).toEqual(['c']);
    expect(slack.messagesIn('C0GENERAL').map((m) => m.text)).toEqual(['unaffected']);
  });

  it('hangs a call until the client gives up, and close() still ends it', async () => {
    const { slack, client, errorOf } = await setup({}, { timeout: 300 });
    slack.failNext({ method: 'chat.postMessage', hang: true });
    const error = await errorOf(client.chat.postMessage({ channel: 'C0NEWS', text: 'into the void' }));
    expect(error.code).toBe(webApi.ErrorCode.RequestError);
    expect(slack.messagesIn('C0NEWS')).toEqual([]);
    expect(slack.requests.at(-1)?.outcome).toBe('hung');
  });
});

describe('response_url', () => {
  it('shows in_channel replies in the channel, allows five uses and refuses unknown URLs', async () => {
    const { slack } = await setup();
    const { response_url: url = '' } = slack.slashCommandParams({ command: '/news', text: 'latest', channel_id: 'C0NEWS', user_id: 'U0OWNER' });
    const reply = (body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

    expect((await reply({ response_type: 'in_channel', text: 'Latest: court rules on blocking' })).status).toBe(200);
    expect(slack.messagesIn('C0NEWS')).toMatchObject([{ text: 'Latest: court rules on blocking', user: 'U0BOT' }]);
    expect((await reply({ blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }] })).status).toBe(400);
    for (let i = 0; i < 4; i += 1) expect((await reply({ text: `update ${i}`, replace_original: true })).status).toBe(200);
    const sixth = await reply({ text: 'one too many' });
    expect([sixth.status, await sixth.text()]).toEqual([404, 'used_url']);
    expect(slack.responses.map((r) => [r.response_type, r.text])).toEqual([
      ['in_channel', 'Latest: court rules on blocking'],
      ['ephemeral', 'update 0'],
      ['ephemeral', 'update 1'],
      ['ephemeral', 'update 2'],
      ['ephemeral', 'update 3'],
    ]);
    expect(slack.responses[1]).toMatchObject({ user_id: 'U0OWNER', channel_id: 'C0NEWS', replace_original: true });
    expect((await fetch(`${slack.url}/commands/T0HERALD/1/forged`, { method: 'POST', body: '{"text":"x"}' })).status).toBe(404);
  });
});
