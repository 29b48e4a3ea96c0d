// Migration 001: feeds, items and the two full-text indexes over item titles and text.
//
// Kept as a TS string module rather than a .sql file so that `tsc` ships it in dist/ with the
// rest of the code; there is no build step that could forget to copy it.

/**
 * Timestamps are ISO-8601 UTC text with milliseconds (`Date#toISOString`), so text order is
 * time order. Tables are STRICT so a wrong type is an error, not a silently coerced value.
 *
 * Search uses two FTS5 tables:
 * - `items_fts` (unicode61, diacritics folded) ranks words in space-separated languages. It is an
 *   external-content table over `items`, so the text is stored once.
 * - `items_ngram` (trigram) makes Japanese/Chinese/Thai text searchable: those scripts have no
 *   spaces, so unicode61 indexes "著作権法を改正した" as one token and a query for 著作権 would miss
 *   it. Trigrams match any substring of 3+ characters. Only items whose text contains such
 *   scripts (`unsegmented = 1`) are indexed there, so English-only databases do not pay the
 *   (large) trigram index cost; it is contentless because only its rowids are ever read.
 *   Words glued to CJK text ("Googleが") are found there too, as substrings.
 */
export const sql = `
CREATE TABLE feeds (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  url TEXT NOT NULL UNIQUE,
  title TEXT,
  -- 1 when the operator or the user who added the feed named it; the feed's own title then
  -- never overwrites it.
  title_from_operator INTEGER NOT NULL DEFAULT 0,
  site_url TEXT,
  scope TEXT NOT NULL DEFAULT 'global',
  interval_seconds INTEGER NOT NULL CHECK (interval_seconds > 0),
  next_poll_at TEXT NOT NULL,
  etag TEXT,
  last_modified TEXT,
  last_polled_at TEXT,
  -- First poll whose items were stored; NULL means the next success is the flood-guarded first.
  first_fetched_at TEXT,
  last_ok_at TEXT,
  last_error TEXT,
  last_error_code TEXT,
  last_error_at TEXT,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  failing_since TEXT,
  disabled_at TEXT,
  disabled_reason TEXT,
  created_at TEXT NOT NULL
) STRICT;

CREATE INDEX feeds_due ON feeds (next_poll_at, id) WHERE disabled_at IS NULL;
CREATE INDEX feeds_scope ON feeds (scope, id);

CREATE TABLE items (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  feed_id INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
  identity TEXT NOT NULL,
  guid TEXT,
  url TEXT,
  title TEXT NOT NULL,
  text TEXT NOT NULL,
  html TEXT,
  published_at TEXT NOT NULL,
  updated_at TEXT,
  date_estimated INTEGER NOT NULL DEFAULT 0,
  language TEXT,
  categories TEXT NOT NULL DEFAULT '[]',
  author TEXT,
  content_hash TEXT NOT NULL,
  unsegmented INTEGER NOT NULL DEFAULT 0,
  first_seen_at TEXT NOT NULL,
  fresh INTEGER NOT NULL DEFAULT 0,
  revision INTEGER NOT NULL DEFAULT 0,
  changed_at TEXT,
  UNIQUE (feed_id, identity)
) STRICT;

CREATE INDEX items_newest ON items (published_at DESC, id DESC);
CREATE INDEX items_feed_newest ON items (feed_id, published_at DESC, id DESC);
-- Short CJK search terms are matched with LIKE over these items only.
CREATE INDEX items_unsegmented ON items (id) WHERE unsegmented = 1;

CREATE VIRTUAL TABLE items_fts USING fts5 (
  title, text,
  content = 'items', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);

CREATE VIRTUAL TABLE items_ngram USING fts5 (
  title, text,
  content = '', contentless_delete = 1,
  tokenize = 'trigram remove_diacritics 1'
);

-- New items are indexed by the code that inserts them (store/poll-writes.ts), not by a trigger:
-- FTS5 flushes its pending terms at each statement savepoint a trigger opens, which halves the
-- insert rate. Deletes (including ON DELETE CASCADE from feeds) and edits are indexed here.
-- One trigger per event: SQLite does not promise an order between several triggers on the same
-- event, and the delete must run before the insert.
CREATE TRIGGER items_index_delete AFTER DELETE ON items BEGIN
  INSERT INTO items_fts (items_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
  DELETE FROM items_ngram WHERE rowid = old.id;
END;

CREATE TRIGGER items_index_update AFTER UPDATE OF title, text, unsegmented ON items BEGIN
  INSERT INTO items_fts (items_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
  INSERT INTO items_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
  DELETE FROM items_ngram WHERE rowid = old.id;
  INSERT INTO items_ngram (rowid, title, text)
    SELECT new.id, new.title, new.text WHERE new.unsegmented = 1;
END;
`;
