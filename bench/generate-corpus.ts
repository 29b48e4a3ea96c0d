// Generates the benchmark corpus: N feeds × M items, half RSS 2.0 (content:encoded), half Atom 1.0
// (html content), deterministic for a given seed and anchor time.
import { makeAuthor, makeCategories, makeHtmlBody, makeSummary, makeTitle, type CorpusLanguage } from './corpus-text.js';
import { createRandom, type Random } from './seeded-random.js';

export interface CorpusOptions {
  feeds: number;
  itemsPerFeed: number;
  seed: number;
  /** Item dates fall in the 30 days before this. */
  now: Date;
}

export type CorpusFormat = 'rss' | 'atom';

/** One feed document as the server will send it. */
export interface CorpusDocument {
  /** URL path on the bench server, e.g. "/feeds/0001.rss". */
  path: string;
  format: CorpusFormat;
  contentType: string;
  items: number;
  body: Buffer;
}

interface Entry {
  title: string;
  link: string;
  guid: string;
  published: Date;
  updated: Date;
  author: string;
  categories: string[];
  summary: string;
  html: string;
}

interface FeedInfo {
  index: number;
  title: string;
  siteUrl: string;
  language: CorpusLanguage;
  updated: Date;
  entries: Entry[];
}

const DAY_MS = 86_400_000;
/** Every 25th feed is Japanese (4 %): realistic for copyright news, and it exercises the CJK index. */
const JAPANESE_EVERY = 25;

/** Builds the whole corpus in memory (about 150 KB per 50-item feed). */
export function generateCorpus(options: CorpusOptions): CorpusDocument[] {
  const random = createRandom(options.seed);
  return Array.from({ length: options.feeds }, (_, index) => {
    const info = makeFeed(random, index, options);
    const format: CorpusFormat = index % 2 === 0 ? 'rss' : 'atom';
    const name = String(index + 1).padStart(4, '0');
    return format === 'rss'
      ? { path: `/feeds/${name}.rss`, format, contentType: 'application/rss+xml; charset=utf-8', items: info.entries.length, body: Buffer.from(renderRss(info)) }
      : { path: `/feeds/${name}.atom`, format, contentType: 'application/atom+xml; charset=utf-8', items: info.entries.length, body: Buffer.from(renderAtom(info)) };
  });
}

function makeFeed(random: Random, index: number, options: CorpusOptions): FeedInfo {
  const language: CorpusLanguage = index % JAPANESE_EVERY === JAPANESE_EVERY - 1 ? 'ja' : 'en';
  const siteUrl = `https://news-site-${index + 1}.example`;
  const entries = Array.from({ length: options.itemsPerFeed }, (_, n): Entry => {
    const published = new Date(options.now.getTime() - Math.floor(random.next() * 30 * DAY_MS));
    const updated = random.chance(0.2) ? new Date(Math.min(options.now.getTime(), published.getTime() + random.int(60, 7_200) * 1_000)) : published;
    const title = makeTitle(random, language);
    const postId = index * 10_000 + n;
    const link = `${siteUrl}/${published.getUTCFullYear()}/${published.getUTCMonth() + 1}/${slug(title, postId)}/`;
    return {
      title,
      link,
      guid: random.chance(0.5) ? link : `${siteUrl.replace('https://', '')}-post-${postId}`,
      published,
      updated,
      author: makeAuthor(random),
      categories: makeCategories(random),
      summary: makeSummary(random, language),
      html: makeHtmlBody(random, language, siteUrl, random.int(1_000, 4_000)),
    };
  }).sort((a, b) => b.published.getTime() - a.published.getTime());
  return {
    index,
    title: language === 'ja' ? `著作権ニュース ${index + 1}` : `Copyright & Security Watch #${index + 1}`,
    siteUrl,
    language,
    updated: entries[0]?.updated ?? options.now,
    entries,
  };
}

function renderRss(feed: FeedInfo): string {
  const items = feed.entries.map((entry) => [
    '    <item>',
    `      <title>${escapeXml(entry.title)}</title>`,
    `      <link>${escapeXml(entry.link)}</link>`,
    `      <guid isPermaLink="${entry.guid === entry.link ? 'true' : 'false'}">${escapeXml(entry.guid)}</guid>`,
    `      <pubDate>${entry.published.toUTCString().replace('GMT', '+0000')}</pubDate>`,
    `      <dc:creator><![CDATA[${entry.author}]]></dc:creator>`,
    ...entry.categories.map((category) => `      <category><![CDATA[${category}]]></category>`),
    `      <description><![CDATA[${entry.summary}]]></description>`,
    `      <content:encoded><![CDATA[${entry.html}]]></content:encoded>`,
    '    </item>',
  ].join('\n'));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">',
    '  <channel>',
    `    <title>${escapeXml(feed.title)}</title>`,
    `    <link>${feed.siteUrl}/</link>`,
    `    <atom:link href="${feed.siteUrl}/feed/" rel="self" type="application/rss+xml"/>`,
    '    <description>Copyright law, piracy and hacktivism news</description>',
    `    <language>${feed.language === 'ja' ? 'ja' : 'en-US'}</language>`,
    `    <lastBuildDate>${feed.updated.toUTCString().replace('GMT', '+0000')}</lastBuildDate>`,
    feed.index % 3 === 0 ? '    <ttl>60</ttl>' : '    <generator>https://wordpress.org/?v=6.5</generator>',
    items.join('\n'),
    '  </channel>',
    '</rss>',
    '',
  ].join('\n');
}

function renderAtom(feed: FeedInfo): string {
  const host = feed.siteUrl.replace('https://', '');
  const entries = feed.entries.map((entry) => [
    '  <entry>',
    `    <title type="html">${escapeXml(entry.title)}</title>`,
    `    <link rel="alternate" type="text/html" href="${escapeXml(entry.link)}"/>`,
    `    <id>${escapeXml(entry.guid.startsWith('https://') ? entry.guid : `tag:${host},2026:${entry.guid}`)}</id>`,
    `    <published>${entry.published.toISOString()}</published>`,
    `    <updated>${entry.updated.toISOString()}</updated>`,
    `    <author><name>${escapeXml(entry.author)}</name></author>`,
    ...entry.categories.map((category) => `    <category term="${escapeXml(category)}"/>`),
    `    <summary type="html">${escapeXml(entry.summary)}</summary>`,
    `    <content type="html" xml:base="${feed.siteUrl}/">${escapeXml(entry.html)}</content>`,
    '  </entry>',
  ].join('\n'));
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${feed.language}">`,
    `  <title type="text">${escapeXml(feed.title)}</title>`,
    '  <subtitle>Copyright law, piracy and hacktivism news</subtitle>',
    `  <link rel="alternate" type="text/html" href="${feed.siteUrl}/"/>`,
    `  <link rel="self" type="application/atom+xml" href="${feed.siteUrl}/feed.atom"/>`,
    `  <id>tag:${host},2026:feed</id>`,
    `  <updated>${feed.updated.toISOString()}</updated>`,
    entries.join('\n'),
    '</feed>',
    '',
  ].join('\n');
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => (char === '&' ? '&amp;' : char === '<' ? '&lt;' : char === '>' ? '&gt;' : '&quot;'));
}

function slug(title: string, id: number): string {
  const ascii = title.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
  return ascii ? `${ascii}-${id}` : `post-${id}`;
}
