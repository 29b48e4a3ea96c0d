import { describe, expect, it } from 'vitest';
import { compileKeyword, containsKeyword, foldText, searchableText } from '../../src/store/keyword-match.js';

function matches(keyword: string, ...parts: string[]): boolean {
  const compiled = compileKeyword(keyword);
  return compiled !== null && containsKeyword(searchableText(parts), compiled);
}

describe('subscription keywords', () => {
  it('match whole words only in space-separated scripts', () => {
    expect(matches('EU', 'The EU adopts a directive')).toBe(true);
    expect(matches('EU', 'Europe adopts a directive')).toBe(false);
    expect(matches('EU', 'EU-wide rules')).toBe(true);
    expect(matches('hack', 'Hackers strike again')).toBe(false);
    expect(matches('DMCA', "The DMCA's safe harbour")).toBe(true);
  });

  it('ignore case, accents and full-width forms', () => {
    expect(matches('societe', 'SOCIÉTÉ des auteurs')).toBe(true);
    expect(matches('Société', 'societe des auteurs')).toBe(true);
    expect(matches('eu', 'ＥＵ 著作権指令')).toBe(true);
    expect(matches('Ελλάδα', 'ΕΛΛΑΔΑ')).toBe(true);
    expect(foldText('Crème BRÛLÉE')).toBe('creme brulee');
  });

  it('match phrases as consecutive words, across punctuation', () => {
    expect(matches('European Union', 'the european-union court')).toBe(true);
    expect(matches('European Union', 'a union of European states')).toBe(false);
    expect(matches('fair use', 'Fair   use, again')).toBe(true);
  });

  it('match CJK and Thai as substrings, and keep kana marks significant', () => {
    expect(matches('著作権', '政府、著作権法を改正へ')).toBe(true);
    expect(matches('生成AI', '文化庁は生成ＡＩと著作権の関係について')).toBe(true);
    expect(matches('ハッカー', 'ハッカー集団が犯行声明')).toBe(true);
    expect(matches('がく', 'かく')).toBe(false);
    expect(matches('ลิขสิทธิ์', 'กฎหมายลิขสิทธิ์ฉบับใหม่')).toBe(true);
    expect(matches('google', 'Googleが提訴された')).toBe(true);
  });

  it('look in every part given (title, summary, text)', () => {
    expect(matches('injunction', 'Court acts', 'The court granted an injunction.', 'Body')).toBe(true);
  });

  it('drop keywords with nothing to match', () => {
    expect(compileKeyword('  ')).toBeNull();
    expect(compileKeyword('!!!')).toBeNull();
  });
});
