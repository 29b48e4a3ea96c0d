// Finds the feeds an HTML page advertises with <link rel="alternate">, so that a user who added
// a site's home page can be told which feed URL to use instead.
import { Parser } from 'htmlparser2';
import { resolveUrl } from './canonical-url.js';

const FEED_TYPES = new Set(['application/rss+xml', 'application/atom+xml', 'application/feed+json', 'application/rdf+xml']);

/**
 * Absolute URLs of the feeds an HTML page links to (in document order, without duplicates),
 * resolved against the page's `<base href>` or `pageUrl`.
 *
 * @see https://www.rssboard.org/rss-autodiscovery
 */
const MAX_DISCOVERED = 10;

export function discoverFeeds(html: string, pageUrl: string | null): string[] {
  const hrefs: string[] = [];
  let base = pageUrl;
  const parser = new Parser({
    onopentag(name, attrs) {
      if (name === 'base' && attrs['href'] !== undefined) base = resolveUrl(attrs['href'], pageUrl) ?? base;
      if (name !== 'link' || attrs['href'] === undefined) return;
      const rels = (attrs['rel'] ?? '').toLowerCase().split(/\s+/);
      const type = (attrs['type'] ?? '').toLowerCase().split(';')[0]?.trim() ?? '';
      if (rels.includes('alternate') && FEED_TYPES.has(type)) hrefs.push(attrs['href']);
    },
  });
  parser.end(html);
  // A page lists a handful of feeds; a hostile one could list thousands.
  const out = new Set<string>();
  for (const href of hrefs) {
    const abs = resolveUrl(href, base);
    if (abs !== null) out.add(abs);
    if (out.size >= MAX_DISCOVERED) break;
  }
  return [...out];
}
