// Loading topic rules: user topics with the shipped shape work, mistakes are named precisely.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/analyze/classify.js';
import { loadTopics, parseTopics } from '../../src/analyze/topic-rules.js';
import { HeraldError } from '../../src/errors.js';

const USER_TOPIC = `
topics:
  net-neutrality:
    threshold: 2
    terms:
      en: { net neutrality: 2, zero-rating: 1.5, throttl*: 0.5 }
      de: { netzneutralität: 2 }
    requires:
      - { name: throttling by ISPs, any: [throttling, throttled], with: [isp, carrier], weight: 1.5 }
    negatives:
      en: { engine throttle: 3 }
`;

describe('topic rules', () => {
  it('a user-defined topic with the same shape classifies items, with prefix terms and rules', () => {
    const topics = parseTopics(USER_TOPIC, 'topics.yaml');
    expect(classify({ title: 'Regulator defends net neutrality', text: '' }, topics).topics).toEqual(['net-neutrality']);
    const rule = classify({ title: 'Carrier throttled video', text: 'The ISP admitted throttling streams.' }, topics);
    expect(rule.topics).toEqual(['net-neutrality']);
    expect(rule.evidence['net-neutrality']?.map((e) => e.term)).toEqual(['throttling by ISPs (throttled + carrier)', 'throttl*']);
    expect(classify({ title: 'Netzneutralität bleibt', text: '' }, topics).topics).toEqual(['net-neutrality']);
    expect(classify({ title: 'Engine throttle recall', text: '' }, topics).topics).toEqual([]);
  });

  it('matches whole words only: "ace" is not found in "space"', () => {
    const topics = parseTopics('topics:\n  t:\n    threshold: 1\n    terms: { en: { ace: 1 } }\n', 'f.yaml');
    expect(classify({ title: 'Space race', text: '' }, topics).topics).toEqual([]);
    expect(classify({ title: 'ACE sues site', text: '' }, topics).topics).toEqual(['t']);
  });

  it('names file, key path, expected and found for each mistake', () => {
    const bad = 'topics:\n  Bad Name:\n    threshold: 1\n    terms: {}\n  ok:\n    threshold: "high"\n    terms: { en: { x: one } }\n    extra: 1\n';
    let error: unknown;
    try {
      parseTopics(bad, 'config/topics.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HeraldError);
    const message = (error as HeraldError).message;
    expect((error as HeraldError).code).toBe('config/invalid');
    expect(message).toContain('config/topics.yaml → topics.Bad Name');
    expect(message).toMatch(/config\/topics\.yaml → topics\.ok\.threshold: expected number.*found "high"/);
    expect(message).toMatch(/topics\.ok\.terms\.en\.x: expected number.*found "one"/);
    expect(message).toMatch(/topics\.ok\.extra: an unknown key/);
  });

  it('reports YAML syntax errors with the line, and a missing file as unreadable', () => {
    expect(() => parseTopics('topics: [\n', 'bad.yaml')).toThrow(/bad\.yaml:\d+:\d+/);
    const dir = mkdtempSync(path.join(tmpdir(), 'herald-topics-'));
    expect(() => loadTopics(path.join(dir, 'missing.yaml'))).toThrow(expect.objectContaining({ code: 'config/unreadable' }));
    writeFileSync(path.join(dir, 'topics.yaml'), USER_TOPIC);
    expect(loadTopics(path.join(dir, 'topics.yaml')).topics.map((t) => t.name)).toEqual(['net-neutrality']);
  });
});
