// Builds small RSS 2.0 documents for tests, with dates relative to a given time.

export interface RssEntry {
  guid: string;
  title: string;
  /** Hours before `now`; omit for an undated entry. */
  hoursAgo?: number;
  body?: string;
  link?: string;
}

export function rssFeed(title: string, entries: readonly RssEntry[], now: Date, extra = ''): string {
  const items = entries
    .map((e) => {
      const date = e.hoursAgo === undefined ? '' : `<pubDate>${new Date(now.getTime() - e.hoursAgo * 3_600_000).toUTCString()}</pubDate>`;
      return `<item><guid isPermaLink="false">${e.guid}</guid><title>${e.title}</title><link>${e.link ?? `https://news.example/${e.guid}`}</link>${date}<description><![CDATA[<p>${e.body ?? `Body of ${e.title}.`}</p>]]></description></item>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>${title}</title><link>https://news.example/</link>${extra}\n${items}\n</channel></rss>\n`;
}
