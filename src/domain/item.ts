// Items: what a feed entry becomes once parsed and normalised, and once stored.

export type FeedFormat = 'rss' | 'atom' | 'rdf' | 'json';

/** A feed entry as the parser read it: values as the document gave them, made plain and absolute. */
export interface ParsedEntry {
  guid: string | null;
  title: string | null;
  /** Absolute URL of the entry's page, resolved against xml:base and the document URL. */
  link: string | null;
  published: Date | null;
  updated: Date | null;
  /** Plain text of the best body (content, else summary/description). */
  text: string | null;
  /** Sanitised HTML of the same body: no scripts, styles, event handlers or javascript: URLs. */
  html: string | null;
  author: string | null;
  categories: string[];
  language: string | null;
}

/** Feed-level facts the parser found, including hints on how often to poll. */
export interface ParsedFeed {
  format: FeedFormat;
  title: string | null;
  /** The site the feed belongs to (absolute). */
  link: string | null;
  language: string | null;
  /** RSS <ttl>, in minutes. */
  ttlMinutes: number | null;
  /** RSS <skipHours>: hours (0-23, UTC) in which the feed asks not to be polled. */
  skipHours: number[];
  /** RSS <skipDays>: day numbers 0 (Sunday) to 6 in which the feed asks not to be polled. */
  skipDays: number[];
  entries: ParsedEntry[];
}

/** An entry ready to store: identity decided, URL canonical, dates settled in UTC. */
export interface NormalisedItem {
  /** Stable identity within its feed: "guid:…", "url:…" or "hash:…". */
  identity: string;
  /**
   * The other keys this entry may have been stored under by an earlier poll: a guid that was not
   * unique then (so the entry got its url: identity) can be unique now, and the reverse.
   */
  aliases: string[];
  guid: string | null;
  url: string | null;
  title: string;
  text: string;
  html: string | null;
  /** ISO 8601 UTC. Missing in the feed → first-seen time; in the future → clamped to now. */
  publishedAt: string;
  updatedAt: string | null;
  /** True when the feed gave no usable date and publishedAt is the first-seen time. */
  dateEstimated: boolean;
  language: string | null;
  categories: string[];
  author: string | null;
  /** Hash of the user-visible content, to notice edits. */
  contentHash: string;
}

/** A stored item; it is found again by its identity alone, so its aliases are not kept. */
export interface StoredItem extends Omit<NormalisedItem, 'aliases'> {
  id: number;
  feedId: number;
  firstSeenAt: string;
  /** Fresh items are new news that later stages may alert on; the rest is history. */
  fresh: boolean;
  /** How many times the publisher changed the item after we first stored it. */
  revision: number;
  changedAt: string | null;
}
