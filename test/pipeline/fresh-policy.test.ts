import { describe, expect, it } from 'vitest';
import type { NormalisedItem } from '../../src/domain/index.js';
import { chooseFreshItems, type FreshPolicy } from '../../src/pipeline/fresh-policy.js';

const HOUR = 3_600_000;
const now = new Date('2026-03-02T10:00:00Z');
const policy: FreshPolicy = { firstPollWindowMs: 24 * HOUR, firstPollMaxItems: 5, maxAgeMs: 7 * 24 * HOUR };

function item(id: string, hoursAgo: number, dateEstimated = false): NormalisedItem {
  return {
    identity: id,
    aliases: [],
    guid: id,
    url: null,
    title: id,
    text: '',
    html: null,
    publishedAt: new Date(now.getTime() - hoursAgo * HOUR).toISOString(),
    updatedAt: null,
    dateEstimated,
    language: null,
    categories: [],
    author: null,
    contentHash: id,
  };
}

describe('chooseFreshItems', () => {
  it('on a first poll keeps only recent items, at most five, newest first', () => {
    const items = [1, 2, 3, 4, 5, 6, 7, 30, 100].map((h) => item(`i${h}`, h));
    const fresh = chooseFreshItems(items, { firstPoll: true, now }, policy);
    expect([...fresh].sort()).toEqual(['i1', 'i2', 'i3', 'i4', 'i5']);
  });

  it('on a first poll never treats undated items as news', () => {
    const fresh = chooseFreshItems([item('undated', 0, true), item('dated', 2)], { firstPoll: true, now }, policy);
    expect([...fresh]).toEqual(['dated']);
  });

  it('on later polls marks every genuinely new item fresh, but not re-listed old posts', () => {
    const items = [item('a', 1), item('b', 40), item('c', 0, true), item('old', 24 * 30)];
    const fresh = chooseFreshItems(items, { firstPoll: false, now }, policy);
    expect([...fresh].sort()).toEqual(['a', 'b', 'c']);
  });
});
