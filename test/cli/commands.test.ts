// The command line as a user meets it: the built binary, a real SQLite file, a local feed server.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { rssFeed } from '../helpers/rss.js';
import { runCli } from '../helpers/run-cli.js';

let server: FeedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function workspace(): { dir: string; env: Record<string, string> } {
  const dir = mkdtempSync(path.join(tmpdir(), 'herald-cli-'));
  writeFileSync(path.join(dir, 'feeds.yaml'), 'feeds: []\n');
  return { dir, env: { HERALD_CONFIG_DIR: dir, HERALD_DB_PATH: path.join(dir, 'herald.db'), HERALD_ALLOW_PRIVATE_NETWORKS: 'true' } };
}

describe('herald command line', () => {
  it('lists every command in --help', async () => {
    const { stdout, code } = await runCli(['--help']);
    expect(code).toBe(0);
    for (const command of ['demo', 'run', 'poll', 'inspect', 'feeds', 'migrate']) expect(stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
  });

  it('runs the demo offline: one alert per story on the console, history kept, second poll all 304', async () => {
    const { dir } = workspace();
    const result = await runCli(['demo', '--db', path.join(dir, 'demo.db')]);
    expect(result.code, result.stderr).toBe(0);
    const out = result.stdout;
    expect(out).toMatch(/Herald demo — 3 sample feeds/);
    const alerts = out.split('\n').filter((line) => line.startsWith('■ '));
    // The OpJapan DDoS is reported by all three feeds (one in Japanese): one alert naming the others.
    expect(alerts.filter((line) => /OpJapan|Anonymous claims attacks on Japanese/.test(line))).toHaveLength(1);
    expect(out).toMatch(/■ Anonymous claims attacks on Japanese ministry and court websites[^\n]*\n(?: {2}[^\n]*\n)*? {2}Source: Policy Wire · also reported by Rights Watch, Security Desk/);
    // The ISP disconnection story is copyright law, an alert of its own; a different DDoS stays apart.
    expect(alerts).toContain('■ Japanese ISPs sign on to warn, then disconnect, repeat file-sharers');
    expect(alerts).toContain('■ Protest group claims DDoS on airline booking sites over deportation flights');
    // Fresh but on no topic: a ransomware leak and a baseball team called the Pirates.
    expect(out).not.toMatch(/■ Ransomware gang|■ Pirates walk off/);
    const first = /First poll: 3 feeds polled, 3 updated, 0 not modified, 0 failed · (\d+) new items stored, (\d+) fresh · (\d+) alerts delivered/.exec(out);
    expect(first).not.toBeNull();
    expect(Number(first?.[1])).toBeGreaterThanOrEqual(30);
    expect(Number(first?.[2])).toBeGreaterThan(3);
    expect(Number(first?.[3])).toBe(alerts.length);
    expect(out).toMatch(/Second poll: 3 feeds polled, 0 updated, 3 not modified, 0 failed · 0 new items stored/);
  });

  it('adds, lists and removes feeds', async () => {
    const { env } = workspace();
    server = await startFeedServer({
      '/feed.xml': { headers: { 'content-type': 'application/rss+xml' }, body: rssFeed('Copyright Wire', [{ guid: '1', title: 'One', hoursAgo: 1 }], new Date()) },
      '/page.html': { headers: { 'content-type': 'text/html' }, body: '<html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml"></head></html>' },
    });

    const added = await runCli(['feeds', 'add', server.url('/feed.xml'), '--interval', '10m'], env);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/Added feed #1: Copyright Wire \(rss, 1 item\), polled every 10m/);

    const again = await runCli(['feeds', 'add', server.url('/feed.xml')], env);
    expect(again.stdout).toMatch(/already there/);

    const page = await runCli(['feeds', 'add', server.url('/page.html')], env);
    expect(page.code).toBe(1);
    expect(page.stderr).toContain(server.url('/feed.xml')); // points at the feed the page links to

    const badInterval = await runCli(['feeds', 'add', server.url('/feed.xml'), '--interval', 'often'], env);
    expect(badInterval.code).toBe(1);
    expect(badInterval.stderr).toMatch(/--interval "often" is not a duration/);

    await runCli(['poll', '--once'], env);
    const list = await runCli(['feeds', 'list'], env);
    expect(list.stdout).toMatch(/#1\s+Copyright Wire\s+http:\/\/127\.0\.0\.1:\d+\/feed\.xml\s+10m\s+1\s+ok just now/);

    const removed = await runCli(['feeds', 'remove', '1'], env);
    expect(removed.stdout).toMatch(/Removed feed #1 Copyright Wire and its 1 item/);
    expect((await runCli(['feeds', 'remove', '1'], env)).stderr).toMatch(/There is no feed #1/);
  });

  it('refuses a private address when the guard is on, saying how to allow it', async () => {
    const { env } = workspace();
    server = await startFeedServer({ '/feed.xml': { body: 'x' } });
    const result = await runCli(['feeds', 'add', server.url('/feed.xml')], { ...env, HERALD_ALLOW_PRIVATE_NETWORKS: 'false' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/HERALD_ALLOW_PRIVATE_NETWORKS/);
    expect(server.requests).toHaveLength(0);
  });

  it('inspects a feed by URL through the guarded fetcher', async () => {
    const { env } = workspace();
    server = await startFeedServer({
      '/feed.xml': { headers: { 'content-type': 'application/rss+xml' }, body: rssFeed('Wire', [{ guid: 'x1', title: 'Ruling &amp; appeal', hoursAgo: 2, link: '/story' }], new Date()) },
    });
    const result = await runCli(['inspect', '--json', server.url('/feed.xml')], env);
    expect(result.code, result.stderr).toBe(0);
    const answer = JSON.parse(result.stdout) as { ok: boolean; feed: { title: string }; items: Array<{ title: string; link: string; guid: string }> };
    expect(answer.ok).toBe(true);
    expect(answer.feed.title).toBe('Wire');
    expect(answer.items[0]).toMatchObject({ title: 'Ruling & appeal', guid: 'x1', link: server.url('/story') });

    const guarded = await runCli(['inspect', '--json', server.url('/feed.xml')], { ...env, HERALD_ALLOW_PRIVATE_NETWORKS: 'false' });
    expect(JSON.parse(guarded.stdout)).toMatchObject({ ok: false, error: { code: 'fetch_failed' } });
    expect(server.requests).toHaveLength(1);
  });

  it('keeps hostile text from a server out of the terminal', async () => {
    const { env } = workspace();
    server = await startFeedServer({ '/evil.xml': { headers: { 'content-type': 'application/xml' }, body: '<x\u001b]0;PWNED\u0007y\u001b[31m>hi</x\u001b]0;PWNED\u0007y\u001b[31m>' } });
    const result = await runCli(['feeds', 'add', server.url('/evil.xml')], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not a feed|not-a-feed/i);
    expect(result.stderr.includes('\u001b') || result.stderr.includes('\u0007')).toBe(false);
  });

  it('refuses feed URLs that are not http(s) and intervals below the minimum', async () => {
    const { env } = workspace();
    const js = await runCli(['feeds', 'add', 'javascript:alert(1)', '--no-check'], env);
    expect(js.code).toBe(1);
    expect(js.stderr).toMatch(/not an http\(s\) URL/);
    const fast = await runCli(['feeds', 'add', 'https://example.org/feed.xml', '--no-check', '--interval', '30s'], env);
    expect(fast.code).toBe(1);
    expect(fast.stderr).toMatch(/shorter than poll\.minInterval \(5m\)/);
    expect((await runCli(['feeds', 'list'], env)).stdout).toMatch(/No feeds yet/);
  });

  it('never lets the demo erase a real database', async () => {
    const { env } = workspace();
    await runCli(['feeds', 'add', 'https://example.org/feed.xml', '--no-check'], env);
    const result = await runCli(['demo', '--db', env['HERALD_DB_PATH'] ?? ''], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/is not a demo database .*https:\/\/example\.org\/feed\.xml/);
    expect((await runCli(['feeds', 'list'], env)).stdout).toContain('https://example.org/feed.xml');
  });

  it('reports a broken topics.yaml when polling, while commands that do not analyse still work', async () => {
    const { dir, env } = workspace();
    writeFileSync(path.join(dir, 'topics.yaml'), 'topics:\n  copyright-law:\n    threshold: high\n');
    const poll = await runCli(['poll', '--once'], env);
    expect(poll.code).toBe(1);
    expect(poll.stderr).toMatch(/topics\.yaml/);
    expect(poll.stderr).toMatch(/threshold/);
    expect((await runCli(['feeds', 'list'], env)).code).toBe(0);
  });

  it('stops with every configuration problem listed', async () => {
    const { dir, env } = workspace();
    writeFileSync(path.join(dir, 'herald.yaml'), 'poll:\n  defaultInterval: soon\n');
    const result = await runCli(['feeds', 'list'], { ...env, HERALD_FETCH_CONCURRENCY: 'lots' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/2 problems/);
    expect(result.stderr).toMatch(/poll\.defaultInterval/);
    expect(result.stderr).toMatch(/HERALD_FETCH_CONCURRENCY/);
  });
});
