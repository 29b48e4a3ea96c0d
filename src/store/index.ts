// The store module's public surface: open a SQLite store; everything else is internal.
export { openSqliteStore, sqliteHandleForTests } from './open-sqlite-store.js';
export { LATEST_SCHEMA_VERSION } from './migrations/index.js';
export type * from './store-types.js';
