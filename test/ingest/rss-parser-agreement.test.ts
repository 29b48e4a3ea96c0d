// Herald reads feeds with its own tolerant reader (rss-parser in the hot path could not meet the
// throughput target; README → Parsing has the figures). On ordinary, well-formed feeds, where
// rss-parser is right, the two must agree item for item.
import { readFileSync } from 'node:fs';
import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { generateCorpus } from '../../bench/generate-corpus.js';
import { renderDateTokens } from '../../src/demo/sample-server.js';
import { parseFeedSync } from '../../src/ingest/parse-feed.js';

const now = new Date('2026-03-02T10:00:00Z');
const documents: Array<[string, string]> = [
  ['samples/policy-wire.rss.xml', renderDateTokens(readFileSync('samples/policy-wire.rss.xml', 'utf8'), now)],
  ...generateCorpus({ feeds: 8, itemsPerFeed: 20, seed: 7, now }).map((doc): [string, string] => [`bench corpus ${doc.path}`, doc.body.toString('utf8')]),
];

describe('agreement with rss-parser', () => {
  it.each(documents)('%s: same items, titles, links, guids and dates', async (name, xml) => {
    const theirs = await new Parser().parseString(xml);
    const ours = parseFeedSync({ bytes: Buffer.from(xml), contentType: null, url: `https://feeds.example/${encodeURIComponent(name)}` });
    expect(ours.title).toBe(theirs.title?.trim());
    expect(ours.entries).toHaveLength(theirs.items.length);
    theirs.items.forEach((item, i) => {
      const entry = ours.entries[i];
      expect(entry?.title).toBe(item.title?.trim());
      if (item.link && /^https?:/.test(item.link)) expect(entry?.link).toBe(item.link.trim());
      const guid = item.guid ?? (item as { id?: string }).id;
      if (guid) expect(entry?.guid).toBe(guid.trim());
      if (item.isoDate) expect((entry?.published ?? entry?.updated)?.toISOString()).toBe(item.isoDate);
      expect(entry?.text?.length ?? 0).toBeGreaterThan(0);
    });
  });
});
