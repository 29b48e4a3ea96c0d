// The ordered list of schema migrations; append new ones, never edit or renumber a shipped one.
import { sql as initial } from './001-initial.js';
import { sql as feedHints } from './002-feed-hints-and-catalogue-url.js';
import { sql as analysis } from './003-analysis.js';
import { sql as articleCache } from './004-article-cache.js';
import { sql as subscriptions } from './005-subscriptions.js';

export interface Migration {
  /** Becomes `PRAGMA user_version` once applied; 1, 2, 3… without gaps. */
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: '001-initial', sql: initial },
  { version: 2, name: '002-feed-hints-and-catalogue-url', sql: feedHints },
  { version: 3, name: '003-analysis', sql: analysis },
  { version: 4, name: '004-article-cache', sql: articleCache },
  { version: 5, name: '005-subscriptions', sql: subscriptions },
];

/** The newest schema this build of Herald understands. */
export const LATEST_SCHEMA_VERSION: number = MIGRATIONS.length;
