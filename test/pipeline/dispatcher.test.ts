// The dispatcher over a real SQLite outbox: alerts go out once and in order, failures are retried
// or pause the channel, an attempt interrupted by a crash is looked for before posting again, and
// stories that gained sources are edited. The platform here is a scripted ChatPlatform (our own
// port); the real Discord and Slack adapters are tested against protocol fakes in test/chat and test/e2e.
import { describe, expect, it } from 'vitest';
import type { ChatPlatform, OutgoingMessage, SendResult } from '../../src/chat/port.js';
import type { ChannelRef, PlatformName } from '../../src/domain/subscription.js';
import { silentLogger } from '../../src/logger.js';
import { createDispatcher, type DispatcherOptions } from '../../src/pipeline/dispatcher.js';
import { createPacer } from '../../src/pipeline/pacer.js';
import type { SqliteStore } from '../../src/store/index.js';
import { analyse, newFeed, storeItem, subscribe } from '../store/subscriptions-kit.js';
import { at, openTestStore } from '../store/store-fixture.js';

interface Call {
  kind: 'post' | 'update' | 'find';
  channel: string;
  key?: string;
  headline?: string;
  sources?: number;
}

/** A platform whose answers the test scripts; it remembers what it "posted", like a channel. */
function scriptedPlatform(name: PlatformName = 'discord') {
  const calls: Call[] = [];
  const posted = new Map<string, string>();
  const answers: Array<(key: string) => SendResult> = [];
  let findFails = false;
  let counter = 0;
  const platform: ChatPlatform = {
    name,
    pacing: { perChannelIntervalMs: 0, globalPerSecond: 1_000_000 },
    async start() {},
    async stop() {},
    async post(channel: ChannelRef, message: OutgoingMessage, key: string) {
      calls.push({ kind: 'post', channel: channel.channelId, key, ...(message.kind === 'alert' ? { headline: message.alert.headline, sources: message.alert.sources.length } : {}) });
      const answer = answers.shift();
      const id = `m${++counter}`;
      if (!answer) {
        posted.set(key, id);
        return { ok: true, messageId: id };
      }
      const result = answer(key);
      // "unknown" here means: it did reach the channel, the answer got lost.
      if (result.ok || result.kind === 'unknown') posted.set(key, result.ok ? result.messageId : id);
      return result;
    },
    async update(channel, messageId, message) {
      calls.push({ kind: 'update', channel: channel.channelId, key: messageId, ...(message.kind === 'alert' ? { sources: message.alert.sources.length } : {}) });
      return { ok: true, messageId };
    },
    async findPosted(channel, key) {
      calls.push({ kind: 'find', channel: channel.channelId, key });
      if (findFails) throw new Error('history unavailable');
      return posted.get(key) ?? null;
    },
  };
  return {
    platform,
    calls,
    posts: () => calls.filter((call) => call.kind === 'post'),
    answerNext: (...results: Array<(key: string) => SendResult>) => answers.push(...results),
    failFinds: (fails: boolean) => {
      findFails = fails;
    },
  };
}

function dispatcher(store: SqliteStore, platform: ChatPlatform, clock: { now: Date }, extra: Partial<DispatcherOptions> = {}) {
  return createDispatcher({
    store,
    platforms: new Map([[platform.name, platform]]),
    clock: () => clock.now,
    log: silentLogger(),
    random: () => 0.5,
    pacers: new Map([[platform.name, createPacer({ ...platform.pacing, sleep: async () => true })]]),
    ...extra,
  });
}

/** One story on copyright law, reported by one outlet, stored fresh at minute `minute`. */
function story(store: SqliteStore, title: string, minute: number) {
  const feed = newFeed(store);
  const item = storeItem(store, feed, { title, identity: `id:${title}` }, { now: at(minute) });
  analyse(store, item, ['copyright-law'], { at: at(minute) });
  return { feed, item };
}

describe('dispatcher', () => {
  it('posts each due alert once, oldest first, and records it as sent', async () => {
    const store = openTestStore();
    subscribe(store);
    story(store, 'First ruling', 1);
    story(store, 'Second ruling', 2);
    const platform = scriptedPlatform();
    const clock = { now: at(3) };
    const run = dispatcher(store, platform.platform, clock);
    expect(await run.runOnce()).toMatchObject({ sent: 2, retried: 0 });
    expect(platform.posts().map((call) => call.headline)).toEqual(['First ruling', 'Second ruling']);
    expect(await run.runOnce()).toMatchObject({ sent: 0 });
    expect(platform.posts()).toHaveLength(2);
  });

  it('retries a transient failure after the platform’s Retry-After, keeping the channel’s order', async () => {
    const store = openTestStore();
    subscribe(store);
    story(store, 'First ruling', 1);
    story(store, 'Second ruling', 2);
    const platform = scriptedPlatform();
    platform.answerNext(() => ({ ok: false, kind: 'transient', reason: '429', retryAfterMs: 90_000 }));
    const clock = { now: at(3) };
    const run = dispatcher(store, platform.platform, clock);
    expect(await run.runOnce()).toMatchObject({ sent: 0, retried: 1 });
    // The second alert waited behind the first.
    expect(platform.posts().map((call) => call.headline)).toEqual(['First ruling']);
    clock.now = new Date(at(3).getTime() + 60_000);
    expect(await run.runOnce()).toMatchObject({ sent: 1 }); // only the second: the first is not due yet
    clock.now = new Date(at(3).getTime() + 91_000);
    const third = await run.runOnce();
    expect(third.sent + third.recovered).toBe(1);
    const headlines = platform.posts().map((call) => call.headline);
    expect(headlines.filter((h) => h === 'First ruling')).toHaveLength(2); // one failed attempt, one post
    expect(headlines.filter((h) => h === 'Second ruling')).toHaveLength(1);
  });

  it('pauses every subscription of a channel on a permanent error and sends nothing more there', async () => {
    const store = openTestStore();
    const sub = subscribe(store);
    story(store, 'First ruling', 1);
    story(store, 'Second ruling', 2);
    const platform = scriptedPlatform();
    platform.answerNext(() => ({ ok: false, kind: 'permanent', reason: 'Herald can no longer see this channel (Missing Access).' }));
    const clock = { now: at(3) };
    const run = dispatcher(store, platform.platform, clock);
    expect(await run.runOnce()).toMatchObject({ paused: 1, sent: 0 });
    const [paused] = store.listSubscriptions({ platform: sub.platform, workspaceId: sub.workspaceId }, sub.channelId);
    expect(paused?.pausedReason).toMatch(/Missing Access/);
    clock.now = at(60);
    await run.runOnce();
    expect(platform.posts()).toHaveLength(1);
    // Subscribing again resumes, and what waited goes out.
    subscribe(store);
    expect(await run.runOnce()).toMatchObject({ sent: 2 });
  });

  it('after an unknown outcome, finds the message in the channel instead of posting it again', async () => {
    const store = openTestStore();
    subscribe(store);
    story(store, 'First ruling', 1);
    const platform = scriptedPlatform();
    platform.answerNext(() => ({ ok: false, kind: 'unknown', reason: 'socket hang up' }));
    const clock = { now: at(3) };
    const run = dispatcher(store, platform.platform, clock);
    expect(await run.runOnce()).toMatchObject({ retried: 1 });
    clock.now = at(30);
    expect(await run.runOnce()).toMatchObject({ recovered: 1, sent: 0 });
    expect(platform.posts()).toHaveLength(1);
    expect(await run.runOnce()).toMatchObject({ recovered: 0, sent: 0 });
  });

  it('recovers an attempt a crash interrupted (row left "sending") without a second post', async () => {
    const store = openTestStore();
    subscribe(store);
    story(store, 'First ruling', 1);
    const platform = scriptedPlatform();
    const clock = { now: at(3) };
    // The crash: the attempt was marked, the platform got the message, the answer was never recorded.
    const [due] = store.dueDeliveries(clock.now, at(0), 10);
    if (!due) throw new Error('expected a due delivery');
    store.markSending(due.delivery.id, clock.now);
    await platform.platform.post(due.subscription, { kind: 'alert', alert: due.alert }, `d${due.delivery.id}`);
    // Not yet considered stuck: nothing happens.
    const run = dispatcher(store, platform.platform, clock, { stuckAfterMs: 120_000 });
    expect(await run.runOnce()).toMatchObject({ sent: 0, recovered: 0 });
    clock.now = at(10);
    expect(await run.runOnce()).toMatchObject({ recovered: 1, sent: 0 });
    expect(platform.posts()).toHaveLength(1);
  });

  it('does not post blind when the channel’s history cannot be read', async () => {
    const store = openTestStore();
    subscribe(store);
    story(store, 'First ruling', 1);
    const platform = scriptedPlatform();
    platform.answerNext(() => ({ ok: false, kind: 'unknown', reason: 'timeout' }));
    const clock = { now: at(3) };
    const run = dispatcher(store, platform.platform, clock);
    await run.runOnce();
    platform.failFinds(true);
    clock.now = at(30);
    expect(await run.runOnce()).toMatchObject({ retried: 1, sent: 0 });
    expect(platform.posts()).toHaveLength(1);
    platform.failFinds(false);
    clock.now = at(120);
    expect(await run.runOnce()).toMatchObject({ recovered: 1 });
    expect(platform.posts()).toHaveLength(1);
  });

  it('gives up after the configured attempts and says so', async () => {
    const store = openTestStore();
    subscribe(store);
    story(store, 'First ruling', 1);
    const platform = scriptedPlatform();
    for (let i = 0; i < 3; i++) platform.answerNext(() => ({ ok: false, kind: 'transient', reason: '503', retryAfterMs: null }));
    const clock = { now: at(3) };
    const run = dispatcher(store, platform.platform, clock, { maxAttempts: 3 });
    let failed = 0;
    for (let round = 0; round < 6; round++) {
      failed += (await run.runOnce()).failed;
      clock.now = new Date(clock.now.getTime() + 3_600_000);
    }
    expect(failed).toBe(1);
    // Attempts after the first look for an earlier success first; none was found, so they posted.
    expect(platform.posts()).toHaveLength(3);
  });

  it('edits the posted alert when another outlet reports the story', async () => {
    const store = openTestStore();
    subscribe(store);
    const { item } = story(store, 'Court orders ISPs to block piracy sites', 1);
    const platform = scriptedPlatform();
    const clock = { now: at(3) };
    const run = dispatcher(store, platform.platform, clock);
    await run.runOnce();
    const second = storeItem(store, newFeed(store, { title: 'Second Outlet' }), { title: 'ISPs told to block piracy sites', identity: 'id:second' }, { now: at(4) });
    analyse(store, second, ['copyright-law'], { story: item.id, at: at(4) });
    clock.now = at(5);
    expect(await run.runOnce()).toMatchObject({ sent: 0, updated: 1 });
    expect(platform.calls.filter((call) => call.kind === 'update')).toEqual([{ kind: 'update', channel: 'C1', key: 'm1', sources: 2 }]);
    expect(await run.runOnce()).toMatchObject({ updated: 0 });
  });

  it('sends nothing for platforms it was not given', async () => {
    const store = openTestStore();
    subscribe(store, { platform: 'slack', workspaceId: 'T1' });
    story(store, 'First ruling', 1);
    const platform = scriptedPlatform('discord');
    expect(await dispatcher(store, platform.platform, { now: at(3) }).runOnce()).toMatchObject({ sent: 0 });
    expect(platform.calls).toHaveLength(0);
  });
});

describe('dispatcher with a platform that is not running', () => {
  it('never lets that platform’s waiting rows crowd out the others', async () => {
    const store = openTestStore();
    // A console subscription left from a run without credentials, and a Discord one.
    subscribe(store, { platform: 'console', workspaceId: 'local', channelId: 'console' });
    subscribe(store);
    for (let i = 0; i < 5; i++) story(store, `Ruling ${i}`, 1 + i);
    const platform = scriptedPlatform('discord');
    // Rounds of 3 rows: with the console's 5 rows first in line, Discord would starve.
    const run = dispatcher(store, platform.platform, { now: at(10) }, { batchSize: 3 });
    await run.runOnce();
    await run.runOnce();
    expect(platform.posts().map((call) => call.headline)).toEqual(['Ruling 0', 'Ruling 1', 'Ruling 2', 'Ruling 3', 'Ruling 4']);
  });
});

describe('dispatcher digests', () => {
  it('sends one digest per channel and period, a group per topic, and only once', async () => {
    const store = openTestStore();
    subscribe(store, { topic: 'copyright-law', mode: 'daily' });
    subscribe(store, { topic: 'hacktivism', mode: 'daily' });
    story(store, 'Court orders ISPs to block piracy sites', 1);
    const feed = newFeed(store);
    const hack = storeItem(store, feed, { title: 'Hacktivists deface ministry site', identity: 'id:hack' }, { now: at(2) });
    analyse(store, hack, ['hacktivism'], { at: at(2) });
    const platform = scriptedPlatform();
    const posted: OutgoingMessage[] = [];
    const post = platform.platform.post.bind(platform.platform);
    platform.platform.post = async (channel, message, key) => {
      posted.push(message);
      return post(channel, message, key);
    };
    const clock = { now: at(60) };
    const run = dispatcher(store, platform.platform, clock);
    // Still inside the day: nothing yet.
    expect(await run.runOnce()).toMatchObject({ digests: 0, sent: 0 });
    clock.now = new Date('2025-03-02T00:05:00.000Z');
    expect(await run.runOnce()).toMatchObject({ digests: 1, sent: 0 });
    expect(posted).toHaveLength(1);
    const digest = posted[0]?.kind === 'digest' ? posted[0].digest : null;
    expect(digest?.groups.map((group) => [group.topic, group.stories.map((entry) => entry.headline)])).toEqual([
      ['copyright-law', ['Court orders ISPs to block piracy sites']],
      ['hacktivism', ['Hacktivists deface ministry site']],
    ]);
    expect(await run.runOnce()).toMatchObject({ digests: 0 });
  });
});

describe('dispatcher under failure', () => {
  it('a store error on one channel stops that channel for the round and posts nothing twice', async () => {
    const store = openTestStore();
    subscribe(store, { channelId: 'C1' });
    subscribe(store, { channelId: 'C2' });
    for (let i = 0; i < 3; i++) story(store, `Ruling ${i}`, 1 + i);
    const platform = scriptedPlatform();
    const markSent = store.markSent.bind(store);
    let failures = 1;
    const flaky: SqliteStore = Object.assign(Object.create(store) as SqliteStore, {
      markSent: (...args: Parameters<SqliteStore['markSent']>) => {
        if (failures-- > 0) throw new Error('SQLITE_BUSY: database is locked');
        markSent(...args);
      },
    });
    const clock = { now: at(10) };
    const run = dispatcher(flaky, platform.platform, clock, { stuckAfterMs: 60_000 });
    await run.runOnce();
    clock.now = at(20);
    await run.runOnce();
    await run.runOnce();
    const perChannel = (channel: string) => platform.posts().filter((call) => call.channel === channel).map((call) => call.headline);
    expect(perChannel('C1').sort()).toEqual(['Ruling 0', 'Ruling 1', 'Ruling 2']);
    expect(perChannel('C2').sort()).toEqual(['Ruling 0', 'Ruling 1', 'Ruling 2']);
  });

  it('backs off a failing edit instead of trying it every round, then leaves the alert as it is', async () => {
    const store = openTestStore();
    subscribe(store);
    const { item } = story(store, 'Court orders ISPs to block piracy sites', 1);
    const platform = scriptedPlatform();
    let edits = 0;
    platform.platform.update = async () => {
      edits++;
      return { ok: false, kind: 'transient', reason: '429', retryAfterMs: 600_000 };
    };
    const clock = { now: at(3) };
    const run = dispatcher(store, platform.platform, clock, { maxAttempts: 3 });
    await run.runOnce();
    const second = storeItem(store, newFeed(store), { title: 'ISPs told to block piracy sites', identity: 'id:second' }, { now: at(4) });
    analyse(store, second, ['copyright-law'], { story: item.id, at: at(4) });
    for (let round = 0; round < 10; round++) {
      clock.now = new Date(at(5).getTime() + round * 5_000);
      await run.runOnce();
    }
    expect(edits).toBe(1); // Retry-After 10 min: no second try within the 50 s of rounds
    for (let round = 0; round < 5; round++) {
      clock.now = new Date(clock.now.getTime() + 3_600_000);
      await run.runOnce();
    }
    expect(edits).toBe(3); // then gives up after maxAttempts
    expect(store.staleDeliveries(10)).toEqual([]);
  });
});
