// Per-test SQLite files in a fresh temp directory, closed and deleted after each test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { openSqliteStore, type OpenStoreOptions, type SqliteStore } from '../../src/store/index.js';

const cleanups: Array<() => void> = [];

afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** A new empty directory, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'herald-store-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Opens a store on a fresh file (or the given options) and closes it after the test. */
export function openTestStore(options: Partial<OpenStoreOptions> = {}): SqliteStore {
  const store = openSqliteStore({ path: join(tempDir(), 'herald.db'), ...options });
  cleanups.push(() => store.close());
  return store;
}

/** Registers something to close after the test (second connections, reopened stores). */
export function closeAfterTest(resource: { close(): unknown }): void {
  cleanups.push(() => {
    resource.close();
  });
}

export const T0 = new Date('2025-03-01T10:00:00.000Z');

/** T0 plus some minutes: tests use fixed times so stored timestamps are predictable. */
export function at(minutes: number): Date {
  return new Date(T0.getTime() + minutes * 60_000);
}
