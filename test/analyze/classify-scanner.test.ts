// Phrase scanners that share a vocabulary: found phrases are the same as with a scanner of their own.
import { describe, expect, it } from 'vitest';
import { createPhraseScanner, createVocabulary, tokenize } from '../../src/analyze/classify-scanner.js';

const TEXT = 'The court ruling hit piracy sites. Pirates moved; the Court ruled again on piratage and court-ordered blocks.';

describe('phrase scanners on a shared vocabulary', () => {
  it('find the same phrases, in text order, as a scanner of their own', () => {
    const vocabulary = createVocabulary();
    const shared = createPhraseScanner(['court ruling', 'court', 'pirat*', 'piracy sites'], vocabulary);
    createPhraseScanner(['blocks', 'ruled again'], vocabulary);
    const alone = createPhraseScanner(['court ruling', 'court', 'pirat*', 'piracy sites']);
    const expected = ['court ruling', 'piracy sites', 'pirat*', 'court', 'pirat*', 'court'];
    expect(shared.scan(tokenize(TEXT, vocabulary))).toEqual(expected);
    expect(alone.scan(tokenize(TEXT))).toEqual(expected);
  });

  it('a phrase does not run across a sentence break', () => {
    const vocabulary = createVocabulary();
    const scanner = createPhraseScanner(['sites pirates'], vocabulary);
    expect(scanner.scan(tokenize(TEXT, vocabulary))).toEqual([]);
    expect(scanner.scan(tokenize('Sites pirates everywhere', vocabulary))).toEqual(['sites pirates']);
  });

  it('a scanner added after a text was tokenized still finds its phrases in it', () => {
    const vocabulary = createVocabulary();
    createPhraseScanner(['court'], vocabulary);
    const tokens = tokenize(TEXT, vocabulary);
    const later = createPhraseScanner(['blocks', 'ruled again', 'pirat*'], vocabulary);
    expect(later.scan(tokens)).toEqual(['pirat*', 'ruled again', 'pirat*', 'blocks']);
  });

  it('splits words the way Unicode classes letters and numbers, surrogate pairs included', () => {
    const tokens = tokenize('Ｘ café naïve 𝟏𝟐 ДДоС; 東京 x');
    // Full-width Ｘ is Latin script; 𝟏𝟐 are numbers outside the BMP; the ";" breaks phrases.
    expect(tokens.words).toEqual(['ｘ', 'café', 'naïve', '𝟏𝟐', 'ддос', 'x']);
    expect(tokens.breakBefore).toEqual([false, false, false, false, false, true]);
    expect(tokens.hasCjk).toBe(true);
  });
});
