import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { HeraldError } from '../../src/errors.js';
import { LATEST_SCHEMA_VERSION, openSqliteStore, sqliteHandleForTests, type SqliteStore } from '../../src/store/index.js';
import { toStoreError } from '../../src/store/store-errors.js';
import { buildItem } from '../helpers/build-item.js';
import { T0, at, closeAfterTest, openTestStore, tempDir } from './store-fixture.js';

function thrown(action: () => unknown): HeraldError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(HeraldError);
    return error as HeraldError;
  }
  throw new Error('expected the action to throw');
}

function storeWithItems(store: SqliteStore, count: number): number {
  const { feed } = store.addFeed({ url: 'https://example.test/feed.xml', intervalSeconds: 600, now: T0 });
  store.recordPollSuccess(feed.id, {
    now: at(1), nextPollAt: at(11), validators: { etag: null, lastModified: null },
    items: Array.from({ length: count }, (_, i) => buildItem({ title: `Earlier ${i}`, text: 'x'.repeat(2000) })),
    chooseFresh: () => new Set(),
  });
  return feed.id;
}

describe('store failures', () => {
  it('refuses a file from a newer Herald and leaves its bytes unchanged', () => {
    const path = join(tempDir(), 'herald.db');
    const raw = new Database(path);
    raw.exec('CREATE TABLE future (x); INSERT INTO future VALUES (1)');
    raw.pragma('user_version = 7');
    raw.close();
    const before = readFileSync(path);

    const error = thrown(() => openSqliteStore({ path }));
    expect(error.code).toBe('store/newer-schema');
    expect(error.message).toBe(
      `${path} has schema version 7 but this Herald knows up to ${LATEST_SCHEMA_VERSION}. ` +
        'Upgrade Herald, or point HERALD_DB_PATH at another file. The file was not changed.',
    );
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('reports a file of random bytes as store/corrupt and does not overwrite it', () => {
    const path = join(tempDir(), 'herald.db');
    const garbage = randomBytes(8192);
    writeFileSync(path, garbage);

    const error = thrown(() => openSqliteStore({ path }));
    expect(error.code).toBe('store/corrupt');
    expect(error.message).toContain(path);
    expect(error.message).toContain('.recover');
    expect(error.message).toContain('backup');
    expect(readFileSync(path).equals(garbage)).toBe(true);
  });

  it('reports a truncated database as store/corrupt', () => {
    const path = join(tempDir(), 'herald.db');
    const store = openSqliteStore({ path });
    storeWithItems(store, 200);
    store.close();
    // Keep the header and schema page but cut the tables off.
    truncateSync(path, 8192);
    const truncated = readFileSync(path);

    const error = thrown(() => {
      const reopened = openSqliteStore({ path });
      closeAfterTest(reopened);
      reopened.listItems({ limit: 10 });
    });
    expect(error.code).toBe('store/corrupt');
    expect(readFileSync(path).equals(truncated)).toBe(true);
  });

  it('reports a lock held by another process as retryable store/locked, then works once it is released', () => {
    const path = join(tempDir(), 'herald.db');
    const store = openSqliteStore({ path, busyTimeoutMs: 50 });
    closeAfterTest(store);
    const other = new Database(path);
    closeAfterTest(other);
    other.exec('BEGIN EXCLUSIVE');
    other.exec("INSERT INTO feeds (url, interval_seconds, next_poll_at, created_at) VALUES ('https://other.test/', 60, 'x', 'x')");

    const error = thrown(() => store.addFeed({ url: 'https://example.test/feed.xml', intervalSeconds: 60, now: T0 }));
    expect(error.code).toBe('store/locked');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain(`another process holds a lock on ${path} (is another \`herald run\` running?)`);

    other.exec('ROLLBACK');
    expect(store.addFeed({ url: 'https://example.test/feed.xml', intervalSeconds: 60, now: T0 }).status).toBe('added');
    expect(store.listFeeds().map((feed) => feed.url)).toEqual(['https://example.test/feed.xml']);
  });

  it('rolls a poll back on a full disk (store/disk-full) and keeps the earlier rows', () => {
    const store = openTestStore();
    const feedId = storeWithItems(store, 5);
    const before = store.getFeed(feedId);
    const db = sqliteHandleForTests(store);
    db.pragma(`max_page_count = ${Number(db.pragma('page_count', { simple: true })) + 2}`);

    const error = thrown(() =>
      store.recordPollSuccess(feedId, {
        now: at(20), nextPollAt: at(30), validators: { etag: '"new"', lastModified: null },
        items: Array.from({ length: 50 }, () => buildItem({ text: 'y'.repeat(4000) })),
        chooseFresh: (items) => new Set(items.map((item) => item.identity)),
      }),
    );
    expect(error.code).toBe('store/disk-full');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain(store.path);
    expect(store.countItems()).toBe(5);
    expect(store.listItems({ limit: 10 }).map((item) => item.title).sort()).toEqual(
      ['Earlier 0', 'Earlier 1', 'Earlier 2', 'Earlier 3', 'Earlier 4'],
    );
    expect(store.getFeed(feedId)).toEqual(before);
  });

  it('reports writes to a read-only database as store/readonly', () => {
    const store = openTestStore();
    // Tests run as root, which file permissions do not stop; query_only makes SQLite refuse writes the same way.
    sqliteHandleForTests(store).pragma('query_only = ON');
    const error = thrown(() => store.addFeed({ url: 'https://example.test/feed.xml', intervalSeconds: 60, now: T0 }));
    expect(error.code).toBe('store/readonly');
    expect(error.message).toContain(store.path);
    expect(store.listFeeds()).toEqual([]);
  });

  it('reports a path that is a directory as store/open-failed', () => {
    const path = join(tempDir(), 'herald.db');
    mkdirSync(path);
    const error = thrown(() => openSqliteStore({ path }));
    expect(error.code).toBe('store/open-failed');
    expect(error.message).toContain(path);
  });

  it('maps SQLite codes, extended ones included, to store codes in one place', () => {
    const context = { path: '/data/herald.db', busyTimeoutMs: 5000, phase: 'use' as const };
    const sqlite = (code: string) => new Database.SqliteError('boom', code);
    expect(toStoreError(sqlite('SQLITE_BUSY_SNAPSHOT'), context).code).toBe('store/locked');
    expect(toStoreError(sqlite('SQLITE_CORRUPT_INDEX'), context).code).toBe('store/corrupt');
    expect(toStoreError(sqlite('SQLITE_READONLY_DIRECTORY'), context).code).toBe('store/readonly');
    expect(toStoreError(sqlite('SQLITE_CANTOPEN_ISDIR'), context).code).toBe('store/open-failed');
    expect(toStoreError(sqlite('SQLITE_FULL'), context).retryable).toBe(true);
    expect(toStoreError(sqlite('SQLITE_IOERR_SHORT_READ'), { ...context, phase: 'open' }).code).toBe('store/open-failed');
    expect(toStoreError(sqlite('SQLITE_MISMATCH'), context).code).toBe('internal');
    const original = new HeraldError('store/not-found', 'gone');
    expect(toStoreError(original, context)).toBe(original);
  });
});
