// Turns fetched bytes into storable items: parse, then normalise. The unit of CPU work the
// pipeline hands off, in-thread or to a worker pool.
import type { NormalisedItem, ParsedFeed } from '../domain/index.js';
import { normaliseEntries } from './normalise-item.js';
import { parseFeedSync } from './parse-feed.js';

export interface ReadFeedInput {
  bytes: Uint8Array;
  contentType: string | null;
  /** The document's final URL, for relative links and identities. */
  url: string;
  /** First-seen time for undated items, and the clamp for future dates. */
  now: Date;
}

export interface ReadFeedResult {
  feed: Omit<ParsedFeed, 'entries'>;
  items: NormalisedItem[];
}

/** Parses and normalises one feed document. Throws HeraldError (`ingest/*`) when it is not a feed. */
export type ReadFeedFn = (input: ReadFeedInput) => Promise<ReadFeedResult>;

export function readFeedSync(input: ReadFeedInput): ReadFeedResult {
  const { entries, ...feed } = parseFeedSync({ bytes: input.bytes, contentType: input.contentType, url: input.url });
  return { feed, items: normaliseEntries(entries, { feedUrl: input.url, now: input.now }) };
}

/** The in-thread ReadFeedFn. */
export const readFeed: ReadFeedFn = async (input) => readFeedSync(input);
