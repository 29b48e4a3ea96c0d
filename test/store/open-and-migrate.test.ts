import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, openSqliteStore, sqliteHandleForTests } from '../../src/store/index.js';
import { applyMigrations, readSchemaVersion } from '../../src/store/migrate.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { buildItem } from '../helpers/build-item.js';
import { T0, at, closeAfterTest, openTestStore, tempDir } from './store-fixture.js';

describe('openSqliteStore', () => {
  it('creates the schema in an empty file and records each migration', () => {
    const path = join(tempDir(), 'herald.db');
    const store = openSqliteStore({ path });
    closeAfterTest(store);

    expect(store.path).toBe(path);
    expect(store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
    const db = sqliteHandleForTests(store);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    const migrations = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(migrations).toEqual(MIGRATIONS.map(({ version, name }) => ({ version, name })));
    expect(MIGRATIONS.map((m) => m.name)).toEqual(['001-initial', '002-feed-hints-and-catalogue-url', '003-analysis', '004-article-cache', '005-subscriptions']);
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['feeds', 'items', 'items_fts', 'items_ngram', 'schema_migrations']));
  });

  it('keeps data and version when the file is reopened, without re-running migrations', () => {
    const path = join(tempDir(), 'herald.db');
    const first = openSqliteStore({ path });
    const { feed } = first.addFeed({ url: 'https://example.test/feed.xml', intervalSeconds: 900, now: T0 });
    first.recordPollSuccess(feed.id, {
      now: at(1), nextPollAt: at(16), validators: { etag: '"v1"', lastModified: null },
      items: [buildItem({ title: 'Kept across restarts' })], chooseFresh: () => new Set(),
    });
    first.close();
    first.close(); // idempotent

    const second = openSqliteStore({ path });
    closeAfterTest(second);
    expect(second.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
    expect(second.getFeed(feed.id)?.validators.etag).toBe('"v1"');
    expect(second.listItems({ limit: 10 }).map((item) => item.title)).toEqual(['Kept across restarts']);
    const applied = sqliteHandleForTests(second).prepare('SELECT count(*) FROM schema_migrations').pluck().get();
    expect(applied).toBe(LATEST_SCHEMA_VERSION);
  });

  it('folds the WAL into the main file on close, so the .db alone holds everything', () => {
    const path = join(tempDir(), 'herald.db');
    const store = openSqliteStore({ path });
    store.addFeed({ url: 'https://example.test/a.xml', intervalSeconds: 60, now: T0 });
    store.close();
    expect(existsSync(`${path}-wal`)).toBe(false);

    const raw = new Database(path, { readonly: true });
    closeAfterTest(raw);
    expect(raw.prepare('SELECT url FROM feeds').pluck().all()).toEqual(['https://example.test/a.xml']);
  });

  it('creates a missing directory for the database file', () => {
    const path = join(tempDir(), 'data', 'nested', 'herald.db');
    const store = openSqliteStore({ path });
    closeAfterTest(store);
    expect(existsSync(path)).toBe(true);
    expect(store.countItems()).toBe(0);
  });

  it('reports a missing directory as store/open-failed when asked not to create it', () => {
    const path = join(tempDir(), 'missing', 'herald.db');
    expect(() => openSqliteStore({ path, createDirectory: false })).toThrow(
      expect.objectContaining({ code: 'store/open-failed', message: expect.stringContaining(path) }),
    );
    expect(existsSync(path)).toBe(false);
  });

  it('works in memory with the same schema', () => {
    const store = openTestStore({ path: ':memory:' });
    expect(store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
    const { status, feed } = store.addFeed({ url: 'https://example.test/m.xml', intervalSeconds: 60, now: T0 });
    expect(status).toBe('added');
    expect(store.listFeeds().map((f) => f.id)).toEqual([feed.id]);
  });

  it('uses the configured busy timeout', () => {
    const store = openTestStore({ busyTimeoutMs: 250 });
    expect(sqliteHandleForTests(store).pragma('busy_timeout', { simple: true })).toBe(250);
  });
});

describe('applyMigrations', () => {
  it('applies later migrations in order and rolls a failing one back whole', () => {
    const path = join(tempDir(), 'herald.db');
    openSqliteStore({ path }).close();
    const db = new Database(path);
    closeAfterTest(db);
    const failing = { version: LATEST_SCHEMA_VERSION + 1, name: '999-broken', sql: 'CREATE TABLE half (a); INSERT INTO missing VALUES (1);' };

    expect(() => applyMigrations(db, path, [...MIGRATIONS, failing])).toThrow(
      expect.objectContaining({ code: 'store/migration-failed', message: expect.stringContaining('999-broken') }),
    );
    expect(readSchemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'half'").pluck().get()).toBe(0);

    const next = { version: LATEST_SCHEMA_VERSION + 1, name: '999-next', sql: 'ALTER TABLE items ADD COLUMN future_column TEXT;' };
    expect(applyMigrations(db, path, [...MIGRATIONS, next]).map((m) => m.name)).toEqual(['999-next']);
    expect(readSchemaVersion(db)).toBe(LATEST_SCHEMA_VERSION + 1);
    expect(db.prepare('SELECT name FROM schema_migrations ORDER BY version').pluck().all()).toEqual([...MIGRATIONS.map((m) => m.name), '999-next']);
    // Nothing to do the second time.
    expect(applyMigrations(db, path, [...MIGRATIONS, next])).toEqual([]);
  });
});

describe('upgrading a version-1 database', () => {
  it('applies every later migration (feed hints, catalogue URLs, analysis) without losing feeds', () => {
    const file = join(tempDir(), 'herald.db');
    const v1 = new Database(file);
    v1.exec(MIGRATIONS[0]?.sql ?? '');
    v1.exec(`INSERT INTO feeds (url, scope, interval_seconds, next_poll_at, created_at) VALUES ('https://a.example/feed', 'global', 900, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`);
    v1.pragma('user_version = 1');
    v1.close();

    const store = openSqliteStore({ path: file });
    expect(store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
    const [feed] = store.listFeeds();
    expect(feed?.hints).toEqual({ ttlMinutes: null, skipHours: [], skipDays: [] });
    expect(store.syncCatalogue([{ url: 'https://a.example/feed', title: null, intervalSeconds: 900 }], new Date()).added).toBe(0);
    store.close();
  });
});
