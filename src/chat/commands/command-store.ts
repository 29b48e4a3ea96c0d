// What the command handlers need from storage, defined by them; the SQLite store implements it.
import type { Feed } from '../../domain/feed.js';
import type { ChannelRef, PlatformName, Subscription, SubscriptionRequest } from '../../domain/subscription.js';
import type { ReplyStory } from './command.js';

/** A workspace: feeds it added are visible (and alert) only there; catalogue feeds are everywhere. */
export interface WorkspaceRef {
  platform: PlatformName;
  workspaceId: string;
}

export interface StoryListing extends ReplyStory {
  storyId: number;
}

export interface SearchPage {
  /** Best match first, newer first among equals. */
  hits: Array<ReplyStory & { itemId: number }>;
  /** Whether another page follows. */
  more: boolean;
}

export interface StatusFigures {
  feeds: { ok: number; failing: number; disabled: number; new: number };
  lastPollAt: string | null;
  /** Deliveries due or being retried, for this workspace. */
  backlog: number;
  /** Subscriptions of this workspace paused by a permanent error. */
  paused: Subscription[];
  items: number;
}

export interface CommandStore {
  /** Latest stories (newest first), from catalogue feeds and this workspace's own, optionally of one topic. */
  recentStories(workspace: WorkspaceRef, options: { topic: string | null; limit: number }): StoryListing[];
  /** Full-text search over stored items visible to the workspace; `page` counts from 1. */
  searchStories(workspace: WorkspaceRef, query: string, options: { topic: string | null; since: Date | null; page: number; pageSize: number }): SearchPage;
  /** Creates or replaces the channel's subscription to `topic` (and resumes it if paused). */
  upsertSubscription(request: SubscriptionRequest, now: Date): { subscription: Subscription; created: boolean };
  /** Removes the channel's subscription to `topic`, or all of the channel's when null; returns how many. */
  removeSubscriptions(channel: ChannelRef, topic: string | null): number;
  /** The channel's subscriptions, or the whole workspace's when `channelId` is null. */
  listSubscriptions(workspace: WorkspaceRef, channelId: string | null): Subscription[];
  /** Catalogue feeds and the workspace's own. */
  listFeeds(workspace: WorkspaceRef): Feed[];
  /** Adds a feed owned by the workspace (scope `platform:workspaceId`); an existing URL is returned as is. */
  addWorkspaceFeed(workspace: WorkspaceRef, feed: { url: string; title: string | null }, now: Date): { feed: Feed; created: boolean };
  /** Removes a feed the workspace added; catalogue feeds and other workspaces' feeds are refused (false). */
  removeWorkspaceFeed(workspace: WorkspaceRef, feedId: number): boolean;
  statusFigures(workspace: WorkspaceRef): StatusFigures;
}
