// What the command handlers are given by the composition root: storage, topics, the feed preview
// (which fetches through the SSRF guard), the version, a clock and a logger.
import type { Logger } from '../../logger.js';
import type { TopicChoice } from '../port.js';
import type { CommandStore } from './command-store.js';

/** A feed as fetched for `/news feeds add`, before anything is stored. Every string is untrusted. */
export interface FeedPreview {
  title: string | null;
  /** The feed's address after redirects and discovery: the one to store. */
  url: string;
  /** Newest first. */
  items: Array<{ title: string; url: string | null; publishedAt: string }>;
}

export interface CommandDeps {
  store: CommandStore;
  topics: readonly TopicChoice[];
  /**
   * Fetches and parses `url` through the fetcher's SSRF guard. Throws a HeraldError
   * (`ingest/blocked-address`, `ingest/not-a-feed`, `ingest/timeout`, …) when it cannot.
   */
  previewFeed(url: string): Promise<FeedPreview>;
  version: string;
  clock: () => Date;
  log: Logger;
}
