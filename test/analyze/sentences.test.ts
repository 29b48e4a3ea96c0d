// Sentence splitter cases: abbreviations, initials, decimals, quotes, ellipses, URLs and Japanese.
import { describe, expect, it } from 'vitest';
import { shortenAtClause, splitSentences } from '../../src/analyze/sentences.js';

describe('splitSentences', () => {
  it('splits plain sentences and keeps their punctuation', () => {
    expect(splitSentences('Anonymous struck again. Sites went down! Who is next?')).toEqual([
      'Anonymous struck again.',
      'Sites went down!',
      'Who is next?',
    ]);
  });

  it('does not split after titles, company suffixes, months, e.g. and No.', () => {
    const text =
      'Mr. Smith and Dr. Jones of Acme Inc. met on Jan. 5 to discuss No. 12, e.g. the appeal. ' +
      'The court agreed.';
    expect(splitSentences(text)).toEqual([
      'Mr. Smith and Dr. Jones of Acme Inc. met on Jan. 5 to discuss No. 12, e.g. the appeal.',
      'The court agreed.',
    ]);
  });

  it('keeps U.S. and initials inside the sentence', () => {
    expect(splitSentences('The U.S. Supreme Court heard J. K. Rowling and John F. Kennedy Jr. today. It ruled.')).toEqual([
      'The U.S. Supreme Court heard J. K. Rowling and John F. Kennedy Jr. today.',
      'It ruled.',
    ]);
  });

  it('keeps decimals, currency amounts, URLs and e-mail addresses whole', () => {
    const text =
      'Fines rose 3.5 percent to ¥2.5 million. See https://example.com/a.b?x=1 or mail press@example.org for details. Done.';
    expect(splitSentences(text)).toEqual([
      'Fines rose 3.5 percent to ¥2.5 million.',
      'See https://example.com/a.b?x=1 or mail press@example.org for details.',
      'Done.',
    ]);
  });

  it('keeps a closing quote with the sentence it ends', () => {
    expect(splitSentences('He said: "It is over." Then he left. “Never again,” she said.')).toEqual([
      'He said: "It is over."',
      'Then he left.',
      '“Never again,” she said.',
    ]);
  });

  it('treats an ellipsis before lower case as mid-sentence and before a capital as an end', () => {
    expect(splitSentences('It will spy on... every user. They waited… Nothing came.')).toEqual([
      'It will spy on... every user.',
      'They waited…',
      'Nothing came.',
    ]);
  });

  it('splits Japanese on 。！？ and keeps a 「」 quotation with the words that report it', () => {
    const text = '文化庁は指針を公表した。「学習は原則として許諾不要だ。」と説明した！本当か？「以上だ。」会見は終わった。';
    expect(splitSentences(text, 'ja')).toEqual([
      '文化庁は指針を公表した。',
      '「学習は原則として許諾不要だ。」と説明した！',
      '本当か？',
      '「以上だ。」',
      '会見は終わった。',
    ]);
  });

  it('splits Chinese full-width punctuation without spaces', () => {
    expect(splitSentences('法院作出判决。网站被关闭！', 'zh')).toEqual(['法院作出判决。', '网站被关闭！']);
  });

  it('ends sentences at blank lines and short heading lines, and rejoins hard-wrapped lines', () => {
    const text = 'Staged protests\n\nMembers of Anonymous staged protests in 16 cities in India against what they\nsaid was censorship.\n\nNo punctuation here';
    expect(splitSentences(text)).toEqual([
      'Staged protests',
      'Members of Anonymous staged protests in 16 cities in India against what they said was censorship.',
      'No punctuation here',
    ]);
  });

  it('a blank line of spaces, tabs or ideographic spaces ends a paragraph; other blank lines are skipped', () => {
    const unfinished = 'A long first line that goes on past sixty characters without any stop';
    expect(splitSentences(`${unfinished}\n \t\u3000\nand a second paragraph.`)).toEqual([unfinished, 'and a second paragraph.']);
    // A line of other white space (U+2000) is dropped, so the wrapped line continues.
    expect(splitSentences(`${unfinished}\n\u2000\nand the same sentence.`)).toEqual([`${unfinished} and the same sentence.`]);
    // Of two blank lines in a row only the first ends the paragraph (the second one is empty text).
    expect(splitSentences(`${unfinished}\n\n\nand a second paragraph.`)).toEqual([unfinished, 'and a second paragraph.']);
  });

  it('collapses tabs, no-break and doubled spaces inside a line', () => {
    expect(splitSentences('Tabs\tand  doubled\u00a0 spaces go. Thin\u2009\u2009ones too.')).toEqual(['Tabs and doubled spaces go.', 'Thin ones too.']);
  });

  it('returns nothing for empty or blank text', () => {
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences(' \n\n \t')).toEqual([]);
  });
});

describe('shortenAtClause', () => {
  it('returns text that fits unchanged', () => {
    expect(shortenAtClause('Short enough.', 20)).toBe('Short enough.');
  });

  it('cuts at the last clause boundary that fits and ends with "…"', () => {
    expect(shortenAtClause('The court ruled on Monday, citing the new law; the ISP will appeal the decision', 50)).toBe(
      'The court ruled on Monday, citing the new law…',
    );
    expect(shortenAtClause('文化庁は指針を公表し、学習は原則として許諾不要とした上で例外を示した。', 20)).toBe('文化庁は指針を公表し…');
  });

  it('falls back to a word boundary, never cutting a word', () => {
    const out = shortenAtClause('Anonymous supporters protested against the new copyright law in Tokyo', 40);
    expect(out).toBe('Anonymous supporters protested against…');
  });
});

