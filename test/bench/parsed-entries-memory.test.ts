// Guards the fix behind the bench's RSS target: parsed entries must not keep their whole feed
// document alive (V8 sliced strings), since stored items are held for a whole poll cycle.
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { generateCorpus } from '../../bench/generate-corpus.js';
import { parseFeedSync } from '../../src/ingest/parse-feed.js';
import type { ParsedEntry } from '../../src/domain/index.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('parseFeedSync', () => {
  it('returns entries that hold only their own strings, not the document they came from', () => {
    // 40 documents of ~190 KB (two-byte text in memory: ~380 KB each, ~15 MB in all).
    const corpus = generateCorpus({ feeds: 40, itemsPerFeed: 50, seed: 3, now: new Date('2026-03-02T00:00:00Z') });
    const before = heapAfterGc();
    const kept: Array<Pick<ParsedEntry, 'guid' | 'title' | 'link' | 'author' | 'categories' | 'language'>> = [];
    for (const doc of corpus) {
      const feed = parseFeedSync({ bytes: doc.body, contentType: doc.contentType, url: `http://127.0.0.1${doc.path}` });
      // Keep one entry's short fields per feed, as a cycle summary keeps a feed's fresh items.
      const entry = feed.entries[0];
      if (entry) kept.push({ guid: entry.guid, title: entry.title, link: entry.link, author: entry.author, categories: entry.categories, language: entry.language });
    }
    const retained = heapAfterGc() - before;
    expect(kept).toHaveLength(40);
    expect(kept[0]?.guid).toMatch(/news-site-1\.example/);
    // Without the copy this is ~15 MB (every document); with it, a few KB of strings.
    expect(retained).toBeLessThan(4_000_000);
  });
});
