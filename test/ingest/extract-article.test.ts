// Article text extraction on realistic pages: what a reader would read stays, page chrome goes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../src/ingest/decode-body.js';
import { extractArticle, readingLength } from '../../src/ingest/extract-article.js';
import { measureHtml } from '../../src/ingest/html-shape.js';

const fixture = (name: string): Buffer => readFileSync(`test/fixtures/articles/${name}`);
const page = (name: string): string => decodeBody(fixture(name), 'text/html').text;
const URL = 'https://ledger.example/law/court-orders-isps';

const paragraph = (n: number): string =>
  `<p>Paragraph ${n} of the story explains, in a complete sentence with enough words to count as prose, what the court decided and why it matters to readers.</p>`;
const articlePage = (body: string): string => `<!doctype html><html lang="en"><head><title>Story</title></head><body><article><h1>Story</h1>${body}</article></body></html>`;

describe('extractArticle on news pages', () => {
  it('keeps the story of a news page and drops its cookie banner, navigation, share buttons, related stories, comments and footer', () => {
    const article = extractArticle(page('court-ruling.html'), URL);
    expect(article?.title).toBe('Court orders ISPs to block 14 piracy sites within two weeks');
    expect(article?.lang).toBe('en-GB');
    const text = article?.text ?? '';
    expect(text.startsWith("The Hague District Court has ordered five of the Netherlands' largest internet providers")).toBe(true);
    expect(text).toContain('Judge Maria Keller wrote that blocking was a proportionate measure');
    expect(text).toContain('the first to set a fixed six-month review schedule for the list.');
    for (const chrome of ['We use cookies', 'Accept all', 'Law & Policy', 'Log in', 'Tweet', 'Share this article', 'About the author', 'Related stories', 'Mirror sites pop up', 'Just use a VPN', 'Leave a Reply', 'Most read', 'Sign up for our newsletter', 'All rights reserved', 'Advertisement']) {
      expect(text, chrome).not.toContain(chrome);
    }
  });

  it('gives plain text with a blank line between paragraphs and no markup or entities', () => {
    const text = extractArticle(page('court-ruling.html'), URL)?.text ?? '';
    const paragraphs = text.split('\n\n');
    expect(paragraphs.length).toBeGreaterThanOrEqual(9);
    expect(paragraphs).toContain('Years of litigation');
    expect(paragraphs.every((p) => p === p.trim() && p.length > 0)).toBe(true);
    expect(text).not.toMatch(/<|&amp;|&quot;/);
  });

  it('reads a WordPress post without its skip link, post navigation, sharing and comment widgets or sidebar', () => {
    const article = extractArticle(page('hacktivism-blog.html'), 'https://desk.example/2026/03/01/dam/');
    const text = article?.text ?? '';
    expect(article?.lang).toBe('en-US');
    expect(text.startsWith('A group calling itself Rivers Unbound has defaced the websites of three regional councils')).toBe(true);
    expect(text).toContain('“The tools are old, the targets are soft, and the message is the point,” one of them said.');
    for (const chrome of ['Skip to content', 'Post navigation', 'Previous:', 'Share this', 'riverwatcher', 'Patch your stuff', 'Leave a Reply', 'Recent Posts', 'reader funded', 'Proudly powered']) {
      expect(text, chrome).not.toContain(chrome);
    }
  });

  it('reads a Japanese page sent in Shift_JIS (charset from its <meta>) without its cookie notice, related links or ranking', () => {
    const decoded = decodeBody(fixture('japanese-shift-jis.html'), 'text/html');
    expect(decoded.charset).toBe('shift_jis');
    const article = extractArticle(decoded.text, 'https://techno-homu.example/news/123');
    expect(article?.lang).toBe('ja');
    expect(article?.title).toContain('海賊版サイト運営者に懲役3年の実刑判決');
    const text = article?.text ?? '';
    expect(text).toContain('東京地方裁判所は2日、著作権法違反の罪で懲役3年の実刑判決を言い渡した。');
    expect(text).toContain('被告側は控訴するかどうか検討しているという。');
    for (const chrome of ['クッキー', 'ログイン', '関連記事', '出版社が海外サーバー業者を提訴', 'アクセスランキング', '無断転載', 'ツイート']) {
      expect(text, chrome).not.toContain(chrome);
    }
  });

  it('finds no article on a section front that is only a list of links', () => {
    expect(extractArticle(page('section-index.html'), 'https://ledger.example/law')).toBeNull();
  });

  it('finds no article in empty, binary or too-short input', () => {
    expect(extractArticle('', URL)).toBeNull();
    expect(extractArticle('\u0000\u0001\u0002<<<>>>\uFFFD', URL)).toBeNull();
    expect(extractArticle(articlePage('<p>One short sentence of news.</p>'), URL)).toBeNull();
  });

  it('reads an HTML fragment without <html> or <body>', () => {
    const text = extractArticle([1, 2, 3, 4].map(paragraph).join(''), URL)?.text;
    expect(text?.split('\n\n')).toHaveLength(4);
    expect(text).toContain('Paragraph 4 of the story explains');
  });
});

describe('extractArticle limits', () => {
  const big = articlePage(Array.from({ length: 400 }, (_, i) => paragraph(i)).join('')); // ~60 KB

  it('refuses a page over the byte cap before parsing it, and reads it under a larger cap', () => {
    expect(big.length).toBeGreaterThan(50_000);
    expect(extractArticle(big, URL, { maxBytes: 50_000 })).toBeNull();
    expect(extractArticle(big, URL, { maxBytes: 100_000 })?.text).toContain('Paragraph 300');
  });

  it('counts the byte cap in UTF-8 bytes, not characters', () => {
    const japanese = articlePage(Array.from({ length: 40 }, () => '<p>東京地方裁判所は著作権法違反の罪で実刑判決を言い渡した。出版社の被害は極めて大きいと指摘した。</p>').join(''));
    const bytes = Buffer.byteLength(japanese);
    expect(japanese.length).toBeLessThan(bytes - 2_000);
    expect(extractArticle(japanese, URL, { maxBytes: japanese.length + 100 })).toBeNull();
    expect(extractArticle(japanese, URL, { maxBytes: bytes })?.lang).toBe('en');
  });

  it('refuses a page with more elements than maxElements', () => {
    const crowded = articlePage(`${paragraph(1)}${paragraph(2)}${'<span></span>'.repeat(2_000)}`);
    expect(extractArticle(crowded, URL, { maxElements: 1_000 })).toBeNull();
    expect(extractArticle(crowded, URL, { maxElements: 5_000 })?.text).toContain('Paragraph 2');
  });

  it('refuses a page nested deeper than maxDepth before building its DOM (20,000 nested divs took 13 s to extract)', () => {
    const deep = articlePage(`${'<div>'.repeat(20_000)}${paragraph(1)}${paragraph(2)}${'</div>'.repeat(20_000)}`);
    expect(extractArticle(deep, URL, { maxElements: 50_000 })).toBeNull();
    const nested = articlePage(`${'<div>'.repeat(30)}${paragraph(1)}${paragraph(2)}${'</div>'.repeat(30)}`);
    expect(extractArticle(nested, URL, { maxDepth: 20 })).toBeNull();
    expect(extractArticle(nested, URL, { maxDepth: 40 })?.text).toContain('Paragraph 2');
  });

  it('cuts very long text at a paragraph boundary', () => {
    const text = extractArticle(big, URL, { maxBytes: 100_000, maxTextChars: 1_000 })?.text ?? '';
    expect(text.length).toBeLessThanOrEqual(1_000);
    expect(text.length).toBeGreaterThan(500);
    expect(text.endsWith('why it matters to readers.')).toBe(true);
  });

  it('never runs the page’s scripts or handlers', () => {
    const flags = globalThis as { heraldPwned?: boolean };
    const hostile = articlePage(
      `<script>globalThis.heraldPwned = true</script><img src="x" onerror="globalThis.heraldPwned = true"><body onload="globalThis.heraldPwned = true">` +
        `${paragraph(1)}${paragraph(2)}<a href="javascript:globalThis.heraldPwned=true">link</a><iframe src="javascript:globalThis.heraldPwned=true"></iframe>`,
    );
    const text = extractArticle(hostile, URL)?.text ?? '';
    expect(text).toContain('Paragraph 2');
    expect(text).not.toContain('heraldPwned');
    expect(flags.heraldPwned).toBeUndefined();
  });
});

describe('measureHtml', () => {
  it('counts start tags and nesting the way a parser would nest them', () => {
    expect(measureHtml('<div><p>one<p>two<br><img src=x /><span>three</span></div>')).toEqual({ elements: 6, depth: 2 });
    expect(measureHtml('<ul><li>a<li>b<ul><li>c</ul></ul>')).toEqual({ elements: 5, depth: 2 });
  });

  it('skips comments and the markup-like text of scripts and styles', () => {
    expect(measureHtml('<!-- <div><div> --><script>if (a<b) document.write("<div><div><div>")</script><style>p>a{}</style><p>x</p>')).toEqual({
      elements: 3,
      depth: 0,
    });
  });

  it('stops scanning once past a limit', () => {
    expect(measureHtml('<div>'.repeat(1_000), { elements: Infinity, depth: 10 }).depth).toBe(11);
    expect(measureHtml('<br>'.repeat(1_000), { elements: 50, depth: Infinity }).elements).toBe(51);
  });
});

describe('readingLength', () => {
  it('counts CJK characters double', () => {
    expect(readingLength('court ruling')).toBe(12);
    expect(readingLength('著作権法')).toBe(8);
    expect(readingLength('改正著作権法が成立した。')).toBe(23);
  });
});
