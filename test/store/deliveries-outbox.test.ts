import { describe, expect, it } from 'vitest';
import { GUILD, OTHER_GUILD, analyse, newFeed, outbox, storeItem, subscribe } from './subscriptions-kit.js';
import { at, openTestStore } from './store-fixture.js';

const CHANNEL = { ...GUILD, channelId: 'C1' };

describe('the outbox', () => {
  it('builds the alert from the story: headline item, summary, sources in order with their links, topics, mention', () => {
    const store = openTestStore();
    const subscription = subscribe(store, { mention: { kind: 'role', id: 'R1' } });
    const first = storeItem(store, newFeed(store, { title: 'Torrent News' }), {
      title: 'Tracker raided', url: 'https://torrent.example.test/raid', publishedAt: '2025-03-01T09:00:00.000Z',
    });
    analyse(store, first, ['copyright-law'], { summary: 'Police raided a tracker.' });
    // An untitled feed is named by its host; a feed of another workspace is not shown here.
    const second = storeItem(store, newFeed(store, { title: null, url: 'https://news.example.test/rss' }), { url: 'https://news.example.test/a' }, { now: at(5) });
    analyse(store, second, ['copyright-law', 'hacktivism'], { story: first.id, at: at(6) });
    const hidden = storeItem(store, newFeed(store, { title: 'Private', scope: 'discord:G2' }), {}, { now: at(7) });
    analyse(store, hidden, ['copyright-law'], { story: first.id, at: at(8) });

    const due = store.dueDeliveries(at(10), at(0), 10);
    expect(due).toHaveLength(1);
    expect(due[0]?.subscription.id).toBe(subscription.id);
    expect(due[0]?.delivery).toMatchObject({ storyId: first.id, status: 'pending', attempts: 0, messageId: null, sourcesPosted: 0 });
    expect(due[0]?.alert).toEqual({
      deliveryId: String(due[0]?.delivery.id),
      storyId: first.id,
      headline: 'Tracker raided',
      url: 'https://torrent.example.test/raid',
      summary: 'Police raided a tracker.',
      topics: ['copyright-law', 'hacktivism'],
      sources: [
        { name: 'Torrent News', url: 'https://torrent.example.test/raid' },
        { name: 'news.example.test', url: 'https://news.example.test/a' },
      ],
      publishedAt: '2025-03-01T09:00:00.000Z',
      lang: 'en',
      mention: { kind: 'role', id: 'R1' },
    });
  });

  it('goes due → sending → sent, and a sent row is never due again', () => {
    const store = openTestStore();
    subscribe(store);
    const item = storeItem(store, newFeed(store));
    analyse(store, item, ['hacktivism']);
    // Rows are due from the time they were matched.
    expect(store.dueDeliveries(at(1), at(0), 10)).toEqual([]);
    const [due] = store.dueDeliveries(at(2), at(0), 10);
    const id = due!.delivery.id;

    store.markSending(id, at(3));
    // An attempt in progress (started after stuckBefore) belongs to whoever started it.
    expect(store.dueDeliveries(at(4), at(0), 10)).toEqual([]);
    store.markSent(id, 'M-1', 1, at(4));
    expect(store.dueDeliveries(at(100), at(99), 10)).toEqual([]);
    expect(outbox(store)).toEqual([`${due!.subscription.id}:${item.id}:sent`]);
  });

  it('gives a `sending` row interrupted by a crash back once its attempt is older than stuckBefore', () => {
    const store = openTestStore();
    subscribe(store);
    const item = storeItem(store, newFeed(store));
    analyse(store, item, ['hacktivism']);
    const [due] = store.dueDeliveries(at(2), at(0), 10);
    store.markSending(due!.delivery.id, at(3));

    expect(store.dueDeliveries(at(5), at(3), 10)).toEqual([]);
    const [back] = store.dueDeliveries(at(5), at(4), 10);
    expect(back?.delivery).toMatchObject({ id: due!.delivery.id, status: 'sending', attemptStartedAt: at(3).toISOString() });
  });

  it('retries at nextAttemptAt, counting attempts and keeping the error', () => {
    const store = openTestStore();
    subscribe(store);
    const item = storeItem(store, newFeed(store));
    analyse(store, item, ['hacktivism']);
    const [due] = store.dueDeliveries(at(2), at(0), 10);
    store.markSending(due!.delivery.id, at(3));
    store.markRetry(due!.delivery.id, 'HTTP 503', at(10));

    expect(store.dueDeliveries(at(9), at(0), 10)).toEqual([]);
    const [again] = store.dueDeliveries(at(10), at(0), 10);
    expect(again?.delivery).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 503', nextAttemptAt: at(10).toISOString() });
    store.markFailed(again!.delivery.id, 'too many attempts');
    expect(store.dueDeliveries(at(100), at(99), 10)).toEqual([]);
    expect(outbox(store)).toEqual([`${again!.subscription.id}:${item.id}:failed`]);
  });

  it('never turns a sent message back into a post when its update fails', () => {
    const store = openTestStore();
    subscribe(store);
    const item = storeItem(store, newFeed(store));
    analyse(store, item, ['hacktivism']);
    const [due] = store.dueDeliveries(at(2), at(0), 10);
    store.markSent(due!.delivery.id, 'M-1', 1, at(3));
    const second = storeItem(store, newFeed(store), {}, { now: at(4) });
    analyse(store, second, ['hacktivism'], { story: item.id, at: at(5) });

    store.markRetry(due!.delivery.id, 'edit failed: HTTP 500', at(6));
    expect(store.dueDeliveries(at(100), at(99), 10)).toEqual([]);
    expect(store.staleDeliveries(10).map((entry) => entry.delivery.lastError)).toEqual(['edit failed: HTTP 500']);
    store.markFailed(due!.delivery.id, 'gave up editing');
    expect(store.staleDeliveries(10)).toEqual([]);
    expect(outbox(store)).toEqual([`${due!.subscription.id}:${item.id}:sent`]);
  });

  it('pauses every subscription of a channel: nothing there is due until one is resumed', () => {
    const store = openTestStore();
    const copyright = subscribe(store, { topic: 'copyright-law' });
    const hacktivism = subscribe(store, { topic: 'hacktivism' });
    const elsewhere = subscribe(store, { ...OTHER_GUILD, channelId: 'C1', topic: 'hacktivism' });
    const feed = newFeed(store);
    const one = storeItem(store, feed);
    analyse(store, one, ['copyright-law', 'hacktivism']);

    const paused = store.pauseChannel(CHANNEL, 'Missing Access', at(3));
    expect(paused.map((subscription) => [subscription.id, subscription.pausedReason, subscription.pausedAt])).toEqual([
      [copyright.id, 'Missing Access', at(3).toISOString()],
      [hacktivism.id, 'Missing Access', at(3).toISOString()],
    ]);
    // Stories matched while paused wait too.
    const two = storeItem(store, feed, {}, { now: at(4) });
    analyse(store, two, ['hacktivism'], { at: at(5) });
    expect(store.dueDeliveries(at(10), at(0), 10).map((due) => due.subscription.id)).toEqual([elsewhere.id, elsewhere.id]);

    const resumed = store.upsertSubscription({ ...CHANNEL, topic: 'hacktivism', keywords: [], exclude: [], mode: 'instant', mention: null, createdBy: 'U-mod' }, at(11));
    expect(resumed).toMatchObject({ created: false, subscription: { id: hacktivism.id, pausedReason: null, pausedAt: null } });
    expect(store.dueDeliveries(at(12), at(0), 10).map((due) => [due.subscription.id, due.delivery.storyId])).toEqual([
      [hacktivism.id, one.id],
      [elsewhere.id, one.id],
      [hacktivism.id, two.id],
      [elsewhere.id, two.id],
    ]);
  });

  it('fails rows whose story is gone with its feed instead of handing out an empty alert', () => {
    const store = openTestStore();
    subscribe(store);
    const feed = newFeed(store);
    const item = storeItem(store, feed);
    analyse(store, item, ['hacktivism']);
    store.removeFeed(feed.id);
    expect(store.dueDeliveries(at(10), at(0), 10)).toEqual([]);
    expect(outbox(store)).toEqual([`1:${item.id}:failed`]);
  });

  it('hands out at most `limit` rows, oldest first', () => {
    const store = openTestStore();
    subscribe(store);
    const feed = newFeed(store);
    const items = [3, 1, 2].map((minute) => {
      const item = storeItem(store, feed);
      analyse(store, item, ['hacktivism'], { at: at(minute) });
      return item;
    });
    expect(store.dueDeliveries(at(10), at(0), 2).map((due) => due.delivery.storyId)).toEqual([items[1]?.id, items[2]?.id]);
  });
});
