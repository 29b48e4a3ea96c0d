// Resolving feed links and reducing them to the canonical form used for item identity.
import { describe, expect, it } from 'vitest';
import { canonicalUrl, resolveUrl } from '../../src/ingest/canonical-url.js';

describe('resolveUrl', () => {
  it('resolves relative references against the base', () => {
    expect(resolveUrl('../b?q=1', 'http://example.com/a/c/d.html')).toBe('http://example.com/a/b?q=1');
    expect(resolveUrl('  /x  ', 'https://example.com/feed')).toBe('https://example.com/x');
  });

  it('returns absolute http(s) URLs without a base', () => {
    expect(resolveUrl('https://example.com/a b', null)).toBe('https://example.com/a%20b');
  });

  it('returns null for other schemes and for unresolvable references', () => {
    expect(resolveUrl('javascript:alert(1)', 'http://example.com/')).toBeNull();
    expect(resolveUrl('mailto:a@example.com', null)).toBeNull();
    expect(resolveUrl('/relative', null)).toBeNull();
    expect(resolveUrl('http://[bad', null)).toBeNull();
  });
});

describe('canonicalUrl', () => {
  it('drops the fragment and tracking parameters, keeping the others in order', () => {
    expect(canonicalUrl('https://news.example/story?id=7&utm_source=rss&b=2&fbclid=abc&utm_medium=x&gclid=1&mc_cid=2&mc_eid=3&igshid=4&ref_src=twsrc#comments'))
      .toBe('https://news.example/story?id=7&b=2');
  });

  it('lower-cases scheme and host and removes the default port', () => {
    expect(canonicalUrl('HTTPS://News.Example:443/Path/Case?Q=Keep')).toBe('https://news.example/Path/Case?Q=Keep');
    expect(canonicalUrl('http://news.example:80/')).toBe('http://news.example/');
    expect(canonicalUrl('http://news.example:8080/')).toBe('http://news.example:8080/');
  });

  it('removes the query entirely when only trackers were in it', () => {
    expect(canonicalUrl('https://news.example/a?utm_campaign=x&utm_content=y')).toBe('https://news.example/a');
  });

  it('keeps parameter spelling as given', () => {
    expect(canonicalUrl('https://news.example/s?q=a+b&r=%2F')).toBe('https://news.example/s?q=a+b&r=%2F');
  });

  it('returns a non-URL trimmed', () => {
    expect(canonicalUrl('  not a url ')).toBe('not a url');
  });
});

describe('redactCredentials', () => {
  it('hides user and password but keeps the rest', async () => {
    const { redactCredentials } = await import('../../src/ingest/canonical-url.js');
    expect(redactCredentials('https://alice:s3cret@feeds.example/private.xml?x=1')).toBe('https://***@feeds.example/private.xml?x=1');
    expect(redactCredentials('https://feeds.example/a.xml')).toBe('https://feeds.example/a.xml');
    expect(redactCredentials('not a url')).toBe('not a url');
  });
});
