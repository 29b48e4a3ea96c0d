// Story clustering: the seed reports of one event become one story; other events stay apart.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createStoryIndex } from '../../src/analyze/cluster.js';

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
