// Test builder for NormalisedItem: sensible unique defaults, override only what a test is about.
import { createHash } from 'node:crypto';
import type { NormalisedItem } from '../../src/domain/index.js';

let sequence = 0;

/**
 * Builds a NormalisedItem. Each call gets a new identity (`guid:item-N`) unless one is given.
 * Unless `contentHash` is overridden it is derived from title, text, url and html, so a test
 * that changes the text gets an "edited" item without thinking about hashes.
 */
export function buildItem(overrides: Partial<NormalisedItem> = {}): NormalisedItem {
  sequence += 1;
  const guid = overrides.guid !== undefined ? overrides.guid : `item-${sequence}`;
  const base: Omit<NormalisedItem, 'contentHash'> = {
    identity: guid === null ? `url:https://example.test/item-${sequence}` : `guid:${guid}`,
    aliases: [],
    guid,
    url: `https://example.test/item-${sequence}`,
    title: `Item ${sequence}`,
    text: `Body of item ${sequence}.`,
    html: null,
    publishedAt: new Date(Date.UTC(2025, 0, 1, 12, 0, 0) + sequence * 60_000).toISOString(),
    updatedAt: null,
    dateEstimated: false,
    language: 'en',
    categories: [],
    author: null,
    ...overrides,
  };
  const contentHash = overrides.contentHash ?? hashContent(base);
  return { ...base, contentHash };
}

function hashContent(item: Pick<NormalisedItem, 'title' | 'text' | 'url' | 'html'>): string {
  return createHash('sha256').update(JSON.stringify([item.title, item.text, item.url, item.html])).digest('hex');
}
