// The article stage as Herald assembles it: settings from herald.yaml and the environment, and the
// pipeline createHerald builds fetching, caching and re-applying pages.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerExplain } from '../../src/commands/explain.js';
import { loadConfig } from '../../src/config/index.js';
import { silentLogger } from '../../src/logger.js';
import { createHerald, type Herald } from '../../src/main.js';
import { useFeedServer } from '../helpers/feed-server.js';
import { COURT_TEASER, COURT_TITLE, FROM_PAGE, TEASER_SUMMARY, feedRoute, htmlRoute } from './article-kit.js';

const serve = useFeedServer();
let herald: Herald | undefined;
afterEach(async () => {
  await herald?.close();
  herald = undefined;
});

const court = readFileSync('test/fixtures/articles/court-ruling.html');

function configDir(yaml = ''): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'herald-articles-'));
  writeFileSync(path.join(dir, 'herald.yaml'), yaml);
  return dir;
}

function testConfig(env: Record<string, string> = {}, dir = configDir()) {
  return loadConfig({
    dir,
    env,
    overrides: (raw) => {
      raw['database'] = { path: path.join(dir, 'herald.db') };
      raw['fetch'] = { allowPrivateNetworks: true };
      raw['poll'] = { parseWorkers: 0 };
    },
  });
}

describe('article settings', () => {
  it('are on by default with bounded concurrency, size and time, as config/herald.yaml documents', () => {
    const defaults = loadConfig({ dir: configDir(), env: {} }).settings.analysis.articles;
    expect(defaults).toEqual({ enabled: true, concurrency: 2, maxSize: 2 * 1024 * 1024, timeout: 15_000 });
    expect(loadConfig({ dir: 'config', env: {} }).settings.analysis.articles).toEqual(defaults);
  });

  it('read herald.yaml, and HERALD_ARTICLE_FETCH=off turns fetching off', () => {
    const dir = configDir('analysis:\n  articles:\n    concurrency: 4\n    maxSize: 512KiB\n    timeout: 5s\n');
    expect(loadConfig({ dir, env: {} }).settings.analysis.articles).toEqual({ enabled: true, concurrency: 4, maxSize: 512 * 1024, timeout: 5_000 });
    expect(loadConfig({ dir, env: { HERALD_ARTICLE_FETCH: 'off' } }).settings.analysis.articles.enabled).toBe(false);
    expect(() => loadConfig({ dir, env: { HERALD_ARTICLE_FETCH: 'sometimes' } })).toThrow(/environment variable HERALD_ARTICLE_FETCH → analysis\.articles\.enabled/);
  });
});

describe('createHerald with article pages', () => {
  async function pollTeaser(env: Record<string, string> = {}, dir = configDir()) {
    const server = await serve({ '/news/court': htmlRoute(court) });
    const now = new Date();
    server.route('/feed.xml', feedRoute('Ledger', [{ guid: 'c1', title: COURT_TITLE, body: COURT_TEASER, hoursAgo: 1, link: server.url('/news/court') }], now, '"1"'));
    herald = createHerald(testConfig(env, dir), { log: silentLogger() });
    herald.store.addFeed({ url: server.url('/feed.xml'), intervalSeconds: 900, now });
    const summary = await herald.pollOnce({ all: true });
    const [item] = summary.reports[0]?.fresh ?? [];
    return { server, h: herald, itemId: item?.id ?? -1 };
  }

  it('summarises a teaser from its page, and `reanalyze` keeps that summary without fetching again', async () => {
    const { server, h, itemId } = await pollTeaser();
    expect(h.store.getItemAnalysis(itemId)?.summary).toContain(FROM_PAGE);

    h.store.markForReanalysis(null);
    expect(h.analysis()?.catchUp(100)).toBe(1);
    expect(h.store.getItemAnalysis(itemId)?.summary).toContain(FROM_PAGE);
    expect(server.requests.filter((r) => r.path === '/news/court')).toHaveLength(1);
  });

  it('fetches no page with HERALD_ARTICLE_FETCH=off', async () => {
    const { server, h, itemId } = await pollTeaser({ HERALD_ARTICLE_FETCH: 'off' });
    expect(h.store.getItemAnalysis(itemId)?.summary).toBe(TEASER_SUMMARY);
    expect(server.requests.map((r) => r.path)).toEqual(['/feed.xml']);
  });

  it('`herald explain` says the summary comes from the article page, and how much text it had', async () => {
    const dir = configDir();
    const { h, itemId } = await pollTeaser({}, dir);
    const pageChars = h.store.getArticle(h.store.getItem(itemId)?.url ?? '')?.text?.length ?? 0;
    await h.close();
    herald = undefined;

    const out: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    try {
      const program = new Command('herald').exitOverride();
      registerExplain(program);
      await program.parseAsync(['explain', String(itemId), '--config', dir, '--db', path.join(dir, 'herald.db')], { from: 'user' });
    } finally {
      write.mockRestore();
    }
    const text = out.join('');
    expect(pageChars).toBeGreaterThan(2_000);
    expect(text).toContain(`article page: ${pageChars} chars of text`);
    expect(text).toMatch(new RegExp(`summary \\(from the article page, ${pageChars} chars\\): .*${FROM_PAGE}`));
  });
});
