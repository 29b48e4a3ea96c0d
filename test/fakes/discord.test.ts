// Proves the fake Discord against the real discord.js 14 Client: login and guild cache, command
// registration, sends with nonce deduplication and validation, interactions, rate limits, errors.
import { once } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, Client, DiscordAPIError, EmbedBuilder, Events, GatewayIntentBits, PermissionFlagsBits } from 'discord.js';
import type { AutocompleteInteraction, ChatInputCommandInteraction, Interaction, TextChannel } from 'discord.js';
import { DEFAULT_IDS, startFakeDiscord } from './discord/fake-discord.js';
import type { FakeDiscord, FakeDiscordOptions } from './discord/fake-discord.js';

const running: { fake?: FakeDiscord; clients: Client[] } = { clients: [] };

afterEach(async () => {
  for (const client of running.clients.splice(0)) await client.destroy();
  await running.fake?.close();
  delete running.fake;
});

async function start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  running.fake = await startFakeDiscord({ heartbeatIntervalMs: 250, ...options });
  return running.fake;
}

async function connect(fake: FakeDiscord, intents: GatewayIntentBits[] = [GatewayIntentBits.Guilds]): Promise<Client> {
  const client = new Client({ intents, rest: { api: fake.apiUrl } });
  running.clients.push(client);
  const ready = once(client, Events.ClientReady);
  await client.login(fake.token);
  await ready;
  return client;
}

function textChannel(client: Client, id: string): TextChannel {
  const channel = client.channels.cache.get(id);
  if (channel === undefined || !channel.isTextBased() || channel.isDMBased()) throw new Error(`channel ${id} not cached`);
  return channel as TextChannel;
}

const commands = [
  { name: 'subscribe', description: 'Subscribe this channel to a topic', options: [{ type: 3, name: 'topic', description: 'Topic', required: true, autocomplete: true }] },
  { name: 'status', description: 'Show subscriptions' },
];

describe('fake Discord with the real discord.js client', () => {
  it('logs in over the gateway: ready fires with the seeded guild, channels, roles and the bot member cached', async () => {
    const fake = await start();
    const client = await connect(fake);

    expect(client.user?.id).toBe(DEFAULT_IDS.bot);
    expect(client.application?.id).toBe(DEFAULT_IDS.application);
    const guild = client.guilds.cache.get(DEFAULT_IDS.guild);
    expect(guild?.name).toBe('Herald Test Guild');
    expect(guild?.channels.cache.get(DEFAULT_IDS.channels.news)?.name).toBe('news');
    expect(guild?.roles.everyone.id).toBe(DEFAULT_IDS.guild);
    expect(guild?.members.me?.permissionsIn(DEFAULT_IDS.channels.news).has(PermissionFlagsBits.SendMessages)).toBe(true);
    expect(guild?.members.me?.permissionsIn(DEFAULT_IDS.channels.readOnly).has(PermissionFlagsBits.SendMessages)).toBe(false);

    expect(fake.identifies).toEqual([expect.objectContaining({ accepted: true, intents: GatewayIntentBits.Guilds, shard: [0, 1] })]);
    const gatewayBot = fake.requestsTo('GET', '/gateway/bot')[0];
    expect(gatewayBot?.headers.authorization).toBe(`Bot ${fake.token}`);
    expect(gatewayBot?.url).toBe('/api/v10/gateway/bot');
    // Heartbeats are acknowledged: discord.js records a latency only on op 11.
    await vi.waitFor(() => expect(client.ws.ping).toBeGreaterThanOrEqual(0), { timeout: 5_000 });
    expect(fake.heartbeats()).toBeGreaterThanOrEqual(1);
  });

  it('rejects a wrong token: 401 on REST, TokenInvalid from login', async () => {
    const fake = await start();
    const res = await fetch(`${fake.apiUrl}/v10/users/@me`, { headers: { authorization: 'Bot wrong' } });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: '401: Unauthorized', code: 0 });

    const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
    running.clients.push(client);
    await expect(client.login('not-the-token')).rejects.toMatchObject({ code: 'TokenInvalid' });
  });

  it('registers global and guild commands with stable ids', async () => {
    const fake = await start();
    const client = await connect(fake);

    const global = await client.application?.commands.set(commands);
    await client.application?.commands.set([commands[1] ?? commands[0]!], DEFAULT_IDS.guild);

    expect(fake.registeredCommands().map((c) => c['name'])).toEqual(['subscribe', 'status']);
    expect(fake.registeredCommands(DEFAULT_IDS.guild)).toEqual([expect.objectContaining({ name: 'status', guild_id: DEFAULT_IDS.guild, application_id: DEFAULT_IDS.application })]);
    const firstId = global?.find((c) => c.name === 'subscribe')?.id;
    expect(firstId).toMatch(/^\d{17,20}$/);
    // Overwriting again keeps the id of a command with the same name, as Discord does.
    await client.application?.commands.set(commands);
    expect(fake.registeredCommands().find((c) => c['name'] === 'subscribe')?.['id']).toBe(firstId);
    expect(fake.requestsTo('PUT', /^\/applications\/\d+\/commands$/)).toHaveLength(2);
    await expect(client.application?.commands.set([{ name: 'Bad Name', description: 'x' }])).rejects.toMatchObject({ code: 50035, status: 400 });
  });

  it('posts a message with embeds, components, allowed mentions and a nonce; the same nonce again returns the first message', async () => {
    const fake = await start();
    const client = await connect(fake);
    const channel = textChannel(client, DEFAULT_IDS.channels.news);
    const embed = new EmbedBuilder().setTitle('EU court rules on link taxes').setDescription('A summary.').setURL('https://news.example/eu').addFields({ name: 'Source', value: 'Example News' });
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setStyle(ButtonStyle.Link).setLabel('Read').setURL('https://news.example/eu'));
    const payload = {
      content: `<@${DEFAULT_IDS.member}> new story`,
      embeds: [embed],
      components: [row],
      allowedMentions: { parse: [] },
      nonce: 'delivery-42',
      enforceNonce: true,
    };

    const first = await channel.send(payload);
    const second = await channel.send(payload);

    expect(second.id).toBe(first.id);
    const stored = fake.messagesIn(DEFAULT_IDS.channels.news);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.body).toMatchObject({ nonce: 'delivery-42', enforce_nonce: true, allowed_mentions: { parse: [] } });
    expect(stored[0]?.message).toMatchObject({
      content: `<@${DEFAULT_IDS.member}> new story`,
      embeds: [expect.objectContaining({ type: 'rich', title: 'EU court rules on link taxes', fields: [{ name: 'Source', value: 'Example News' }] })],
      components: [{ type: 1, components: [expect.objectContaining({ style: 5, label: 'Read', url: 'https://news.example/eu' })] }],
      // allowed_mentions parse: [] means the member is named but not pinged.
      mentions: [],
      mention_everyone: false,
    });
    expect(first.embeds[0]?.title).toBe('EU court rules on link taxes');
    expect(fake.requestsTo('POST', `/channels/${DEFAULT_IDS.channels.news}/messages`).map((r) => r.status)).toEqual([200, 200]);
  });

  it('validates bodies like Discord: 50035 with an errors object, 50006 for an empty message', async () => {
    const fake = await start();
    const client = await connect(fake);
    const channel = textChannel(client, DEFAULT_IDS.channels.news);

    const tooLong = await channel.send({ content: 'x'.repeat(2001) }).catch((e: unknown) => e);
    expect(tooLong).toBeInstanceOf(DiscordAPIError);
    expect(tooLong).toMatchObject({ code: 50035, status: 400, rawError: { errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } });

    const big = Array.from({ length: 4 }, (_, i) => new EmbedBuilder().setTitle(`t${i}`).setDescription('d'.repeat(1600)));
    await expect(channel.send({ embeds: big })).rejects.toMatchObject({ rawError: { errors: { embeds: { _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED' }] } } } });

    // discord.js's builders refuse 26 fields themselves; a raw embed object reaches the wire.
    const fields = { title: 't', fields: Array.from({ length: 26 }, (_, i) => ({ name: `n${i}`, value: 'v' })) };
    await expect(channel.send({ embeds: [fields] })).rejects.toMatchObject({ rawError: { errors: { embeds: { '0': { fields: { _errors: [expect.anything()] } } } } } });

    const res = await fetch(`${fake.apiUrl}/v10/channels/${DEFAULT_IDS.channels.news}/messages`, {
      method: 'POST',
      headers: { authorization: `Bot ${fake.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ content: '' }),
    });
    expect(await res.json()).toEqual({ message: 'Cannot send an empty message', code: 50006 });
    expect(fake.messagesIn(DEFAULT_IDS.channels.news)).toHaveLength(0);
  });

  it('answers permission and existence problems with Discord codes: 50013, 50001, 10003', async () => {
    const fake = await start();
    const client = await connect(fake);

    await expect(textChannel(client, DEFAULT_IDS.channels.readOnly).send('hi')).rejects.toMatchObject({ code: 50013, status: 403 });
    await expect(textChannel(client, DEFAULT_IDS.channels.hidden).send('hi')).rejects.toMatchObject({ code: 50001, status: 403 });
    const unknown = await client.channels.fetch(DEFAULT_IDS.channels.deleted).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(DiscordAPIError);
    expect(unknown).toMatchObject({ code: 10003, status: 404, method: 'GET' });
  });

  it('surfaces an injected 403 50013 as DiscordAPIError to the caller', async () => {
    const fake = await start();
    const client = await connect(fake);
    fake.failNext({ method: 'POST', path: /^\/channels\/\d+\/messages$/, status: 403, code: 50013 });

    const error = await textChannel(client, DEFAULT_IDS.channels.news).send('alert').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DiscordAPIError);
    expect(error).toMatchObject({ code: 50013, status: 403, message: 'Missing Permissions' });
    expect(fake.messagesIn(DEFAULT_IDS.channels.news)).toHaveLength(0);
    // The next send is not affected.
    await textChannel(client, DEFAULT_IDS.channels.news).send('alert');
    expect(fake.messagesIn(DEFAULT_IDS.channels.news)).toHaveLength(1);
  });

  it('stores a message and then hangs or resets (afterProcessing), or hangs before storing anything', async () => {
    const fake = await start();
    const url = `${fake.apiUrl}/v10/channels/${DEFAULT_IDS.channels.news}/messages`;
    const post = (content: string, signal?: AbortSignal): Promise<Response> =>
      fetch(url, { method: 'POST', headers: { authorization: `Bot ${fake.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ content }), ...(signal === undefined ? {} : { signal }) });
    const path = `/channels/${DEFAULT_IDS.channels.news}/messages`;

    fake.failNext({ method: 'POST', path, drop: true, afterProcessing: true });
    await expect(post('stored, then reset')).rejects.toThrow();
    fake.failNext({ method: 'POST', path, hang: true, afterProcessing: true });
    const stored = new AbortController();
    const hungAfter = post('stored, then hung', stored.signal).catch((e: unknown) => e);
    fake.failNext({ method: 'POST', path, hang: true });
    const before = new AbortController();
    const hungBefore = post('never stored', before.signal).catch((e: unknown) => e);
    await vi.waitFor(() => expect(fake.requestsTo('POST', path).map((r) => r.outcome)).toEqual(['dropped', 'hung', 'hung']));
    stored.abort();
    before.abort();
    await Promise.all([hungAfter, hungBefore]);

    expect(fake.messagesIn(DEFAULT_IDS.channels.news).map((m) => m.message['content'])).toEqual(['stored, then reset', 'stored, then hung']);
    expect(fake.requestsTo('POST', path).map((r) => r.status)).toEqual([0, 0, 0]);
    // The failures were used up: the next post is answered.
    expect((await post('answered')).status).toBe(200);
  });

  it('has discord.js retry an injected 429 (Retry-After 1 s) and the message arrives once', async () => {
    const fake = await start();
    const client = await connect(fake);
    fake.failNext({ method: 'POST', path: /^\/channels\/\d+\/messages$/, status: 429, retryAfter: 1 });

    const sent = await textChannel(client, DEFAULT_IDS.channels.alerts).send({ content: 'retried', nonce: 'n-1', enforceNonce: true });

    const attempts = fake.requestsTo('POST', `/channels/${DEFAULT_IDS.channels.alerts}/messages`);
    expect(attempts.map((r) => r.status)).toEqual([429, 200]);
    expect(attempts[0]?.response).toMatchObject({ message: 'You are being rate limited.', retry_after: 1, global: false });
    expect(fake.rateLimitHits).toEqual([expect.objectContaining({ injected: true, scope: 'user', retryAfter: 1 })]);
    expect(fake.messagesIn(DEFAULT_IDS.channels.alerts).map((m) => m.id)).toEqual([sent.id]);
  });

  it('limits messages per channel: discord.js waits on the bucket headers, a client that ignores them gets 429', async () => {
    const fake = await start({ messageRateLimit: { limit: 2, windowMs: 300 } });
    const client = await connect(fake);
    const channel = textChannel(client, DEFAULT_IDS.channels.news);

    for (const n of [1, 2, 3, 4, 5]) await channel.send(`m${n}`);

    expect(fake.messagesIn(DEFAULT_IDS.channels.news).map((m) => m.message['content'])).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(fake.rateLimitHits).toHaveLength(0);
    const posts = fake.requestsTo('POST', `/channels/${DEFAULT_IDS.channels.news}/messages`);
    expect(posts.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);

    const raw = (): Promise<Response> =>
      fetch(`${fake.apiUrl}/v10/channels/${DEFAULT_IDS.channels.alerts}/messages`, {
        method: 'POST',
        headers: { authorization: `Bot ${fake.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ content: 'raw' }),
      });
    const ok1 = await raw();
    const ok2 = await raw();
    const limited = await raw();
    expect([ok1.status, ok2.status, limited.status]).toEqual([200, 200, 429]);
    expect(ok1.headers.get('x-ratelimit-limit')).toBe('2');
    expect(ok2.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(ok2.headers.get('x-ratelimit-bucket')).toMatch(/^[0-9a-f]{32}$/);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.headers.get('x-ratelimit-scope')).toBe('user');
    expect(await limited.json()).toMatchObject({ message: 'You are being rate limited.', global: false });
    // Another channel has its own bucket.
    const other = await fetch(`${fake.apiUrl}/v10/channels/${DEFAULT_IDS.channels.news}/messages?x=1`, { method: 'GET', headers: { authorization: `Bot ${fake.token}` } });
    expect(other.status).toBe(200);
    expect(fake.rateLimitHits).toEqual([expect.objectContaining({ injected: false, scope: 'user', path: `/channels/${DEFAULT_IDS.channels.alerts}/messages` })]);
  });

  it('applies the global limit across routes with X-RateLimit-Global', async () => {
    const fake = await start({ globalRateLimit: { limit: 3, windowMs: 60_000 } });
    const get = (): Promise<Response> => fetch(`${fake.apiUrl}/v10/users/@me`, { headers: { authorization: `Bot ${fake.token}` } });

    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await get()).status);
    const limited = await get();

    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(limited.headers.get('x-ratelimit-global')).toBe('true');
    expect(await limited.json()).toMatchObject({ global: true, retry_after: expect.any(Number) });
    expect(fake.rateLimitHits.map((h) => h.scope)).toEqual(['global', 'global']);
  });

  it('delivers a slash command with member permissions; deferReply(ephemeral) then editReply are recorded', async () => {
    const fake = await start();
    const client = await connect(fake);
    await client.application?.commands.set(commands);
    const seen: { user: string; manageGuild: boolean | undefined; topic: string | null }[] = [];
    client.on(Events.InteractionCreate, (interaction: Interaction) => {
      if (!interaction.isChatInputCommand()) return;
      void handle(interaction);
    });
    async function handle(interaction: ChatInputCommandInteraction): Promise<void> {
      seen.push({ user: interaction.user.id, manageGuild: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild), topic: interaction.options.getString('topic') });
      await interaction.deferReply({ ephemeral: true });
      await interaction.editReply(`Subscribed to ${interaction.options.getString('topic') ?? '?'}`);
    }

    const options = [{ type: 3, name: 'topic', value: 'copyright' }];
    const mod = await fake.injectInteraction({ commandName: 'subscribe', userId: DEFAULT_IDS.moderator, channelId: DEFAULT_IDS.channels.news, options });
    const plain = await fake.injectInteraction({ commandName: 'subscribe', userId: DEFAULT_IDS.member, options });

    expect(seen).toEqual([
      { user: DEFAULT_IDS.moderator, manageGuild: true, topic: 'copyright' },
      { user: DEFAULT_IDS.member, manageGuild: false, topic: 'copyright' },
    ]);
    expect(mod.callback).toEqual({ type: 5, data: { flags: 64 } });
    expect(mod.edits).toEqual([expect.objectContaining({ content: 'Subscribed to copyright' })]);
    expect(mod.original).toMatchObject({ content: 'Subscribed to copyright', flags: 64, interaction_metadata: { id: mod.id, user: { id: DEFAULT_IDS.moderator } } });
    expect(mod.interaction).toMatchObject({ type: 2, version: 1, guild_id: DEFAULT_IDS.guild, channel_id: DEFAULT_IDS.channels.news, data: { name: 'subscribe', options } });
    expect(plain.edits).toHaveLength(1);
    // Ephemeral replies are not channel messages.
    expect(fake.messagesIn(DEFAULT_IDS.channels.news)).toHaveLength(0);
  });

  it('records an autocomplete respond, follow-ups, and 40060 for a second acknowledgement', async () => {
    const fake = await start();
    const client = await connect(fake);
    await client.application?.commands.set(commands);
    const errors: unknown[] = [];
    client.on(Events.InteractionCreate, (interaction: Interaction) => {
      if (interaction.isAutocomplete()) void complete(interaction);
      else if (interaction.isChatInputCommand()) void reply(interaction);
    });
    async function complete(interaction: AutocompleteInteraction): Promise<void> {
      const typed = interaction.options.getFocused();
      await interaction.respond(['copyright', 'hacktivism'].filter((t) => t.startsWith(typed)).map((t) => ({ name: t, value: t })));
    }
    async function reply(interaction: ChatInputCommandInteraction): Promise<void> {
      await interaction.reply('Here are your subscriptions');
      await interaction.followUp('And one more thing');
      await interaction.deferReply().catch((e: unknown) => errors.push(e));
    }

    const auto = await fake.injectInteraction({ type: 4, commandName: 'subscribe', options: [{ type: 3, name: 'topic', value: 'hack', focused: true }] });
    expect(auto.callback).toEqual({ type: 8, data: { choices: [{ name: 'hacktivism', value: 'hacktivism' }] } });

    const status = await fake.injectInteraction({ commandName: 'status' }, { until: (x) => x.followUps.length === 1 });
    expect(status.callback).toMatchObject({ type: 4, data: { content: 'Here are your subscriptions' } });
    expect(status.followUps).toEqual([expect.objectContaining({ content: 'And one more thing' })]);
    expect(fake.messagesIn(DEFAULT_IDS.channels.news).map((m) => m.message['content'])).toEqual(['Here are your subscriptions', 'And one more thing']);
    // discord.js refuses a second acknowledgement locally; the fake refuses it on the wire too.
    const again = await fetch(`${fake.apiUrl}/v10/interactions/${status.id}/${status.token}/callback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 5 }) });
    expect(await again.json()).toEqual({ message: 'Interaction has already been acknowledged.', code: 40060 });
    await vi.waitFor(() => expect(errors).toHaveLength(1));
  });

  it('answers 10062 Unknown interaction after the response deadline', async () => {
    const fake = await start({ interactionDeadlineMs: -1 });
    const client = await connect(fake);
    await client.application?.commands.set(commands);
    const failures: unknown[] = [];
    client.on(Events.InteractionCreate, (interaction: Interaction) => {
      if (interaction.isChatInputCommand()) interaction.reply('too late').catch((e: unknown) => failures.push(e));
    });

    await fake.injectInteraction({ commandName: 'status' }, { until: (x) => x.requests.length === 1 });

    await vi.waitFor(() => expect(failures).toHaveLength(1));
    expect(failures[0]).toMatchObject({ code: 10062, status: 404 });
  });

  it('resumes after op 7 RECONNECT and replays nothing twice; dispatches reach the resumed session', async () => {
    const fake = await start();
    const client = await connect(fake, [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages]);
    const resumed = once(client.ws.shards.first() ?? client, 'resumed');
    fake.requestReconnect();
    await resumed;

    expect(fake.resumes).toEqual([expect.objectContaining({ accepted: true, replayed: 0 })]);
    expect(fake.identifies).toHaveLength(1);
    const created = once(client, Events.MessageCreate);
    await textChannel(client, DEFAULT_IDS.channels.news).send('after resume');
    const [message] = (await created) as [{ content: string; author: { id: string } }];
    expect(message.content).toBe('after resume');
    expect(message.author.id).toBe(DEFAULT_IDS.bot);
  });

  it('replays what a dropped connection missed when the client resumes', async () => {
    const fake = await start();
    const client = await connect(fake);
    const resumed = once(client.ws.shards.first() ?? client, 'resumed');

    fake.dropGateway(); // a network cut: no close frame
    fake.setChannelOverwrites(DEFAULT_IDS.channels.alerts, [{ id: DEFAULT_IDS.botRole, type: 'role', deny: PermissionFlagsBits.SendMessages }]);
    await resumed;

    expect(fake.resumes).toEqual([expect.objectContaining({ accepted: true, replayed: 1 })]);
    expect(fake.identifies).toHaveLength(1);
    const me = client.guilds.cache.get(DEFAULT_IDS.guild)?.members.me;
    await vi.waitFor(() => expect(me?.permissionsIn(DEFAULT_IDS.channels.alerts).has(PermissionFlagsBits.SendMessages)).toBe(false));
    await expect(textChannel(client, DEFAULT_IDS.channels.alerts).send('now denied')).rejects.toMatchObject({ code: 50013 });
  });

  it('refuses privileged intents the application was not granted (close 4014)', async () => {
    const fake = await start();
    const client = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.MessageContent], rest: { api: fake.apiUrl } });
    running.clients.push(client);
    const disconnected = once(client, Events.ShardDisconnect);
    void client.login(fake.token).catch(() => undefined);
    const [event] = (await disconnected) as [{ code: number }];
    expect(event.code).toBe(4014);
    expect(fake.identifies[0]).toMatchObject({ accepted: true, intents: GatewayIntentBits.Guilds | GatewayIntentBits.MessageContent });
  });

  it('leaves nothing running after client.destroy() and fake.close()', async () => {
    const fake = await start();
    const client = await connect(fake);
    await textChannel(client, DEFAULT_IDS.channels.news).send('bye');
    const pending = fake.waitForResponse('none').catch((e: unknown) => e);

    await client.destroy();
    running.clients.length = 0;
    await vi.waitFor(() => expect(fake.liveSessions()).toBe(0));
    await fake.close();

    expect(await pending).toBeInstanceOf(Error);
    // No server, no socket on either side once the closes have run (timers are vitest's own).
    await vi.waitFor(() => expect(process.getActiveResourcesInfo().filter((r) => r.startsWith('TCP'))).toEqual([]));
    await expect(fetch(`${fake.apiUrl}/v10/gateway/bot`)).rejects.toThrow();
  });
});
