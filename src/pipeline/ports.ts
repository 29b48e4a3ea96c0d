// What the pipeline needs from storage, defined here by its consumer; the SQLite store implements it.
import type { Feed, FeedValidators, PollSuccess, PollWriteResult } from '../domain/index.js';

/** Storage as the poll cycle sees it. Each write is atomic: a crash leaves all of a poll or none. */
export interface PollStore {
  dueFeeds(now: Date, limit: number): Feed[];
  listFeeds(): Feed[];
  recordPollSuccess(feedId: number, result: PollSuccess): PollWriteResult;
  recordNotModified(feedId: number, result: { now: Date; nextPollAt: Date; validators?: Partial<FeedValidators> }): void;
  recordPollFailure(
    feedId: number,
    failure: { now: Date; code: string; message: string; nextPollAt: Date; disableReason: string | null },
  ): Feed;
}
