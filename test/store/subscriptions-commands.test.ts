import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { applyMigrations } from '../../src/store/migrate.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { openSqliteStore } from '../../src/store/index.js';
import { GUILD, OTHER_GUILD, TEAM, analyse, newFeed, outbox, storeItem, subscribe } from './subscriptions-kit.js';
import { T0, at, closeAfterTest, openTestStore, tempDir } from './store-fixture.js';

describe('subscriptions as the commands see them', () => {
  it('creates, replaces (same id, resumed) and lists subscriptions per channel and per workspace', () => {
    const store = openTestStore();
    const request = { ...GUILD, channelId: 'C1', topic: 'copyright-law', keywords: [' DMCA ', 'DMCA', ''], exclude: [], mode: 'instant' as const, mention: null, createdBy: 'U1' };
    const created = store.upsertSubscription(request, at(0));
    expect(created).toEqual({
      created: true,
      subscription: {
        id: created.subscription.id, ...GUILD, channelId: 'C1', topic: 'copyright-law', keywords: ['DMCA'], exclude: [], mode: 'instant',
        mention: null, createdBy: 'U1', createdAt: at(0).toISOString(), pausedReason: null, pausedAt: null,
      },
    });
    store.pauseChannel({ ...GUILD, channelId: 'C1' }, 'Missing Permissions', at(1));
    const replaced = store.upsertSubscription({ ...request, keywords: [], mode: 'weekly', mention: { kind: 'here' }, createdBy: 'U2' }, at(2));
    expect(replaced).toMatchObject({
      created: false,
      subscription: {
        id: created.subscription.id, keywords: [], mode: 'weekly', mention: { kind: 'here' }, createdBy: 'U2', createdAt: at(0).toISOString(), pausedReason: null,
      },
    });
    subscribe(store, { channelId: 'C2', topic: 'hacktivism' });
    subscribe(store, { channelId: 'C1', topic: '*' });
    subscribe(store, { ...OTHER_GUILD, channelId: 'C1' });

    expect(store.listSubscriptions(GUILD, 'C1').map((s) => s.topic)).toEqual(['*', 'copyright-law']);
    expect(store.listSubscriptions(GUILD, null).map((s) => `${s.channelId}/${s.topic}`)).toEqual(['C1/*', 'C1/copyright-law', 'C2/hacktivism']);
    expect(store.listSubscriptions(TEAM, null)).toEqual([]);
  });

  it('removes one topic or the whole channel, deliveries included', () => {
    const store = openTestStore();
    const all = subscribe(store, { topic: '*' });
    subscribe(store, { topic: 'hacktivism' });
    subscribe(store, { topic: 'copyright-law' });
    const item = storeItem(store, newFeed(store));
    analyse(store, item, ['hacktivism']);
    expect(store.removeSubscriptions({ ...GUILD, channelId: 'C1' }, 'hacktivism')).toBe(1);
    expect(store.removeSubscriptions({ ...GUILD, channelId: 'C1' }, 'hacktivism')).toBe(0);
    expect(outbox(store)).toEqual([`${all.id}:${item.id}:pending`]);
    expect(store.removeSubscriptions({ ...GUILD, channelId: 'C1' }, null)).toBe(2);
    expect(outbox(store)).toEqual([]);
    expect(store.listSubscriptions(GUILD, null)).toEqual([]);
  });
});

describe('recent stories', () => {
  it('lists topical stories the workspace can see, newest headline first, with their sources', () => {
    const store = openTestStore();
    const catalogue = newFeed(store, { title: 'Catalogue' });
    const mine = newFeed(store, { title: 'Mine', scope: 'discord:G1' });
    const theirs = newFeed(store, { title: 'Theirs', scope: 'discord:G2' });
    const old = storeItem(store, catalogue, { title: 'Old ruling', publishedAt: '2025-02-01T00:00:00.000Z' });
    analyse(store, old, ['copyright-law']);
    const joined = storeItem(store, mine, { title: 'Old ruling, our take', publishedAt: '2025-02-02T00:00:00.000Z' });
    analyse(store, joined, ['copyright-law'], { story: old.id });
    const hack = storeItem(store, catalogue, { title: 'Defacement', publishedAt: '2025-02-10T00:00:00.000Z' });
    analyse(store, hack, ['hacktivism']);
    const secret = storeItem(store, theirs, { title: 'Their scoop', publishedAt: '2025-02-20T00:00:00.000Z' });
    analyse(store, secret, ['copyright-law']);
    const weather = storeItem(store, catalogue, { title: 'Rain', publishedAt: '2025-02-25T00:00:00.000Z' });
    analyse(store, weather, []);

    expect(store.recentStories(GUILD, { topic: null, limit: 10 })).toEqual([
      { storyId: hack.id, headline: 'Defacement', url: hack.url, summary: 'Summary of Defacement', sources: ['Catalogue'], publishedAt: '2025-02-10T00:00:00.000Z', topics: ['hacktivism'] },
      { storyId: old.id, headline: 'Old ruling', url: old.url, summary: 'Summary of Old ruling', sources: ['Catalogue', 'Mine'], publishedAt: '2025-02-01T00:00:00.000Z', topics: ['copyright-law'] },
    ]);
    expect(store.recentStories(GUILD, { topic: 'copyright-law', limit: 10 }).map((story) => story.headline)).toEqual(['Old ruling']);
    expect(store.recentStories(GUILD, { topic: null, limit: 1 }).map((story) => story.headline)).toEqual(['Defacement']);
    // Another workspace sees its own scoop, and the shared story without our feed among its sources.
    expect(store.recentStories(OTHER_GUILD, { topic: 'copyright-law', limit: 10 }).map((story) => [story.headline, story.sources])).toEqual([
      ['Their scoop', ['Theirs']],
      ['Old ruling', ['Catalogue']],
    ]);
    expect(store.recentStories(TEAM, { topic: 'copyright-law', limit: 10 }).map((story) => story.headline)).toEqual(['Old ruling']);
  });
});

describe('migration 005', () => {
  it('gives stories analysed before it their headline time, so they are listed as recent', () => {
    const path = join(tempDir(), 'herald.db');
    const old = new Database(path);
    applyMigrations(old, path, MIGRATIONS.slice(0, 4));
    old.exec(`INSERT INTO feeds (id, url, interval_seconds, next_poll_at, created_at) VALUES (1, 'https://a.example.test/feed', 900, '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z');
      INSERT INTO items (id, feed_id, identity, title, text, published_at, content_hash, first_seen_at, topics, story_id, analyzed_at)
        VALUES (7, 1, 'guid:7', 'Before the upgrade', 'Text', '2025-01-02T00:00:00.000Z', 'h', '2025-01-02T00:00:00.000Z', '["hacktivism"]', 7, '2025-01-02T00:00:00.000Z');
      INSERT INTO stories (id, first_seen_at, updated_at, headline_item_id, topics) VALUES (7, '2025-01-02T00:00:00.000Z', '2025-01-02T00:00:00.000Z', 7, '["hacktivism"]');`);
    old.close();

    const store = openSqliteStore({ path });
    closeAfterTest(store);
    expect(store.recentStories(GUILD, { topic: 'hacktivism', limit: 5 }).map((story) => [story.headline, story.publishedAt, story.sources])).toEqual([
      ['Before the upgrade', '2025-01-02T00:00:00.000Z', ['a.example.test']],
    ]);
  });
});

describe('search', () => {
  it('finds items the workspace can see, by topic and date, a page at a time', () => {
    const store = openTestStore();
    const catalogue = newFeed(store, { title: 'Catalogue' });
    const theirs = newFeed(store, { title: 'Theirs', scope: 'slack:T9' });
    for (let n = 1; n <= 5; n++) {
      const item = storeItem(store, catalogue, { title: `Tracker takedown ${n}`, text: 'A torrent tracker went down.', publishedAt: `2025-02-0${n}T00:00:00.000Z` });
      analyse(store, item, n % 2 === 0 ? ['hacktivism'] : ['copyright-law']);
    }
    const hidden = storeItem(store, theirs, { title: 'Tracker takedown secret', publishedAt: '2025-02-09T00:00:00.000Z' });
    analyse(store, hidden, ['copyright-law']);

    const first = store.searchStories(GUILD, 'tracker', { topic: null, since: null, page: 1, pageSize: 2 });
    expect(first.more).toBe(true);
    expect(first.hits.map((hit) => hit.headline)).toEqual(['Tracker takedown 5', 'Tracker takedown 4']);
    expect(first.hits[0]).toMatchObject({ sources: ['Catalogue'], topics: ['copyright-law'], summary: 'Summary of Tracker takedown 5', publishedAt: '2025-02-05T00:00:00.000Z' });
    const last = store.searchStories(GUILD, 'tracker', { topic: null, since: null, page: 3, pageSize: 2 });
    expect([last.hits.map((hit) => hit.headline), last.more]).toEqual([['Tracker takedown 1'], false]);

    expect(store.searchStories(GUILD, 'tracker', { topic: 'hacktivism', since: null, page: 1, pageSize: 10 }).hits.map((hit) => hit.headline)).toEqual([
      'Tracker takedown 4', 'Tracker takedown 2',
    ]);
    expect(store.searchStories(GUILD, 'tracker', { topic: null, since: new Date('2025-02-04T00:00:00.000Z'), page: 1, pageSize: 10 }).hits.map((hit) => hit.itemId)).toHaveLength(2);
    expect(store.searchStories({ platform: 'slack', workspaceId: 'T9' }, 'secret', { topic: null, since: null, page: 1, pageSize: 10 }).hits.map((hit) => hit.itemId)).toEqual([hidden.id]);
    expect(store.searchStories(GUILD, 'secret', { topic: null, since: null, page: 1, pageSize: 10 })).toEqual({ hits: [], more: false });
  });
});

describe('workspace feeds and status', () => {
  it('lists the catalogue and the workspace\'s own feeds, and lets it remove only its own', () => {
    const store = openTestStore();
    const catalogue = newFeed(store);
    const added = store.addWorkspaceFeed(GUILD, { url: 'https://blog.example.test/feed', title: null }, at(0));
    expect(added).toMatchObject({ created: true, feed: { scope: 'discord:G1', intervalSeconds: 900, title: null, health: { lastOkAt: null } } });
    expect(store.addWorkspaceFeed(GUILD, { url: 'https://blog.example.test/feed', title: 'Again' }, at(1))).toMatchObject({ created: false, feed: { id: added.feed.id } });
    // A URL someone else added comes back as theirs.
    expect(store.addWorkspaceFeed(OTHER_GUILD, { url: 'https://blog.example.test/feed', title: null }, at(1)).feed.scope).toBe('discord:G1');
    const other = store.addWorkspaceFeed(OTHER_GUILD, { url: 'https://other.example.test/feed', title: null }, at(1)).feed;

    expect(store.listFeeds(GUILD).map((feed) => feed.id)).toEqual([catalogue.id, added.feed.id]);
    expect(store.listFeeds(OTHER_GUILD).map((feed) => feed.id)).toEqual([catalogue.id, other.id]);
    expect(store.listFeeds().map((feed) => feed.id)).toEqual([catalogue.id, added.feed.id, other.id]);
    expect(store.listFeeds({ scope: 'global' }).map((feed) => feed.id)).toEqual([catalogue.id]);

    expect(store.removeWorkspaceFeed(GUILD, catalogue.id)).toBe(false);
    expect(store.removeWorkspaceFeed(GUILD, other.id)).toBe(false);
    expect(store.removeWorkspaceFeed(GUILD, added.feed.id)).toBe(true);
    expect(store.listFeeds(GUILD).map((feed) => feed.id)).toEqual([catalogue.id]);
  });

  it('counts feed health, the last poll, the backlog, paused subscriptions and items', () => {
    const store = openTestStore();
    const ok = newFeed(store);
    const failing = newFeed(store);
    newFeed(store, { scope: 'discord:G1' });
    const disabled = newFeed(store, { scope: 'discord:G1' });
    newFeed(store, { scope: 'discord:G2' });
    subscribe(store, { channelId: 'C1' });
    subscribe(store, { channelId: 'C2' });
    subscribe(store, { ...OTHER_GUILD, channelId: 'C1' });
    storeItem(store, failing, {}, { now: at(1) });
    for (let n = 0; n < 3; n++) analyse(store, storeItem(store, ok, {}, { now: at(2) }), ['hacktivism']);
    store.recordPollFailure(failing.id, { now: at(3), code: 'ingest/timeout', message: 'timed out', nextPollAt: at(20), disableReason: null });
    store.recordPollFailure(disabled.id, { now: at(4), code: 'ingest/http-status', message: 'HTTP 410', nextPollAt: at(20), disableReason: 'gone' });
    const [due] = store.dueDeliveries(at(10), T0, 1);
    store.markSent(due!.delivery.id, 'M1', 1, at(10));
    store.pauseChannel({ ...GUILD, channelId: 'C2' }, 'Missing Access', at(11));

    const figures = store.statusFigures(GUILD);
    expect({ ...figures, paused: figures.paused.map((s) => [s.channelId, s.pausedReason]) }).toEqual({
      feeds: { ok: 1, failing: 1, disabled: 1, new: 1 },
      lastPollAt: at(4).toISOString(),
      backlog: 5,
      paused: [['C2', 'Missing Access']],
      items: 4,
    });
    expect(store.statusFigures(OTHER_GUILD)).toMatchObject({ feeds: { ok: 1, failing: 1, disabled: 0, new: 1 }, backlog: 3, paused: [] });
  });
});
