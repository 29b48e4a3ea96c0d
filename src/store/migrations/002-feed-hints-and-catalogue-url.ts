// Migration 002: remember a feed's own polling hints, and the URL the catalogue listed it under.

/**
 * - `ttl_minutes`, `skip_hours`, `skip_days`: the feed's <ttl>/<skipHours>/<skipDays> from its
 *   last full fetch, so a 304 (which carries no body) schedules the next poll the same way.
 * - `catalogue_url`: the URL in config/feeds.yaml. After a permanent redirect `url` changes, and
 *   syncing the catalogue must still recognise the feed instead of adding the old URL again.
 */
export const sql = `
ALTER TABLE feeds ADD COLUMN ttl_minutes INTEGER;
ALTER TABLE feeds ADD COLUMN skip_hours TEXT NOT NULL DEFAULT '[]';
ALTER TABLE feeds ADD COLUMN skip_days TEXT NOT NULL DEFAULT '[]';
ALTER TABLE feeds ADD COLUMN catalogue_url TEXT;
UPDATE feeds SET catalogue_url = url WHERE scope = 'global';
CREATE UNIQUE INDEX feeds_catalogue_url ON feeds (catalogue_url) WHERE catalogue_url IS NOT NULL;
`;
