// `herald run` as an operator runs it: polls on its cron tick, stops cleanly on SIGTERM.
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

describe('herald run', () => {
  it('polls the catalogue on its tick and stops cleanly on SIGTERM', async () => {
    server = await startFeedServer({
      '/feed.xml': { headers: { 'content-type': 'application/rss+xml', etag: '"1"' }, body: rssFeed('Tick Feed', [{ guid: 't1', title: 'Tick story', hoursAgo: 1 }], new Date()) },
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'herald-run-'));
    writeFileSync(path.join(dir, 'feeds.yaml'), `feeds:\n  - url: ${server.url('/feed.xml')}\n    interval: 5m\n`);
    const dbPath = path.join(dir, 'herald.db');
    const env = { HERALD_CONFIG_DIR: dir, HERALD_DB_PATH: dbPath, HERALD_ALLOW_PRIVATE_NETWORKS: 'true', HERALD_POLL_TICK: '* * * * * *' };

    const service = startCli(['run'], env);
    const deadline = Date.now() + 15_000;
    while (server.requests.length < 1) {
      if (Date.now() > deadline) throw new Error('the service never polled');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Several ticks pass; the feed is not due again (5 min), so it is fetched once.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    service.child.kill('SIGTERM');
    const result = await service.done;
    expect(result.code, result.stderr).toBe(0);
    expect(server.requests).toHaveLength(1);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { msg: string; fresh?: number });
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['Herald is running', 'poll cycle done', 'stopping: finishing the current cycle', 'stopped']));
    expect(lines.find((l) => l.msg === 'poll cycle done')?.fresh).toBe(1);

    const db = new Database(dbPath, { readonly: true });
    expect(db.prepare('SELECT title FROM items').all()).toEqual([{ title: 'Tick story' }]);
    db.close();
  });

  it('refuses a corrupt database with a message that names the file and what to do', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'herald-corrupt-'));
    const dbPath = path.join(dir, 'herald.db');
    writeFileSync(dbPath, Buffer.alloc(8192, 0x5a));
    writeFileSync(path.join(dir, 'feeds.yaml'), 'feeds: []\n');
    const result = await runCli(['feeds', 'list'], { HERALD_CONFIG_DIR: dir, HERALD_DB_PATH: dbPath });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(dbPath);
    expect(result.stderr).toMatch(/store\/corrupt/);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe('database path problems', () => {
  it('answers at once, with the directory named, when the database cannot be created', async () => {
    const result = await runCli(['migrate', '--db', '/proc/herald-nope/x.db'], { HERALD_CONFIG_DIR: mkdtempSync(path.join(tmpdir(), 'herald-cfg-')) });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cannot create the directory \/proc\/herald-nope/);
  });

  it('creates missing parent directories for a new database', async () => {
    const base = mkdtempSync(path.join(tmpdir(), 'herald-deep-'));
    const result = await runCli(['migrate', '--db', path.join(base, 'a', 'b', 'herald.db')], { HERALD_CONFIG_DIR: base });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/schema version \d+, 0 items/);
  });
});
