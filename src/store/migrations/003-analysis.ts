// Migration 003: analysis results on items (topics, scores, evidence, summary) and stories.

/**
 * A story's id is the id of its first item, so an item and the story it started share a number
 * and nothing has to be allocated before the item exists. `analyzed_at IS NULL` marks items
 * still to analyse (new ones, or all of them after `herald reanalyze`).
 */
export const sql = `
CREATE TABLE stories (
  id INTEGER PRIMARY KEY,
  first_seen_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  headline_item_id INTEGER NOT NULL,
  topics TEXT NOT NULL DEFAULT '[]'
) STRICT;

ALTER TABLE items ADD COLUMN analysis_lang TEXT;
ALTER TABLE items ADD COLUMN topics TEXT NOT NULL DEFAULT '[]';
ALTER TABLE items ADD COLUMN scores TEXT NOT NULL DEFAULT '{}';
ALTER TABLE items ADD COLUMN evidence TEXT NOT NULL DEFAULT '{}';
ALTER TABLE items ADD COLUMN summary TEXT;
ALTER TABLE items ADD COLUMN story_id INTEGER;
ALTER TABLE items ADD COLUMN analyzed_at TEXT;

CREATE INDEX items_story ON items (story_id, published_at);
CREATE INDEX items_unanalyzed ON items (id) WHERE analyzed_at IS NULL;
`;
