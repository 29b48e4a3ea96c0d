// The outcome of one successful poll, as the pipeline hands it to storage.
import type { FeedPollHints, FeedValidators } from './feed.js';
import type { NormalisedItem, StoredItem } from './item.js';

export interface PollSuccess {
  now: Date;
  nextPollAt: Date;
  validators: FeedValidators;
  /** The feed's own title; replaces the stored one unless the operator named the feed. */
  feedTitle?: string | null;
  siteUrl?: string | null;
  /** The feed moved permanently: store the new URL, unless another feed already has it. */
  movedTo?: string | null;
  /** The feed's own polling hints, kept for the polls that end in 304. */
  hints?: FeedPollHints;
  items: readonly NormalisedItem[];
  /**
   * Decides which NEW items are fresh (the policy lives in the pipeline). Called inside the
   * transaction with the items not stored before, and whether this is the feed's first
   * successful poll. Returns the identities to mark fresh.
   */
  chooseFresh: (newItems: readonly NormalisedItem[], context: { firstPoll: boolean }) => ReadonlySet<string>;
}

export interface PollWriteResult {
  inserted: StoredItem[];
  /** Items whose content changed since stored; id, firstSeenAt and fresh are kept. */
  updated: StoredItem[];
  unchanged: number;
}

