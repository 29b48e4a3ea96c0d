// Applies the numbered schema migrations in order, one transaction each, and refuses newer files.
import type { Database } from 'better-sqlite3';
import { HeraldError } from '../errors.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations/index.js';

/** The schema version recorded in the file header (0 for a new, empty file). */
export function readSchemaVersion(db: Database): number {
  return Number(db.pragma('user_version', { simple: true }));
}

/**
 * Throws `store/newer-schema` when the file was written by a newer Herald. Must run before
 * anything writes to the file, so that the refusal leaves it byte-for-byte unchanged.
 */
export function assertKnownSchema(db: Database, path: string): void {
  const version = readSchemaVersion(db);
  if (version > LATEST_SCHEMA_VERSION) {
    throw new HeraldError(
      'store/newer-schema',
      `${path} has schema version ${version} but this Herald knows up to ${LATEST_SCHEMA_VERSION}. ` +
        `Upgrade Herald, or point HERALD_DB_PATH at another file. The file was not changed.`,
      { details: { path, version, latest: LATEST_SCHEMA_VERSION } },
    );
  }
}

/**
 * Brings the schema up to date. Each migration, its `schema_migrations` row and the new
 * `user_version` commit together, so a crash mid-way leaves the file at the previous version.
 *
 * @returns the migrations applied now (empty when the file was current).
 */
export function applyMigrations(db: Database, path: string, migrations: readonly Migration[] = MIGRATIONS): Migration[] {
  const applied: Migration[] = [];
  for (const migration of migrations) {
    if (migration.version <= readSchemaVersion(db)) continue;
    const apply = db.transaction(() => {
      // Re-read inside the write lock: another process may have migrated in the meantime.
      if (migration.version <= readSchemaVersion(db)) return false;
      db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        new Date().toISOString(),
      );
      // PRAGMA takes no bound parameters; the version is a number from our own list.
      db.pragma(`user_version = ${Math.trunc(migration.version)}`);
      return true;
    });
    try {
      if (apply.immediate()) applied.push(migration);
    } catch (error) {
      if (error instanceof HeraldError) throw error;
      const code = (error as { code?: unknown }).code;
      // Lock, disk and corruption problems keep their own codes (mapped by the caller).
      if (typeof code === 'string' && /^SQLITE_(BUSY|LOCKED|FULL|CORRUPT|NOTADB|READONLY|IOERR|CANTOPEN)/.test(code)) {
        throw error;
      }
      throw new HeraldError(
        'store/migration-failed',
        `migration ${migration.name} failed on ${path}: ${error instanceof Error ? error.message : String(error)}. ` +
          `The file was left at schema version ${readSchemaVersion(db)}; report this as a Herald bug.`,
        { cause: error, details: { path, migration: migration.name } },
      );
    }
  }
  return applied;
}
