// summarize(): sentence choice, order, length limit, clause shortening, markup, language, fixtures.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/analyze/summarize.js';

const ENDS_CLEANLY = /[.!?。！？…]["'”’」』)）]*$/;
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

interface FixtureItem {
  id: string;
  lang: string;
  title: string;
  text: string;
}

function loadFixture(name: string): FixtureItem[] {
  const path = fileURLToPath(new URL(`../fixtures/eval/${name}`, import.meta.url));
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as FixtureItem);
}

describe('summarize', () => {
  it('prefers the lead and keeps the chosen sentences in their original order', () => {
    const text = [
      'Anonymous took down the websites of Japan’s finance ministry and supreme court on Tuesday.',
      'The group said the attacks protest a new copyright law that criminalises illegal downloads.',
      'Is this the future of protest?',
      'Weather in Tokyo was mild.',
      'Officials said the sites were back online by the evening.',
    ].join(' ');
    const summary = summarize({ title: 'Anonymous attacks Japanese government sites over copyright law', text });
    expect(summary.startsWith('Anonymous took down the websites')).toBe(true);
    expect(summary).toContain('The group said the attacks protest a new copyright law');
    expect(summary.indexOf('Anonymous took down')).toBeLessThan(summary.indexOf('The group said'));
    expect(summary).not.toContain('Is this the future');
    expect(summary.length).toBeLessThanOrEqual(320);
  });

  it('skips a bare quotation and a repeated headline in favour of reported facts', () => {
    const summary = summarize({
      title: 'Court orders ISPs to block pirate site',
      text: 'Court orders ISPs to block pirate site\n\n“This is a great day for creators.”\n\nA Tokyo court ordered four internet providers to block access to the manga piracy site within 14 days.',
    });
    expect(summary).toBe('A Tokyo court ordered four internet providers to block access to the manga piracy site within 14 days.');
  });

  it('shortens an over-long first sentence at a clause boundary and ends it with "…"', () => {
    const clause = 'the regulator said in a statement released on Monday morning';
    const text = `The Japanese government approved a bill on Friday that makes downloading pirated music a crime, ${clause}, ${clause}, ${clause}, ${clause}, and the opposition objected. The vote was close.`;
    const summary = summarize({ title: 'Japan criminalises downloads', text }, { maxChars: 200 });
    expect(summary.startsWith('The Japanese government approved a bill on Friday')).toBe(true);
    expect(summary.length).toBeLessThanOrEqual(200);
    expect(summary.endsWith('…')).toBe(true);
    expect(summary).toMatch(/(crime|Monday morning)…$/);
  });

  it('shortens at a word boundary when there is no clause boundary', () => {
    const text = `${'Anonymous supporters protested against the new copyright law in Tokyo and Osaka '.repeat(8)}today.`;
    const summary = summarize({ title: 'Protest', text }, { maxChars: 100 });
    expect(summary.length).toBeLessThanOrEqual(100);
    expect(summary).toMatch(/ \p{L}+…$/u);
    const lastWord = /(\p{L}+)…$/u.exec(summary)?.[1] ?? '';
    expect(text.split(/\s+/)).toContain(lastWord);
  });

  it('decodes entities and strips tags, even double-encoded ones', () => {
    const summary = summarize({
      title: 'Ruling',
      text: '<p>The court&#8217;s ruling &amp;amp; the <b>ISP&rsquo;s</b> appeal were published on Monday in Tokyo.</p><script>alert(1)</script>',
    });
    expect(summary).toBe('The court’s ruling & the ISP’s appeal were published on Monday in Tokyo.');
  });

  it('writes Japanese summaries for Japanese items without spaces between sentences', () => {
    const summary = summarize({
      title: '違法ダウンロードの刑事罰化',
      text: '改正著作権法が成立し、違法にアップロードされた音楽や映像を違法と知りながらダウンロードする行為に刑事罰が科されることになった。最高で懲役2年または200万円以下の罰金となる。',
      lang: 'ja',
    });
    expect(summary).toBe(
      '改正著作権法が成立し、違法にアップロードされた音楽や映像を違法と知りながらダウンロードする行為に刑事罰が科されることになった。最高で懲役2年または200万円以下の罰金となる。',
    );
  });

  it('is deterministic', () => {
    const item = { title: 'Anonymous hits Japan', text: 'Anonymous hit Japanese sites. The group cited a new law. It promised more.' };
    expect(summarize(item)).toBe(summarize(item));
  });

  describe.each(['topics.jsonl', 'stories.jsonl'])('every item of test/fixtures/eval/%s', (file) => {
    const items = loadFixture(file);
    const summaries = items.map((item) => ({ item, summary: summarize(item) }));

    it('fits in 320 characters, has no markup and ends at a sentence end or "…"', () => {
      expect(items.length).toBeGreaterThan(100);
      for (const { item, summary } of summaries) {
        expect(summary.length, item.id).toBeGreaterThan(0);
        expect(summary.length, item.id).toBeLessThanOrEqual(320);
        expect(summary, item.id).not.toMatch(/<[a-z/!]|&amp;|&[a-z]+;|&#\d+;/i);
        expect(summary, item.id).toMatch(ENDS_CLEANLY);
      }
    });

    it('summarises Japanese items in Japanese', () => {
      const japanese = summaries.filter(({ item }) => item.lang === 'ja');
      expect(japanese.length).toBeGreaterThan(0);
      for (const { item, summary } of japanese) expect(summary, item.id).toMatch(JAPANESE);
    });

    it('quotes the item text rather than falling back to the title', () => {
      const fromText = summaries.filter(({ item, summary }) => summary !== item.title && item.text.includes(summary.split(/(?<=[.!?。！？])\s?/u)[0] ?? ''));
      expect(fromText.length).toBe(items.length);
    });
  });
});
