// The commands that change what a channel receives — subscribe, unsubscribe, feeds add/remove —
// with and without moderator rights, against the real SQLite store: a refusal changes nothing.
import { describe, expect, it } from 'vitest';
import type { ChatCommand } from '../../src/chat/commands/command.js';
import { HeraldError } from '../../src/errors.js';
import { NOW, createKit, member, moderator, plain, replyText, seedStory } from './commands-kit.js';

const subscribeHacktivism: ChatCommand = {
  name: 'subscribe',
  topic: 'hacktivism',
  keywords: ['EU', 'DMCA'],
  exclude: ['football'],
  mode: 'daily',
  mention: { kind: 'role', id: '42' },
};

const G1 = { platform: 'discord' as const, workspaceId: 'G1' };

describe('subscribe', () => {
  it('refuses a member politely and stores nothing', async () => {
    const kit = createKit();
    const reply = await kit.handle(subscribeHacktivism, member());
    expect(reply).toMatchObject({ visibility: 'ephemeral', tone: 'warning', title: 'Only moderators can do that' });
    expect(replyText(reply)).toContain('Manage Channels, Manage Server or Administrator');
    expect(replyText(reply)).toContain('Nothing was changed.');
    expect(kit.store.listSubscriptions(G1, null)).toEqual([]);
    const slack = await kit.handle(subscribeHacktivism, member({ platform: 'slack', workspaceId: 'T1' }));
    expect(replyText(slack)).toContain('workspace admins and owners');
  });

  it("stores a moderator's subscription and confirms it to the whole channel", async () => {
    const kit = createKit();
    const reply = await kit.handle(subscribeHacktivism, moderator());
    expect(reply).toMatchObject({ visibility: 'channel', tone: 'success', title: 'This channel now follows Hacktivism' });
    expect(reply.fields.map((field) => `${field.label}: ${plain(field.value)}`)).toEqual([
      'Topic: Hacktivism',
      'Keywords: EU, DMCA',
      'Never with: football',
      'Delivery: a daily digest',
      'Mention: the role 42',
    ]);
    expect(kit.store.listSubscriptions(G1, 'C1')).toEqual([
      expect.objectContaining({
        platform: 'discord',
        workspaceId: 'G1',
        channelId: 'C1',
        topic: 'hacktivism',
        keywords: ['EU', 'DMCA'],
        exclude: ['football'],
        mode: 'daily',
        mention: { kind: 'role', id: '42' },
        createdBy: 'M1',
        pausedReason: null,
      }),
    ]);
    expect(kit.logs.find((line) => line['msg'] === 'subscription saved')).toMatchObject({ topic: 'hacktivism', created: true, user: 'M1' });
  });

  it('replaces the subscription on a second subscribe, and resumes it if it was paused', async () => {
    const kit = createKit();
    await kit.handle(subscribeHacktivism, moderator());
    kit.store.pauseChannel({ ...G1, channelId: 'C1' }, 'Missing Access', NOW);
    const reply = await kit.handle({ name: 'subscribe', topic: 'hacktivism', keywords: [], exclude: [], mode: 'instant', mention: { kind: 'here' } }, moderator());
    expect(reply.title).toBe("Updated this channel's Hacktivism subscription");
    expect(replyText(reply)).toContain('It had been paused (Missing Access); alerts resume now.');
    expect(plain(reply.fields.find((field) => field.label === 'Mention')?.value ?? [])).toBe('here (members who are online)');
    // Resumed, so no paused warning is added to this reply.
    expect(reply.body.some((paragraph) => plain(paragraph).startsWith('⚠️'))).toBe(false);
    const [stored, ...others] = kit.store.listSubscriptions(G1, 'C1');
    expect(others).toEqual([]);
    expect(stored).toMatchObject({ keywords: [], exclude: [], mode: 'instant', mention: { kind: 'here' }, pausedReason: null });
  });

  it('keeps hostile keywords as untrusted data in the confirmation', async () => {
    const kit = createKit();
    const reply = await kit.handle({ name: 'subscribe', topic: '*', keywords: ['<!channel>', '@everyone'], exclude: [], mode: 'instant', mention: null }, moderator());
    expect(reply.title).toBe('This channel now follows All topics');
    expect(reply.fields.find((field) => field.label === 'Keywords')?.value).toEqual([{ untrusted: '<!channel>, @everyone' }]);
    expect(plain(reply.fields.find((field) => field.label === 'Mention')?.value ?? [])).toBe('nobody');
  });
});

describe('unsubscribe and subscriptions', () => {
  async function subscribed() {
    const kit = createKit();
    await kit.handle(subscribeHacktivism, moderator());
    await kit.handle({ name: 'subscribe', topic: 'copyright-law', keywords: [], exclude: [], mode: 'instant', mention: null }, moderator());
    await kit.handle({ name: 'subscribe', topic: '*', keywords: [], exclude: [], mode: 'weekly', mention: null }, moderator({ channelId: 'C2' }));
    return kit;
  }

  it('refuses a member and removes nothing', async () => {
    const kit = await subscribed();
    const reply = await kit.handle({ name: 'unsubscribe', topic: null }, member());
    expect(reply.title).toBe('Only moderators can do that');
    expect(kit.store.listSubscriptions(G1, null)).toHaveLength(3);
  });

  it('removes one topic, then all of the channel, leaving other channels alone', async () => {
    const kit = await subscribed();
    const one = await kit.handle({ name: 'unsubscribe', topic: 'hacktivism' }, moderator());
    expect(one).toMatchObject({ visibility: 'channel', tone: 'success', title: 'This channel no longer follows Hacktivism' });
    expect(kit.store.listSubscriptions(G1, 'C1').map((subscription) => subscription.topic)).toEqual(['copyright-law']);
    const none = await kit.handle({ name: 'unsubscribe', topic: 'hacktivism' }, moderator());
    expect(none).toMatchObject({ visibility: 'ephemeral', tone: 'info', title: 'This channel does not follow Hacktivism' });
    expect(replyText(none)).toContain('It follows: Copyright law.');
    const all = await kit.handle({ name: 'unsubscribe', topic: null }, moderator());
    expect(all.title).toBe('This channel no longer gets alerts');
    expect(replyText(all)).toContain('Removed 1 subscription.');
    expect(kit.store.listSubscriptions(G1, 'C1')).toEqual([]);
    expect(kit.store.listSubscriptions(G1, 'C2')).toHaveLength(1);
  });

  it("lists the channel's subscriptions, or the workspace's with their channels", async () => {
    const kit = await subscribed();
    const here = await kit.handle({ name: 'subscriptions', all: false }, member());
    expect(here.title).toBe('What this channel follows');
    expect(here.list.map(plain)).toEqual([
      'Copyright law — each story as it comes',
      'Hacktivism — a daily digest; keywords: EU, DMCA; never with: football; mentions the role 42',
    ]);
    const all = await kit.handle({ name: 'subscriptions', all: true }, member({ channelId: 'C2' }));
    expect(all.title).toBe('Subscriptions in this workspace (3)');
    expect(all.list.map(plain)).toEqual([
      'this channel: All topics — a weekly digest',
      'channel C1: Copyright law — each story as it comes',
      'channel C1: Hacktivism — a daily digest; keywords: EU, DMCA; never with: football; mentions the role 42',
    ]);
    const empty = await kit.handle({ name: 'subscriptions', all: false }, member({ channelId: 'C3' }));
    expect(empty.title).toBe('This channel has no subscriptions');
  });
});

describe('feeds add', () => {
  const add = (url: string): ChatCommand => ({ name: 'feeds', action: 'add', url });

  it('refuses a member without fetching or storing anything', async () => {
    const kit = createKit();
    const reply = await kit.handle(add('https://legal.example/feed'), member());
    expect(reply.title).toBe('Only moderators can do that');
    expect(kit.previews).toEqual([]);
    expect(kit.store.listFeeds(G1)).toEqual([]);
  });

  it('previews the feed, adds it for this workspace only, and shows its latest three items', async () => {
    const kit = createKit();
    const reply = await kit.handle(add('https://legal.example/feed'), moderator());
    expect(kit.previews).toEqual(['https://legal.example/feed']);
    const [feed] = kit.store.listFeeds(G1);
    expect(feed).toMatchObject({ url: 'https://legal.example/feed', title: 'Example Legal News', scope: 'discord:G1' });
    expect(reply).toMatchObject({ visibility: 'channel', tone: 'success', title: `Added feed #${feed?.id}` });
    expect(reply.stories.map((story) => [story.headline, story.url, story.sources])).toEqual([
      ['Preview item 1', 'https://legal.example/1', ['Example Legal News']],
      ['Preview item 2', 'https://legal.example/2', ['Example Legal News']],
      ['Preview item 3', 'https://legal.example/3', ['Example Legal News']],
    ]);
    expect(replyText(reply)).toContain('its stories reach only subscriptions here');
    expect(kit.store.listFeeds({ platform: 'discord', workspaceId: 'G2' })).toEqual([]);
  });

  it('names the problem when the preview is refused, and adds nothing', async () => {
    const cases: Array<[HeraldError, string]> = [
      [new HeraldError('ingest/blocked-address', 'Refused to fetch from 10.0.0.1'), 'That address is on a private or internal network, so Herald will not fetch it.'],
      [new HeraldError('ingest/timeout', 'timed out', { retryable: true }), 'The site took too long to answer. Try again later.'],
      [new HeraldError('ingest/http-status', 'answered 404', { details: { status: 404 } }), 'The site answered with HTTP 404 (not found).'],
      [new HeraldError('ingest/not-a-feed', 'root <html>'), 'That address is not an RSS, Atom or JSON feed.'],
      [new HeraldError('ingest/network', 'ENOTFOUND'), 'Herald could not reach the site: the name does not resolve, or the connection was refused.'],
    ];
    for (const [error, sentence] of cases) {
      const kit = createKit({ preview: () => Promise.reject(error) });
      const reply = await kit.handle(add('https://internal.example/feed'), moderator());
      expect(reply).toMatchObject({ visibility: 'ephemeral', tone: 'error', title: 'Could not add that feed' });
      expect(plain(reply.body[0] ?? [])).toBe(sentence);
      expect(replyText(reply)).toContain('Address: https://internal.example/feed. Nothing was added.');
      expect(kit.store.listFeeds(G1)).toEqual([]);
    }
  });

  it('offers the feeds an HTML page links to', async () => {
    const discovered = ['https://site.example/rss.xml', 'javascript:alert(1)', 'https://site.example/atom.xml'];
    const kit = createKit({ preview: () => Promise.reject(new HeraldError('ingest/not-a-feed', 'HTML page', { details: { discovered } })) });
    const reply = await kit.handle(add('https://site.example/'), moderator());
    expect(reply.list).toEqual([
      [{ link: { text: 'https://site.example/rss.xml', url: 'https://site.example/rss.xml' } }],
      [{ link: { text: 'https://site.example/atom.xml', url: 'https://site.example/atom.xml' } }],
    ]);
  });

  it('says when Herald already reads the feed, from the catalogue or this workspace', async () => {
    const kit = createKit();
    const catalogue = kit.store.addFeed({ url: 'https://catalogue.example/feed', title: 'Catalogue', intervalSeconds: 900, now: NOW }).feed;
    const known = await kit.handle(add('https://catalogue.example/feed'), moderator());
    expect(known.title).toBe(`Herald already reads this feed (#${catalogue.id})`);
    expect(replyText(known)).toContain("in the operator's catalogue");
    expect(kit.store.getFeed(catalogue.id)?.scope).toBe('global');

    await kit.handle(add('https://g2.example/feed'), moderator({ workspaceId: 'G2' }));
    const elsewhere = await kit.handle(add('https://g2.example/feed'), moderator());
    expect(elsewhere.tone).toBe('warning');
    expect(replyText(elsewhere)).toContain('was added by another workspace');
    expect(kit.store.listFeeds(G1).map((feed) => feed.url)).toEqual(['https://catalogue.example/feed']);
  });

  it('treats an unexpected preview failure as a failure: logged, polite reply', async () => {
    const kit = createKit({ preview: () => Promise.reject(new TypeError('undefined is not a function')) });
    const reply = await kit.handle(add('https://legal.example/feed'), moderator());
    expect(reply.title).toBe('Something went wrong');
    expect(kit.logs.some((line) => line['msg'] === 'command failed' && line['command'] === 'feeds')).toBe(true);
    expect(kit.store.listFeeds(G1)).toEqual([]);
  });
});

describe('feeds remove', () => {
  it("removes only this workspace's own feeds, for moderators only", async () => {
    const kit = createKit();
    const own = kit.store.addFeed({ url: 'https://own.example/feed', title: 'Own', intervalSeconds: 900, scope: 'discord:G1', now: NOW }).feed;
    const catalogue = seedStory(kit.store, { title: 'Story', publishedAt: NOW.toISOString() });
    const remove = (id: number): ChatCommand => ({ name: 'feeds', action: 'remove', id });

    const refused = await kit.handle(remove(own.id), member());
    expect(refused.title).toBe('Only moderators can do that');
    expect(kit.store.getFeed(own.id)).not.toBeNull();

    const notOurs = await kit.handle(remove(catalogue.feedId), moderator());
    expect(notOurs).toMatchObject({ tone: 'warning', title: `Feed #${catalogue.feedId} is not this workspace's to remove` });
    expect(kit.store.getFeed(catalogue.feedId)).not.toBeNull();

    const otherWorkspace = await kit.handle(remove(own.id), moderator({ workspaceId: 'G2' }));
    expect(otherWorkspace.title).toBe(`There is no feed #${own.id}`);
    expect(kit.store.getFeed(own.id)).not.toBeNull();

    const removed = await kit.handle(remove(own.id), moderator());
    expect(removed).toMatchObject({ visibility: 'channel', tone: 'success', title: `Removed feed #${own.id}` });
    expect(kit.store.getFeed(own.id)).toBeNull();
  });
});
