// The benchmark corpus: deterministic, realistic, and readable by both Herald and rss-parser.
import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { generateCorpus } from '../../bench/generate-corpus.js';
import { parseFeedSync } from '../../src/ingest/parse-feed.js';

const NOW = new Date('2026-03-02T00:00:00Z');
const small = () => generateCorpus({ feeds: 50, itemsPerFeed: 6, seed: 7, now: NOW });

describe('generateCorpus', () => {
  it('produces the same bytes for the same seed and different bytes for another seed', () => {
    const a = small();
    const b = small();
    const c = generateCorpus({ feeds: 50, itemsPerFeed: 6, seed: 8, now: NOW });
    expect(a.map((doc) => doc.body.toString('base64'))).toEqual(b.map((doc) => doc.body.toString('base64')));
    expect(c[0]?.body.equals(a[0]?.body ?? Buffer.alloc(0))).toBe(false);
  });

  it('alternates RSS 2.0 and Atom 1.0 with matching paths and content types', () => {
    const corpus = small();
    expect(corpus.filter((doc) => doc.format === 'rss')).toHaveLength(25);
    expect(corpus[0]).toMatchObject({ path: '/feeds/0001.rss', format: 'rss', contentType: 'application/rss+xml; charset=utf-8' });
    expect(corpus[1]).toMatchObject({ path: '/feeds/0002.atom', format: 'atom', contentType: 'application/atom+xml; charset=utf-8' });
  });

  it('yields every item to Herald with a unique guid, a date in the last 30 days and a 1–5 KB HTML body', () => {
    const guids = new Set<string>();
    let nonAscii = 0;
    let withLinks = 0;
    for (const doc of small()) {
      const feed = parseFeedSync({ bytes: doc.body, contentType: doc.contentType, url: `http://127.0.0.1${doc.path}` });
      expect(feed.format).toBe(doc.format);
      expect(feed.entries).toHaveLength(6);
      for (const entry of feed.entries) {
        guids.add(entry.guid ?? '');
        const age = NOW.getTime() - (entry.published?.getTime() ?? 0);
        expect(age).toBeGreaterThanOrEqual(0);
        expect(age).toBeLessThan(30 * 86_400_000);
        expect(Buffer.byteLength(entry.html ?? '')).toBeGreaterThan(900);
        expect(Buffer.byteLength(entry.html ?? '')).toBeLessThan(5_500);
        if (/[^ -~\s]/.test(entry.text ?? '')) nonAscii += 1;
        if (/<a href="https:\/\/news-site-\d+\.example\//.test(entry.html ?? '')) withLinks += 1;
      }
    }
    expect(guids.size).toBe(300);
    expect(nonAscii).toBeGreaterThan(30);
    expect(withLinks).toBeGreaterThan(100);
  });

  it('includes Japanese feeds (every 25th) that Herald reads as such', () => {
    const doc = small()[24];
    const feed = parseFeedSync({ bytes: doc?.body ?? new Uint8Array(), contentType: doc?.contentType ?? null, url: 'http://127.0.0.1/feeds/0025.atom' });
    expect(feed.language).toBe('ja');
    expect(feed.entries[0]?.title).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
  });

  it('is read by plain rss-parser with the same item counts and titles (the baseline is fair)', async () => {
    const parser = new Parser();
    for (const doc of small().slice(0, 4)) {
      const herald = parseFeedSync({ bytes: doc.body, contentType: doc.contentType, url: `http://127.0.0.1${doc.path}` });
      const baseline = await parser.parseString(doc.body.toString('utf8'));
      expect(baseline.items.map((item) => item.title)).toEqual(herald.entries.map((entry) => entry.title));
    }
  });
});
