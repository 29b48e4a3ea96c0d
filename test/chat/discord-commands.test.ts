// The Discord adapter's command side against the fake Discord with the real discord.js client:
// `/news` registration, each subcommand turned into a ChatCommand with the right moderator flag,
// replies (direct, deferred, shared, refused, invalid) and topic autocomplete.
import { describe, expect, it } from 'vitest';
import type { Json } from '../fakes/discord/fake-discord.js';
import { DEFAULT_IDS, PERMISSIONS } from '../fakes/discord/fake-discord.js';
import type { Reply } from '../../src/chat/commands/command.js';
import { simpleReply } from '../../src/chat/commands/command.js';
import { TOPICS, recordingHandler, startFake, startPlatform } from './discord-kit.js';

const EPHEMERAL = 64;
const sub = (name: string, options: Json[] = []): Json[] => [{ type: 1, name, options }];
const embedOf = (message: Json | undefined): Json => ((message?.['embeds'] as Json[] | undefined) ?? [])[0] ?? {};

describe('Discord /news registration', () => {
  it('registers one global /news with typed options mirroring the commands', async () => {
    const fake = await startFake();
    await startPlatform(fake);

    const [news, ...others] = fake.registeredCommands();
    expect(others).toEqual([]);
    expect(fake.registeredCommands(DEFAULT_IDS.guild)).toEqual([]);
    expect(news).toMatchObject({ name: 'news', type: 1, contexts: [0], default_member_permissions: null });
    const options = news?.['options'] as Json[];
    const shape = (list: Json[] | undefined): unknown =>
      (list ?? []).map((o) => ({ name: o['name'], type: o['type'], ...(o['required'] === true ? { required: true } : {}), ...(o['options'] === undefined ? {} : { options: shape(o['options'] as Json[]) }) }));
    expect(shape(options)).toEqual([
      { name: 'recent', type: 1, options: [{ name: 'topic', type: 3 }, { name: 'count', type: 4 }, { name: 'share', type: 5 }] },
      { name: 'search', type: 1, options: [{ name: 'query', type: 3, required: true }, { name: 'topic', type: 3 }, { name: 'since', type: 3 }, { name: 'page', type: 4 }, { name: 'share', type: 5 }] },
      {
        name: 'subscribe',
        type: 1,
        options: [{ name: 'topic', type: 3, required: true }, { name: 'keywords', type: 3 }, { name: 'exclude', type: 3 }, { name: 'mode', type: 3 }, { name: 'mention', type: 9 }, { name: 'ping', type: 3 }],
      },
      { name: 'unsubscribe', type: 1, options: [{ name: 'topic', type: 3 }] },
      { name: 'subscriptions', type: 1, options: [{ name: 'all', type: 5 }] },
      {
        name: 'feeds',
        type: 2,
        options: [
          { name: 'list', type: 1 },
          { name: 'add', type: 1, options: [{ name: 'url', type: 3, required: true }] },
          { name: 'remove', type: 1, options: [{ name: 'id', type: 4, required: true }] },
        ],
      },
      { name: 'status', type: 1 },
      { name: 'help', type: 1 },
    ]);
    const recent = options[0]?.['options'] as Json[];
    expect(recent[0]).toMatchObject({ name: 'topic', autocomplete: true });
    expect(recent[1]).toMatchObject({ name: 'count', min_value: 1, max_value: 10 });
    const subscribe = options[2]?.['options'] as Json[];
    expect(subscribe.find((o) => o['name'] === 'mode')?.['choices']).toEqual([
      { name: 'instant', value: 'instant' },
      { name: 'daily digest', value: 'daily' },
      { name: 'weekly digest', value: 'weekly' },
    ]);
    expect(subscribe.find((o) => o['name'] === 'ping')?.['choices']).toEqual([
      { name: '@here', value: 'here' },
      { name: '@everyone', value: 'everyone' },
    ]);
  });

  it('registers in the configured guild only when guildId is set, and again on restart without duplicates', async () => {
    const fake = await startFake();
    const first = await startPlatform(fake, undefined, { guildId: DEFAULT_IDS.guild });
    const id = fake.registeredCommands(DEFAULT_IDS.guild)[0]?.['id'];
    await first.stop();
    await startPlatform(fake, undefined, { guildId: DEFAULT_IDS.guild });

    expect(fake.registeredCommands()).toEqual([]);
    expect(fake.registeredCommands(DEFAULT_IDS.guild)).toEqual([expect.objectContaining({ name: 'news', id, guild_id: DEFAULT_IDS.guild })]);
    expect(fake.requestsTo('PUT', `/applications/${DEFAULT_IDS.application}/guilds/${DEFAULT_IDS.guild}/commands`).map((r) => r.status)).toEqual([200, 200]);
  });

  it('fails start with a HeraldError that names DISCORD_TOKEN when the token is refused', async () => {
    const fake = await startFake();
    const { createDiscordPlatform } = await import('../../src/chat/discord/discord-platform.js');
    const { silentLogger } = await import('../../src/logger.js');
    const platform = createDiscordPlatform({ token: 'wrong', apiUrl: fake.apiUrl, log: silentLogger() });

    const error = await platform.start(recordingHandler().handler, TOPICS).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'chat/discord-start-failed', retryable: false });
    expect((error as Error).message).toContain('DISCORD_TOKEN');
    await platform.stop();
  });

  it('gives up start when the gateway accepts the connection but never says hello', async () => {
    const { createServer } = await import('node:http');
    const { WebSocketServer } = await import('ws');
    const { createDiscordPlatform } = await import('../../src/chat/discord/discord-platform.js');
    const { silentLogger } = await import('../../src/logger.js');
    // A server that answers /gateway/bot and /users/@me, with a WebSocket that stays silent.
    const server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      const port = (server.address() as { port: number }).port;
      if (req.url?.includes('/gateway/bot')) res.end(JSON.stringify({ url: `ws://127.0.0.1:${port}`, shards: 1, session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 } }));
      else res.end(JSON.stringify({ id: '1', username: 'bot' }));
    });
    const silent = new WebSocketServer({ server });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as { port: number }).port;
      const platform = createDiscordPlatform({ token: 'a.b.c', apiUrl: `http://127.0.0.1:${port}/api`, log: silentLogger(), readyTimeoutMs: 1_500 });
      const error = await platform.start(recordingHandler().handler, TOPICS).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'chat/discord-start-failed', retryable: true });
      expect((error as Error).message).toMatch(/did not get ready within 2 s/);
      await platform.stop();
    } finally {
      for (const client of silent.clients) client.terminate();
      silent.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('Discord /news commands', () => {
  it('subscribe: a moderator is flagged as one and the confirmation is posted in the channel', async () => {
    const fake = await startFake();
    const { handler, calls } = recordingHandler();
    await startPlatform(fake, handler);

    const options = sub('subscribe', [
      { type: 3, name: 'topic', value: 'Hacktivism' },
      { type: 3, name: 'keywords', value: 'DDoS, leak, ddos' },
      { type: 3, name: 'mode', value: 'daily' },
      { type: 9, name: 'mention', value: DEFAULT_IDS.moderatorRole },
    ]);
    const exchange = await fake.injectInteraction({ commandName: 'news', userId: DEFAULT_IDS.moderator, channelId: DEFAULT_IDS.channels.alerts, options });

    expect(calls).toEqual([
      {
        command: { name: 'subscribe', topic: 'hacktivism', keywords: ['DDoS', 'leak'], exclude: [], mode: 'daily', mention: { kind: 'role', id: DEFAULT_IDS.moderatorRole } },
        context: { platform: 'discord', workspaceId: DEFAULT_IDS.guild, channelId: DEFAULT_IDS.channels.alerts, userId: DEFAULT_IDS.moderator, isModerator: true },
      },
    ]);
    // A quick handler is answered at once, visible to the channel as the reply asks.
    expect(exchange.callback).toMatchObject({ type: 4, data: { allowed_mentions: { parse: [] } } });
    expect(exchange.original).toMatchObject({ flags: 0 });
    expect(embedOf(exchange.original)).toMatchObject({ title: 'Subscribed', description: 'This channel now receives hacktivism alerts.' });
    expect(fake.messagesIn(DEFAULT_IDS.channels.alerts)).toHaveLength(1);
  });

  it('subscribe: a plain member is not a moderator and gets the refusal, privately', async () => {
    const fake = await startFake();
    const { handler, calls } = recordingHandler();
    await startPlatform(fake, handler);

    const exchange = await fake.injectInteraction({ commandName: 'news', userId: DEFAULT_IDS.member, options: sub('subscribe', [{ type: 3, name: 'topic', value: 'all' }]) });

    expect(calls.map((c) => [c.command, c.context.isModerator])).toEqual([
      [{ name: 'subscribe', topic: '*', keywords: [], exclude: [], mode: 'instant', mention: null }, false],
    ]);
    expect(exchange.original).toMatchObject({ flags: EPHEMERAL });
    expect(embedOf(exchange.original)).toMatchObject({ title: 'Only moderators can do that' });
    expect(fake.messagesIn(DEFAULT_IDS.channels.news)).toHaveLength(0);
  });

  it.each([
    ['Manage Channels', PERMISSIONS.ViewChannel | PERMISSIONS.ManageChannels, true],
    ['Manage Server', PERMISSIONS.ViewChannel | PERMISSIONS.ManageGuild, true],
    ['Administrator', PERMISSIONS.Administrator, true],
    ['Manage Messages only', PERMISSIONS.ViewChannel | PERMISSIONS.SendMessages | PERMISSIONS.ManageMessages, false],
  ])('the channel permission %s makes a moderator: %s', async (_label, permissions, expected) => {
    const fake = await startFake();
    const { handler, calls } = recordingHandler();
    await startPlatform(fake, handler);

    await fake.injectInteraction({ commandName: 'news', userId: DEFAULT_IDS.member, permissions, options: sub('unsubscribe') });

    expect(calls.map((c) => [c.command, c.context.isModerator])).toEqual([[{ name: 'unsubscribe', topic: null }, expected]]);
  });

  it('feeds add needs Manage Server or Administrator server-wide, not Manage Channels in one channel', async () => {
    const fake = await startFake();
    const { handler, calls } = recordingHandler();
    await startPlatform(fake, handler);
    const add = sub('feeds', [{ type: 1, name: 'add', options: [{ type: 3, name: 'url', value: 'https://feeds.example/rss.xml' }] }]);
    // A plain member given Manage Channels in this channel only (as temp-channel bots do).
    await fake.injectInteraction({ commandName: 'news', userId: DEFAULT_IDS.member, permissions: PERMISSIONS.ViewChannel | PERMISSIONS.ManageChannels, options: [{ type: 2, name: 'feeds', options: add[0]?.['options'] as Json[] }] });
    // The moderator's role carries Manage Server.
    await fake.injectInteraction({ commandName: 'news', userId: DEFAULT_IDS.moderator, options: [{ type: 2, name: 'feeds', options: add[0]?.['options'] as Json[] }] });
    expect(calls.map((c) => [c.context.userId, c.context.isModerator])).toEqual([
      [DEFAULT_IDS.member, false],
      [DEFAULT_IDS.moderator, true],
    ]);
  });

  it('subscribe: a picked user, the @everyone role and the ping choice become the right Mention', async () => {
    const fake = await startFake();
    const { handler, calls } = recordingHandler();
    await startPlatform(fake, handler);
    const subscribe = (extra: Json[]): Json[] => sub('subscribe', [{ type: 3, name: 'topic', value: 'copyright-law' }, ...extra]);

    await fake.injectInteraction({ commandName: 'news', userId: DEFAULT_IDS.owner, options: subscribe([{ type: 9, name: 'mention', value: DEFAULT_IDS.member }]) });
    await fake.injectInteraction({ commandName: 'news', userId: DEFAULT_IDS.owner, options: subscribe([{ type: 9, name: 'mention', value: DEFAULT_IDS.everyoneRole }]) });
    await fake.injectInteraction({ commandName: 'news', userId: DEFAULT_IDS.owner, options: subscribe([{ type: 3, name: 'ping', value: 'here' }]) });

    expect(calls.map((c) => c.command.name === 'subscribe' && c.command.mention)).toEqual([{ kind: 'user', id: DEFAULT_IDS.member }, { kind: 'everyone' }, { kind: 'here' }]);
    expect(calls.every((c) => c.context.isModerator)).toBe(true);
  });

  it('recent, search, subscriptions, feeds, status and help reach the handler as ChatCommands', async () => {
    const fake = await startFake();
    const { handler, calls } = recordingHandler();
    await startPlatform(fake, handler);
    const run = (options: Json[]): Promise<unknown> => fake.injectInteraction({ commandName: 'news', userId: DEFAULT_IDS.member, options });

    await run(sub('recent', [{ type: 3, name: 'topic', value: 'copyright-law' }, { type: 4, name: 'count', value: 3 }]));
    await run(sub('recent'));
    await run(sub('search', [{ type: 3, name: 'query', value: 'site blocking' }, { type: 3, name: 'since', value: '7d' }, { type: 4, name: 'page', value: 2 }, { type: 5, name: 'share', value: true }]));
    await run(sub('subscriptions', [{ type: 5, name: 'all', value: true }]));
    await run([{ type: 2, name: 'feeds', options: [{ type: 1, name: 'list', options: [] }] }]);
    await run([{ type: 2, name: 'feeds', options: [{ type: 1, name: 'add', options: [{ type: 3, name: 'url', value: 'https://feeds.example/rss.xml' }] }] }]);
    await run([{ type: 2, name: 'feeds', options: [{ type: 1, name: 'remove', options: [{ type: 4, name: 'id', value: 12 }] }] }]);
    await run(sub('status'));
    await run(sub('help'));

    expect(calls.map((c) => c.command)).toEqual([
      { name: 'recent', topic: 'copyright-law', count: 3, share: false },
      { name: 'recent', topic: null, count: 5, share: false },
      { name: 'search', query: 'site blocking', topic: null, since: '7d', page: 2, share: true },
      { name: 'subscriptions', all: true },
      { name: 'feeds', action: 'list' },
      { name: 'feeds', action: 'add', url: 'https://feeds.example/rss.xml' },
      { name: 'feeds', action: 'remove', id: 12 },
      { name: 'status' },
      { name: 'help' },
    ]);
    expect(calls.map((c) => c.context.isModerator)).toEqual(Array(9).fill(false));
  });

  it('renders a story reply: headline, summary, link, sources; only the asker sees it', async () => {
    const fake = await startFake();
    const reply: Reply = {
      ...simpleReply('info', 'Latest stories'),
      stories: [
        {
          headline: 'EU court rules on site blocking',
          url: 'https://news.example/eu',
          summary: 'National courts may order ISPs to block pirate sites.',
          sources: ['TorrentFreak', 'Ars'],
          publishedAt: '2024-05-01T12:00:00.000Z',
          topics: ['copyright-law'],
        },
      ],
      footer: '1 story',
    };
    await startPlatform(fake, recordingHandler(() => reply).handler);

    const exchange = await fake.injectInteraction({ commandName: 'news', options: sub('recent') });

    expect(exchange.original).toMatchObject({ flags: EPHEMERAL });
    expect(embedOf(exchange.original)).toMatchObject({
      title: 'Latest stories',
      fields: [{ name: 'EU court rules on site blocking', value: 'National courts may order ISPs to block pirate sites.\n[Read](https://news.example/eu) · TorrentFreak, Ars · <t:1714564800:R>' }],
      footer: { text: '1 story' },
    });
  });

  it('defers a slow handler (ephemeral unless shared) and edits the answer in', async () => {
    const fake = await startFake();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { handler, calls } = recordingHandler(async (command) => {
      await gate;
      return simpleReply('info', `Slow ${command.name}`, ['Here it is.']);
    });
    await startPlatform(fake, handler, { deferAfterMs: 0 });

    const privately = fake.injectInteraction({ commandName: 'news', options: sub('recent') });
    const shared = fake.injectInteraction({ commandName: 'news', options: sub('recent', [{ type: 5, name: 'share', value: true }]) });
    // Both are deferred while the handler waits; only then does it finish.
    await Promise.all([...fake.interactions.keys()].map((id) => fake.waitForResponse(id, { until: (x) => x.callback !== undefined })));
    release();
    const [mine, ours] = await Promise.all([privately, shared]);

    expect(calls).toHaveLength(2);
    expect(mine.callback).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    expect(ours.callback).toMatchObject({ type: 5 });
    expect(ours.callback?.['data'] ?? {}).not.toHaveProperty('flags', EPHEMERAL);
    expect(mine.original).toMatchObject({ flags: EPHEMERAL });
    expect(ours.original).toMatchObject({ flags: 0 });
    expect(embedOf(mine.original)).toMatchObject({ title: 'Slow recent', description: 'Here it is.' });
    expect(mine.edits).toEqual([expect.objectContaining({ allowed_mentions: { parse: [] } })]);
    expect(fake.messagesIn(DEFAULT_IDS.channels.news).map((m) => m.id)).toEqual([(ours.original as Json)['id']]);
  });

  it('answers invalid options privately with the problem, without calling the handler', async () => {
    const fake = await startFake();
    const { handler, calls } = recordingHandler();
    await startPlatform(fake, handler);

    const topic = await fake.injectInteraction({ commandName: 'news', options: sub('recent', [{ type: 3, name: 'topic', value: 'hacktivsm <@&1300000000000000201>' }]) });
    const both = await fake.injectInteraction({
      commandName: 'news',
      userId: DEFAULT_IDS.owner,
      options: sub('subscribe', [{ type: 3, name: 'topic', value: 'hacktivism' }, { type: 9, name: 'mention', value: DEFAULT_IDS.member }, { type: 3, name: 'ping', value: 'everyone' }]),
    });
    const since = await fake.injectInteraction({ commandName: 'news', options: sub('search', [{ type: 3, name: 'query', value: 'x' }, { type: 3, name: 'since', value: 'last tuesday' }]) });

    expect(calls).toEqual([]);
    for (const exchange of [topic, both, since]) {
      expect(exchange.callback).toMatchObject({ type: 4, data: { flags: EPHEMERAL, allowed_mentions: { parse: [] } } });
      expect(embedOf(exchange.original)).toMatchObject({ title: 'That command needs a fix' });
    }
    const topicText = String(embedOf(topic.original)['description']);
    expect(topicText).toContain('unknown topic');
    expect(topicText).toContain('hacktivism');
    // The member's own text is escaped: the role mention stays inert.
    expect(topicText).not.toContain('<@&');
    expect(String(embedOf(both.original)['description'])).toBe('choose either mention or ping, not both');
    expect(String(embedOf(since.original)['description'])).toContain('since must be a date');
  });

  it('offers topics matching what was typed, with "all" where it means something', async () => {
    const fake = await startFake();
    await startPlatform(fake);
    const complete = (subcommand: string, typed: string): Promise<{ callback: Json | undefined }> =>
      fake.injectInteraction({ type: 4, commandName: 'news', options: sub(subcommand, [{ type: 3, name: 'topic', value: typed, focused: true }]) });

    expect((await complete('recent', 'hack')).callback).toEqual({ type: 8, data: { choices: [{ name: 'Hacktivism', value: 'hacktivism' }] } });
    expect((await complete('recent', 'LAW')).callback).toEqual({ type: 8, data: { choices: [{ name: 'Copyright law', value: 'copyright-law' }] } });
    expect((await complete('subscribe', '')).callback).toEqual({
      type: 8,
      data: { choices: [...TOPICS.map((t) => ({ name: t.label, value: t.id })), { name: 'All topics', value: 'all' }] },
    });
    expect((await complete('search', 'zzz')).callback).toEqual({ type: 8, data: { choices: [] } });
  });
});
