// Domain types shared by every module; this folder imports nothing.
export * from './feed.js';
export * from './item.js';
export * from './poll.js';
export * from './analysis.js';
export * from './article.js';
export type * from './subscription.js';
