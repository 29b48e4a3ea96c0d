// What the pipeline needs from storage, defined here by its consumer; the SQLite store implements it.
import type { Feed, FeedPollHints, FeedValidators, NormalisedItem, StoredItem } from '../domain/index.js';

export interface PollSuccessWrite {
  now: Date;
  nextPollAt: Date;
  validators: FeedValidators;
  feedTitle?: string | null;
  siteUrl?: string | null;
  movedTo?: string | null;
  hints?: FeedPollHints;
  items: readonly NormalisedItem[];
  chooseFresh: (newItems: readonly NormalisedItem[], context: { firstPoll: boolean }) => ReadonlySet<string>;
}

export interface PollWriteResult {
  inserted: StoredItem[];
  updated: StoredItem[];
  unchanged: number;
}

/** Storage as the poll cycle sees it. Each write is atomic: a crash leaves all of a poll or none. */
export interface PollStore {
  dueFeeds(now: Date, limit: number): Feed[];
  listFeeds(): Feed[];
  recordPollSuccess(feedId: number, result: PollSuccessWrite): PollWriteResult;
  recordNotModified(feedId: number, result: { now: Date; nextPollAt: Date; validators?: Partial<FeedValidators> }): void;
  recordPollFailure(
    feedId: number,
    failure: { now: Date; code: string; message: string; nextPollAt: Date; disableReason: string | null },
  ): Feed;
}
