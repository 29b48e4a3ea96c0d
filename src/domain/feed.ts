// Feeds as Herald knows them: where they are, how politely to poll them and how healthy they are.

/** Who added a feed: the operator's catalogue, or one chat workspace (e.g. "discord:1234"). */
export type FeedScope = 'global' | (string & {});

export interface FeedValidators {
  etag: string | null;
  lastModified: string | null;
}

export interface FeedHealth {
  lastPolledAt: string | null;
  lastOkAt: string | null;
  lastError: string | null;
  lastErrorCode: string | null;
  lastErrorAt: string | null;
  consecutiveFailures: number;
  /** Start of the current failure run, to require failures spanning a minimum time before disabling. */
  failingSince: string | null;
  disabledAt: string | null;
  disabledReason: string | null;
}

/** What the feed itself asked for in its last full fetch (RSS <ttl>, <skipHours>, <skipDays>). */
export interface FeedPollHints {
  ttlMinutes: number | null;
  skipHours: number[];
  skipDays: number[];
}

export interface Feed {
  id: number;
  url: string;
  title: string | null;
  siteUrl: string | null;
  scope: FeedScope;
  /** Configured polling interval in seconds; the effective interval may be longer (ttl, backoff). */
  intervalSeconds: number;
  nextPollAt: string;
  validators: FeedValidators;
  hints: FeedPollHints;
  health: FeedHealth;
  itemCount: number;
  createdAt: string;
}

export type FeedStatus = 'ok' | 'failing' | 'disabled' | 'new';

export function feedStatus(feed: Pick<Feed, 'health'>): FeedStatus {
  if (feed.health.disabledAt) return 'disabled';
  if (feed.health.consecutiveFailures > 0) return 'failing';
  if (!feed.health.lastOkAt) return 'new';
  return 'ok';
}
