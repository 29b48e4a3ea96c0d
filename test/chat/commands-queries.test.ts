// The query commands (recent, search, feeds, status, help) against the real SQLite store.
import { describe, expect, it } from 'vitest';
import type { ChatCommand, Reply } from '../../src/chat/commands/command.js';
import { rejectedCommandReply } from '../../src/chat/commands/help.js';
import { parseCommandText } from '../../src/chat/commands/parse-text.js';
import { renderDiscordReply } from '../../src/chat/discord/render-reply.js';
import { renderSlackReply } from '../../src/chat/slack/render-reply.js';
import { NOW, TOPICS, createKit, member, plain, replyText, seedStory, type Kit } from './commands-kit.js';

/** Only Herald's own words: what a renderer shows without escaping. */
function trustedText(reply: Reply): string {
  const parts = [...reply.body, ...reply.list, ...reply.fields.map((field) => field.value)].flatMap((text) => text.filter((part): part is string => typeof part === 'string'));
  return [reply.title, reply.footer ?? '', ...reply.fields.map((field) => field.label), ...parts].join('\n');
}

function hoursAgo(hours: number): string {
  return new Date(NOW.getTime() - hours * 3_600_000).toISOString();
}

describe('recent', () => {
  function seeded(): Kit {
    const kit = createKit();
    for (let n = 1; n <= 12; n++) {
      seedStory(kit.store, { title: `Copyright story ${n}`, publishedAt: hoursAgo(30 - n), topics: n % 3 === 0 ? ['hacktivism'] : ['copyright-law'] });
    }
    return kit;
  }

  it('shows the newest stories with headline, summary, sources, time and link, only to the asker', async () => {
    const kit = seeded();
    const reply = await kit.handle({ name: 'recent', topic: null, count: 3, share: false }, member());
    expect(reply.visibility).toBe('ephemeral');
    expect(reply.title).toBe('Latest stories');
    expect(reply.stories.map((story) => story.headline)).toEqual(['Copyright story 12', 'Copyright story 11', 'Copyright story 10']);
    expect(reply.stories[0]).toMatchObject({
      summary: 'Summary of Copyright story 12.',
      sources: ['Example News'],
      publishedAt: hoursAgo(18),
      topics: ['hacktivism'],
    });
    expect(reply.stories[0]?.url).toMatch(/^https:\/\/example\.test\/item-\d+$/);
  });

  it('filters by topic, caps at the count, and shares with the channel on request', async () => {
    const kit = seeded();
    const reply = await kit.handle({ name: 'recent', topic: 'hacktivism', count: 10, share: true }, member());
    expect(reply.visibility).toBe('channel');
    expect(reply.title).toBe('Latest on Hacktivism');
    expect(reply.stories.map((story) => story.headline)).toEqual(['Copyright story 12', 'Copyright story 9', 'Copyright story 6', 'Copyright story 3']);
  });

  it("names several outlets of one story, and hides another workspace's feeds", async () => {
    const kit = createKit();
    const first = seedStory(kit.store, { title: 'Court blocks site', publishedAt: hoursAgo(2), feedUrl: 'https://a.example/feed', feedTitle: 'Outlet A' });
    seedStory(kit.store, { title: 'Site blocked by court', publishedAt: hoursAgo(1), feedUrl: 'https://b.example/feed', feedTitle: 'Outlet B', storyId: first.storyId });
    seedStory(kit.store, { title: 'Private news of G2', publishedAt: hoursAgo(0.5), feedUrl: 'https://g2.example/feed', scope: 'discord:G2' });
    const reply = await kit.handle({ name: 'recent', topic: null, count: 5, share: false }, member());
    expect(reply.stories.map((story) => [story.headline, story.sources])).toEqual([['Court blocks site', ['Outlet A', 'Outlet B']]]);
    const g2 = await kit.handle({ name: 'recent', topic: null, count: 5, share: false }, member({ workspaceId: 'G2' }));
    expect(g2.stories.map((story) => story.headline)).toEqual(['Private news of G2', 'Court blocks site']);
  });

  it('says so kindly when there is nothing yet', async () => {
    const kit = createKit();
    const reply = await kit.handle({ name: 'recent', topic: 'hacktivism', count: 5, share: false }, member());
    expect(reply.stories).toEqual([]);
    expect(replyText(reply)).toContain('Herald has no stories about Hacktivism yet.');
  });
});

describe('search', () => {
  function seeded(): Kit {
    const kit = createKit();
    for (let n = 1; n <= 12; n++) seedStory(kit.store, { title: `Download law update ${n}`, publishedAt: hoursAgo(24 * n) });
    seedStory(kit.store, { title: 'Hacktivists leak files', publishedAt: hoursAgo(1), topics: ['hacktivism'] });
    return kit;
  }

  it('pages through the results with a footer telling how to get the next page', async () => {
    const kit = seeded();
    const search = (page: number) => kit.handle({ name: 'search', query: '"download law"', topic: null, since: null, page, share: false }, member());
    const first = await search(1);
    expect(first.stories).toHaveLength(5);
    expect(first.footer).toBe('Page 1 · more: the same search with page:2');
    const second = await search(2);
    expect(second.stories).toHaveLength(5);
    expect(second.footer).toBe('Page 2 · more: the same search with page:3');
    const third = await search(3);
    expect(third.stories).toHaveLength(2);
    expect(third.footer).toBe('Page 3 · that is all');
    const seen = [...first.stories, ...second.stories, ...third.stories].map((story) => story.headline);
    expect(new Set(seen).size).toBe(12);
    const past = await search(4);
    expect(past.title).toBe('No more results');
    expect(replyText(past)).toContain('Page 4 is past the last result');
  });

  it('newest first among equally good matches, and only since the given time', async () => {
    const kit = seeded();
    const reply = await kit.handle({ name: 'search', query: 'download law', topic: null, since: '3d', page: 1, share: false }, member());
    expect(reply.stories.map((story) => story.headline)).toEqual(['Download law update 1', 'Download law update 2', 'Download law update 3']);
    expect(reply.footer).toBeNull();
    expect(plain(reply.body[0] ?? [])).toBe('Stories matching download law (since 3d), best and newest first.');
  });

  it('filters by topic, and shares on request', async () => {
    const kit = seeded();
    const reply = await kit.handle({ name: 'search', query: 'leak OR download', topic: 'hacktivism', since: null, page: 1, share: true }, member());
    expect(reply.visibility).toBe('channel');
    expect(reply.stories).toEqual([]);
    const leak = await kit.handle({ name: 'search', query: 'leak', topic: 'hacktivism', since: null, page: 1, share: true }, member());
    expect(leak.stories.map((story) => story.headline)).toEqual(['Hacktivists leak files']);
  });

  it("keeps the member's query out of Herald's own words, even when it is hostile", async () => {
    const kit = seeded();
    const query = '<!channel> @everyone *bold* [x](https://evil.example)';
    const reply = await kit.handle({ name: 'search', query, topic: null, since: null, page: 1, share: true }, member());
    expect(reply.title).toBe('Nothing found');
    expect(reply.body[0]).toContainEqual({ untrusted: query });
    expect(trustedText(reply)).not.toMatch(/<!channel>|@everyone|evil\.example/);
  });
});

describe('feeds', () => {
  it('lists feeds with their health, untrusted errors kept apart, own feeds first', async () => {
    const kit = createKit();
    const ok = seedStory(kit.store, { title: 'A story', publishedAt: hoursAgo(1), feedUrl: 'https://ok.example/feed', feedTitle: 'Healthy Feed' });
    const failing = kit.store.addFeed({ url: 'https://failing.example/feed', title: 'Failing Feed', intervalSeconds: 900, now: NOW }).feed;
    kit.store.recordPollFailure(failing.id, { now: NOW, code: 'ingest/http-status', message: 'answered HTTP 503 <!channel>', nextPollAt: NOW, disableReason: null });
    kit.store.recordPollFailure(failing.id, { now: NOW, code: 'ingest/http-status', message: 'answered HTTP 503 <!channel>', nextPollAt: NOW, disableReason: null });
    const disabled = kit.store.addFeed({ url: 'https://gone.example/feed', title: 'Gone Feed', intervalSeconds: 900, now: NOW }).feed;
    kit.store.recordPollFailure(disabled.id, { now: NOW, code: 'ingest/http-status', message: 'answered HTTP 410', nextPollAt: NOW, disableReason: '410 Gone for 2 days' });
    const own = kit.store.addFeed({ url: 'https://own.example/feed', title: null, intervalSeconds: 900, scope: 'discord:G1', now: NOW }).feed;
    kit.store.addFeed({ url: 'https://other.example/feed', title: 'Other workspace', intervalSeconds: 900, scope: 'discord:G2', now: NOW });

    const reply = await kit.handle({ name: 'feeds', action: 'list' }, member());
    expect(reply.title).toBe('Feeds (4)');
    expect(reply.tone).toBe('warning');
    expect(plain(reply.body[0] ?? [])).toBe('1 ok · 1 failing · 1 disabled · 1 not polled yet');
    expect(reply.list.map(plain)).toEqual([
      `#${own.id} https://own.example/feed — not polled yet · added here`,
      `#${failing.id} Failing Feed — failing (2 failures in a row), last ok never; last error: answered HTTP 503 <!channel>`,
      `#${disabled.id} Gone Feed — disabled since 2025-03-10 12:00 UTC (just now): 410 Gone for 2 days`,
      `#${ok.feedId} Healthy Feed — ok, last ok 2025-03-10 12:00 UTC (just now)`,
    ]);
    expect(reply.list[1]).toContainEqual({ untrusted: 'answered HTTP 503 <!channel>' });
    expect(trustedText(reply)).not.toContain('<!channel>');
  });
});

describe('status', () => {
  it('gives feed health, last poll, backlog, paused subscriptions with their reason, and the version', async () => {
    const kit = createKit();
    seedStory(kit.store, { title: 'A story', publishedAt: hoursAgo(1) });
    const broken = kit.store.addFeed({ url: 'https://failing.example/feed', title: 'Failing', intervalSeconds: 900, now: NOW }).feed;
    kit.store.recordPollFailure(broken.id, { now: NOW, code: 'ingest/timeout', message: 'timed out', nextPollAt: NOW, disableReason: null });
    kit.store.upsertSubscription({ platform: 'discord', workspaceId: 'G1', channelId: 'C9', topic: 'hacktivism', keywords: [], exclude: [], mode: 'instant', mention: null, createdBy: 'M1' }, NOW);
    kit.store.pauseChannel({ platform: 'discord', workspaceId: 'G1', channelId: 'C9' }, 'Missing Access (50001)', NOW);

    const reply = await kit.handle({ name: 'status' }, member());
    expect(reply.tone).toBe('warning');
    expect(reply.fields.map((field) => `${field.label}: ${plain(field.value)}`)).toEqual([
      'Feeds: 1 ok · 1 failing · 0 disabled',
      'Last poll: 2025-03-10 12:00 UTC (just now)',
      'Alerts waiting: none',
      'Items stored: 1 item',
      'Version: 0.1.0-test',
    ]);
    expect(reply.list.map(plain)).toEqual(['channel C9: Hacktivism — each story as it comes — PAUSED: Missing Access (50001)']);
    // status already lists them: no second warning.
    expect(reply.body).toHaveLength(1);
  });

  it('counts the alerts waiting to be delivered in this workspace', async () => {
    const kit = createKit();
    kit.store.upsertSubscription({ platform: 'discord', workspaceId: 'G1', channelId: 'C1', topic: '*', keywords: [], exclude: [], mode: 'instant', mention: null, createdBy: 'M1' }, NOW);
    seedStory(kit.store, { title: 'Fresh one', publishedAt: hoursAgo(1), fresh: true });
    seedStory(kit.store, { title: 'Fresh two', publishedAt: hoursAgo(1), fresh: true });
    const reply = await kit.handle({ name: 'status' }, member());
    expect(reply.fields.find((field) => field.label === 'Alerts waiting')?.value).toEqual(['2 alerts']);
    const other = await kit.handle({ name: 'status' }, member({ workspaceId: 'G2' }));
    expect(other.fields.find((field) => field.label === 'Alerts waiting')?.value).toEqual(['none']);
  });

  it('says everything is running when it is', async () => {
    const kit = createKit();
    seedStory(kit.store, { title: 'A story', publishedAt: hoursAgo(1) });
    const reply = await kit.handle({ name: 'status' }, member({ platform: 'slack', workspaceId: 'T1' }));
    expect(reply.tone).toBe('info');
    expect(replyText(reply)).toContain('Everything is running.');
  });
});

describe('help', () => {
  it("lists every subcommand with one example in the platform's syntax", async () => {
    const kit = createKit();
    const slack = await kit.handle({ name: 'help' }, member({ platform: 'slack' }));
    const lines = slack.list.map(plain);
    expect(lines.map((line) => line.split(' ')[0])).toEqual(['recent', 'search', 'subscribe', 'unsubscribe', 'subscriptions', 'feeds', 'status', 'help']);
    expect(lines[0]).toContain('`/news recent hacktivism 5`');
    expect(lines[2]).toContain('(moderators)');
    expect(slack.footer).toContain(`Topics: ${TOPICS.map((topic) => topic.id).join(', ')}, all`);
    const discord = await kit.handle({ name: 'help' }, member());
    expect(plain(discord.list[0] ?? [])).toContain('`/news recent topic:hacktivism count:5`');
    expect(plain(discord.list[5] ?? [])).toContain('`/news feeds add url:https://example.com/feed.xml`');
  });
});

describe('replies through the real renderers', () => {
  it('leave hostile member and feed text inert on Slack and Discord', async () => {
    const kit = createKit();
    const hostile = '<!channel> <@U1> @everyone <https://evil.example|click>';
    const feed = kit.store.addFeed({ url: 'https://failing.example/feed', title: hostile, intervalSeconds: 900, now: NOW }).feed;
    kit.store.recordPollFailure(feed.id, { now: NOW, code: 'ingest/http-status', message: hostile, nextPollAt: NOW, disableReason: null });
    const replies = [
      await kit.handle({ name: 'feeds', action: 'list' }, member()),
      await kit.handle({ name: 'search', query: hostile, topic: null, since: null, page: 1, share: true }, member()),
      await kit.handle({ name: 'subscribe', topic: '*', keywords: [hostile.slice(0, 60)], exclude: [], mode: 'instant', mention: null }, member({ isModerator: true })),
    ];
    for (const reply of replies) {
      const slack = JSON.stringify(renderSlackReply(reply));
      expect(slack).not.toMatch(/<!channel>|<@U1>|<https:\/\/evil|@everyone/);
      const discord = renderDiscordReply(reply);
      expect(discord.allowed_mentions).toEqual({ parse: [] });
      expect(JSON.stringify(discord)).not.toMatch(/(?<!\\\\)<!channel>|(?<!\\\\)<@U1>|@everyone|\]\(https:\/\/evil/);
    }
  });
});

describe('rejectedCommandReply', () => {
  it('answers an unknown subcommand with the help and a suggestion', () => {
    const parsed = parseCommandText('subscibe all', TOPICS);
    if (parsed.ok) throw new Error('parsed');
    const reply = rejectedCommandReply(parsed, 'slack', TOPICS);
    expect(reply.title).toBe('Did you mean /news subscribe?');
    expect(reply.body.map(plain).slice(0, 2)).toEqual(["Unknown command 'subscibe'", 'Did you mean subscribe? `/news subscribe copyright-law keywords:"EU, DMCA" mention:@here`']);
    expect(reply.list).toHaveLength(8);
  });

  it('shows the problems as untrusted text and the usage of the command meant', () => {
    const parsed = parseCommandText('recent <!channel> 50', TOPICS);
    if (parsed.ok) throw new Error('parsed');
    const reply = rejectedCommandReply(parsed, 'discord', TOPICS);
    expect(reply.title).toBe('That recent command needs a fix');
    expect(reply.body).toEqual([
      [{ untrusted: "Unknown topic '<!channel>' — topics: copyright-law, hacktivism, all" }],
      [{ untrusted: 'Count must be between 1 and 10' }],
    ]);
    expect(reply.list.map(plain)).toEqual(['recent — the latest stories (up to 10). Example: `/news recent topic:hacktivism count:5`']);
  });
});

describe('paused subscriptions and failures', () => {
  it('adds a one-line warning to the next command in the workspace, naming the reason', async () => {
    const kit = createKit();
    const request = { platform: 'discord' as const, workspaceId: 'G1', topic: 'hacktivism', keywords: [], exclude: [], mode: 'instant' as const, mention: null, createdBy: 'M1' };
    kit.store.upsertSubscription({ ...request, channelId: 'C1' }, NOW);
    kit.store.upsertSubscription({ ...request, channelId: 'C2', topic: '*' }, NOW);
    const warned = (reply: Reply): boolean => reply.body.some((paragraph) => plain(paragraph).startsWith('⚠️'));
    expect(warned(await kit.handle({ name: 'help' }, member()))).toBe(false);

    kit.store.pauseChannel({ platform: 'discord', workspaceId: 'G1', channelId: 'C2' }, 'Unknown Channel <@&1>', NOW);
    kit.store.pauseChannel({ platform: 'discord', workspaceId: 'G1', channelId: 'C1' }, 'Missing Permissions', NOW);
    const reply = await kit.handle({ name: 'recent', topic: null, count: 5, share: false }, member());
    const warning = reply.body.at(-1) ?? [];
    expect(plain(warning)).toBe(
      '⚠️ Alerts are paused for 2 subscriptions in this workspace: this channel, Hacktivism (Missing Permissions); channel C2, All topics (Unknown Channel <@&1>). /news status has the details.',
    );
    expect(warning).toContainEqual({ untrusted: 'Unknown Channel <@&1>' });
    // Another workspace hears nothing of it.
    const other = await kit.handle({ name: 'recent', topic: null, count: 5, share: false }, member({ workspaceId: 'G2' }));
    expect(warned(other)).toBe(false);
  });

  it('answers a command no adapter should have let through with the same apology', async () => {
    const kit = createKit();
    const reply = await kit.handle({ name: 'launch' } as unknown as ChatCommand, member());
    expect(reply.title).toBe('Something went wrong');
    expect(kit.logs.some((line) => line['msg'] === 'command failed')).toBe(true);
  });

  it('answers politely and logs when the store fails, never throwing', async () => {
    const kit = createKit({
      wrapStore: (store) =>
        Object.assign(Object.create(store) as typeof store, {
          recentStories: () => {
            throw new Error('disk I/O error');
          },
        }),
    });
    const reply = await kit.handle({ name: 'recent', topic: null, count: 5, share: false }, member());
    expect(reply).toMatchObject({ visibility: 'ephemeral', tone: 'error', title: 'Something went wrong' });
    expect(replyText(reply)).toContain('The error has been logged');
    const logged = kit.logs.find((line) => line['msg'] === 'command failed');
    expect(logged).toMatchObject({ command: 'recent', platform: 'discord', workspace: 'G1', channel: 'C1' });
    expect((logged?.['err'] as { message?: string } | undefined)?.message).toBe('disk I/O error');
  });
});
