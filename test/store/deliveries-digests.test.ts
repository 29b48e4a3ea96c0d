import { describe, expect, it } from 'vitest';
import type { SqliteStore } from '../../src/store/index.js';
import { periodStart } from '../../src/store/digest-queries.js';
import { analyse, newFeed, outbox, storeItem, subscribe } from './subscriptions-kit.js';
import { openTestStore } from './store-fixture.js';

const utc = (iso: string) => new Date(iso);

/** One story matched (and stored) at `when`, with `outlets` sources. */
function storyAt(store: SqliteStore, when: string, topics: string[], title: string, outlets = 1): number {
  const first = storeItem(store, newFeed(store, { title: `${title} outlet 1` }), { title, publishedAt: when }, { now: utc(when) });
  analyse(store, first, topics, { at: utc(when) });
  for (let n = 2; n <= outlets; n++) {
    const more = storeItem(store, newFeed(store, { title: `${title} outlet ${n}` }), { title: `${title} (${n})`, publishedAt: when }, { now: utc(when) });
    analyse(store, more, topics, { story: first.id, at: utc(when) });
  }
  return first.id;
}

describe('digests', () => {
  it('cut periods at UTC midnight, and weeks at Monday 00:00 UTC', () => {
    expect(periodStart('daily', utc('2025-03-05T23:59:59.999Z')).toISOString()).toBe('2025-03-05T00:00:00.000Z');
    expect(periodStart('weekly', utc('2025-03-05T12:00:00.000Z')).toISOString()).toBe('2025-03-03T00:00:00.000Z');
    expect(periodStart('weekly', utc('2025-03-09T23:59:59.999Z')).toISOString()).toBe('2025-03-03T00:00:00.000Z');
    expect(periodStart('weekly', utc('2025-03-10T00:00:00.000Z')).toISOString()).toBe('2025-03-10T00:00:00.000Z');
    // ISO week 1 of 2025 starts on Monday 30 December 2024.
    expect(periodStart('weekly', utc('2025-01-01T08:00:00.000Z')).toISOString()).toBe('2024-12-30T00:00:00.000Z');
  });

  it('post a daily digest once the day is over, once', () => {
    const store = openTestStore();
    const subscription = subscribe(store, { mode: 'daily' });
    const story = storyAt(store, '2025-03-03T10:00:00.000Z', ['copyright-law'], 'Label sues');
    expect(store.dueDeliveries(utc('2025-03-04T10:00:00.000Z'), utc('2025-03-04T09:00:00.000Z'), 10)).toEqual([]);
    expect(store.dueDigests(utc('2025-03-03T23:59:59.999Z'))).toEqual([]);

    const due = store.dueDigests(utc('2025-03-04T00:00:00.000Z'));
    expect(due).toHaveLength(1);
    expect(due[0]?.key).toBe(`digest:${subscription.id}:2025-03-04T00:00:00.000Z`);
    expect(due[0]?.digest).toEqual({
      period: 'daily',
      since: '2025-03-03T00:00:00.000Z',
      until: '2025-03-04T00:00:00.000Z',
      groups: [{
        topic: 'copyright-law',
        stories: [{ headline: 'Label sues', url: expect.any(String), summary: 'Summary of Label sues', sources: ['Label sues outlet 1'], publishedAt: '2025-03-03T10:00:00.000Z' }],
        more: 0,
      }],
    });
    // Asked again before it is recorded (a crash before posting), it is the same digest.
    expect(store.dueDigests(utc('2025-03-04T00:05:00.000Z'))[0]?.key).toBe(due[0]?.key);

    // A story of the new day waits for the next digest.
    const today = storyAt(store, '2025-03-04T08:00:00.000Z', ['copyright-law'], 'Court rules');
    store.markDigestSent(subscription.id, due[0]!.deliveryIds, 'D-1', utc('2025-03-04T00:00:00.000Z'), utc('2025-03-04T08:30:00.000Z'));
    expect(store.dueDigests(utc('2025-03-04T09:00:00.000Z'))).toEqual([]);
    expect(outbox(store)).toEqual([`${subscription.id}:${story}:sent`, `${subscription.id}:${today}:digest`]);
    // A digest message is never edited as if it were an alert.
    const again = storeItem(store, newFeed(store), { title: 'Label sues, again' }, { now: utc('2025-03-04T08:40:00.000Z') });
    analyse(store, again, ['copyright-law'], { story, at: utc('2025-03-04T08:41:00.000Z') });
    expect(store.staleDeliveries(10)).toEqual([]);
    expect(outbox(store)).toEqual([`${subscription.id}:${story}:sent`, `${subscription.id}:${today}:digest`]);

    const next = store.dueDigests(utc('2025-03-05T00:00:01.000Z'));
    expect(next.map((entry) => [entry.key, entry.digest.groups[0]?.stories.map((s) => s.headline)])).toEqual([
      [`digest:${subscription.id}:2025-03-05T00:00:00.000Z`, ['Court rules']],
    ]);
  });

  it('post a weekly digest after Sunday ends, folding in weeks missed while Herald was down', () => {
    const store = openTestStore();
    const subscription = subscribe(store, { mode: 'weekly' }, utc('2025-02-01T00:00:00.000Z'));
    storyAt(store, '2025-02-26T10:00:00.000Z', ['hacktivism'], 'Old week');
    storyAt(store, '2025-03-05T10:00:00.000Z', ['hacktivism'], 'This week');
    // On Sunday night only the previous week is over, and only its story is in it.
    expect(store.dueDigests(utc('2025-03-09T23:59:59.000Z')).map((entry) => [entry.key, entry.digest.groups[0]?.stories.map((story) => story.headline)])).toEqual([
      [`digest:${subscription.id}:2025-03-03T00:00:00.000Z`, ['Old week']],
    ]);
    // Not posted (Herald was down); the next week's digest takes both.
    const [due] = store.dueDigests(utc('2025-03-10T00:00:00.000Z'));
    expect(due?.key).toBe(`digest:${subscription.id}:2025-03-10T00:00:00.000Z`);
    expect(due?.digest).toMatchObject({ period: 'weekly', since: '2025-02-24T00:00:00.000Z', until: '2025-03-10T00:00:00.000Z' });
    expect(due?.digest.groups[0]?.stories.map((story) => story.headline)).toEqual(['This week', 'Old week']);
  });

  it('group by topic, most sources then newest first, at most 5 per topic with a count of the rest', () => {
    const store = openTestStore();
    subscribe(store, { mode: 'daily' });
    const day = '2025-03-03T';
    for (let n = 1; n <= 7; n++) storyAt(store, `${day}0${n}:00:00.000Z`, ['copyright-law'], `Copyright ${n}`, n === 2 ? 3 : n === 5 ? 2 : 1);
    storyAt(store, `${day}10:00:00.000Z`, ['hacktivism', 'copyright-law'], 'Hack 1');
    storyAt(store, `${day}11:00:00.000Z`, ['hacktivism'], 'Hack 2');

    const [due] = store.dueDigests(utc('2025-03-04T00:00:00.000Z'));
    expect(due?.deliveryIds).toHaveLength(9);
    expect(due?.digest.groups.map((group) => [group.topic, group.stories.map((story) => story.headline), group.more])).toEqual([
      ['copyright-law', ['Copyright 2', 'Copyright 5', 'Copyright 7', 'Copyright 6', 'Copyright 4'], 2],
      ['hacktivism', ['Hack 2', 'Hack 1'], 0],
    ]);
    expect(due?.digest.groups[0]?.stories[0]?.sources).toEqual(['Copyright 2 outlet 1', 'Copyright 2 outlet 2', 'Copyright 2 outlet 3']);
  });

  it('skip paused subscriptions, and release waiting stories at once when the mode becomes instant', () => {
    const store = openTestStore();
    const subscription = subscribe(store, { mode: 'daily' });
    const story = storyAt(store, '2025-03-03T10:00:00.000Z', ['copyright-law'], 'Label sues');
    store.pauseChannel(subscription, 'Missing Access', utc('2025-03-03T11:00:00.000Z'));
    expect(store.dueDigests(utc('2025-03-04T00:00:00.000Z'))).toEqual([]);

    subscribe(store, { mode: 'instant' }, utc('2025-03-04T01:00:00.000Z'));
    expect(store.dueDigests(utc('2025-03-04T02:00:00.000Z'))).toEqual([]);
    expect(store.dueDeliveries(utc('2025-03-04T02:00:00.000Z'), utc('2025-03-04T01:00:00.000Z'), 10).map((due) => due.delivery.storyId)).toEqual([story]);
  });
});
