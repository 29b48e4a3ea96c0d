// summarize() on hostile input: each case gets a usable summary (often the title), never a crash.
import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/analyze/summarize.js';

const title = 'Anonymous attacks Japanese government sites';

describe('summarize on bad input', () => {
  it('falls back to the title for empty and blank text', () => {
    expect(summarize({ title, text: '' })).toBe(title);
    expect(summarize({ title, text: ' \n\t\u3000 ' })).toBe(title);
  });

  it('falls back to the title for markup with no text', () => {
    expect(summarize({ title, text: '<div><img src="x.png"><br/><script>var a = "b";</script></div>&nbsp;&#160;' })).toBe(title);
  });

  it('strips markup from the title it falls back to', () => {
    expect(summarize({ title: '<b>Anonymous</b> &amp; Japan', text: '' })).toBe('Anonymous & Japan');
  });

  it('falls back to the title for binary garbage', () => {
    let garbage = '';
    for (let i = 0; i < 4000; i++) garbage += String.fromCharCode((i * 7919) % 256);
    const summary = summarize({ title, text: garbage });
    expect(summary).toBe(title);
  });

  it('stays quick and bounded on 1 MB of text', () => {
    const sentence = 'Anonymous said the attacks on Japanese ministries would continue until the law is repealed. ';
    const text = sentence.repeat(Math.ceil(1_000_000 / sentence.length));
    const summary = summarize({ title, text });
    expect(summary.startsWith('Anonymous said the attacks')).toBe(true);
    expect(summary.length).toBeLessThanOrEqual(320);
    // One megabyte without any line break or punctuation either.
    const run = summarize({ title, text: 'word '.repeat(200_000) });
    expect(run.length).toBeGreaterThan(0);
    expect(run.length).toBeLessThanOrEqual(320);
  });

  it('uses text without sentence punctuation, cut at a word with "…" when too long', () => {
    const text = 'Anonymous claims attacks on Japanese ministry websites over new download penalties '.repeat(6);
    const summary = summarize({ title, text });
    expect(summary.length).toBeLessThanOrEqual(320);
    expect(summary).toMatch(/^Anonymous claims attacks on Japanese ministry websites/);
    expect(summary).toMatch(/ \p{L}+…$/u);
  });

  it('keeps mixed scripts intact', () => {
    const text = 'Anonymous（アノニマス）は日本政府のサイトを攻撃したと主張した。The group cited the 著作権法 amendment.';
    const summary = summarize({ title: 'アノニマスが攻撃', text, lang: 'ja' });
    expect(summary).toContain('Anonymous（アノニマス）は日本政府のサイトを攻撃したと主張した。');
  });

  it('summarises in the item language when the title is in another one', () => {
    const japanese = summarize({
      title: 'Anonymous attacks Japan over copyright law',
      text: 'ハッカー集団アノニマスは、違法ダウンロードの刑事罰化に抗議して財務省のサイトを攻撃したと主張した。',
      lang: 'ja',
    });
    expect(japanese).toBe('ハッカー集団アノニマスは、違法ダウンロードの刑事罰化に抗議して財務省のサイトを攻撃したと主張した。');
    // An English item whose body is all Japanese has no English sentence to offer: the title it is.
    const english = summarize({ title: 'Anonymous attacks Japan over copyright law', text: 'アノニマスが財務省のサイトを攻撃したと主張した。', lang: 'en' });
    expect(english).toBe('Anonymous attacks Japan over copyright law');
  });

  it('returns an empty string only when both title and text are empty', () => {
    expect(summarize({ title: '', text: '' })).toBe('');
    expect(summarize({ title: '', text: 'The court ruled that the ISP must block the site in Japan.' })).toBe(
      'The court ruled that the ISP must block the site in Japan.',
    );
  });

  it('shortens an over-long title fallback without cutting a word', () => {
    const longTitle = `${'Anonymous attacks Japanese ministry websites '.repeat(10)}again`;
    const summary = summarize({ title: longTitle, text: '' });
    expect(summary.length).toBeLessThanOrEqual(320);
    expect(summary).toMatch(/ \p{L}+…$/u);
  });
});
