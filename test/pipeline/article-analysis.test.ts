// Deciding which items need their page, and what the page changes in their analysis.
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/analyze/classify.js';
import type { CachedArticle, ItemAnalysis, StoredItem } from '../../src/domain/index.js';
import { analysisWithArticle, isTeaser, needsArticle } from '../../src/pipeline/article-stage.js';
import { topics } from './article-kit.js';

const NOW = new Date('2026-03-02T12:00:00Z');

function storedItem(overrides: Partial<StoredItem> = {}): StoredItem {
  return {
    id: 7, feedId: 1, identity: 'guid:7', guid: '7', url: 'https://ledger.example/law/7', title: 'Court orders ISPs to block piracy sites',
    text: 'A Dutch court ruled on Monday.', html: null, publishedAt: '2026-03-02T10:00:00.000Z', updatedAt: null, dateEstimated: false,
    language: 'en', categories: [], author: null, contentHash: 'h', firstSeenAt: '2026-03-02T10:00:00.000Z', fresh: true, revision: 0, changedAt: null,
    ...overrides,
  };
}

/** The analysis the teaser alone gives, as the analysis stage would store it. */
function teaserAnalysis(item: StoredItem): ItemAnalysis {
  const c = classify({ title: item.title, text: item.text, lang: item.language }, topics);
  return { lang: 'en', ...c, summary: 'A Dutch court ruled on Monday.', storyId: 7, analyzedAt: '2026-03-02T10:00:01.000Z' };
}

const page = (text: string, lang: string | null = 'en'): CachedArticle => ({ url: 'https://ledger.example/law/7', fetchedAt: NOW.toISOString(), status: 'ok', text, lang, error: null });

describe('isTeaser', () => {
  it('calls a line, the title repeated or a "Read more" stub a teaser', () => {
    expect(isTeaser({ title: 'Court orders ISPs to block piracy sites', text: '' })).toBe(true);
    expect(isTeaser({ title: 'Court orders ISPs to block piracy sites', text: 'Court orders ISPs to block piracy sites' })).toBe(true);
    expect(isTeaser({ title: 'T', text: `${'A sentence of the opening paragraph goes here. '.repeat(7)}[…]` })).toBe(true);
    expect(isTeaser({ title: 'T', text: `${'A sentence of the opening paragraph goes here. '.repeat(7)}The post Court rules appeared first on The Ledger.` })).toBe(true);
  });

  it('calls a few paragraphs of text the full story', () => {
    expect(isTeaser({ title: 'T', text: 'A sentence of the story that says what happened and where. '.repeat(8) })).toBe(false);
  });

  it('counts Japanese characters double: 250 of them are a story, 150 a teaser', () => {
    const sentence = '東京地方裁判所は著作権法違反の罪で実刑判決を言い渡した。'; // 28 characters
    expect(isTeaser({ title: '判決', text: sentence.repeat(9) })).toBe(false);
    expect(isTeaser({ title: '判決', text: sentence.repeat(5) })).toBe(true);
  });
});

describe('needsArticle', () => {
  it('wants the page only of an item on a topic, with a web link and a teaser', () => {
    const item = storedItem();
    const analysis = teaserAnalysis(item);
    expect(analysis.topics).toEqual(['copyright-law']);
    expect(needsArticle(item, analysis)).toBe(true);
    expect(needsArticle(item, { ...analysis, topics: [] })).toBe(false);
    expect(needsArticle(storedItem({ url: null }), analysis)).toBe(false);
    expect(needsArticle(storedItem({ url: 'ftp://ledger.example/7' }), analysis)).toBe(false);
    expect(needsArticle(storedItem({ text: 'The court said ISPs must block the sites within two weeks. '.repeat(8) }), analysis)).toBe(false);
  });
});

describe('analysisWithArticle', () => {
  it('summarises from the page and keeps the story', () => {
    const item = storedItem();
    const result = analysisWithArticle(item, teaserAnalysis(item), page('The Hague District Court has ordered five internet providers to block access to 14 piracy sites, siding with the anti-piracy group BREIN.\n\nThe providers have fourteen days to comply.'), topics, NOW);
    expect(result.summary).toContain('five internet providers to block access to 14 piracy sites');
    expect(result.storyId).toBe(7);
    expect(result.analyzedAt).toBe(NOW.toISOString());
  });

  it('adds a topic that only the page shows, with the page’s evidence', () => {
    const item = storedItem();
    const teaser = teaserAnalysis(item);
    expect(teaser.topics).toEqual(['copyright-law']);
    const result = analysisWithArticle(
      item,
      teaser,
      page('Hacktivists from Anonymous launched DDoS attacks on the court’s website in protest against the blocking order, taking it offline for hours. The group said the attacks were a protest against censorship.'),
      topics,
      NOW,
    );
    expect(result.topics).toEqual(['copyright-law', 'hacktivism']);
    expect(result.evidence['hacktivism']?.some((e) => e.where === 'text')).toBe(true);
    expect(result.scores['copyright-law']).toBeGreaterThanOrEqual(teaser.scores['copyright-law'] ?? 0);
  });

  it('never drops a topic the title and teaser earned, even when the page reads otherwise', () => {
    const item = storedItem();
    const teaser = teaserAnalysis(item);
    const result = analysisWithArticle(item, teaser, page('The weather was mild on Monday. Gardeners across the region planted tulips, and the local bakery sold out of bread by noon.'), topics, NOW);
    expect(result.topics).toEqual(['copyright-law']);
    expect(result.evidence['copyright-law']).toEqual(teaser.evidence['copyright-law']);
  });

  it('keeps the teaser summary when the page has nothing usable in the item’s language', () => {
    const item = storedItem();
    const teaser = teaserAnalysis(item);
    const result = analysisWithArticle(item, teaser, page('東京地方裁判所は著作権法違反の罪で実刑判決を言い渡した。出版社の被害は極めて大きいと指摘した。', 'ja'), topics, NOW);
    expect(result.summary).toBe('A Dutch court ruled on Monday.');
  });
});
