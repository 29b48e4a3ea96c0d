// Which newly stored items are news (fresh) and which are history: the flood guard for new feeds.
import type { NormalisedItem } from '../domain/index.js';

export interface FreshPolicy {
  /** On a feed's first poll, only items published within this window are fresh... */
  firstPollWindowMs: number;
  /** ...and at most this many, newest first. */
  firstPollMaxItems: number;
  /** On later polls, a new item dated older than this is a re-listed old post, not news. */
  maxAgeMs: number;
}

/** Returns the identities of the new items to mark fresh. */
export function chooseFreshItems(
  newItems: readonly NormalisedItem[],
  context: { firstPoll: boolean; now: Date },
  policy: FreshPolicy,
): Set<string> {
  const now = context.now.getTime();
  if (context.firstPoll) {
    // Undated items have first-seen as their date; on a first poll that says nothing about age.
    const recent = newItems
      .filter((item) => !item.dateEstimated && now - Date.parse(item.publishedAt) <= policy.firstPollWindowMs)
      .sort((a, b) => b.publishedAt.localeCompare(a.publishedAt))
      .slice(0, policy.firstPollMaxItems);
    return new Set(recent.map((item) => item.identity));
  }
  return new Set(
    newItems
      .filter((item) => item.dateEstimated || now - Date.parse(item.publishedAt) <= policy.maxAgeMs)
      .map((item) => item.identity),
  );
}
