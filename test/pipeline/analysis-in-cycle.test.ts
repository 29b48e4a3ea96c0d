// Analysis in the poll cycle: every new item is classified, summarised and put in a story, stored.
import { afterEach, describe, expect, it } from 'vitest';
import { useFeedServer } from '../helpers/feed-server.js';
import { advance, createHarness, enableAnalysis, type Harness } from '../helpers/herald-harness.js';
import { rssFeed } from '../helpers/rss.js';

const serve = useFeedServer();
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const route = (body: string, etag: string) => ({ headers: { 'content-type': 'application/rss+xml', etag }, body });

describe('analysis in the poll cycle', () => {
  it('stores topics, evidence, a summary and one story for two outlets reporting the same event', async () => {
    harness = createHarness(new Date('2012-06-27T12:00:00Z'), undefined, { analysis: true });
    const now = harness.clock.now;
    const server = await serve({
      '/a.xml': route(rssFeed('Wire A', [
        { guid: 'a1', title: 'Anonymous attacks Japanese government websites over new copyright law', hoursAgo: 3, body: 'Anonymous launched DDoS attacks on the websites of the Japanese Ministry of Finance and the Supreme Court in protest against a revised copyright law that criminalises illegal downloads, with jail terms of up to two years.' },
        { guid: 'a2', title: 'Pirates beat Cubs in 11 innings', hoursAgo: 2, body: 'Pittsburgh rallied late at PNC Park.' },
      ], now), '"a"'),
      '/b.xml': route(rssFeed('Wire B', [
        { guid: 'b1', title: 'Japanese government websites hit by Anonymous over download law', hoursAgo: 1, body: 'Websites of Japan\'s Supreme Court and Ministry of Finance were taken offline by DDoS attacks claimed by Anonymous, protesting the copyright law amendment that makes illegal downloading punishable with prison.' },
      ], now), '"b"'),
    });
    harness.store.addFeed({ url: server.url('/a.xml'), intervalSeconds: 900, now });
    harness.store.addFeed({ url: server.url('/b.xml'), intervalSeconds: 900, now });
    await harness.cycle();

    const items = harness.store.listItems({ limit: 10 });
    const byGuid = new Map(items.map((item) => [item.guid, harness!.store.getItemAnalysis(item.id)]));
    const a1 = byGuid.get('a1');
    const b1 = byGuid.get('b1');
    expect(a1?.topics.sort()).toEqual(['copyright-law', 'hacktivism']);
    expect(a1?.evidence['hacktivism']?.length).toBeGreaterThan(0);
    expect(a1?.summary).toMatch(/Anonymous/);
    expect(b1?.storyId).toBe(a1?.storyId);
    const sports = byGuid.get('a2');
    expect(sports).toMatchObject({ topics: [], summary: null });
    expect(sports?.storyId).not.toBe(a1?.storyId);
  });

  it('takes up items a crash left unanalysed at the next cycle', async () => {
    harness = createHarness(new Date('2012-06-27T12:00:00Z'));
    const server = await serve({
      '/a.xml': route(rssFeed('Wire A', [{ guid: 'c1', title: 'ISPs to disconnect file-sharers under anti-piracy deal', hoursAgo: 1, body: 'Japanese ISPs agreed to disconnect repeat copyright infringers.' }], harness.clock.now), '"a"'),
    });
    harness.store.addFeed({ url: server.url('/a.xml'), intervalSeconds: 900, now: harness.clock.now });
    await harness.cycle(); // stored without analysis, as if the process died before analysing
    const [item] = harness.store.listItems({ limit: 1 });
    expect(harness.store.getItemAnalysis(item!.id)).toBeNull();

    harness.restart();
    enableAnalysis(harness);
    advance(harness, 60_000);
    await harness.cycle();
    expect(harness.store.getItemAnalysis(item!.id)?.topics).toEqual(['copyright-law']);
  });
});
