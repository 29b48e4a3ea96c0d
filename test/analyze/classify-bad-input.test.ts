// Hostile or odd input still gets a well-formed result.
import { describe, expect, it } from 'vitest';
import { classify, type Classification } from '../../src/analyze/classify.js';
import { shippedTopics } from './classify-helpers.js';

const topics = shippedTopics();

function expectValid(result: Classification): void {
  expect(Object.keys(result.scores).sort()).toEqual(['copyright-law', 'hacktivism']);
  for (const score of Object.values(result.scores)) expect(Number.isFinite(score)).toBe(true);
  for (const list of Object.values(result.evidence)) for (const e of list) expect(['title', 'text']).toContain(e.where);
}

describe('bad input', () => {
  it('empty title and text: no topic, zero scores', () => {
    const result = classify({ title: '', text: '' }, topics);
    expectValid(result);
    expect(result).toEqual({ topics: [], scores: { 'copyright-law': 0, hacktivism: 0 }, evidence: { 'copyright-law': [], hacktivism: [] } });
  });

  it('markup only: no topic', () => {
    const result = classify({ title: '<div></div>', text: '<p><br/><img src="x.png"></p>&nbsp;' }, topics);
    expectValid(result);
    expect(result.topics).toEqual([]);
  });

  it('1 MB of text: only the lead is scanned, a topic stated there is found', () => {
    const text = `A court ruled on copyright and the DMCA. ${'lorem ipsum dolor sit amet '.repeat(40_000)}`;
    expect(text.length).toBeGreaterThan(1_000_000);
    const result = classify({ title: 'Ruling', text }, topics);
    expectValid(result);
    expect(result.topics).toEqual(['copyright-law']);
  });

  it('binary garbage: no topic', () => {
    const bytes = Array.from({ length: 5000 }, (_, i) => String.fromCharCode((i * 7919) % 65536));
    const result = classify({ title: '\u0000\uFFFF\uD800', text: bytes.join('') }, topics);
    expectValid(result);
    expect(result.topics).toEqual([]);
  });

  it('mixed scripts: a Japanese title with an English body finds both languages\' terms', () => {
    const result = classify({ title: '著作権法改正に抗議', text: 'Anonymous claimed a DDoS attack on the ministry in protest.' }, topics);
    expectValid(result);
    expect(result.topics.sort()).toEqual(['copyright-law', 'hacktivism']);
    expect(result.evidence['copyright-law']?.[0]).toMatchObject({ where: 'title' });
  });

  it('non-string fields from untrusted JSON do not crash', () => {
    const result = classify({ title: null as unknown as string, text: 42 as unknown as string }, topics);
    expectValid(result);
    expect(result.topics).toEqual([]);
  });
});
