// Turns SQLite's error codes into HeraldErrors that name the database file and say what to do.
import Database from 'better-sqlite3';
import { HeraldError } from '../errors.js';

export interface StoreErrorContext {
  /** The database file as the operator configured it. */
  path: string;
  busyTimeoutMs: number;
  /** While opening, an I/O failure means the file could not be opened at all. */
  phase: 'open' | 'use';
}

/**
 * Maps anything thrown by better-sqlite3 to a HeraldError; HeraldErrors pass through unchanged.
 * Every store method funnels its errors through here, so callers only ever see `store/*` codes.
 *
 * @see https://www.sqlite.org/rescode.html
 */
export function toStoreError(error: unknown, context: StoreErrorContext): HeraldError {
  if (error instanceof HeraldError) return error;
  const { path } = context;
  const sqliteCode = error instanceof Database.SqliteError ? error.code : undefined;
  const reason = error instanceof Error ? error.message : String(error);
  const details = { path, sqliteCode, reason };
  const options = { cause: error, details };

  if (sqliteCode === undefined) {
    // better-sqlite3 checks the directory itself and throws a TypeError before SQLite runs.
    if (/directory does not exist/i.test(reason)) {
      return new HeraldError(
        'store/open-failed',
        `cannot open ${path}: its directory does not exist. Create the directory or point HERALD_DB_PATH at another file.`,
        options,
      );
    }
    return new HeraldError('internal', `store ${path}: ${reason}`, options);
  }
  const family = baseCode(sqliteCode);
  switch (family) {
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return new HeraldError(
        'store/locked',
        `another process holds a lock on ${path} (is another \`herald run\` running?). ` +
          `Herald waited ${context.busyTimeoutMs} ms; stop the other process or try again.`,
        { ...options, retryable: true },
      );
    case 'SQLITE_NOTADB':
    case 'SQLITE_CORRUPT':
      return new HeraldError(
        'store/corrupt',
        `${path} is damaged or is not a Herald database (SQLite: ${reason}). Herald did not change it. ` +
          `Restore it from a backup, or salvage what is readable with ` +
          `\`sqlite3 ${path} ".recover" | sqlite3 recovered.db\` and point HERALD_DB_PATH at recovered.db.`,
        options,
      );
    case 'SQLITE_FULL':
      return new HeraldError(
        'store/disk-full',
        `the disk holding ${path} is full, so nothing from this operation was saved (earlier data is intact). ` +
          `Free some space; Herald will retry.`,
        { ...options, retryable: true },
      );
    case 'SQLITE_READONLY':
      return new HeraldError(
        'store/readonly',
        `${path} is read-only: Herald must be able to write the file and create ${path}-wal and ${path}-shm ` +
          `beside it. Fix the file and directory permissions, or point HERALD_DB_PATH at a writable file.`,
        options,
      );
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_PERM':
    case 'SQLITE_AUTH':
      return openFailed(path, reason, options);
    case 'SQLITE_IOERR':
      if (context.phase === 'open') return openFailed(path, reason, options);
      return new HeraldError('internal', `disk I/O error on ${path} (SQLite: ${reason}).`, { ...options, retryable: true });
    default:
      return new HeraldError('internal', `store ${path}: ${reason} (${sqliteCode})`, options);
  }
}

function openFailed(path: string, reason: string, options: { cause: unknown; details: Record<string, unknown> }): HeraldError {
  return new HeraldError(
    'store/open-failed',
    `cannot open ${path} (SQLite: ${reason}). Check that the path is a file Herald may read and write, ` +
      `or point HERALD_DB_PATH at another file.`,
    options,
  );
}

/** 'SQLITE_BUSY_SNAPSHOT' → 'SQLITE_BUSY': extended codes refine a primary code. */
function baseCode(code: string): string {
  const match = /^SQLITE_[A-Z]+/.exec(code);
  return match ? match[0] : code;
}
