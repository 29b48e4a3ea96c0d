import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/index.js';
import { GUILD, OTHER_GUILD, TEAM, analyse, newFeed, outbox, storeItem, subscribe } from './subscriptions-kit.js';
import { at, closeAfterTest, openTestStore, tempDir } from './store-fixture.js';

describe('matching in recordAnalysis', () => {
  it('writes one row per subscription whose topic is among the item\'s, or that takes every topic', () => {
    const store = openTestStore();
    const copyright = subscribe(store, { channelId: 'C-copy', topic: 'copyright-law' });
    const hacktivism = subscribe(store, { channelId: 'C-hack', topic: 'hacktivism' });
    const all = subscribe(store, { channelId: 'C-all', topic: '*' });
    const feed = newFeed(store);
    const item = storeItem(store, feed, { title: 'Court rules on fair use' });
    analyse(store, item, ['copyright-law']);
    const untopical = storeItem(store, feed, { title: 'Weather tomorrow' });
    analyse(store, untopical, []);

    expect(outbox(store)).toEqual([`${copyright.id}:${item.id}:pending`, `${all.id}:${item.id}:pending`]);
    expect(hacktivism.id).toBeGreaterThan(0);
  });

  it('puts digest subscriptions\' rows aside as `digest`', () => {
    const store = openTestStore();
    const daily = subscribe(store, { channelId: 'C-daily', mode: 'daily' });
    const weekly = subscribe(store, { channelId: 'C-weekly', mode: 'weekly' });
    const item = storeItem(store, newFeed(store));
    analyse(store, item, ['hacktivism']);
    expect(outbox(store)).toEqual([`${daily.id}:${item.id}:digest`, `${weekly.id}:${item.id}:digest`]);
  });

  it('matches keywords as whole words, case- and accent-insensitively, in the title, summary or text', () => {
    const store = openTestStore();
    const eu = subscribe(store, { channelId: 'C-eu', keywords: ['EU'] });
    const phrase = subscribe(store, { channelId: 'C-phrase', keywords: ['Société Générale'] });
    const summary = subscribe(store, { channelId: 'C-summary', keywords: ['injunction'] });
    const feed = newFeed(store);
    const europe = storeItem(store, feed, { title: 'Europe debates AI rules', text: 'Members of the European Parliament met.' });
    analyse(store, europe, ['copyright-law']);
    const euItem = storeItem(store, feed, { title: 'New rules for the eu: a directive', text: 'Brussels.' });
    analyse(store, euItem, ['copyright-law']);
    const bank = storeItem(store, feed, { title: 'Bank sued', text: 'SOCIETE GENERALE was named in a complaint.' });
    analyse(store, bank, ['copyright-law']);
    const split = storeItem(store, feed, { title: 'Societe statement', text: 'Générale assembly.' });
    analyse(store, split, ['copyright-law']);
    const court = storeItem(store, feed, { title: 'Court acts', text: 'Nothing more.' });
    analyse(store, court, ['copyright-law'], { summary: 'The court granted an Injunction against the site.' });

    expect(outbox(store)).toEqual([
      `${eu.id}:${euItem.id}:pending`,
      `${phrase.id}:${bank.id}:pending`,
      `${summary.id}:${court.id}:pending`,
    ]);
  });

  it('matches CJK keywords as substrings, and Latin words glued to CJK text as words', () => {
    const store = openTestStore();
    const cjk = subscribe(store, { channelId: 'C-ja', keywords: ['著作権'] });
    const google = subscribe(store, { channelId: 'C-google', keywords: ['google'] });
    const feed = newFeed(store);
    const law = storeItem(store, feed, { title: '政府、著作権法を改正へ', text: '文化庁が指針を公表した。' });
    analyse(store, law, ['copyright-law']);
    const suit = storeItem(store, feed, { title: 'Googleが提訴された', text: 'ニュース' });
    analyse(store, suit, ['copyright-law']);
    const googol = storeItem(store, feed, { title: 'Googleplex opens', text: 'A campus.' });
    analyse(store, googol, ['copyright-law']);

    expect(outbox(store)).toEqual([`${cjk.id}:${law.id}:pending`, `${google.id}:${suit.id}:pending`]);
  });

  it('never matches when an exclude keyword occurs', () => {
    const store = openTestStore();
    const subscription = subscribe(store, { keywords: ['leak'], exclude: ['rumour', '噂'] });
    const feed = newFeed(store);
    const rumour = storeItem(store, feed, { title: 'Leak: a Rumour about the ministry' });
    analyse(store, rumour, ['hacktivism']);
    const japanese = storeItem(store, feed, { title: 'Leak 噂の真相' });
    analyse(store, japanese, ['hacktivism']);
    const real = storeItem(store, feed, { title: 'Ministry confirms the leak' });
    analyse(store, real, ['hacktivism']);
    expect(outbox(store)).toEqual([`${subscription.id}:${real.id}:pending`]);
  });

  it('alerts a workspace\'s own feed only to that workspace; catalogue feeds alert everyone', () => {
    const store = openTestStore();
    const mine = subscribe(store, { ...GUILD, channelId: 'C1' });
    const otherGuild = subscribe(store, { ...OTHER_GUILD, channelId: 'C1' });
    // Same workspace id on another platform is another workspace.
    const slackSameId = subscribe(store, { ...TEAM, workspaceId: 'G1', channelId: 'C1' });
    const own = storeItem(store, newFeed(store, { scope: 'discord:G1' }));
    analyse(store, own, ['hacktivism']);
    const global = storeItem(store, newFeed(store));
    analyse(store, global, ['hacktivism']);

    expect(outbox(store)).toEqual([
      `${mine.id}:${own.id}:pending`,
      `${mine.id}:${global.id}:pending`,
      `${otherGuild.id}:${global.id}:pending`,
      `${slackSameId.id}:${global.id}:pending`,
    ]);
  });

  it('never alerts items the flood guard kept as history', () => {
    const store = openTestStore();
    subscribe(store);
    const history = storeItem(store, newFeed(store), {}, { fresh: false });
    analyse(store, history, ['copyright-law']);
    expect(outbox(store)).toEqual([]);
  });

  it('gives paused subscriptions their rows too: they wait for the resume', () => {
    const store = openTestStore();
    const subscription = subscribe(store);
    store.pauseChannel({ ...GUILD, channelId: 'C1' }, 'Missing Access', at(0));
    const item = storeItem(store, newFeed(store));
    analyse(store, item, ['copyright-law']);
    expect(outbox(store)).toEqual([`${subscription.id}:${item.id}:pending`]);
  });

  it('keeps one row per subscription when a second outlet reports the story, and marks the sent message stale', () => {
    const store = openTestStore();
    const subscription = subscribe(store);
    const first = storeItem(store, newFeed(store, { title: 'First Outlet' }), { title: 'Hack of the ministry' });
    analyse(store, first, ['hacktivism']);
    const [due] = store.dueDeliveries(at(3), at(0), 10);
    expect(due?.alert.sources.map((source) => source.name)).toEqual(['First Outlet']);
    store.markSending(due!.delivery.id, at(3));
    store.markSent(due!.delivery.id, 'M1', 1, at(3));
    expect(store.staleDeliveries(10)).toEqual([]);

    const secondFeed = newFeed(store, { title: 'Second Outlet' });
    const second = storeItem(store, secondFeed, { title: 'Ministry hacked' }, { now: at(10) });
    analyse(store, second, ['hacktivism'], { story: first.id, at: at(11) });
    expect(outbox(store)).toEqual([`${subscription.id}:${first.id}:sent`]);
    const stale = store.staleDeliveries(10);
    expect(stale.map((entry) => [entry.delivery.messageId, entry.delivery.sourcesPosted, entry.alert.sources.map((source) => source.name)])).toEqual([
      ['M1', 1, ['First Outlet', 'Second Outlet']],
    ]);
    store.markSent(due!.delivery.id, 'M1', 2, at(12));
    expect(store.staleDeliveries(10)).toEqual([]);

    // The same outlet again is no new source; a third one is.
    const again = storeItem(store, secondFeed, { title: 'Ministry hack: update' }, { now: at(15) });
    analyse(store, again, ['hacktivism'], { story: first.id, at: at(16) });
    expect(store.staleDeliveries(10)).toEqual([]);
    const third = storeItem(store, newFeed(store, { title: 'Third Outlet' }), { title: 'Ministry hack: more' }, { now: at(20) });
    analyse(store, third, ['hacktivism'], { story: first.id, at: at(21) });
    expect(store.staleDeliveries(10).map((entry) => entry.alert.sources.map((source) => source.name))).toEqual([
      ['First Outlet', 'Second Outlet', 'Third Outlet'],
    ]);
    expect(outbox(store)).toEqual([`${subscription.id}:${first.id}:sent`]);
  });

  it('does not match again when the same item is analysed again, but adds rows for topics it gained', () => {
    const store = openTestStore();
    const copyright = subscribe(store, { channelId: 'C-copy', topic: 'copyright-law' });
    const hacktivism = subscribe(store, { channelId: 'C-hack', topic: 'hacktivism' });
    const item = storeItem(store, newFeed(store));
    analyse(store, item, ['copyright-law']);
    analyse(store, item, ['copyright-law'], { at: at(5) });
    // The article page showed it is hacktivism too (the article stage records the analysis again).
    analyse(store, item, ['copyright-law', 'hacktivism'], { at: at(6) });
    expect(outbox(store)).toEqual([`${copyright.id}:${item.id}:pending`, `${hacktivism.id}:${item.id}:pending`]);
  });

  it('never sends a new subscription items first seen before it existed, even when they are analysed again', () => {
    const store = openTestStore();
    const item = storeItem(store, newFeed(store), {}, { now: at(1) });
    analyse(store, item, ['copyright-law'], { at: at(2) });
    const late = subscribe(store, { channelId: 'C-late' }, at(3));
    analyse(store, item, ['copyright-law'], { at: at(4) });
    const next = storeItem(store, newFeed(store), {}, { now: at(5) });
    analyse(store, next, ['copyright-law'], { at: at(6) });
    expect(outbox(store)).toEqual([`${late.id}:${next.id}:pending`]);
  });

  it('sees subscriptions added after it last matched, also from another connection', () => {
    const store = openTestStore();
    const first = subscribe(store, { channelId: 'C1' });
    const feed = newFeed(store);
    const one = storeItem(store, feed);
    analyse(store, one, ['copyright-law']);

    const second = subscribe(store, { channelId: 'C2' });
    const two = storeItem(store, feed);
    analyse(store, two, ['copyright-law']);

    const other = openSqliteStore({ path: store.path });
    closeAfterTest(other);
    const third = subscribe(other, { channelId: 'C3', keywords: ['needle'] });
    store.removeSubscriptions({ ...GUILD, channelId: 'C1' }, null);
    const three = storeItem(store, feed, { title: 'A needle in a haystack' });
    analyse(store, three, ['copyright-law']);

    expect(outbox(store)).toEqual([
      `${second.id}:${two.id}:pending`,
      `${second.id}:${three.id}:pending`,
      `${third.id}:${three.id}:pending`,
    ]);
    expect(first.id).toBeLessThan(second.id);
  });

  it('fans 200 items out to 2,000 subscriptions with the counts the rules imply', () => {
    const store = openSqliteStore({ path: join(tempDir(), 'herald.db') });
    closeAfterTest(store);
    // 2,000 channels: topic cycles through copyright-law, hacktivism, * and privacy (no item has
    // it), every other one wants "leak", every 7th excludes "rumour", every 50th is in a
    // workspace of its own that added no feeds.
    for (let n = 0; n < 2000; n++) {
      subscribe(store, {
        workspaceId: n % 50 === 49 ? `W${n}` : 'G1',
        channelId: `C${n}`,
        topic: TOPICS[n % 4] as string,
        keywords: n % 2 === 0 ? ['leak'] : [],
        exclude: n % 7 === 0 ? ['rumour'] : [],
      });
    }
    const feed = newFeed(store);
    const own = newFeed(store, { scope: 'discord:G1' });
    const expected = new Map<number, number>();
    for (let i = 0; i < 200; i++) {
      const topic = i % 2 === 0 ? 'copyright-law' : 'hacktivism';
      const leak = i % 4 === 0;
      const rumour = i % 5 === 0;
      const fromOwn = i % 8 === 0;
      const item = storeItem(store, fromOwn ? own : feed, { title: `Story ${i}${leak ? ' about a leak' : ''}${rumour ? ' (rumour)' : ''}` });
      analyse(store, item, [topic]);
      let count = 0;
      for (let n = 0; n < 2000; n++) {
        const subTopic = TOPICS[n % 4];
        if (subTopic !== '*' && subTopic !== topic) continue;
        if (fromOwn && n % 50 === 49) continue;
        if (n % 2 === 0 && !leak) continue;
        if (n % 7 === 0 && rumour) continue;
        count++;
      }
      expected.set(item.id, count);
    }
    const counts = outboxCounts(store);
    expect(counts).toEqual(new Map([...expected.entries()].filter(([, n]) => n > 0)));
    const total = [...expected.values()].reduce((sum, n) => sum + n, 0);
    expect(total).toBeGreaterThan(50_000);
    expect(outbox(store)).toHaveLength(total);
    expect(store.dueDeliveries(at(10), at(0), 500)).toHaveLength(500);
  });
});

const TOPICS = ['copyright-law', 'hacktivism', '*', 'privacy'];

function outboxCounts(store: ReturnType<typeof openTestStore>): Map<number, number> {
  const rows = outbox(store).map((row) => Number(row.split(':')[1]));
  const counts = new Map<number, number>();
  for (const story of rows) counts.set(story, (counts.get(story) ?? 0) + 1);
  return new Map([...counts.entries()].sort(([a], [b]) => a - b));
}
