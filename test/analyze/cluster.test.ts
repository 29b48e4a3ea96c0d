// Story clustering: the seed reports of one event become one story; other events stay apart.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createStoryIndex } from '../../src/analyze/cluster.js';
import { evaluateStories, parseLabeledReports, withTopics } from '../../src/analyze/evaluate-stories.js';
import { loadTopics } from '../../src/analyze/topic-rules.js';

const SEEDS = '../shared/seeds';

describe.skipIf(!existsSync(SEEDS))('story clustering on the seed articles', () => {
  it('folds seeds 000 and 001 (the OpJapan DDoS) into one story and keeps 004 (ISP disconnections) apart', () => {
    const index = createStoryIndex();
    const stories = new Map<string, string>();
    for (const file of readdirSync(SEEDS).sort()) {
      const text = readFileSync(`${SEEDS}/${file}`, 'utf8');
      const lines = text.split('\n').filter((line) => line.trim().length > 20);
      stories.set(file.slice(0, 3), index.assign({ id: file.slice(0, 3), title: lines[0] ?? '', text, publishedAt: '2012-06-27T00:00:00Z' }).storyId);
    }
    expect(stories.get('001')).toBe(stories.get('000'));
    expect(stories.get('004')).not.toBe(stories.get('000'));
  });
});

describe('story index', () => {
  const report = { title: 'Anonymous knocks Supreme Court of Japan site offline over download law', text: 'The hacking collective Anonymous claimed DDoS attacks on the Supreme Court and the Finance Ministry.' };

  it('joins a second report of the same event within the window', () => {
    const index = createStoryIndex();
    index.assign({ id: 'a', ...report, publishedAt: '2012-06-26T10:00:00Z' });
    expect(index.assign({ id: 'b', ...report, publishedAt: '2012-06-27T10:00:00Z' })).toMatchObject({ storyId: 'a', matchedId: 'a' });
  });

  it('never joins items further apart than the window', () => {
    const index = createStoryIndex({ windowMs: 24 * 3_600_000 });
    index.assign({ id: 'a', ...report, publishedAt: '2012-06-20T10:00:00Z' });
    expect(index.assign({ id: 'b', ...report, publishedAt: '2012-06-27T10:00:00Z' })).toMatchObject({ storyId: 'b', matchedId: null });
  });

  it('keeps unrelated events apart and survives empty input', () => {
    const index = createStoryIndex();
    index.assign({ id: 'a', ...report, publishedAt: '2012-06-26T10:00:00Z' });
    const other = index.assign({ id: 'b', title: 'Pirates beat Cubs in extra innings', text: 'Pittsburgh rallied in the 11th.', publishedAt: '2012-06-26T12:00:00Z' });
    expect(other.storyId).toBe('b');
    expect(index.assign({ id: 'c', title: '', text: '', publishedAt: '2012-06-26T13:00:00Z' }).storyId).toBe('c');
  });
});

describe('story clustering on the labeled sets', () => {
  const load = (file: string) => {
    const parsed = parseLabeledReports(readFileSync(`test/fixtures/eval/${file}`, 'utf8'));
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    return parsed.items;
  };

  // The model was trained on this set (with three others), so this guards against regressions
  // only; test/analyze/story-model.test.ts measures it on the blind set.
  it('keeps pairwise precision ≥ 0.90 and recall ≥ 0.70 on stories.jsonl', () => {
    const report = evaluateStories(withTopics(load('stories.jsonl'), loadTopics('config/topics.yaml')));
    expect(report.precision).toBeGreaterThanOrEqual(0.9);
    expect(report.recall).toBeGreaterThanOrEqual(0.7);
  });

  it('joins a Japanese, an English and a German report of one event and keeps a same-actor event elsewhere apart', () => {
    const index = createStoryIndex();
    const at = (h: number) => new Date(Date.UTC(2026, 2, 10, h)).toISOString();
    const a = index.assign({ id: 'en', lang: 'en', title: 'Pro-Russian hackers knock Danish municipal websites offline on election day', text: 'NoName057(16) claimed DDoS attacks on sites in Aarhus and Odense as Denmark voted.', publishedAt: at(8) });
    const b = index.assign({ id: 'de', lang: 'de', title: 'Dänemark: Prorussische Hackergruppe legt Kommunal-Websites am Wahltag lahm', text: 'NoName057(16) bekannte sich zu den Überlastungsangriffen auf Websites dänischer Kommunen.', publishedAt: at(10) });
    const c = index.assign({ id: 'ja', lang: 'ja', title: 'デンマークの自治体サイトにDDoS攻撃　親ロシア派ハッカー集団が犯行声明', text: '投票日にNoName057(16)が犯行声明を出した。', publishedAt: at(12) });
    const d = index.assign({ id: 'se', lang: 'en', title: 'Pro-Russian hackers knock Swedish municipal websites offline', text: 'NoName057(16) claimed DDoS attacks on sites in Stockholm.', publishedAt: at(13) });
    expect([b.storyId, c.storyId]).toEqual([a.storyId, a.storyId]);
    expect(d.storyId).not.toBe(a.storyId);
  });

  it('forgets items that left the window, so a long-running index stays bounded', () => {
    const index = createStoryIndex({ windowMs: 3_600_000 });
    index.assign({ id: 'old', title: 'Court orders ISPs to block piracy site', text: 'A Paris court ordered the block.', publishedAt: '2026-01-01T00:00:00Z' });
    index.assign({ id: 'new', title: 'Unrelated', text: 'Later news.', publishedAt: '2026-01-02T00:00:00Z' });
    expect(index.compare('old', 'new')).toBeNull();
  });
});
