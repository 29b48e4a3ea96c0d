// parseFeed on fixture documents: every format Herald reads, the failure modes that make plain
// rss-parser lose a whole feed, and the documents that are not feeds at all.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HeraldError } from '../../src/errors.js';
import { MAX_ENTRIES } from '../../src/ingest/parse-xml-feed.js';
import { parseFeed, parseFeedSync } from '../../src/ingest/parse-feed.js';

const fixture = (name: string): Uint8Array => readFileSync(fileURLToPath(new URL(`../fixtures/feeds/${name}`, import.meta.url)));

async function rejection(promise: Promise<unknown>): Promise<HeraldError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HeraldError) return error;
    throw error;
  }
  throw new Error('expected parseFeed to reject');
}

describe('parseFeed: RSS 2.0', () => {
  it('reads feed facts, polling hints and items with absolute links', async () => {
    const feed = await parseFeed({ bytes: fixture('rss20.xml'), contentType: 'application/rss+xml', url: 'https://news.example/feed.xml' });
    expect(feed).toMatchObject({
      format: 'rss', title: 'Copyright Watch & Friends', link: 'https://news.example/', language: 'en-gb',
      ttlMinutes: 45, skipHours: [0, 1], skipDays: [0, 6],
    });
    expect(feed.entries).toHaveLength(2);
    const [first, second] = feed.entries;
    expect(first).toMatchObject({
      guid: 'fw-1001',
      title: 'Court backs fair use in sampling case',
      link: 'https://news.example/2024/05/fair-use?utm_source=rss&id=7',
      author: 'Ada Reporter',
      categories: ['copyright', 'music'],
      text: 'The appeals court ruled on “fair use”.\nSecond paragraph.',
      html: '<p>The <a href="https://news.example/cases/42">appeals court</a> ruled on “fair use”.</p><p>Second paragraph.</p>',
    });
    expect(first?.published?.toISOString()).toBe('2024-05-14T07:30:00.000Z');
    expect(second?.text).toBe('DMCA notices doubled this year.');
    expect(second?.published?.toISOString()).toBe('2024-05-13T18:00:00.000Z');
  });

  it('reads <rss> without a version attribute', async () => {
    const feed = await parseFeed({ bytes: fixture('rss-no-version.xml') });
    expect(feed.title).toBe('No version attribute');
    expect(feed.entries.map((e) => [e.title, e.link, e.published?.toISOString()])).toEqual([
      ['Still a feed', 'http://old.example/1', '2006-01-02T20:04:05.000Z'],
    ]);
  });
});

describe('parseFeed: RSS 1.0 (RDF)', () => {
  it('reads items outside the channel, dc:date and dc:language', async () => {
    const feed = await parseFeed({ bytes: fixture('rdf.xml') });
    expect(feed).toMatchObject({ format: 'rdf', title: 'RDF Site Summary', link: 'http://rdf.example/', language: 'de' });
    expect(feed.entries.map((e) => e.title)).toEqual(['First RDF item', 'Second RDF item']);
    expect(feed.entries[0]?.guid).toBe('http://rdf.example/a');
    expect(feed.entries[0]?.published?.toISOString()).toBe('2004-07-08T21:56:58.000Z');
    expect(feed.entries[0]?.text).toBe('Hacktivists leak data');
  });
});

describe('parseFeed: Atom', () => {
  it('scopes xml:base per element, flattens xhtml and escaped-HTML titles, prefers rel=alternate', async () => {
    const feed = await parseFeed({ bytes: fixture('atom-xml-base.xml'), url: 'http://ignored.example/feed' });
    expect(feed).toMatchObject({ format: 'atom', title: 'The Atom Blog', link: 'http://atom.example/blog/', language: 'fr' });
    const [first, second] = feed.entries;
    expect(first).toMatchObject({
      guid: 'tag:atom.example,2024:1',
      title: 'Breach & leak',
      link: 'http://atom.example/blog/posts/1.html',
      author: 'Grace',
      categories: ['hacktivism'],
      html: '<p>See <a href="http://atom.example/blog/posts/media/leak.png">the image</a> and <a>this</a>.</p>',
      text: 'See the image and this.',
    });
    expect(first?.published?.toISOString()).toBe('2024-05-14T07:00:00.000Z');
    expect(first?.updated?.toISOString()).toBe('2024-05-14T09:00:00.000Z');
    expect(second).toMatchObject({ title: 'Plain <text> title', link: 'http://other.example/2', text: 'Base64 body' });
  });

  it('keeps the other entries when one has a bad date, one is empty and a <link/> has no href', async () => {
    const feed = await parseFeed({ bytes: fixture('bad-date-empty-entry.xml') });
    expect(feed.title).toBe('Broken in places');
    expect(feed.link).toBeNull();
    expect(feed.entries.map((e) => e.title)).toEqual(['Good entry', 'Entry with a bad date', null, 'After the empty entry']);
    expect(feed.entries[1]).toMatchObject({ guid: 'urn:bad-date', link: null, updated: null, published: null });
    expect(feed.entries[3]?.published?.toISOString()).toBe('2024-05-01T17:00:00.000Z');
  });
});

describe('parseFeed: JSON Feed', () => {
  it('reads JSON Feed 1.1 items, resolving relative URLs against feed_url and skipping non-objects', async () => {
    const feed = await parseFeed({ bytes: fixture('jsonfeed-11.json'), contentType: 'application/feed+json' });
    expect(feed).toMatchObject({ format: 'json', title: 'JSON Feed News', link: 'https://json.example/', language: 'en' });
    expect(feed.entries).toHaveLength(2);
    expect(feed.entries[0]).toMatchObject({
      guid: 'j-1', title: 'Copyright office report', link: 'https://json.example/posts/1', author: 'Lin',
      categories: ['copyright', 'policy'], text: 'The report is out.',
      html: '<p>The <a href="https://json.example/report.pdf">report</a> is out.</p>',
    });
    expect(feed.entries[0]?.published?.toISOString()).toBe('2024-05-10T16:00:00.000Z');
    expect(feed.entries[1]).toMatchObject({ guid: '2', title: null, published: null, text: 'A text-only item without a title.' });
  });

  it('rejects broken JSON with ingest/json-syntax and other JSON with ingest/not-a-feed', async () => {
    expect((await rejection(parseFeed({ bytes: new TextEncoder().encode('{"version": "https://jsonfeed.org/version/1.1", ') }))).code).toBe('ingest/json-syntax');
    expect((await rejection(parseFeed({ bytes: new TextEncoder().encode('{"hello": "world"}') }))).code).toBe('ingest/not-a-feed');
  });
});

describe('parseFeed: documents that are not feeds', () => {
  it('lists the feeds an HTML page links to, as absolute URLs', async () => {
    const error = await rejection(parseFeed({ bytes: fixture('html-page.html'), contentType: 'text/html', url: 'https://site.example/index.html' }));
    const discovered = ['https://site.example/news/feed.rss', 'https://site.example/atom.xml', 'https://site.example/feed.json'];
    expect(error.code).toBe('ingest/not-a-feed');
    expect(error.details['discovered']).toEqual(discovered);
    expect(error.message).toBe(`https://site.example/index.html is an HTML page, not a feed; it links to these feeds: ${discovered.join(', ')}`);
  });

  it('rejects an empty or whitespace-only body with ingest/empty', async () => {
    expect((await rejection(parseFeed({ bytes: fixture('empty.xml') }))).code).toBe('ingest/empty');
    expect((await rejection(parseFeed({ bytes: new Uint8Array(0) }))).code).toBe('ingest/empty');
  });

  it('rejects garbage bytes with a clean error', async () => {
    expect((await rejection(parseFeed({ bytes: fixture('garbage.bin') }))).code).toBe('ingest/not-a-feed');
  });

  it('rejects XML that is not a feed, and markup with no root element', async () => {
    expect((await rejection(parseFeed({ bytes: new TextEncoder().encode('<?xml version="1.0"?><note><to>x</to></note>') }))).code).toBe('ingest/not-a-feed');
    expect((await rejection(parseFeed({ bytes: new TextEncoder().encode('<?xml version="1.0"?><!-- nothing -->') }))).code).toBe('ingest/xml-syntax');
  });

  it('recovers items from ill-formed XML instead of rejecting it', async () => {
    const broken = '<rss version="2.0"><channel><title>T &nbsp; x</title><item><title>One</item><item><title>Two</title></item>';
    const feed = await parseFeed({ bytes: new TextEncoder().encode(broken) });
    expect(feed.title).toBe('T x');
    expect(feed.entries.length).toBeGreaterThanOrEqual(1);
    expect(feed.entries[0]?.title).toBe('One');
  });
});

describe('parseFeed limits', () => {
  it(`keeps the first ${MAX_ENTRIES} entries of a larger feed`, async () => {
    const items = Array.from({ length: MAX_ENTRIES + 50 }, (_, i) => `<item><guid>g${i}</guid></item>`).join('');
    const feed = await parseFeed({ bytes: new TextEncoder().encode(`<rss version="2.0"><channel>${items}</channel></rss>`) });
    expect(feed.entries).toHaveLength(MAX_ENTRIES);
    expect(feed.entries[MAX_ENTRIES - 1]?.guid).toBe(`g${MAX_ENTRIES - 1}`);
  });
});

describe('parseFeed on hostile documents', () => {
  it('survives very deep nesting', async () => {
    const deep = `${'<div>'.repeat(20_000)}deep text${'</div>'.repeat(20_000)}`;
    const rss = `<rss version="2.0"><channel><title>Deep</title><item><title>Nested</title><description>${deep}</description></item></channel></rss>`;
    const feed = await parseFeed({ bytes: new TextEncoder().encode(rss) });
    expect(feed.entries[0]?.title).toBe('Nested');
    expect(feed.entries[0]?.text).toBe('deep text');
  });

  it('does not let declared entities expand without bound', async () => {
    const lol = 'lol'.repeat(1000);
    const refs = '&lol;'.repeat(2000);
    const rss = `<!DOCTYPE rss [<!ENTITY lol "${lol}">]><rss version="2.0"><channel><title>&lol;</title><item><title>x</title><description>${refs}</description></item></channel></rss>`;
    const feed = await parseFeed({ bytes: new TextEncoder().encode(rss) });
    expect(feed.title).toBe(lol);
    expect(feed.entries[0]?.text?.length).toBeLessThan(1_100_000);
  });
});

describe('parseFeedSync on hostile documents', () => {
  it('caps categories per item and discovered feed links per page', () => {
    const categories = Array.from({ length: 5_000 }, (_, i) => `<category>c${i % 2_000}</category>`).join('');
    const feed = parseFeedSync({ bytes: Buffer.from(`<rss version="2.0"><channel><title>t</title><item><title>x</title>${categories}</item></channel></rss>`) });
    expect(feed.entries[0]?.categories).toHaveLength(100);
    expect(feed.entries[0]?.categories[0]).toBe('c0');

    const links = Array.from({ length: 500 }, (_, i) => `<link rel="alternate" type="application/rss+xml" href="/f${i}.xml">`).join('');
    try {
      parseFeedSync({ bytes: Buffer.from(`<!doctype html><html><head>${links}</head></html>`), url: 'https://site.example/' });
      expect.unreachable('an HTML page is not a feed');
    } catch (error) {
      const discovered = (error as HeraldError).details['discovered'] as string[];
      expect(discovered).toHaveLength(10);
      expect(discovered[0]).toBe('https://site.example/f0.xml');
      expect((error as Error).message.length).toBeLessThan(1_000);
    }
  });

  it('keeps control characters from an element name out of the error message', () => {
    let message = '';
    try {
      parseFeedSync({ bytes: Buffer.from('<x\u001b]0;PWN\u0007>hi</x\u001b]0;PWN\u0007>') });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/root element <x\?/);
    expect(message.includes('\u001b') || message.includes('\u0007')).toBe(false);
  });
});
