// A real crash: `herald poll` is SIGKILLed while one feed is in flight; the next run resumes.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { rssFeed } from '../helpers/rss.js';
import { runCli, startCli } from '../helpers/run-cli.js';

let server: FeedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function countItems(dbPath: string): number {
  try {
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM items').get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return -1; // not created yet
  }
}

describe('herald poll after SIGKILL', () => {
  it('loses nothing and duplicates nothing', async () => {
    const now = new Date();
    const entries = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ guid: `${prefix}${i}`, title: `${prefix} story ${i}`, hoursAgo: i + 1 }));
    let holdB = true;
    server = await startFeedServer({
      '/a.xml': { headers: { 'content-type': 'application/rss+xml' }, body: rssFeed('Feed A', entries('a', 6), now) },
      '/b.xml': (_req, res) => {
        if (holdB) return; // never answers while the first process is alive
        res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed('Feed B', entries('b', 4), now));
      },
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'herald-crash-'));
    writeFileSync(path.join(dir, 'feeds.yaml'), `feeds:\n  - url: ${server.url('/a.xml')}\n  - url: ${server.url('/b.xml')}\n`);
    const dbPath = path.join(dir, 'herald.db');
    const env = { HERALD_ALLOW_PRIVATE_NETWORKS: 'true', HERALD_DB_PATH: dbPath, HERALD_CONFIG_DIR: dir };

    const first = startCli(['poll', '--once'], env);
    const deadline = Date.now() + 15_000;
    while (!(countItems(dbPath) === 6 && server.requests.some((r) => r.path === '/b.xml'))) {
      if (Date.now() > deadline) throw new Error('first poll did not reach the expected state');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    first.child.kill('SIGKILL');
    expect((await first.done).signal).toBe('SIGKILL');

    holdB = false;
    const second = await runCli(['poll', '--once'], env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('b story 0');
    expect(second.stdout).not.toContain('a story 0'); // A was committed before the crash and is not due

    const db = new Database(dbPath, { readonly: true });
    const rows = db.prepare('SELECT identity FROM items ORDER BY identity').all() as Array<{ identity: string }>;
    db.close();
    expect(rows).toHaveLength(10);
    expect(new Set(rows.map((r) => r.identity)).size).toBe(10);
  });
});
