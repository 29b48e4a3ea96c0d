// Which texts also go into the trigram index: the fast pre-check must never hide a script that
// unicode61 cannot split into words.
import { describe, expect, it } from 'vitest';
import { hasUnsegmentedScript } from '../../src/store/rows.js';

const EXACT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

describe('hasUnsegmentedScript', () => {
  it('agrees with the Unicode script classes on every code point', () => {
    const disagreements: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue; // lone surrogates are not text
      const text = `word ${String.fromCodePoint(cp)} word`;
      if (hasUnsegmentedScript(text) !== EXACT.test(text)) disagreements.push(cp.toString(16));
    }
    expect(disagreements).toEqual([]);
  });

  it('flags Japanese, Chinese, Korean, Thai and astral Han text, not European text', () => {
    expect(hasUnsegmentedScript('政府、著作権法を改正へ')).toBe(true);
    expect(hasUnsegmentedScript('저작권법 개정안')).toBe(true);
    expect(hasUnsegmentedScript('กฎหมายลิขสิทธิ์')).toBe(true);
    expect(hasUnsegmentedScript('Name 𠀋 here')).toBe(true);
    expect(hasUnsegmentedScript('The court’s “fair use” ruling — café, société, €5…')).toBe(false);
    expect(hasUnsegmentedScript('Суд и авторское право')).toBe(false);
  });
});
