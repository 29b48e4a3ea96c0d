// normaliseEntries: identity rules, canonical URLs, titles that are never empty, settled dates.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ParsedEntry } from '../../src/domain/index.js';
import { normaliseEntries } from '../../src/ingest/normalise-item.js';

const NOW = new Date('2024-05-14T12:00:00.000Z');
const ctx = { feedUrl: 'https://news.example/feed.xml', now: NOW };

function entry(overrides: Partial<ParsedEntry> = {}): ParsedEntry {
  return {
    guid: null, title: 'A title', link: null, published: new Date('2024-05-14T08:00:00Z'), updated: null,
    text: 'Body text.', html: '<p>Body text.</p>', author: null, categories: [], language: null,
    ...overrides,
  };
}

describe('normaliseEntries identity', () => {
  it('uses the guid when it is present and unique in the feed', () => {
    const [item] = normaliseEntries([entry({ guid: '  abc-1 ', link: 'https://news.example/a' })], ctx);
    expect(item?.identity).toBe('guid:abc-1');
    expect(item?.guid).toBe('abc-1');
  });

  it('falls back to the canonical link when guids repeat', () => {
    const items = normaliseEntries([
      entry({ guid: 'same', link: 'https://news.example/a?utm_source=rss#x' }),
      entry({ guid: 'same', link: 'https://news.example/b' }),
    ], ctx);
    expect(items.map((i) => i.identity)).toEqual(['url:https://news.example/a', 'url:https://news.example/b']);
  });

  it('falls back to a content hash when neither guid nor link is unique', () => {
    const items = normaliseEntries([
      entry({ guid: 'same', link: 'https://news.example/a', title: 'One' }),
      entry({ guid: 'same', link: 'https://news.example/a', title: 'Two' }),
    ], ctx);
    const hash = createHash('sha256').update('One\n2024-05-14T08:00:00.000Z\nBody text.').digest('hex');
    expect(items.map((i) => i.identity)).toEqual([`hash:${hash}`, expect.stringMatching(/^hash:[0-9a-f]{64}$/)]);
    expect(items[0]?.identity).not.toBe(items[1]?.identity);
  });

  it('drops an exact repeat and an entry with nothing in it', () => {
    const twin = entry({ title: 'Twin' });
    const items = normaliseEntries([twin, { ...twin }, entry({ title: null, text: null, html: null })], ctx);
    expect(items).toHaveLength(1);
  });

  it('is deterministic and independent of the poll time for dated entries', () => {
    const input = [entry({ link: 'https://news.example/a' }), entry({ title: 'No link' })];
    const a = normaliseEntries(input, ctx);
    const b = normaliseEntries(input, { ...ctx, now: new Date('2024-06-01T00:00:00Z') });
    expect(b.map((i) => [i.identity, i.contentHash])).toEqual(a.map((i) => [i.identity, i.contentHash]));
  });
});

describe('normaliseEntries fields', () => {
  it('strips trackers and fragments from the URL and resolves relative links against the feed', () => {
    const [a, b] = normaliseEntries([
      entry({ guid: '1', link: 'HTTPS://News.Example:443/story?id=1&utm_medium=feed&fbclid=x#top' }),
      entry({ guid: '2', link: '/relative/path?gclid=1&page=2' }),
    ], ctx);
    expect(a?.url).toBe('https://news.example/story?id=1');
    expect(b?.url).toBe('https://news.example/relative/path?page=2');
  });

  it('clamps a date more than ten minutes in the future to now', () => {
    const [far, near] = normaliseEntries([
      entry({ guid: 'far', published: new Date('2030-01-01T00:00:00Z') }),
      entry({ guid: 'near', published: new Date(NOW.getTime() + 5 * 60_000) }),
    ], ctx);
    expect(far).toMatchObject({ publishedAt: NOW.toISOString(), dateEstimated: true });
    expect(near).toMatchObject({ publishedAt: '2024-05-14T12:05:00.000Z', dateEstimated: false });
  });

  it('uses updated when published is missing, and now when both are', () => {
    const [withUpdated, undated] = normaliseEntries([
      entry({ guid: 'u', published: null, updated: new Date('2024-05-01T00:00:00Z') }),
      entry({ guid: 'n', published: null, updated: null }),
    ], ctx);
    expect(withUpdated).toMatchObject({ publishedAt: '2024-05-01T00:00:00.000Z', updatedAt: '2024-05-01T00:00:00.000Z', dateEstimated: false });
    expect(undated).toMatchObject({ publishedAt: NOW.toISOString(), updatedAt: null, dateEstimated: true });
  });

  it('makes a title from the text at a word boundary, or "(untitled)"', () => {
    const long = 'Hacktivists defaced dozens of municipal websites overnight, leaving messages about the new surveillance law in three languages';
    const [fromText, untitled] = normaliseEntries([
      entry({ guid: 't', title: '   ', text: long }),
      entry({ guid: 'u', title: null, text: null, link: 'https://news.example/u' }),
    ], ctx);
    expect(fromText?.title).toBe('Hacktivists defaced dozens of municipal websites overnight, leaving messages…');
    expect(untitled).toMatchObject({ title: '(untitled)', text: '' });
  });

  it('hashes title, text and URL into contentHash, so edits are noticed', () => {
    const [a] = normaliseEntries([entry({ guid: 'x', link: 'https://news.example/x' })], ctx);
    const [b] = normaliseEntries([entry({ guid: 'x', link: 'https://news.example/x', text: 'Edited body.' })], ctx);
    expect(a?.contentHash).toBe(createHash('sha256').update('A title\nBody text.\nhttps://news.example/x').digest('hex'));
    expect(a?.identity).toBe(b?.identity);
    expect(a?.contentHash).not.toBe(b?.contentHash);
  });
});
