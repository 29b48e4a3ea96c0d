// The operator's exceptions to the SSRF guard (private networks, allowed hosts) are for the
// catalogue: a feed a chat workspace added is fetched through the strict guard, so a moderator in
// some server cannot reach the operator's intranet through Herald.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { silentLogger } from '../../src/logger.js';
import { createHerald, type Herald } from '../../src/main.js';
import { useFeedServer } from '../helpers/feed-server.js';
import { rssFeed } from '../helpers/rss.js';

const serve = useFeedServer();
let herald: Herald | undefined;
afterEach(async () => {
  await herald?.close();
  herald = undefined;
});

describe('feeds added from chat', () => {
  it('never get the private-network exception the operator gave the catalogue', async () => {
    const now = new Date();
    const body = rssFeed('Intranet', [{ title: 'Internal memo', link: 'https://intranet.example/memo', guid: 'memo' }], now);
    const server = await serve({ '/catalogue.xml': { body, headers: { 'content-type': 'application/rss+xml' } }, '/added.xml': { body, headers: { 'content-type': 'application/rss+xml' } } });
    const dir = mkdtempSync(path.join(tmpdir(), 'herald-guard-'));
    const config = loadConfig({
      dir,
      env: {},
      overrides: (raw) => {
        raw['database'] = { path: path.join(dir, 'herald.db') };
        raw['fetch'] = { allowPrivateNetworks: true };
        raw['poll'] = { parseWorkers: 0 };
      },
    });
    herald = createHerald(config, { log: silentLogger() });
    herald.store.addFeed({ url: server.url('/catalogue.xml'), title: null, intervalSeconds: 900, now });
    herald.store.addWorkspaceFeed({ platform: 'discord', workspaceId: 'G1' }, { url: server.url('/added.xml'), title: null }, now);

    const summary = await herald.pollOnce({ all: true });
    const outcome = Object.fromEntries(summary.reports.map((report) => [new URL(report.feed.url).pathname, report.error?.code ?? report.outcome]));
    expect(outcome).toEqual({ '/catalogue.xml': 'updated', '/added.xml': 'ingest/blocked-address' });
    expect(server.requests.map((request) => request.url)).toEqual(['/catalogue.xml']);
  });
});
