// The store's public shape: what the pipeline, the chat commands and the CLI may ask of SQLite.
export type { PollSuccess, PollWriteResult } from '../domain/index.js';
import type { CachedArticle, Feed, FeedScope, FeedValidators, ItemAnalysis, PollSuccess, PollWriteResult, StoredItem } from '../domain/index.js';
import type { CommandStore, WorkspaceRef } from '../chat/commands/command-store.js';
import type { DeliveryStore } from '../pipeline/delivery-ports.js';

export interface OpenStoreOptions {
  /** Database file, or ':memory:' for a throwaway database. */
  path: string;
  /** How long a write waits for another connection's lock before failing with `store/locked`. Default 5000. */
  busyTimeoutMs?: number;
  /** Create the file's directory when it is missing (mkdir -p). Default true. */
  createDirectory?: boolean;
  /** How often feeds added from chat (`/news feeds add`) are polled, in seconds. Default 900. */
  workspaceFeedIntervalSeconds?: number;
}

export interface AddFeedInput {
  url: string;
  title?: string | null;
  intervalSeconds: number;
  /** Default 'global' (the operator's catalogue). */
  scope?: FeedScope;
  now: Date;
}

export interface CatalogueEntry {
  url: string;
  title: string | null;
  intervalSeconds: number;
}

export interface NotModified {
  now: Date;
  nextPollAt: Date;
  /** Only the validators given are replaced; a 304 may omit them. */
  validators?: Partial<FeedValidators>;
}

export interface PollFailure {
  now: Date;
  code: string;
  message: string;
  nextPollAt: Date;
  /** Set to disable the feed (the pipeline decides when a failure run is long enough). */
  disableReason: string | null;
}

export interface ListItemsQuery {
  feedId?: number;
  freshOnly?: boolean;
  /** Only items published at or after this time. */
  since?: Date;
  limit: number;
  /** Paging cursor: the id of the last item of the previous page. */
  beforeId?: number;
}

export interface SearchOptions {
  limit: number;
  offset?: number;
  /** Only items of feeds with one of these scopes (e.g. 'global' and a workspace's own). */
  scopes?: readonly FeedScope[];
  /** Only items analysed into this topic. */
  topic?: string;
  /** Only items published at or after this time. */
  since?: Date;
}

/**
 * Herald's SQLite database. Every method is synchronous and throws only `HeraldError`s. It is
 * the storage behind the chat commands ({@link CommandStore}) and the delivery side of the
 * pipeline ({@link DeliveryStore}); extending those ports makes the compiler check that it is.
 */
export interface SqliteStore extends CommandStore, DeliveryStore {
  readonly path: string;
  schemaVersion(): number;
  /** Idempotent; folds the WAL back into the main file so a copied .db is complete. */
  close(): void;

  addFeed(input: AddFeedInput): { status: 'added' | 'duplicate'; feed: Feed };
  /** Upserts the operator's catalogue (config/feeds.yaml): adds new URLs, updates title/interval of existing global ones; never deletes. */
  syncCatalogue(entries: ReadonlyArray<CatalogueEntry>, now: Date): { added: number; updated: number };
  getFeed(id: number): Feed | null;
  findFeedByUrl(url: string): Feed | null;
  /**
   * Ordered by id; includes itemCount. With a scope, that scope's feeds only; with a workspace,
   * the catalogue's and that workspace's own (what it may see, as {@link CommandStore.listFeeds}).
   */
  listFeeds(filter?: { scope?: FeedScope } | WorkspaceRef): Feed[];
  /** Deletes the feed and its items (and their search index rows). False when there was no such feed. */
  removeFeed(id: number): boolean;
  /** Enabled feeds with nextPollAt <= now, soonest first. */
  dueFeeds(now: Date, limit: number): Feed[];
  /** When the next enabled feed is due (for the scheduler), or null when there is none. */
  nextDueAt(): string | null;

  /** Stores one successful poll atomically: items, freshness, validators and health. */
  recordPollSuccess(feedId: number, result: PollSuccess): PollWriteResult;
  recordNotModified(feedId: number, result: NotModified): void;
  /** Counts the failure into the feed's run (and disables it when told to); returns the feed as stored. */
  recordPollFailure(feedId: number, failure: PollFailure): Feed;
  /** Clears the disabled state and the failure run, and makes the feed due now. Null when there is no such feed. */
  enableFeed(id: number, now: Date): Feed | null;

  /** Newest publishedAt first. */
  listItems(query: ListItemsQuery): StoredItem[];
  /**
   * Full-text search over titles and text: words are ANDed, "quoted phrases" match in order,
   * a trailing * on a word matches a prefix. Best match first, then newest, ranked among the newest 2,000 matches of each index (a common word matches hundreds of thousands). Any string is a
   * valid query; one with nothing searchable in it finds nothing.
   */
  searchItems(query: string, options: SearchOptions): StoredItem[];
  getItem(id: number): StoredItem | null;
  countItems(): number;
  // analysis
  recordAnalysis(itemId: number, analysis: ItemAnalysis): void;
  getItemAnalysis(itemId: number): ItemAnalysis | null;
  /** Analysed items published since a time, oldest first, with their story ids. */
  recentStoryItems(since: Date): Array<{ item: StoredItem; storyId: number; lang: string | null; topics: string[] }>;
  unanalyzedItems(limit: number): StoredItem[];
  markForReanalysis(since: Date | null): number;
  storyOf(itemId: number): number | null;
  // article pages of teaser-only items
  /** The cached article page for a canonical URL, null when it was never fetched. */
  getArticle(url: string): CachedArticle | null;
  /** Records a page fetch's outcome, replacing an earlier one for the URL. */
  recordArticle(article: CachedArticle): void;
}
