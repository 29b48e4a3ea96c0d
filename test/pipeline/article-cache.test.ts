// The article cache in SQLite (migration 004): one row per canonical URL, replaced on retry.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { CachedArticle } from '../../src/domain/index.js';
import { applyMigrations } from '../../src/store/migrate.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { LATEST_SCHEMA_VERSION, openSqliteStore, sqliteHandleForTests, type SqliteStore } from '../../src/store/index.js';

let store: SqliteStore | undefined;
afterEach(() => {
  store?.close();
  store = undefined;
});

const failed: CachedArticle = {
  url: 'https://ledger.example/law/7',
  fetchedAt: '2026-03-02T12:00:00.000Z',
  status: 'failed',
  text: null,
  lang: null,
  error: 'ingest/http-status: https://ledger.example/law/7 answered HTTP 503.',
};

describe('article cache', () => {
  it('stores a failure, then replaces it with the page when a retry succeeds', () => {
    store = openSqliteStore({ path: ':memory:' });
    expect(store.getArticle(failed.url)).toBeNull();
    store.recordArticle(failed);
    expect(store.getArticle(failed.url)).toEqual(failed);

    const ok: CachedArticle = { ...failed, fetchedAt: '2026-03-02T18:00:00.000Z', status: 'ok', text: 'The court ruled.\n\nIt said more.', lang: 'en-GB', error: null };
    store.recordArticle(ok);
    expect(store.getArticle(failed.url)).toEqual(ok);
    expect(sqliteHandleForTests(store).prepare('SELECT count(*) FROM article_cache').pluck().get()).toBe(1);
  });

  it('keeps text only for pages that have it, and refuses unknown statuses', () => {
    store = openSqliteStore({ path: ':memory:' });
    store.recordArticle({ ...failed, status: 'no-article', text: 'ignored', error: 'no article text found on the page' });
    expect(store.getArticle(failed.url)).toMatchObject({ status: 'no-article', text: null });
    const db = sqliteHandleForTests(store);
    expect(() => db.prepare("INSERT INTO article_cache (url, fetched_at, status) VALUES ('u', 't', 'maybe')").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO article_cache (url, fetched_at, status) VALUES ('u', 't', 'ok')").run()).toThrow(/CHECK/);
  });

  it('is added to a version-3 database by migration 004', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'herald-v3-')), 'herald.db');
    const v3 = new Database(file);
    applyMigrations(v3, file, MIGRATIONS.slice(0, 3));
    v3.close();
    store = openSqliteStore({ path: file });
    expect(store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
    store.recordArticle(failed);
    expect(store.getArticle(failed.url)?.status).toBe('failed');
  });
});
