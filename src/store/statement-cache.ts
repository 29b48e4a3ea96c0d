// Prepares each SQL text once per connection; better-sqlite3 statements are reusable.
import type { Database, Statement } from 'better-sqlite3';

/** Returns the prepared statement for `sql`, preparing it on first use. */
export type PrepareCached = (sql: string) => Statement;

export function createStatementCache(db: Database): PrepareCached {
  const statements = new Map<string, Statement>();
  return (sql) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
}
