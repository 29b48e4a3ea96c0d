// Migration 005: channel subscriptions, the delivery outbox, digest and notice bookkeeping.

/**
 * - `subscriptions`: one row per channel × topic ('*' = every topic); keywords, exclude and
 *   mention are JSON. `digest_sent_until` is the end of the last digest period posted, so a period
 *   is never posted twice. Paused rows keep matching: their deliveries wait for the resume.
 * - `subscription_version`: bumped by trigger on every change to what `subscriptions` match, so the matcher
 *   that runs inside each analysis transaction can keep its compiled subscriptions until they
 *   change (also when another connection changed them).
 * - `deliveries`: the outbox, unique per subscription × story. `stale` marks a sent message whose
 *   story gained sources since (set where sources are added, so finding them needs no scan);
 *   `digest_period_end` marks rows posted inside a digest, whose message is never edited.
 * - `notices_sent`: feed-health notices already posted, by episode key.
 * - `stories.published_at`: the headline item's publication time, so "recent stories" walks an
 *   index instead of sorting every story.
 */
export const sql = `
CREATE TABLE subscriptions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  platform TEXT NOT NULL CHECK (platform IN ('discord', 'slack', 'console')),
  workspace_id TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  topic TEXT NOT NULL,
  keywords TEXT NOT NULL DEFAULT '[]',
  exclude TEXT NOT NULL DEFAULT '[]',
  mode TEXT NOT NULL CHECK (mode IN ('instant', 'daily', 'weekly')),
  mention TEXT,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  paused_reason TEXT,
  paused_at TEXT,
  digest_sent_until TEXT,
  UNIQUE (platform, workspace_id, channel_id, topic)
) STRICT;

CREATE TABLE subscription_version (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
) STRICT;
INSERT INTO subscription_version (id, version) VALUES (1, 0);

CREATE TRIGGER subscriptions_version_insert AFTER INSERT ON subscriptions BEGIN
  UPDATE subscription_version SET version = version + 1 WHERE id = 1;
END;
-- Pausing and digest bookkeeping do not change what matches, so they keep the version.
CREATE TRIGGER subscriptions_version_update AFTER UPDATE OF platform, workspace_id, topic, keywords, exclude, mode ON subscriptions BEGIN
  UPDATE subscription_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER subscriptions_version_delete AFTER DELETE ON subscriptions BEGIN
  UPDATE subscription_version SET version = version + 1 WHERE id = 1;
END;

CREATE TABLE deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  subscription_id INTEGER NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
  story_id INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'digest', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error TEXT,
  message_id TEXT,
  attempt_started_at TEXT,
  sent_at TEXT,
  sources_posted INTEGER NOT NULL DEFAULT 0,
  stale INTEGER NOT NULL DEFAULT 0,
  digest_period_end TEXT,
  created_at TEXT NOT NULL,
  -- Story first: matching inserts one story's rows together, so they land on a few index pages
  -- (subscription first spread a 2,000-channel fan-out over 2,000 pages: 25 % slower).
  UNIQUE (story_id, subscription_id)
) STRICT;

CREATE INDEX deliveries_due ON deliveries (next_attempt_at, id) WHERE status IN ('pending', 'sending');
-- For ON DELETE CASCADE from subscriptions, which would otherwise scan the outbox.
CREATE INDEX deliveries_subscription ON deliveries (subscription_id);
CREATE INDEX deliveries_stale ON deliveries (id) WHERE stale = 1;
CREATE INDEX deliveries_digest ON deliveries (subscription_id, created_at) WHERE status = 'digest';

CREATE TABLE notices_sent (
  key TEXT PRIMARY KEY,
  sent_at TEXT NOT NULL
) STRICT;

ALTER TABLE stories ADD COLUMN published_at TEXT;
UPDATE stories SET published_at = (SELECT items.published_at FROM items WHERE items.id = stories.headline_item_id);
CREATE INDEX stories_recent ON stories (published_at DESC, id DESC) WHERE topics <> '[]';
`;
