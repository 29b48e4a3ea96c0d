// Builders for the subscription and outbox tests: feeds in a scope, items stored fresh or as
// history, analyses that put them in stories, and subscriptions with sensible defaults.
import type { Feed, ItemAnalysis, NormalisedItem, StoredItem } from '../../src/domain/index.js';
import type { Subscription, SubscriptionRequest } from '../../src/domain/subscription.js';
import { sqliteHandleForTests, type SqliteStore } from '../../src/store/index.js';
import { buildItem } from '../helpers/build-item.js';
import { T0, at } from './store-fixture.js';

export const GUILD = { platform: 'discord', workspaceId: 'G1' } as const;
export const OTHER_GUILD = { platform: 'discord', workspaceId: 'G2' } as const;
export const TEAM = { platform: 'slack', workspaceId: 'T1' } as const;

let feedSequence = 0;

/** A new feed; `scope` defaults to the catalogue ('global'). */
export function newFeed(store: SqliteStore, options: { title?: string | null; scope?: string; url?: string } = {}): Feed {
  feedSequence += 1;
  return store.addFeed({
    url: options.url ?? `https://outlet-${feedSequence}.example.test/feed.xml`,
    title: options.title === undefined ? `Outlet ${feedSequence}` : options.title,
    intervalSeconds: 900,
    ...(options.scope === undefined ? {} : { scope: options.scope }),
    now: T0,
  }).feed;
}

/** Stores one item in `feed` as a later poll would (fresh unless told otherwise). */
export function storeItem(
  store: SqliteStore,
  feed: Feed,
  overrides: Partial<NormalisedItem> = {},
  options: { fresh?: boolean; now?: Date } = {},
): StoredItem {
  const now = options.now ?? at(1);
  const result = store.recordPollSuccess(feed.id, {
    now,
    nextPollAt: new Date(now.getTime() + 900_000),
    validators: { etag: null, lastModified: null },
    items: [buildItem({ publishedAt: now.toISOString(), ...overrides })],
    chooseFresh: (items) => new Set(options.fresh === false ? [] : items.map((item) => item.identity)),
  });
  const item = result.inserted[0];
  if (!item) throw new Error('the item was not inserted');
  return item;
}

/** Records an analysis: the item starts its own story unless `story` names another. */
export function analyse(
  store: SqliteStore,
  item: StoredItem,
  topics: string[],
  options: { story?: number; summary?: string | null; at?: Date } = {},
): ItemAnalysis {
  const analysis: ItemAnalysis = {
    lang: 'en',
    topics,
    scores: Object.fromEntries(topics.map((topic) => [topic, 1])),
    evidence: {},
    summary: options.summary === undefined ? (topics.length > 0 ? `Summary of ${item.title}` : null) : options.summary,
    storyId: options.story ?? item.id,
    analyzedAt: (options.at ?? at(2)).toISOString(),
  };
  store.recordAnalysis(item.id, analysis);
  return analysis;
}

/** Subscribes a channel of {@link GUILD} (unless overridden) to every topic, instantly. */
export function subscribe(store: SqliteStore, overrides: Partial<SubscriptionRequest> = {}, now: Date = T0): Subscription {
  return store.upsertSubscription(
    {
      ...GUILD,
      channelId: 'C1',
      topic: '*',
      keywords: [],
      exclude: [],
      mode: 'instant',
      mention: null,
      createdBy: 'U-mod',
      ...overrides,
    },
    now,
  ).subscription;
}

/** Every outbox row as `subscriptionId:storyId:status`, sorted: what matching wrote. */
export function outbox(store: SqliteStore): string[] {
  const rows = sqliteHandleForTests(store)
    .prepare('SELECT subscription_id, story_id, status FROM deliveries ORDER BY subscription_id, story_id')
    .all() as Array<{ subscription_id: number; story_id: number; status: string }>;
  return rows.map((row) => `${row.subscription_id}:${row.story_id}:${row.status}`);
}
