// Test kit for the command handlers: the real SQLite store on a temp file, seeded with feeds and
// analysed stories, a fixed clock, a feed preview stub and a logger whose lines tests can read.
import { pino } from 'pino';
import type { CommandContext, Reply, ReplyText } from '../../src/chat/commands/command.js';
import type { FeedPreview } from '../../src/chat/commands/command-deps.js';
import { createCommandHandler } from '../../src/chat/commands/handle-command.js';
import type { CommandHandler, TopicChoice } from '../../src/chat/port.js';
import type { SqliteStore } from '../../src/store/index.js';
import { buildItem } from '../helpers/build-item.js';
import { openTestStore } from '../store/store-fixture.js';

export const TOPICS: readonly TopicChoice[] = [
  { id: 'copyright-law', label: 'Copyright law' },
  { id: 'hacktivism', label: 'Hacktivism' },
];

export const NOW = new Date('2025-03-10T12:00:00.000Z');

/** A member of guild G1 in channel C1; override what the test is about. */
export function member(overrides: Partial<CommandContext> = {}): CommandContext {
  return { platform: 'discord', workspaceId: 'G1', channelId: 'C1', userId: 'U1', isModerator: false, ...overrides };
}

export function moderator(overrides: Partial<CommandContext> = {}): CommandContext {
  return member({ isModerator: true, userId: 'M1', ...overrides });
}

export interface Kit {
  store: SqliteStore;
  handle: CommandHandler;
  /** JSON log lines written so far. */
  logs: Array<Record<string, unknown>>;
  /** URLs previewFeed was asked for. */
  previews: string[];
}

export interface KitOptions {
  /** What previewFeed answers (or throws); default: a feed with four items. */
  preview?: (url: string) => Promise<FeedPreview>;
  /** Wraps the store, e.g. to make one method fail. */
  wrapStore?: (store: SqliteStore) => SqliteStore;
}

export function createKit(options: KitOptions = {}): Kit {
  const store = openTestStore();
  const logs: Array<Record<string, unknown>> = [];
  const previews: string[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) });
  const preview = options.preview ?? defaultPreview;
  const handle = createCommandHandler({
    store: options.wrapStore?.(store) ?? store,
    topics: TOPICS,
    previewFeed: (url) => {
      previews.push(url);
      return preview(url);
    },
    version: '0.1.0-test',
    clock: () => NOW,
    log,
  });
  return { store, handle, logs, previews };
}

async function defaultPreview(url: string): Promise<FeedPreview> {
  return {
    title: 'Example Legal News',
    url,
    items: [1, 2, 3, 4].map((n) => ({ title: `Preview item ${n}`, url: `https://legal.example/${n}`, publishedAt: `2025-03-0${n}T09:00:00.000Z` })),
  };
}

export interface SeedStory {
  title: string;
  text?: string;
  summary?: string | null;
  topics?: string[];
  publishedAt: string;
  feedUrl?: string;
  feedTitle?: string | null;
  /** The feed's scope when it is created: 'global' (default) or 'discord:G1'… */
  scope?: string;
  /** Join an existing story (another outlet reporting it). */
  storyId?: number;
  /** Fresh items are alerted: matching subscriptions get an outbox row. */
  fresh?: boolean;
}

/** Stores one item in its feed (created if new) and records its analysis; returns the ids. */
export function seedStory(store: SqliteStore, seed: SeedStory): { feedId: number; itemId: number; storyId: number } {
  const url = seed.feedUrl ?? 'https://news.example/feed.xml';
  const feed =
    store.findFeedByUrl(url) ??
    store.addFeed({ url, title: seed.feedTitle === undefined ? 'Example News' : seed.feedTitle, intervalSeconds: 900, scope: seed.scope ?? 'global', now: NOW }).feed;
  const item = buildItem({ title: seed.title, text: seed.text ?? `${seed.title}. More text about it.`, publishedAt: seed.publishedAt });
  const result = store.recordPollSuccess(feed.id, {
    now: NOW,
    nextPollAt: new Date(NOW.getTime() + 900_000),
    validators: { etag: null, lastModified: null },
    items: [item],
    chooseFresh: (items) => new Set(seed.fresh === true ? items.map((entry) => entry.identity) : []),
  });
  const stored = result.inserted[0];
  if (stored === undefined) throw new Error(`seedStory: ${seed.title} was not inserted`);
  const storyId = seed.storyId ?? stored.id;
  store.recordAnalysis(stored.id, {
    lang: 'en',
    topics: seed.topics ?? ['copyright-law'],
    scores: {},
    evidence: {},
    summary: seed.summary === undefined ? `Summary of ${seed.title}.` : seed.summary,
    storyId,
    analyzedAt: NOW.toISOString(),
  });
  return { feedId: feed.id, itemId: stored.id, storyId };
}

/** A ReplyText as plain text (untrusted parts and link labels inline), for assertions. */
export function plain(text: ReplyText): string {
  return text.map((part) => (typeof part === 'string' ? part : 'untrusted' in part ? part.untrusted : part.link.text)).join('');
}

/** Everything a member would read in a reply, as one string. */
export function replyText(reply: Reply): string {
  return [
    reply.title,
    ...reply.body.map(plain),
    ...reply.fields.map((field) => `${field.label}: ${plain(field.value)}`),
    ...reply.list.map(plain),
    ...reply.stories.map((story) => `${story.headline} | ${story.summary ?? ''} | ${story.sources.join(', ')}`),
    reply.footer ?? '',
  ].join('\n');
}
