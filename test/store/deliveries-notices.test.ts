import { describe, expect, it } from 'vitest';
import type { Feed } from '../../src/domain/index.js';
import type { SqliteStore } from '../../src/store/index.js';
import { OTHER_GUILD, analyse, newFeed, storeItem, subscribe } from './subscriptions-kit.js';
import { at, openTestStore } from './store-fixture.js';

const HOUR = 60;
const DAY = 24 * HOUR;

function fail(store: SqliteStore, feed: Feed, minute: number, disableReason: string | null = null): void {
  store.recordPollFailure(feed.id, { now: at(minute), code: 'ingest/http-status', message: 'HTTP 500', nextPollAt: at(minute + 30), disableReason });
}

/** A story from `feed` sent to the subscription's channel at `minute`. */
function deliverFrom(store: SqliteStore, feed: Feed, minute: number): void {
  const item = storeItem(store, feed, {}, { now: at(minute) });
  analyse(store, item, ['hacktivism'], { at: at(minute) });
  for (const due of store.dueDeliveries(at(minute), at(minute), 100)) store.markSent(due.delivery.id, `M-${due.delivery.id}`, 1, at(minute));
}

function channels(notices: ReturnType<SqliteStore['dueNotices']>): string[] {
  return notices.map(({ channel, notice }) => `${notice.kind} ${channel.platform}:${channel.workspaceId}:${channel.channelId}`);
}

describe('feed-health notices', () => {
  it('tell each channel that was sent a story from a feed failing for a day, once per episode', () => {
    const store = openTestStore();
    subscribe(store, { channelId: 'C1' });
    subscribe(store, { channelId: 'C2', topic: 'copyright-law' });
    const feed = newFeed(store, { title: 'Flaky' });
    deliverFrom(store, feed, 10);

    fail(store, feed, 100);
    fail(store, feed, 100 + DAY - 1);
    expect(store.dueNotices(at(100 + DAY - 1))).toEqual([]);
    const due = store.dueNotices(at(100 + DAY));
    expect(channels(due)).toEqual(['feed-failing discord:G1:C1']);
    expect(due[0]?.notice).toEqual({
      kind: 'feed-failing',
      feed: { id: feed.id, title: 'Flaky', url: feed.url },
      failures: 2,
      failingSince: at(100).toISOString(),
      lastError: 'HTTP 500',
      nextAttemptAt: at(100 + DAY - 1 + 30).toISOString(),
    });

    store.markNoticeSent(due[0]!.key, at(100 + DAY));
    store.markNoticeSent(due[0]!.key, at(100 + DAY + 1));
    fail(store, feed, 100 + 2 * DAY);
    expect(store.dueNotices(at(100 + 2 * DAY))).toEqual([]);

    // It recovers, then fails again: a new episode, a new notice.
    store.recordNotModified(feed.id, { now: at(100 + 3 * DAY), nextPollAt: at(100 + 3 * DAY + 30) });
    expect(store.dueNotices(at(100 + 3 * DAY))).toEqual([]);
    fail(store, feed, 100 + 4 * DAY);
    const again = store.dueNotices(at(100 + 5 * DAY));
    expect(channels(again)).toEqual(['feed-failing discord:G1:C1']);
    expect(again[0]?.key).not.toBe(due[0]?.key);
    store.markNoticeSent(again[0]!.key, at(100 + 5 * DAY));

    // Disabled during the same run: that is news of its own.
    fail(store, feed, 100 + 6 * DAY, 'failing for 2 days');
    const disabled = store.dueNotices(at(100 + 6 * DAY));
    expect(disabled.map((entry) => entry.notice)).toEqual([
      { kind: 'feed-disabled', feed: { id: feed.id, title: 'Flaky', url: feed.url }, failures: 2, reason: 'failing for 2 days' },
    ]);
  });

  it('tell every subscribed channel of the workspace that added the feed, and no other workspace', () => {
    const store = openTestStore();
    subscribe(store, { channelId: 'C1' });
    subscribe(store, { channelId: 'C2', topic: 'copyright-law' });
    subscribe(store, { ...OTHER_GUILD, channelId: 'C9' });
    const pausedChannel = subscribe(store, { channelId: 'C3' });
    store.pauseChannel(pausedChannel, 'Unknown Channel', at(0));
    const feed = newFeed(store, { scope: 'discord:G1' });
    fail(store, feed, 0, 'gone for good');
    expect(channels(store.dueNotices(at(1)))).toEqual(['feed-disabled discord:G1:C1', 'feed-disabled discord:G1:C2']);
  });

  it('leave alone channels whose last story from the feed is more than 30 days old, and healthy feeds', () => {
    const store = openTestStore();
    subscribe(store, { channelId: 'C1' });
    const feed = newFeed(store);
    const healthy = newFeed(store);
    deliverFrom(store, feed, 0);
    deliverFrom(store, healthy, 0);
    fail(store, feed, 31 * DAY);
    expect(store.dueNotices(at(32 * DAY))).toEqual([]);
    fail(store, feed, 32 * DAY, 'failing for a day');
    expect(store.dueNotices(at(32 * DAY))).toEqual([]);
    // Seen from a day within 30 days of that story, the channel would depend on the feed.
    expect(channels(store.dueNotices(at(29 * DAY)))).toEqual(['feed-disabled discord:G1:C1']);
  });
});

describe('feed-health notices across workspaces', () => {
  it('never name a workspace’s own feed to another workspace that got the same story', () => {
    const store = openTestStore();
    subscribe(store, { channelId: 'A-chan' }); // workspace G1
    subscribe(store, { ...OTHER_GUILD, channelId: 'B-chan' });
    const global = newFeed(store, { title: 'Catalogue' });
    const secret = newFeed(store, { title: 'G1 intranet', scope: 'discord:G1', url: 'https://intranet.example/feed?token=SECRET' });
    // One story from both feeds: G2 sees it through the catalogue item.
    const first = storeItem(store, global, { identity: 'id:a' }, { now: at(10) });
    analyse(store, first, ['hacktivism'], { at: at(10) });
    const second = storeItem(store, secret, { identity: 'id:b' }, { now: at(11) });
    analyse(store, second, ['hacktivism'], { story: first.id, at: at(11) });
    for (const due of store.dueDeliveries(at(12), at(12), 100)) store.markSent(due.delivery.id, `M-${due.delivery.id}`, 1, at(12));

    store.recordPollFailure(secret.id, { now: at(100), code: 'ingest/http-status', message: 'HTTP 500', nextPollAt: at(130), disableReason: 'gone' });
    const notices = store.dueNotices(at(101));
    expect(channels(notices)).toEqual(['feed-disabled discord:G1:A-chan']);
  });
});
